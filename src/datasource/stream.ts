import { Observable } from 'rxjs';
import {
  type DataFrame,
  type DataQueryResponse,
  type Field,
  FieldType,
  LoadingState,
  type QueryResultMetaNotice,
} from '@grafana/data';
import { type Exemplar, exemplarKey, sampleExemplars } from './exemplars';
import { seriesName } from './response';
import type { ScannedSeries } from './scan';
import { exemplarFailureNotice } from './traceLinks';

/** What a live query needs to keep the exemplars of its window. */
export interface StreamExemplars {
  /** The exemplars in [startMs, endMs]; must honour the signal like `fetch`. */
  fetch: (startMs: number, endMs: number, signal: AbortSignal) => Promise<Exemplar[]>;
  /** The frame for the exemplars held (none when there are none) and the notices for the series. */
  present: (held: readonly Exemplar[]) => { frame?: DataFrame; notices: QueryResultMetaNotice[] };
  /** Most exemplars held; beyond it they are sampled down (see sampleExemplars). */
  maxPoints: number;
}

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
  /**
   * Exemplars too: polled with the series, from a little before the last poll (an exemplar may be
   * stored after its own timestamp), kept for the window and no more than `maxPoints`, emitted as
   * one exemplar frame. A failure to read them is a notice on the series, never a stopped stream.
   */
  exemplars?: StreamExemplars;
  now?: () => number;
}

/** How far before the last poll's end exemplars are asked for again: the ones stored late are not missed. */
const EXEMPLAR_OVERLAP_MS = 30_000;

/**
 * Live query without a backend: polls the API for points newer than the last one it holds (never
 * the whole window again), appends them to bounded frames (at most window / step + 1 points a
 * series, see SeriesWindow), drops points at or before the last one per series (no duplicates at the seam), backs off
 * exponentially while the API fails and shows why, and on recovery asks from the last point on, so
 * the series has no gap. An error marked `permanent` (see errors.ts) is shown once and ends the stream. Unsubscribing clears the timer and aborts the request in flight.
 */
