/**
 * Query running as a Grafana dashboard does it: a DataQueryRequest with the interval Grafana
 * computes for the range and width, the datasource's query() (a Promise or a live Observable), and
 * each response merged into PanelData by its `key` (a newer packet with the same key replaces the
 * older one, as Grafana's runRequest does), annotation frames (exemplars) apart from the series,
 * errors turned into PanelData errors.
 */
import { type Observable, catchError, defer, from, map, of, startWith } from 'rxjs';
import {
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  DataTopic,
  LoadingState,
  type PanelData,
  type TimeRange,
  dateTime,
  getProcessedDataFrames,
  rangeUtil,
  toDataFrame,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';
import type { FrameJSON, QuerySpec, ResponseJSON, TimeRangeSpec } from './api';

let requestCount = 0;

export function timeRangeOf(spec: TimeRangeSpec): TimeRange {
  if (spec.fromMs !== undefined && spec.toMs !== undefined) {
    const from = dateTime(spec.fromMs);
    const to = dateTime(spec.toMs);
    return { from, to, raw: { from, to } };
  }
  const seconds = spec.lastSeconds ?? 300;
  const to = dateTime();
  return { from: dateTime(to.valueOf() - seconds * 1000), to, raw: { from: `now-${seconds}s`, to: 'now' } };
}

export function buildRequest(
  ds: DataSourceApi,
  spec: QuerySpec,
  range: TimeRange,
  extra: { panelId?: number; timezone?: string } = {}
): DataQueryRequest<DataQuery> {
  const maxDataPoints = spec.maxDataPoints ?? 600;
  const computed = rangeUtil.calculateInterval(range, maxDataPoints, ds.interval ?? undefined);
  const intervalMs = spec.intervalMs ?? computed.intervalMs;
  const interval = spec.intervalMs ? rangeUtil.secondsToHms(spec.intervalMs / 1000) : computed.interval;
  requestCount += 1;
  return {
    app: CoreApp.Dashboard,
    requestId: `Q${requestCount}`,
    dashboardUID: 'perfscope-host',
    panelId: extra.panelId,
    timezone: extra.timezone ?? 'browser',
    range,
    rangeRaw: range.raw,
    interval,
    intervalMs,
    maxDataPoints,
    startTime: Date.now(),
    scopedVars: {
      __interval: { text: interval, value: interval },
      __interval_ms: { text: String(intervalMs), value: intervalMs },
      ...spec.scopedVars,
    },
    targets: spec.targets.map((t) => ({ ...t, datasource: { type: ds.type, uid: ds.uid } })) as DataQuery[],
  };
}

/** PanelData for every response of the datasource, starting with Loading. */
export function runQuery(ds: DataSourceApi, request: DataQueryRequest<DataQuery>): Observable<PanelData> {
  const packets = new Map<string, DataQueryResponse>();
  return defer(() => from(ds.query(request))).pipe(
    map((packet): PanelData => {
      packets.set(packet.key ?? 'A', packet);
      const all = Array.from(packets.values());
      const errors = all.flatMap((p) => p.errors ?? (p.error ? [p.error] : []));
      // Frames of the annotations data topic (exemplars) go to `annotations`, the rest to `series`, as
      // Grafana's runRequest does (public/app/features/query/state/runRequest.ts, processResponsePacket).
      const frames = getProcessedDataFrames(all.flatMap((p) => p.data));
      const annotations = frames.filter((frame) => frame.meta?.dataTopic === DataTopic.Annotations);
      return {
        state: errors.length > 0 ? LoadingState.Error : (packet.state ?? LoadingState.Done),
        series: annotations.length > 0 ? frames.filter((frame) => !annotations.includes(frame)) : frames,
        ...(annotations.length > 0 ? { annotations } : {}),
        errors: errors.length > 0 ? errors : undefined,
        timeRange: request.range,
        request,
      };
    }),
    catchError((error: unknown) =>
      of<PanelData>({
        state: LoadingState.Error,
        series: [],
        errors: [toDataQueryError(error)],
        timeRange: request.range,
        request,
      })
    ),
    startWith<PanelData>({ state: LoadingState.Loading, series: [], timeRange: request.range, request })
  );
}

export function frameToJSON(frame: DataFrame): FrameJSON {
  return {
    name: frame.name,
    refId: frame.refId,
    meta: frame.meta ? JSON.parse(JSON.stringify(frame.meta)) : undefined,
    fields: frame.fields.map((field) => ({
      name: field.name,
      type: field.type,
      values: Array.from(field.values),
      config: { ...field.config },
      labels: field.labels ? { ...field.labels } : undefined,
    })),
  };
}

export function framesFromJSON(frames: FrameJSON[]): DataFrame[] {
  return frames.map((frame) => toDataFrame(frame));
}

export function responseToJSON(response: DataQueryResponse): ResponseJSON {
  const errors = response.errors ?? (response.error ? [response.error] : []);
  return {
    key: response.key,
    state: response.state,
    errors: errors.map((e) => ({ message: e.message, status: e.status, refId: e.refId })),
    frames: (response.data as DataFrame[]).map((frame) => frameToJSON(toDataFrame(frame))),
  };
}
