import type { DataQuery } from '@grafana/schema';
import { Observable, from, isObservable } from 'rxjs';
import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  LoadingState,
  type PanelData,
  dateTime,
  getDefaultTimeRange,
} from '@grafana/data';
import { APP_PLUGIN_ID } from '@perfscope/catalog';

/** A request for the last `seconds` up to now, as a panel of `maxDataPoints` points would send it. */
export function lastSeconds<Q extends DataQuery>(
  targets: Q[],
  seconds: number,
  now = Date.now(),
  maxDataPoints = 600
): DataQueryRequest<Q> {
  const from = dateTime(now - seconds * 1000);
  const to = dateTime(now);
  const intervalMs = Math.max(1000, Math.floor((seconds * 1000) / maxDataPoints));
  return {
    app: APP_PLUGIN_ID,
    requestId: `perfscope-${targets.map((t) => t.refId).join('-')}-${now}`,
    interval: `${intervalMs / 1000}s`,
    intervalMs,
    maxDataPoints,
    range: { from, to, raw: { from: `now-${seconds}s`, to: 'now' } },
    scopedVars: {},
    targets,
    timezone: 'browser',
    startTime: now,
  };
}

/**
 * Runs a request and folds each response into PanelData, as a dashboard panel would receive it:
 * streaming responses keep their frames per key, errors are kept with the data.
 */
export function runToPanelData<Q extends DataQuery>(
  datasource: Pick<DataSourceApi<Q>, 'query'>,
  request: DataQueryRequest<Q>
): Observable<PanelData> {
  const result = datasource.query(request);
  const responses: Observable<DataQueryResponse> = isObservable(result) ? result : from(result);
  const timeRange = request.range ?? getDefaultTimeRange();
  return new Observable<PanelData>((subscriber) => {
    const byKey = new Map<string, DataQueryResponse>();
    // Live queries answer one by one (keyed by refId): until each has, the data is still loading, so
    // a query that has not answered yet is not read as one without data.
    const waiting = new Set(request.targets.map((t) => t.refId));
    const sub = responses.subscribe({
      next: (response) => {
        byKey.set(response.key ?? 'A', response);
        if (response.key === undefined) {
          waiting.clear();
        } else {
          waiting.delete(response.key);
        }
        const all = [...byKey.values()];
        const answered = all.some((r) => r.state === LoadingState.Streaming)
          ? LoadingState.Streaming
          : LoadingState.Done;
        subscriber.next({
          state: waiting.size > 0 ? LoadingState.Loading : answered,
          series: all.flatMap((r) => r.data),
          errors: all.flatMap((r) => r.errors ?? []),
          timeRange,
          // As Grafana's PanelQueryRunner hands it over: panels read the queries' order from it.
          request,
        });
      },
      error: (e: unknown) =>
        subscriber.next({
          state: LoadingState.Error,
          series: [],
          errors: [{ message: e instanceof Error ? e.message : String(e) }],
          timeRange,
          request,
        }),
      complete: () => subscriber.complete(),
    });
    return () => sub.unsubscribe();
  });
}