export function streamQuery(options: StreamOptions): Observable<DataQueryResponse> {
  const now = options.now ?? (() => Date.now());
  const capacity = Math.max(2, Math.ceil(options.windowMs / options.stepMs) + 1);
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const valueName = options.fieldName ?? 'Value';

  return new Observable<DataQueryResponse>((subscriber) => {
    const frames = new Map<string, SeriesWindow>();
    let newest: number | undefined;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let closed = false;
    /** Exemplars of the window, oldest first; where the next exemplar poll starts; why they failed. */
    let held: Exemplar[] = [];
    let exemplarsUntil: number | undefined;
    let exemplarProblem: QueryResultMetaNotice | undefined;

    const windowFor = (series: ScannedSeries) => {
      const key = seriesName(series.labels);
      let entry = frames.get(key);
      if (!entry) {
        entry = new SeriesWindow(capacity, {
          refId: options.refId,
          name: key,
          // The window the frame holds, so a panel can chart all of it and no more, and how often
          // new points come (a poll brings every point since the last one at once).
          meta: { custom: { streamWindowMs: options.windowMs, streamPollMs: options.pollMs } },
          value: {
            name: valueName,
            type: FieldType.number,
            labels: series.labels,
            config: {
              unit: options.unit,
              displayNameFromDS: options.legend?.(series.labels) ?? options.displayName,
            },
          },
        });
        frames.set(key, entry);
      }
      return entry;
    };

    const baseNotices: QueryResultMetaNotice[] = options.notice ? [{ severity: 'warning', text: options.notice }] : [];
    const emit = (error?: string, state = LoadingState.Streaming) => {
      const shown = options.exemplars?.present(held);
      const notices = [...baseNotices, ...(shown?.notices ?? []), ...(exemplarProblem ? [exemplarProblem] : [])];
      const data: DataFrame[] = [...frames.values()].map((e) =>
        e.withNotices(notices.length > 0 ? notices : undefined)
      );
      if (shown?.frame) {
        data.push(shown.frame);
      }
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
        const [result] = await Promise.all([
          options.fetch(start, end, options.stepMs, controller.signal),
          pollExemplars(end, controller.signal),
        ]);
        if (closed) {
          return;
        }
        for (const series of result) {
          const last = windowFor(series).append(series.times, series.values);
          if (last !== undefined) {
            newest = newest === undefined ? last : Math.max(newest, last);
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

    /** Adds the exemplars since the last poll to those held; a failure becomes a notice and is retried next poll. */
    const pollExemplars = async (end: number, signal: AbortSignal): Promise<void> => {
      const source = options.exemplars;
      if (!source) {
        return;
      }
      const windowStart = end - options.windowMs;
      const from =
        exemplarsUntil === undefined ? windowStart : Math.max(windowStart, exemplarsUntil - EXEMPLAR_OVERLAP_MS);
      try {
        const fresh = await source.fetch(from, end, signal);
        const seen = new Set(held.map(exemplarKey));
        const merged = held.filter((ex) => ex.timeMs >= windowStart);
        for (const ex of fresh) {
          if (ex.timeMs >= windowStart && !seen.has(exemplarKey(ex))) {
            seen.add(exemplarKey(ex));
            merged.push(ex);
          }
        }
        merged.sort((a, b) => a.timeMs - b.timeMs);
        held =
          merged.length > source.maxPoints
            ? sampleExemplars(merged, {
                stepMs: options.stepMs,
                rangeMs: options.windowMs,
                maxPoints: source.maxPoints,
              })
            : merged;
        exemplarsUntil = end;
        exemplarProblem = undefined;
      } catch (e) {
        if (!closed) {
          exemplarProblem = exemplarFailureNotice(e);
        }
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

/** What a series' frame carries besides its points. */
interface SeriesFrameInfo {
  refId: string;
  name: string;
  meta: DataFrame['meta'];
  value: Omit<Field, 'values'>;
}

/**
 * One series' points over the window, as plain arrays: a poll appends its new points and drops the
 * oldest beyond `capacity`, then hands over a new frame (new arrays), so a panel that remembers the
 * last frame sees the change and reads the points at array speed. This follows Grafana's own live
 * frames (packages/grafana-data/src/dataframe/StreamingDataFrame.ts, StreamingDataFrame: plain
 * arrays that are appended to and sliced at the front, "unlike a circular buffer"); a
 * CircularDataFrame answers every read through a Proxy, which a page of 1,000 services' sparklines
 * pays for on each of its points. Memory stays bounded: at most `capacity` points a series.
 */
export class SeriesWindow {
  private times: number[] = [];
  private values: number[] = [];
  private frame?: DataFrame;
  private notices?: QueryResultMetaNotice[];
  /** The newest time held, ms. */
  last = -Infinity;

  constructor(
    private readonly capacity: number,
    private readonly info: SeriesFrameInfo
  ) {}

  /** Adds the points newer than the newest held (no duplicates at the seam); the newest time added, if any. */
  append(times: readonly number[], values: readonly number[]): number | undefined {
    let from = 0;
    while (from < times.length && times[from] <= this.last) {
      from++;
    }
    const fresh = times.length - from;
    if (fresh <= 0) {
      return undefined;
    }
    // New arrays each time points arrive: the frame handed out before stays as it was.
    const keep = Math.max(0, Math.min(this.times.length, this.capacity - fresh));
    const skip = Math.max(0, fresh - this.capacity);
    const nextTimes = this.times.slice(this.times.length - keep);
    const nextValues = this.values.slice(this.values.length - keep);
    for (let i = from + skip; i < times.length; i++) {
      nextTimes.push(times[i]);
      nextValues.push(values[i]);
    }
    this.times = nextTimes;
    this.values = nextValues;
    this.last = nextTimes[nextTimes.length - 1];
    this.frame = undefined;
    return this.last;
  }

  /** The frame of the points held, with these notices; the same object until points or notices change. */
  withNotices(notices: QueryResultMetaNotice[] | undefined): DataFrame {
    if (this.frame && sameNotices(this.notices, notices)) {
      return this.frame;
    }
    this.notices = notices;
    const { refId, name, meta, value } = this.info;
    this.frame = {
      refId,
      name,
      meta: { ...meta, notices },
      length: this.times.length,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: this.times },
        { ...value, values: this.values },
      ],
    };
    return this.frame;
  }
}

function sameNotices(a: QueryResultMetaNotice[] | undefined, b: QueryResultMetaNotice[] | undefined): boolean {
  if (a === b) {
    return true;
  }
  if (!a || !b || a.length !== b.length) {
    return false;
  }
  return a.every((n, i) => n.severity === b[i].severity && n.text === b[i].text && n.link === b[i].link);
}
