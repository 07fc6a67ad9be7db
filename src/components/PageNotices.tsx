import React, { useMemo } from 'react';
import type { DataQueryError, FieldSparkline } from '@grafana/data';
import { Alert, useTheme2 } from '@grafana/ui';
import type { Status } from '@perfscope/catalog';
import { trendPath } from './trendLine';

/** What a page shows without a Perfscope datasource: what it needs, and where to add one. */
export function NoDatasource({ purpose }: { purpose: string }) {
  return (
    <Alert severity="info" title="No Perfscope datasource yet">
      Add a Perfscope datasource that points at your Prometheus-compatible API to see {purpose} here.{' '}
      <a href="/connections/datasources/new">Add a datasource</a>
    </Alert>
  );
}

/** A page's failed queries, each with the datasource's message (what went wrong and what to do). */
export function QueryErrors({ errors }: { errors: readonly DataQueryError[] }) {
  return (
    <>
      {errors.map((e, i) => (
        <Alert key={i} severity="error" title="A query failed">
          {e.message}
        </Alert>
      ))}
    </>
  );
}

/**
 * A small line of a series, coloured by a status (critical red, warning orange, else muted), as an
 * SVG path. Not @grafana/ui's Sparkline: each of those builds a uPlot chart whose config looks up
 * the browser's time zone anew (moment-timezone's guess over every zone), which made a page of
 * sparklines one main-thread task of over half a second in the Services benchmark.
 */
export function StatusSparkline(props: { sparkline: FieldSparkline; status: Status; width: number; height: number }) {
  const { sparkline, status, width, height } = props;
  const theme = useTheme2();
  const color =
    status === 'critical'
      ? theme.colors.error.main
      : status === 'warning'
        ? theme.colors.warning.main
        : theme.colors.text.secondary;
  const d = useMemo(
    () =>
      trendPath(
        sparkline.x?.values as ArrayLike<number> | undefined,
        sparkline.y.values as ArrayLike<number | null>,
        width,
        height
      ),
    [sparkline, width, height]
  );
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden data-testid="perfscope-trend">
      <path d={d} fill="none" stroke={color} strokeWidth={1} />
    </svg>
  );
}
