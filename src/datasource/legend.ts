import { type Labels, renderLegendFormat } from '@grafana/data';

/** The legend format Grafana's Prometheus query editor stores for its "Auto" legend (LegendFormatMode.Auto). */
export const LEGEND_AUTO = '__auto';

/**
 * The display name a legend format gives a series, or undefined when the datasource's own naming
 * applies: no format, or `__auto`, for which Grafana's Prometheus datasource sets no name on a
 * series with labels (pkg/promlib/querydata/response.go, getName). `{{label}}` placeholders are
 * rendered by @grafana/data's renderLegendFormat, as Grafana's Prometheus and Loki frontends render
 * them (public/app/plugins/datasource/prometheus/result_transformer.ts, createLabelInfo): a label the
 * series lacks shows its name. (Grafana's Prometheus backend, getName above, leaves it empty.)
 */
export function legendName(format: string | undefined, labels: Labels | undefined): string | undefined {
  return format && namesSeries(format) ? renderLegendFormat(format, labels ?? {}) : undefined;
}

/** Whether a legend format names series (see legendName): set, and not `__auto`. */
export function namesSeries(format: string | undefined): boolean {
  return Boolean(format) && format !== LEGEND_AUTO;
}

/** The legend format's problem, or undefined: unbalanced braces or a placeholder that is not a label name. */
export function legendProblem(format: string | undefined): string | undefined {
  if (!format) {
    return undefined;
  }
  const opened = format.split('{{').length - 1;
  const closed = format.split('}}').length - 1;
  if (opened !== closed) {
    return 'Unbalanced {{ }}: write placeholders as {{label}}, e.g. {{route}}.';
  }
  const bad = [...format.matchAll(/\{\{([^}]*)\}\}/g)]
    .map((m) => m[1].trim())
    .find((name) => !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name));
  return bad === undefined ? undefined : `"{{${bad}}}" is not a label name: use letters, digits and _, e.g. {{route}}.`;
}
