/**
 * Variable queries, in the forms Grafana's Prometheus datasource users know:
 *   label_names()                     every label name
 *   label_values(label)               every value of a label
 *   label_values(selector, label)     values of a label on the series a selector matches
 *   metrics(regex)                    metric names matching a regex
 *   query_result(expr)                one entry per sample of an instant query
 */
export type VariableQuery =
  | { kind: 'label_names' }
  | { kind: 'label_values'; label: string; match?: string }
  | { kind: 'metrics'; regex: string }
  | { kind: 'query_result'; expr: string };

export const VARIABLE_FORMS = [
  'label_names()',
  'label_values(label)',
  'label_values(metric, label)',
  'metrics(regex)',
  'query_result(expr)',
];

const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Parses a variable query; throws an Error naming the supported forms for anything else. */
export function parseVariableQuery(text: string): VariableQuery {
  const q = text.trim();
  const call = /^(\w+)\(([\s\S]*)\)$/.exec(q);
  const unsupported = () =>
    new Error(`"${q}" is not a variable query this datasource understands. Use one of: ${VARIABLE_FORMS.join(', ')}.`);
  if (!call) {
    throw unsupported();
  }
  const [, fn, args] = call;
  const inner = args.trim();
  switch (fn) {
    case 'label_names':
      if (inner) {
        throw new Error('label_names() takes no arguments.');
      }
      return { kind: 'label_names' };
    case 'label_values': {
      // The label is after the last top-level comma; the selector before it may contain commas.
      const depth = (s: string) =>
        [...s].reduce((d, c) => d + (c === '{' || c === '(' ? 1 : c === '}' || c === ')' ? -1 : 0), 0);
      let split = -1;
      for (let i = inner.length - 1; i >= 0; i--) {
        if (inner[i] === ',' && depth(inner.slice(0, i)) === 0) {
          split = i;
          break;
        }
      }
      const label = (split === -1 ? inner : inner.slice(split + 1)).trim();
      const match = split === -1 ? undefined : inner.slice(0, split).trim();
      if (!LABEL.test(label)) {
        throw new Error(`label_values needs a label name as its last argument, got "${label}".`);
      }
      if (match === '') {
        throw new Error('label_values(metric, label) needs a metric or selector before the comma.');
      }
      return { kind: 'label_values', label, match };
    }
    case 'metrics':
      try {
        new RegExp(inner);
      } catch {
        throw new Error(`metrics() needs a valid regular expression, got "${inner}".`);
      }
      return { kind: 'metrics', regex: inner };
    case 'query_result':
      if (!inner) {
        throw new Error('query_result() needs a PromQL expression.');
      }
      return { kind: 'query_result', expr: inner };
    default:
      throw unsupported();
  }
}

/** Text for one sample of query_result, as Grafana's Prometheus datasource shows it. */
export function sampleText(metric: Record<string, string>, value: string, timestampSeconds: number): string {
  const { __name__, ...labels } = metric;
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `${__name__ ?? ''}{${inner}} ${value} ${timestampSeconds * 1000}`;
}
