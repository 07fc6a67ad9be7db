import { agg } from './aggregate';
import { apdexTarget } from './apdex';
import { getMetric } from './metrics';
import { mapLabel, resolveOptions } from './options';
import { getSignal } from './signals';
import type { CanonicalLabel, CatalogOptions, LabelMatcher, PromQLContext, SignalDef } from './types';

/** Escapes a label value for a double-quoted PromQL string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders matchers as `{a="b",c=~"d"}`; empty string for none. */
export function renderSelector(matchers: readonly LabelMatcher[]): string {
  if (matchers.length === 0) {
    return '';
  }
  return `{${matchers.map((m) => `${m.label}${m.op}"${escapeLabelValue(m.value)}"`).join(',')}}`;
}

/** T and 4T as bucket boundaries (validated options have a T the histogram can answer). */
function apdexBounds(t: number): { t: number; fourT: number } {
  const check = apdexTarget(t);
  if (!check.ok) {
    throw new Error(check.message);
  }
  return { t: check.target.t, fourT: check.target.fourT };
}

/** A PromQL context for validated options; with `by`, for a breakdown by those labels. */
export function createContext(options: CatalogOptions, by: readonly CanonicalLabel[] = []): PromQLContext {
  return {
    metric: (name) => {
      const def = getMetric(name);
      return def.external ? def.name : `${options.prefix}${def.name}`;
    },
    label: (name) => mapLabel(options, name),
    selector: (extra = []) =>
      renderSelector([
        ...options.matchers,
        ...extra.map(([label, op, value]) => ({ label: mapLabel(options, label), op, value })),
      ]),
    window: options.window,
    slo: options.slo,
    apdex: apdexBounds(options.apdexT),
    by: by.map((label) => mapLabel(options, label)),
  };
}

/**
 * PromQL for a signal (by id or definition) under the given options.
 * Options are validated: an invalid option throws an Error naming the field and the fix.
 */
export function buildPromQL(signal: string | SignalDef, options?: Partial<CatalogOptions>): string {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  return def.promql(createContext(resolveOptions(options)));
}

/**
 * A series selector matching every series a signal reads (`{__name__=~"a|b_bucket|b_sum|b_count"}`),
 * for asking the API which labels and values those series have. Undefined for a signal that reads
 * no catalog metric (the health score reads a recording rule).
 */
export function seriesSelector(signal: string | SignalDef, options?: Partial<CatalogOptions>): string | undefined {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  const ctx = createContext(resolveOptions(options));
  const names = def.metrics.flatMap((name) => {
    const full = ctx.metric(name);
    return getMetric(name).type === 'histogram' ? [`${full}_bucket`, `${full}_sum`, `${full}_count`] : [full];
  });
  return names.length > 0 ? `{__name__=~"${names.join('|')}"}` : undefined;
}

/** The labels a signal can be broken down by: those every metric it reads has. */
export function breakdownLabels(signal: string | SignalDef): CanonicalLabel[] {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  if (def.metrics.length === 0) {
    return [];
  }
  const [first, ...rest] = def.metrics.map((m) => getMetric(m).labels as readonly CanonicalLabel[]);
  return first.filter((label) => rest.every((labels) => labels.includes(label)));
}

/**
 * A signal by some of its labels: the same expression with every aggregation grouped by them
 * (`sum by (route) (…)`), one series per route. Throws when a label is not on every metric the
 * signal reads (the groups would not line up), naming those it can be broken down by.
 */
export function breakdownPromQL(
  signal: string | SignalDef,
  by: readonly CanonicalLabel[],
  options?: Partial<CatalogOptions>
): string {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  const allowed = breakdownLabels(def);
  const missing = by.filter((label) => !allowed.includes(label));
  if (by.length === 0 || missing.length > 0) {
    throw new Error(
      `${def.title} cannot be broken down by ${missing.length > 0 ? missing.join(', ') : 'nothing'}: ${
        allowed.length > 0 ? `it can be broken down by ${allowed.join(', ')}` : 'it has no labels to break it down by'
      }.`
    );
  }
  return def.promql(createContext(resolveOptions(options), by));
}

/**
 * Events per second of a counter, or observations per second of a histogram (its `_count`), by
 * labels (`sum by (result) (rate(…[window]))`) with extra matchers: the breakdowns no signal is
 * (connection attempts by result). With `zeroWith` (the base metric of the events, e.g. the
 * queries for query errors), a counter labelled only on its first event reads 0 until then wherever
 * the base has series: where the base does not exist either, the rate is No data, never a healthy 0.
 */
export function ratePromQL(
  metric: string,
  by: readonly CanonicalLabel[],
  options?: Partial<CatalogOptions>,
  extra: ReadonlyArray<readonly [CanonicalLabel, LabelMatcher['op'], string]> = [],
  zeroWith?: string
): string {
  const def = getMetric(metric);
  if (def.type === 'gauge') {
    throw new Error(`A rate needs a counter or a histogram; "${metric}" is a gauge.`);
  }
  const missing = by.filter((label) => !def.labels.includes(label));
  if (missing.length > 0) {
    throw new Error(`${metric} has no label ${missing.join(', ')}: its labels are ${def.labels.join(', ')}.`);
  }
  const resolved = resolveOptions(options);
  const ctx = createContext(resolved, by);
  const seriesOf = (name: string) =>
    getMetric(name).type === 'histogram' ? `${ctx.metric(name)}_count` : ctx.metric(name);
  const expr = `${agg(ctx, 'sum')}(rate(${seriesOf(metric)}${ctx.selector(extra)}[${ctx.window}]))`;
  if (zeroWith === undefined) {
    return expr;
  }
  if (getMetric(zeroWith).type === 'gauge') {
    throw new Error(`The base of a rate must be a counter or a histogram; "${zeroWith}" is a gauge.`);
  }
  // The base's own grouping labels only: a breakdown label it lacks gives one 0 for all.
  const base = createContext(
    resolved,
    by.filter((label) => getMetric(zeroWith).labels.includes(label))
  );
  return `${expr} or ${agg(base, 'sum')}(rate(${seriesOf(zeroWith)}${ctx.selector()}[${ctx.window}])) * 0`;
}

/** A histogram's bucket counts over the window, for a heatmap (`sum by (le) (increase(…_bucket[window]))`). */
export function bucketIncreasePromQL(metric: string, options?: Partial<CatalogOptions>): string {
  const def = getMetric(metric);
  if (def.type !== 'histogram') {
    throw new Error(`A heatmap needs a histogram; "${metric}" is a ${def.type}.`);
  }
  const ctx = createContext(resolveOptions(options));
  return `sum by (le) (increase(${ctx.metric(metric)}_bucket${ctx.selector()}[${ctx.window}]))`;
}
