import { type DataFrame, type DataLink, DataTopic, type Field, FieldType } from '@grafana/data';
import type { SignalDef } from '@perfscope/catalog';
import { isSampleText, parseSampleValue } from './scan';
import type { Query } from './types';

/**
 * Exemplars: Prometheus's `/api/v1/query_exemplars` answer read, sampled to a bounded number of
 * points and made into the frame Grafana's panels draw as exemplar markers, in the shape Grafana's
 * own Prometheus datasource gives them (pkg/promlib/converter/prom.go reads them, pkg/promlib/
 * querydata/exemplar/framer.go makes the frame, packages/grafana-prometheus/src/
 * result_transformer.ts adds the trace links and the data topic).
 */

/** One exemplar: when, what it measured, and the labels of its series and its own (its own win). */
export interface Exemplar {
  timeMs: number;
  value: number;
  labels: Readonly<Record<string, string>>;
  /** Names of the exemplar's own labels (trace_id, span_id…), not its series'. */
  ownLabels?: readonly string[];
}

/** The name Grafana's panels look for (public/app/plugins/panel/timeseries/TimeSeriesPanel.tsx). */
export const EXEMPLAR_FRAME_NAME = 'exemplar';

/** Most exemplars a one-off query returns: past a few hundred markers a chart shows nothing more. */
export const MAX_EXEMPLARS = 500;

/** Most exemplars a live query holds over its window. */
export const MAX_STREAM_EXEMPLARS = 200;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function malformed(what: string): Error {
  return new Error(
    `Prometheus answered the exemplar query with a result this datasource cannot read: ${what}. Check that the URL points at a Prometheus-compatible API.`
  );
}

function labelsOf(x: unknown, where: string): Record<string, string> {
  if (x === undefined || x === null) {
    return {};
  }
  if (!isRecord(x) || Object.values(x).some((v) => typeof v !== 'string')) {
    throw malformed(`the labels of ${where} are not a map of texts`);
  }
  return x as Record<string, string>;
}

/**
 * The exemplars of a query_exemplars body (already parsed JSON):
 * `{status: "success", data: [{seriesLabels, exemplars: [{labels, value: "0.42", timestamp: 1700000000.5}]}]}`.
 * Exemplars whose value is not finite are left out (they cannot be placed on a chart). Throws with
 * Prometheus's own message for an error body, and a clear one for a body of another shape.
 */
export function readExemplars(body: unknown): Exemplar[] {
  if (!isRecord(body) || typeof body.status !== 'string') {
    throw new Error(
      'The server answered the exemplar query, but not with a Prometheus API response: check the URL points at the Prometheus API root.'
    );
  }
  if (body.status !== 'success') {
    const type = typeof body.errorType === 'string' ? body.errorType : 'error';
    const message = typeof body.error === 'string' ? body.error : 'no message given';
    throw new Error(`Prometheus rejected the exemplar query (${type}): ${message}`);
  }
  const data = body.data ?? [];
  if (!Array.isArray(data)) {
    throw malformed('"data" is not a list of series');
  }
  const out: Exemplar[] = [];
  data.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) {
      throw malformed(`series ${i + 1} is not an object`);
    }
    const series = labelsOf(entry.seriesLabels, `series ${i + 1}`);
    const list = entry.exemplars ?? [];
    if (!Array.isArray(list)) {
      throw malformed(`series ${i + 1} has "exemplars" that is not a list`);
    }
    list.forEach((ex: unknown, j) => {
      const where = `exemplar ${j + 1} of series ${i + 1}`;
      if (!isRecord(ex)) {
        throw malformed(`${where} is not an object`);
      }
      if (typeof ex.timestamp !== 'number' || !Number.isFinite(ex.timestamp)) {
        throw malformed(`${where} has no timestamp`);
      }
      if (typeof ex.value !== 'string' || !isSampleText(ex.value)) {
        throw malformed(`${where} has the value ${JSON.stringify(ex.value)}, not a number`);
      }
      const value = parseSampleValue(ex.value);
      if (Number.isFinite(value)) {
        const own = labelsOf(ex.labels, where);
        out.push({
          timeMs: Math.round(ex.timestamp * 1000),
          value,
          labels: { ...series, ...own },
          ownLabels: Object.keys(own),
        });
      }
    });
  });
  return out;
}

export interface SampleOptions {
  /** The query's step, ms: at least one exemplar per step where there are any. */
  stepMs: number;
  /** The span asked for, ms: with maxPoints it widens the buckets so that there are at most that many. */
  rangeMs: number;
  /** Most exemplars returned. */
  maxPoints: number;
}

/**
 * Fewer exemplars, the telling ones kept, as Grafana's Prometheus datasource samples them
 * (pkg/promlib/querydata/exemplar/sampler_stddev.go): per time bucket the highest value, and below
 * it only values at least two standard deviations (of all the values) lower than the last one
 * kept. Buckets are the step, widened so that there are at most `maxPoints` of them; when that
 * still leaves more than `maxPoints`, the highest values are kept. The slowest exemplar is always
 * among those returned. Oldest first.
 */
