import { apdexTarget } from './apdex';
import { getMetric } from './metrics';
import { mapLabel, resolveOptions } from './options';
import { getSignal } from './signals';
import type { CatalogOptions, LabelMatcher, PromQLContext, SignalDef } from './types';

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

/** A PromQL context for validated options. */
export function createContext(options: CatalogOptions): PromQLContext {
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
