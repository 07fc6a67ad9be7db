import type { MetricValueWithName } from 'prom-client';

/** What prom-client's registry reads from a metric at scrape time. */
export interface RenderedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Array<Omit<MetricValueWithName<string>, 'metricName'> & { metricName?: string }>;
}

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Per-bucket (non-cumulative) counts; the last slot is above the highest bound. */
  buckets: Float64Array;
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

  record(method: string, route: string, status: number, seconds: number): void {
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

/** Histogram view: cumulative buckets, sum and count per series. */
export class RequestHistogram extends RequestView {
  readonly type = 'histogram';

  get upperBounds(): number[] {
    return [...this.store.bounds];
  }

  async get(): Promise<RenderedMetric> {
    const values: RenderedMetric['values'] = [];
    const bounds = this.store.bounds;
    for (const s of this.store.all()) {
      let cumulative = 0;
      for (let i = 0; i < bounds.length; i++) {
        cumulative += s.buckets[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: bounds[i] }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
}