export function sampleExemplars(exemplars: readonly Exemplar[], options: SampleOptions): Exemplar[] {
  if (exemplars.length === 0) {
    return [];
  }
  const maxPoints = Math.max(1, Math.floor(options.maxPoints));
  const bucketMs = Math.max(1, options.stepMs, Math.ceil(options.rangeMs / maxPoints));
  // Welford's online mean and variance, as Grafana's sampler computes them.
  let count = 0;
  let mean = 0;
  let m2 = 0;
  const buckets = new Map<number, Exemplar[]>();
  for (const ex of exemplars) {
    count++;
    const delta = ex.value - mean;
    mean += delta / count;
    m2 += delta * (ex.value - mean);
    const key = Math.floor(ex.timeMs / bucketMs);
    const bucket = buckets.get(key);
    if (bucket) {
      bucket.push(ex);
    } else {
      buckets.set(key, [ex]);
    }
  }
  const sd = count < 2 ? 0 : Math.sqrt(m2 / (count - 1));
  let sampled: Exemplar[] = [];
  for (const bucket of buckets.values()) {
    bucket.sort((a, b) => b.value - a.value);
    let last = bucket[0];
    sampled.push(last);
    for (let i = 1; i < bucket.length; i++) {
      if (sd > 0 && last.value - bucket[i].value > 2 * sd) {
        last = bucket[i];
        sampled.push(last);
      }
    }
  }
  if (sampled.length > maxPoints) {
    sampled = sampled.sort((a, b) => b.value - a.value).slice(0, maxPoints);
  }
  return sampled.sort((a, b) => a.timeMs - b.timeMs);
}

export interface ExemplarFrameOptions {
  refId: string;
  /** Grafana unit of the values (the signal's). */
  unit?: string;
  /** The label holding the trace id: its field gets the links. */
  traceIdLabel: string;
  /** Links of the trace id field (to the tracing datasource); none: no links. */
  links?: DataLink[];
}

/**
 * The exemplar frame Grafana's panels draw: named `exemplar`, in the annotations data topic (so
 * PanelQueryRunner hands it to panels as `data.annotations`), with `custom.resultType` "exemplar"
 * as Grafana's Prometheus backend marks it; fields Time, Value, then one text field per label
 * (sorted, empty where an exemplar lacks it), the trace id's with the links. `custom.traceIdLabel`
 * names the trace id field for panels that read it.
 */
export function exemplarFrame(exemplars: readonly Exemplar[], options: ExemplarFrameOptions): DataFrame {
  const names = new Set<string>();
  for (const ex of exemplars) {
    for (const name of Object.keys(ex.labels)) {
      names.add(name);
    }
  }
  const labelFields: Field[] = [...names].sort().map((name) => ({
    name,
    type: FieldType.string,
    config: name === options.traceIdLabel && options.links?.length ? { links: options.links } : {},
    values: exemplars.map((ex) => ex.labels[name] ?? ''),
  }));
  return {
    name: EXEMPLAR_FRAME_NAME,
    refId: options.refId,
    length: exemplars.length,
    meta: {
      dataTopic: DataTopic.Annotations,
      custom: { resultType: 'exemplar', traceIdLabel: options.traceIdLabel },
    },
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: exemplars.map((ex) => ex.timeMs) },
      {
        name: 'Value',
        type: FieldType.number,
        config: { unit: options.unit },
        values: exemplars.map((ex) => ex.value),
      },
      ...labelFields,
    ],
  };
}

/** Grafana unit ids of durations: the units of latency signals. */
const TIME_UNITS = new Set(['ns', 'µs', 'us', 'ms', 's']);

/** `histogram_quantile(…)`, or the catalog's scaled form `(histogram_quantile(…)) * 0.001`. */
const QUANTILE = /^\s*(?:\(\s*)?histogram_quantile\s*\(/;
const SCALED = /^\s*\(\s*histogram_quantile\s*\([\s\S]*\)\s*\)\s*\*\s*([0-9.eE+-]+)\s*$/;

/** A latency signal: a histogram quantile (its PromQL as built) in a unit of time. */
export function isLatencySignal(signal: Pick<SignalDef, 'unit'> | undefined, expr: string): boolean {
  return signal !== undefined && TIME_UNITS.has(signal.unit) && QUANTILE.test(expr);
}

/**
 * The factor a catalog expression multiplies its quantile by (a histogram in ms read in s: 0.001),
 * which the exemplars, measured in the histogram's own unit, need too; 1 for any other expression.
 */
export function exemplarScale(expr: string): number {
  const match = SCALED.exec(expr);
  const scale = match ? Number(match[1]) : 1;
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * Whether a query asks for exemplars: as it says, else for latency signals (see isLatencySignal).
 * Never for an instant query (exemplars belong on a chart over time) or a component of a Health
 * query (the health score panel has no use for them).
 */
export function wantsExemplars(
  query: Pick<Query, 'mode' | 'instant' | 'exemplars'>,
  signal: Pick<SignalDef, 'unit'> | undefined,
  expr: string,
  healthComponent?: string
): boolean {
  if (query.instant || healthComponent || query.mode === 'health') {
    return false;
  }
  if (typeof query.exemplars === 'boolean') {
    return query.exemplars;
  }
  return query.mode !== 'promql' && isLatencySignal(signal, expr);
}

/** The exemplars with their values multiplied by `scale` (the same list when it is 1). */
export function scaled(exemplars: Exemplar[], scale: number): Exemplar[] {
  return scale === 1 ? exemplars : exemplars.map((ex) => ({ ...ex, value: ex.value * scale }));
}

/** What tells two exemplars apart: time, value and labels (a series keeps one exemplar per timestamp). */
export function exemplarKey(ex: Exemplar): string {
  let key = `${ex.timeMs}\u0000${ex.value}`;
  for (const name of Object.keys(ex.labels).sort()) {
    key += `\u0000${name}=${ex.labels[name]}`;
  }
  return key;
}
