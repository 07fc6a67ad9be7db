import { groupBy } from './aggregate';
import { apdexTarget, leMatcher } from './apdex';
import { getMetric } from './metrics';
import { formatNumber } from './number';
import { resolveOptions } from './options';
import { getSignal } from './signals';
import { type ResolvedMetric, resolveMetric, sourceBound } from './sources';
import { renderTemplate } from './template';
import type { CanonicalLabel, CatalogOptions, LabelMatcher, PromQLContext, SignalDef } from './types';

/** Escapes a label value for a double-quoted PromQL string. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** One matcher as PromQL: `a="b"`. */
const renderMatcher = (m: LabelMatcher) => `${m.label}${m.op}"${escapeLabelValue(m.value)}"`;

/** Matchers as the inside of braces: `a="b",c=~"d"` (a template's `$filters`). */
export function renderMatchers(matchers: readonly LabelMatcher[]): string {
  return matchers.map(renderMatcher).join(',');
}

/** Renders matchers as `{a="b",c=~"d"}`; empty string for none. */
export function renderSelector(matchers: readonly LabelMatcher[]): string {
  return matchers.length === 0 ? '' : `{${renderMatchers(matchers)}}`;
}

/** T and 4T as boundaries of the request-duration buckets (validated options have a T they can answer). */
function apdexBounds(t: number, buckets: readonly number[]): { t: number; fourT: number } {
  const check = apdexTarget(t, buckets);
  if (!check.ok) {
    throw new Error(check.message);
  }
  return { t: check.target.t, fourT: check.target.fourT };
}

/** A PromQL context for validated options; with `by`, for a breakdown by those labels. */
export function createContext(options: CatalogOptions, by: readonly CanonicalLabel[] = []): PromQLContext {
  const resolved = new Map<string, ResolvedMetric>();
  const metricOf = (name: string) => {
    let metric = resolved.get(name);
    if (!metric) {
      metric = resolveMetric(name, options, options.sources);
      resolved.set(name, metric);
    }
    return metric;
  };
  // `$filters` of a template without a signal: the matchers, and the filters in the settings' label names.
  const filters = renderMatchers([
    ...options.matchers,
    ...options.filters.map((f) => ({ ...f, label: options.labelMap[f.label] ?? f.label })),
  ]);
  return {
    aggregate: (metricName, op, inner, query = {}, own = []) => {
      const metric = metricOf(metricName);
      const { names, matchers } = query.outcome ? metric.outcome(query.outcome) : metric;
      if (names.length > 1 && op !== 'sum') {
        throw new Error(
          `The ${op} of ${metricName} cannot be taken over the series ${names.join(', ')}: only their sum.`
        );
      }
      const suffix = query.part ? `_${query.part}` : '';
      const filtered = options.filters
        .filter((f) => metric.labels.includes(f.label))
        .map((f) => ({ ...f, label: metric.label(f.label) }));
      const inside = [
        ...[...options.matchers, ...filtered, ...metric.matchers, ...(query.outcome ? matchers : [])].map(
          renderMatcher
        ),
        ...(query.le === undefined ? [] : [leMatcher(sourceBound(metric, query.le))]),
      ];
      const selector = (name: string) => `${name}${suffix}${inside.length > 0 ? `{${inside.join(',')}}` : ''}`;
      const op_ = groupBy(op, [...own, ...by.map((label) => metric.label(label)), ...options.groupBy]);
      const terms = names.map((name) => `${op_}(${inner(selector(name))})`);
      return terms.length > 1 ? `(${terms.join(' + ')})` : terms[0];
    },
    label: (name, label) => metricOf(name).label(label),
    scaled: (name, expr) => {
      const { scale } = metricOf(name);
      return scale === 1 ? expr : `(${expr}) * ${formatNumber(scale)}`;
    },
    filters,
    window: options.window,
    slo: options.slo,
    apdex: apdexBounds(options.apdexT, metricOf('http_request_duration_seconds').buckets),
    by,
    grouped: by.length > 0 || options.groupBy.length > 0,
    keep: options.groupBy,
  };
}

