import React, { useMemo } from 'react';
import { type DataQueryError, FieldColorModeId, type FieldSparkline } from '@grafana/data';
import { Alert, Sparkline, useTheme2 } from '@grafana/ui';
import type { Status } from '@perfscope/catalog';

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

/** A small line of a series, coloured by a status (critical red, warning orange, else muted). */
export function StatusSparkline(props: { sparkline: FieldSparkline; status: Status; width: number; height: number }) {
  const { sparkline, status, width, height } = props;
  const theme = useTheme2();
  const color =
    status === 'critical'
      ? theme.colors.error.main
      : status === 'warning'
        ? theme.colors.warning.main
        : theme.colors.text.secondary;
  const config = useMemo(
    () => ({ color: { mode: FieldColorModeId.Fixed, fixedColor: color }, custom: { lineWidth: 1, fillOpacity: 0 } }),
    [color]
  );
  return <Sparkline theme={theme} sparkline={sparkline} config={config} width={width} height={height} />;
}
