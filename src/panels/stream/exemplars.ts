import { type DataFrame, type Field, FieldType, type LinkModel } from '@grafana/data';

/**
 * Exemplars in the stream panel: each tile marks the slowest exemplar of its chart's window. The
 * exemplar frames come as Grafana hands them to panels (PanelQueryRunner puts frames of the
 * annotations data topic in `data.annotations`; Grafana's time series panel draws the ones named
 * `exemplar`), or among the series where a source does not set the topic.
 */

/** Grafana's exemplar frame: named `exemplar`, or marked by its Prometheus backend's `resultType`. */
export function isExemplarFrame(frame: DataFrame): boolean {
  return frame.name === 'exemplar' || frame.meta?.custom?.resultType === 'exemplar';
}

/**
 * The frames for tiles and the exemplar frames for markers: `series` itself when it holds no
 * exemplar frame (tiles are not rebuilt for nothing).
 */
export function splitExemplarFrames(
  series: DataFrame[],
  annotations: readonly DataFrame[] | undefined
): { series: DataFrame[]; exemplars: DataFrame[] } {
  const fromAnnotations = annotations?.filter(isExemplarFrame) ?? [];
  if (!series.some(isExemplarFrame)) {
    return { series, exemplars: fromAnnotations };
  }
  return {
    series: series.filter((frame) => !isExemplarFrame(frame)),
    exemplars: [...series.filter(isExemplarFrame), ...fromAnnotations],
  };
}

/** Names trace ids go by where no field carries a link and the frame does not say. */
const TRACE_ID_NAMES = ['trace_id', 'traceId', 'traceID', 'trace-id'];

/**
 * The field of the trace ids: the text field with links (Grafana's Prometheus datasource and this
 * one link the trace id), else the one the frame names (`custom.traceIdLabel`), else a usual name.
 */
export function traceIdField(frame: DataFrame): Field | undefined {
  const strings = frame.fields.filter((f) => f.type === FieldType.string);
  const named: unknown = frame.meta?.custom?.traceIdLabel;
  return (
    strings.find((f) => f.config.links?.length) ??
    (typeof named === 'string' ? strings.find((f) => f.name === named) : undefined) ??
    strings.find((f) => TRACE_ID_NAMES.includes(f.name))
  );
}

/** The series a tile shows, as exemplars are matched to it. */
export interface TileSeries {
  refId?: string;
  labels?: Readonly<Record<string, string>>;
}

interface Source {
  frame: DataFrame;
  trace?: Field;
}

/** The exemplar a tile marks, with what its marker shows. */
export interface MarkedExemplar {
  time: number;
  value: number;
  traceId: string;
  /** The trace's link (Grafana's internal link to the tracing datasource, resolved), if there is one. */
  link?: LinkModel;
}

/**
 * The exemplars of one tile, in fixed-size typed arrays: memory stays the same however long the
 * panel runs. Each data update loads them again from the frames (which hold the query's current
 * exemplars, a live query's whole window of them); only the newest `capacity` are kept. The marked
 * exemplar's trace id and link are read from its frame when asked for, not for every exemplar.
 */
export class TileExemplars {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private readonly rows: Int32Array;
  private readonly sourceIndex: Uint16Array;
  private sources: Source[] = [];
  private count = 0;
  /** The frames the exemplars were loaded from (loading the same ones again changes nothing). */
  private loadedFrom: readonly DataFrame[] = [];
  /** The exemplar last asked for by `marked`, and its answer. */
  private markedKey = -1;
  private markedSource?: Source;
  private marked?: MarkedExemplar;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`An exemplar buffer needs room for at least 1 exemplar, got ${capacity}.`);
    }
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
    this.sourceIndex = new Uint16Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  time(i: number): number {
    return this.times[i];
  }

  value(i: number): number {
    return this.values[i];
  }

  /**
   * Loads the exemplars of `frames` that belong to `tile`: frames of its query (refId), rows whose
   * labels agree with the tile's series wherever the frame has the label. Returns whether anything
   * changed.
   */
  load(frames: readonly DataFrame[], tile: TileSeries): boolean {
    const mine = frames.filter((frame) => frame.refId === tile.refId);
    if (mine.length === this.loadedFrom.length && mine.every((frame, i) => frame === this.loadedFrom[i])) {
      return false;
    }
    const hadAny = this.count > 0;
    this.loadedFrom = mine;
    this.sources = [];
    this.count = 0;
    this.markedKey = -1;
    this.marked = undefined;
    this.markedSource = undefined;
    for (const frame of mine) {
      const time = frame.fields.find((f) => f.type === FieldType.time);
      const value = frame.fields.find((f) => f.type === FieldType.number);
      if (!time || !value) {
        continue;
      }
      const checks = Object.entries(tile.labels ?? {}).flatMap(([name, expected]) => {
        const field = name === '__name__' ? undefined : frame.fields.find((f) => f.name === name);
        return field ? [{ values: field.values, expected }] : [];
      });
      const index = this.sources.push({ frame, trace: traceIdField(frame) }) - 1;
      const n = Math.min(time.values.length, value.values.length);
      for (let row = 0; row < n; row++) {
        const t = Number(time.values[row]);
        const v = Number(value.values[row]);
        if (!Number.isFinite(t) || !Number.isFinite(v) || checks.some((c) => c.values[row] !== c.expected)) {
          continue;
        }
        this.add(t, v, row, index);
      }
    }
    return hadAny || this.count > 0;
  }

  /** Keeps the newest `capacity` exemplars, oldest first (insertion keeps the arrays sorted by time). */
  private add(time: number, value: number, row: number, source: number): void {
    let at = this.count;
    if (at === this.capacity) {
      if (time <= this.times[0]) {
        return;
      }
      // Full: drop the oldest.
      this.times.copyWithin(0, 1);
      this.values.copyWithin(0, 1);
      this.rows.copyWithin(0, 1);
      this.sourceIndex.copyWithin(0, 1);
      at--;
    } else {
      this.count++;
    }
    while (at > 0 && this.times[at - 1] > time) {
      this.times[at] = this.times[at - 1];
      this.values[at] = this.values[at - 1];
      this.rows[at] = this.rows[at - 1];
      this.sourceIndex[at] = this.sourceIndex[at - 1];
      at--;
    }
    this.times[at] = time;
    this.values[at] = value;
    this.rows[at] = row;
    this.sourceIndex[at] = source;
  }

  /** Index of the highest value with its time in [from, to] (the earliest of equal ones), -1 when none. */
  slowestIn(from: number, to: number): number {
    let best = -1;
    for (let i = 0; i < this.count; i++) {
      const t = this.times[i];
      if (t >= from && t <= to && (best < 0 || this.values[i] > this.values[best])) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Exemplar `i` as its marker shows it: time, value, trace id and link (Grafana's `getLinks`, which
   * panels get from applyFieldOverrides). The same object while `i` is the same exemplar.
   */
  markedAt(i: number): MarkedExemplar {
    const source = this.sources[this.sourceIndex[i]];
    const row = this.rows[i];
    if (i === this.markedKey && source === this.markedSource && this.marked) {
      return this.marked;
    }
    const trace = source?.trace;
    const raw = trace?.values[row];
    const links = trace?.getLinks?.({ valueRowIndex: row }) ?? [];
    this.markedKey = i;
    this.markedSource = source;
    this.marked = {
      time: this.times[i],
      value: this.values[i],
      traceId: typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw),
      link: links.find((l) => l.href) ?? links[0],
    };
    return this.marked;
  }
}
