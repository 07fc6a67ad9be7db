import type { DataQuery } from '@grafana/schema';
import { startTransition, useEffect, useState } from 'react';
import { LoadingState, type PanelData, getDefaultTimeRange } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { lastSeconds, runToPanelData } from './liveData';

const LOADING: PanelData = { state: LoadingState.Loading, series: [], timeRange: getDefaultTimeRange() };

/**
 * Runs queries through a datasource for the last `seconds` (at most `maxDataPoints` points a series)
 * and keeps the panel data (live queries keep updating).
 *
 * Each answer is rendered as a transition: React renders it in slices of a few milliseconds and
 * lets the browser in between, so a page of a large fleet that re-renders as each of its queries
 * answers never holds the main thread for long, and typing in a search box stays immediate.
 */
export function useLiveData<Q extends DataQuery>(
  datasourceUid: string | undefined,
  targets: Q[],
  seconds: number,
  maxDataPoints?: number
) {
  const [data, setData] = useState<PanelData>(LOADING);
  const key = JSON.stringify(targets);
  useEffect(() => {
    if (!datasourceUid) {
      return;
    }
    let stop: (() => void) | undefined;
    let live = true;
    getDataSourceSrv()
      .get({ uid: datasourceUid })
      .then((ds) => {
        if (!live) {
          return;
        }
        const request = lastSeconds(JSON.parse(key) as Q[], seconds, Date.now(), maxDataPoints);
        const sub = runToPanelData(ds, request).subscribe((next) => startTransition(() => setData(next)));
        stop = () => sub.unsubscribe();
      })
      .catch((e: unknown) =>
        setData({
          ...LOADING,
          state: LoadingState.Error,
          errors: [{ message: `Datasource ${datasourceUid} is not available: ${e instanceof Error ? e.message : e}` }],
        })
      );
    return () => {
      live = false;
      stop?.();
    };
  }, [datasourceUid, key, seconds, maxDataPoints]);
  return data;
}
