/** `sum` with no grouping labels, `sum by (le, route) ` with them: the aggregation operator a term starts with. */
export const groupBy = (op: 'sum' | 'min' | 'max', labels: readonly string[]) =>
  labels.length > 0 ? `${op} by (${labels.join(', ')}) ` : op;
