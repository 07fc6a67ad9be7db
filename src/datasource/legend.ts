/**
 * Legend format: `{{label}}` placeholders replaced by the series' label values, as in Grafana's
 * Prometheus datasource (`{{route}} {{status_code}}`). A label the series lacks renders empty.
 */
export function renderLegend(format: string, labels: Record<string, string> | undefined): string {
  return format.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels?.[name] ?? '');
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
