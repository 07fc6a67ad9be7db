import type { PromQLContext } from './types';

/**
 * An aggregation over the signal's series: `sum` for the whole service, `sum by (route) ` in a
 * breakdown (ctx.by), with the grouping labels an expression needs itself (`le`) first.
 */
export const agg = (ctx: PromQLContext, op: 'sum' | 'min' | 'max', ...own: string[]) => {
  const labels = [...own, ...ctx.by];
  return labels.length > 0 ? `${op} by (${labels.join(', ')}) ` : op;
};
