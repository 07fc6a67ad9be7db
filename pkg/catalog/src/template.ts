/**
 * PromQL an admin writes in the settings (a signal's own expression, a custom signal): written with
 * `$filters` inside each selector's braces and `$window` as the range, so that it still receives the
 * settings' matchers and a dashboard's filters, and the window of the place it runs in.
 */
import { checkPromQL } from './promqlSyntax';

export const FILTERS_PLACEHOLDER = '$filters';
export const WINDOW_PLACEHOLDER = '$window';

/** What a template becomes: `$filters` the matchers (`job="api",route=~"$route"`), `$window` the range. */
export function renderTemplate(template: string, values: { filters: string; window: string }): string {
  // Without filters, `x{$filters}` is `x` and `{a="b",$filters}` is `{a="b"}` (both valid either way).
  const tidy =
    values.filters === ''
      ? template
          .replace(/\{\s*\$filters\s*\}/g, '')
          .replace(/,\s*\$filters\b/g, '')
          .replace(/\$filters\s*,\s*/g, '')
      : template;
  return tidy.replace(/\$(filters|window)\b/g, (_, name: 'filters' | 'window') => values[name]);
}

/**
 * The problem with a template, or undefined: it must parse as PromQL (with a matcher in place of
 * `$filters`, a duration in place of `$window`) and use `$filters`, or the service and dashboard
 * filters would not reach it.
 */
export function templateProblem(template: unknown): string | undefined {
  if (typeof template !== 'string' || template.trim() === '') {
    return 'Enter a PromQL expression, e.g. sum(rate(http_requests_total{$filters}[$window])).';
  }
  // Same length as `$filters`, so error positions stay true to the text.
  const syntax = checkPromQL(template.replace(/\$filters\b/g, 'a="xxxx"'));
  if (syntax) {
    return syntax.message;
  }
  if (!/\$filters\b/.test(template)) {
    return 'Put $filters inside the braces of each selector (e.g. rate(http_requests_total{$filters}[$window])), so that the service filters and the dashboard filters apply to it.';
  }
  return undefined;
}
