import { Observable } from 'rxjs';
import { CircularDataFrame, type DataQueryResponse, FieldType, LoadingState } from '@grafana/data';
import { seriesName } from './response';
import type { ScannedSeries } from './scan';

export interface StreamOptions {
  refId: string;
  /** How far back the panel shows, ms: the frame keeps this many steps and no more. */
  windowMs: number;
  /** Resolution of the points asked for, ms. */
  stepMs: number;
  /** Time between polls while healthy, ms. */
  pollMs: number;
  /** Longest wait between retries while the API is unreachable, ms. Default 60 s. */
  maxBackoffMs?: number;
  unit?: string;
  displayName?: string;
  /** Name of the value field (default `Value`); the Health query names it after the signal. */
  fieldName?: string;
  /** Display name of a series from its labels (the legend format), undefined for none; wins over displayName. */
  legend?: (labels: Record<string, string>) => string | undefined;
  /** A warning to show on every frame of the stream (e.g. why the app settings could not be read). */
  notice?: string;
  /** Key of the stream in Grafana's response merging (default the refId; several streams of one query need their own). */
  key?: string;
  /**
   * Fetches the series in [startMs, endMs] at stepMs (a query_range, read by response.ts readRange:
   * timestamps in ms, oldest first). Must honour the signal: the stream aborts the request in flight
   * when unsubscribed.
   */
  fetch: (startMs: number, endMs: number, stepMs: number, signal: AbortSignal) => Promise<ScannedSeries[]>;
  now?: () => number;
}

/**
 * Live query without a backend: polls the API for points newer than the last one it holds (never
 * the whole window again), appends them to bounded frames (CircularDataFrame, capacity = window /
 * step), drops points at or before the last one per series (no duplicates at the seam), backs off
 * exponentially while the API fails and shows why, and on recovery asks from the last point on, so
 * the series has no gap. An error marked `permanent` (see errors.ts) is shown once and ends the stream. Unsubscribing clears the timer and aborts the request in flight.
 */
export function streamQuery(options: StreamOptions): Observable<DataQueryResponse> {
  const now = options.now ?? (() => Date.now());
  const capacity = Math.max(2, Math.ceil(options.windowMs / options.stepMs) + 1);
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const valueName = options.fieldName ?? 'Value';

  return new Observable<DataQueryResponse>((subscriber) => {
    const frames = new Map<string, { frame: CircularDataFrame; last: number }>();
    let newest: number | undefined;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let closed = false;

    const frameFor = (series: ScannedSeries) => {
      const key = seriesName(series.labels);
      let entry = frames.get(key);
      if (!entry) {
        const frame = new CircularDataFrame({ append: 'tail', capacity });
        frame.refId = options.refId;
        frame.name = key;
        // The window the frame holds, so a panel can chart all of it and no more, and how often
        // new points come (a poll brings every point since the last one at once).
        frame.meta = {
          custom: { streamWindowMs: options.windowMs, streamPollMs: options.pollMs },
          ...(options.notice ? { notices: [{ severity: 'warning' as const, text: options.notice }] } : {}),
        };
        frame.addField({ name: 'Time', type: FieldType.time });
        frame.addField({
          name: valueName,
          type: FieldType.number,
          labels: series.labels,
          config: {
            unit: options.unit,
            displayNameFromDS: options.legend?.(series.labels) ?? options.displayName,
          },
        });
        entry = { frame, last: -Infinity };
        frames.set(key, entry);
      }
      return entry;
    };

    const emit = (error?: string, state = LoadingState.Streaming) => {
      const data = [...frames.values()].map((e) => e.frame);
      subscriber.next({
        key: options.key ?? options.refId,
        state,
        data,
        ...(error ? { errors: [{ message: error, refId: options.refId }] } : {}),
      });
    };

    const schedule = (ms: number) => {
      if (!closed) {
        timer = setTimeout(tick, ms);
      }
    };

    const tick = async () => {
      const end = now();
      // First poll: the whole window. Later: only after the newest point held (aligned to the step).
      const from = newest === undefined ? end - options.windowMs : newest + options.stepMs;
      const start = Math.ceil(from / options.stepMs) * options.stepMs;
      if (start > end) {
        schedule(options.pollMs);
        return;
      }
      controller = new AbortController();
      try {
        const result = await options.fetch(start, end, options.stepMs, controller.signal);
        if (closed) {
          return;
        }
        for (const series of result) {
          const entry = frameFor(series);
          const { times, values } = series;
          for (let i = 0; i < times.length; i++) {
            const t = times[i];
            if (t > entry.last) {
              entry.frame.add({ Time: t, [valueName]: values[i] });
              entry.last = t;
              newest = newest === undefined ? t : Math.max(newest, t);
            }
          }
        }
        failures = 0;
        emit();
        schedule(options.pollMs);
      } catch (e) {
        if (closed) {
          return;
        }
        const message = e instanceof Error ? e.message : String(e);
        if ((e as { permanent?: boolean }).permanent) {
          // The same request would fail the same way (a query Prometheus rejects, refused
          // credentials): say so once and stop; refreshing the panel starts the stream again.
          emit(`${message} The stream stopped: refresh the panel once this is fixed.`, LoadingState.Error);
          closed = true;
          subscriber.complete();
          return;
        }
        failures++;
        const wait = Math.min(maxBackoff, options.pollMs * 2 ** failures);
        emit(`${message} Retrying in ${Math.round(wait / 1000)} s; the stream resumes where it stopped.`);
        schedule(wait);
      }
    };

    tick();
    return () => {
      closed = true;
      if (timer) {
        clearTimeout(timer);
      }
      controller?.abort();
    };
  });
}
