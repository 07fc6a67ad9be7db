import type { MetricValueWithName } from 'prom-client';
import { SPAN_ID_LABEL, TRACE_ID_LABEL } from './trace';

/** An exemplar as prom-client's histograms hold them (the OpenMetrics renderer reads this shape). */
export interface RenderedExemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp: number;
}

/** What prom-client's registry reads from a metric at scrape time. */
export interface RenderedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<Omit<MetricValueWithName<string>, 'metricName'> & { metricName?: string; exemplar?: RenderedExemplar }>;
}

/** The latest traced observation of one bucket. */
interface Exemplar {
  traceId: string;
  spanId: string | undefined;
  value: number;
  /** Unix seconds, as OpenMetrics writes exemplar timestamps. */
  timestamp: number;
}

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Per-bucket (non-cumulative) counts; the last slot is above the highest bound. */
  buckets: Float64Array;
  /** Per bucket, its latest traced observation; undefined until a traced request comes. */
  exemplars: Array<Exemplar | undefined> | undefined;
}

/**
 * HTTP request series kept in plain arrays, keyed by one string per label set. Recording is a map
 * lookup and a few additions; prom-client re-hashes label objects on every observation, which is
 * the largest cost of request instrumentation. The counter and histogram views below render these
 * series at scrape time in prom-client's format, so the registry exposes them like any metric.
 */
export class RequestSeries {
  /** method → route → status → series: lookups without building a key string per request. */
  private readonly tree = new Map<string, Map<string, Map<number, Series>>>();
  private readonly list: Series[] = [];

  constructor(
    readonly bounds: readonly number[],
    private readonly labelsOf: (method: string, route: string, status: number) => Record<string, string>
  ) {}

  /** Records one request; with a (valid) trace id it becomes its bucket's exemplar. */
  record(method: string, route: string, status: number, seconds: number, traceId?: string, spanId?: string): void {
    let byRoute = this.tree.get(method);
    if (!byRoute) {
      byRoute = new Map();
      this.tree.set(method, byRoute);
    }
    let byStatus = byRoute.get(route);
    if (!byStatus) {
      byStatus = new Map();
      byRoute.set(route, byStatus);
    }
    let s = byStatus.get(status);
    if (!s) {
      s = {
        labels: this.labelsOf(method, route, status),
        count: 0,
        sum: 0,
        buckets: new Float64Array(this.bounds.length + 1),
        exemplars: undefined,
      };
      byStatus.set(status, s);
      this.list.push(s);
    }
    s.count++;
    s.sum += seconds;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]) {
      i++;
    }
    s.buckets[i]++;
    if (traceId !== undefined) {
      const exemplars = (s.exemplars ??= new Array<Exemplar | undefined>(bounds.length + 1));
      const timestamp = Date.now() / 1000;
      const e = exemplars[i];
      if (e === undefined) {
        exemplars[i] = { traceId, spanId, value: seconds, timestamp };
      } else {
        e.traceId = traceId;
        e.spanId = spanId;
        e.value = seconds;
        e.timestamp = timestamp;
      }
    }
  }

  reset(): void {
    this.tree.clear();
    this.list.length = 0;
  }

  all(): readonly Series[] {
    return this.list;
  }
}

/** What both views share: the store they read, their identity for the registry, and reset. */
abstract class RequestView {
  readonly aggregator = 'sum';
  abstract readonly type: RenderedMetric['type'];

  constructor(
    protected readonly store: RequestSeries,
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[]
  ) {}

  abstract get(): Promise<RenderedMetric>;

  reset(): void {
    this.store.reset();
  }
}

/** Counter view: one sample per series, its request count. */
export class RequestCounter extends RequestView {
  readonly type = 'counter';

  async get(): Promise<RenderedMetric> {
    const values: RenderedMetric['values'] = [];
    for (const s of this.store.all()) {
      values.push({ labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
}

/** A bucket's exemplar as the renderers read it, or undefined. */
function rendered(e: Exemplar | undefined): RenderedExemplar | undefined {
  if (e === undefined) {
    return undefined;
  }
  const labelSet: Record<string, string> = { [TRACE_ID_LABEL]: e.traceId };
  if (e.spanId !== undefined) {
    labelSet[SPAN_ID_LABEL] = e.spanId;
  }
  return { labelSet, value: e.value, timestamp: e.timestamp };
}

/**
 * Histogram view: cumulative buckets, sum and count per series. A bucket's exemplar rides on its
 * sample: the Prometheus text format leaves it out, the OpenMetrics renderer writes it.
 */
export class RequestHistogram extends RequestView {
  readonly type = 'histogram';

  get upperBounds(): number[] {
    return [...this.store.bounds];
  }

  async get(): Promise<RenderedMetric> {
    const values: RenderedMetric['values'] = [];
    const bounds = this.store.bounds;
    const bucket = `${this.name}_bucket`;
    for (const s of this.store.all()) {
      let cumulative = 0;
      const exemplars = s.exemplars;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += s.buckets[i];
        const value = { metricName: bucket, labels: { ...s.labels, le: bounds[i] }, value: cumulative };
        values.push(exemplars?.[i] ? { ...value, exemplar: rendered(exemplars[i]) } : value);
      }
      const inf = { metricName: bucket, labels: { ...s.labels, le: '+Inf' }, value: s.count };
      values.push(exemplars?.[bounds.length] ? { ...inf, exemplar: rendered(exemplars[bounds.length]) } : inf);
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
}