/** A signal's expression under the options: the admin's own (overrides) in place of the catalog's. */
function expression(def: SignalDef, options: CatalogOptions, by: readonly CanonicalLabel[] = []): string {
  const template = options.overrides[def.id];
  const ctx = createContext(options, by);
  return template === undefined
    ? def.promql(ctx)
    : renderTemplate(template, { ...ctx, filters: templateFilters(def, options) });
}

/**
 * A template's `$filters` for a signal: the matchers, and each catalog-label filter in the label
 * name of the signal's metrics, those the settings source first (the ones its own PromQL reads,
 * such as OpenTelemetry's db_operation_name); a filter on a label none of them has is left out.
 */
function templateFilters(def: SignalDef, options: CatalogOptions): string {
  const metrics = def.metrics
    .map((name) => resolveMetric(name, options, options.sources))
    .sort(
      (a, b) => Number(options.sources[b.def.name] !== undefined) - Number(options.sources[a.def.name] !== undefined)
    );
  return renderMatchers([
    ...options.matchers,
    ...options.filters.flatMap((f) => {
      if (metrics.length === 0) {
        return [{ ...f, label: options.labelMap[f.label] ?? f.label }];
      }
      const metric = metrics.find((m) => m.labels.includes(f.label));
      return metric ? [{ ...f, label: metric.label(f.label) }] : [];
    }),
  ]);
}

/**
 * PromQL for a signal (by id or definition) under the given options.
 * Options are validated: an invalid option throws an Error naming the field and the fix.
 */
export function buildPromQL(signal: string | SignalDef, options?: Partial<CatalogOptions>): string {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  return expression(def, resolveOptions(options));
}

/**
 * A series selector matching every series a signal reads (`{__name__=~"a|b_bucket|b_sum|b_count"}`),
 * for asking the API which labels and values those series have. Undefined for a signal that reads
 * no catalog metric (the health score reads a recording rule).
 */
export function seriesSelector(signal: string | SignalDef, options?: Partial<CatalogOptions>): string | undefined {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  const resolved = resolveOptions(options);
  const names = def.metrics.flatMap((name) => {
    const metric = resolveMetric(name, resolved, resolved.sources);
    return metric.series.flatMap((full) =>
      metric.def.type === 'histogram' ? [`${full}_bucket`, `${full}_sum`, `${full}_count`] : [full]
    );
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
  return expression(def, resolveOptions(options), by);
}

/**
 * Events per second of a counter, or observations per second of a histogram (its `_count`), by
 * labels (`sum by (result) (rate(…[window]))`), of one of its outcomes or all: the breakdowns no
 * signal is (connection attempts by result). With `zeroWith` (the base metric of the events, e.g.
 * the queries for query errors), a counter labelled only on its first event reads 0 until then
 * wherever the base has series: where the base does not exist either, the rate is No data, never a
 * healthy 0.
 */
export function ratePromQL(
  metric: string,
  by: readonly CanonicalLabel[],
  options?: Partial<CatalogOptions>,
  outcome?: string,
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
  const part = (name: string) => (getMetric(name).type === 'histogram' ? 'count' : undefined);
  const rate = (selector: string) => `rate(${selector}[${ctx.window}])`;
  const expr = ctx.aggregate(metric, 'sum', rate, { part: part(metric), outcome });
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
  return `${expr} or ${base.aggregate(zeroWith, 'sum', rate, { part: part(zeroWith) })} * 0`;
}

/** A histogram's bucket counts over the window, for a heatmap (`sum by (le) (increase(…_bucket[window]))`). */
export function bucketIncreasePromQL(metric: string, options?: Partial<CatalogOptions>): string {
  const def = getMetric(metric);
  if (def.type !== 'histogram') {
    throw new Error(`A heatmap needs a histogram; "${metric}" is a ${def.type}.`);
  }
  const ctx = createContext(resolveOptions(options));
  return ctx.aggregate(metric, 'sum', (selector) => `increase(${selector}[${ctx.window}])`, { part: 'bucket' }, ['le']);
}
