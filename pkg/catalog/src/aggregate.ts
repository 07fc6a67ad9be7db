import type { PromQLContext } from './types';

/**
 * An aggregation over a metric's series: `sum` for the whole service, `sum by (route) ` in a
 * breakdown (ctx.by, as the metric labels it), with the grouping labels an expression needs itself
 * (`le`) first.
 */
export const agg = (ctx: PromQLContext, metric: string, op: 'sum' | 'min' | 'max', ...own: string[]) => {
  const labels = [...own, ...ctx.by.map((label) => ctx.label(metric, label))];
  return labels.length > 0 ? `${op} by (${labels.join(', ')}) ` : op;
};
