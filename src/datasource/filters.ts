import { type LabelMatcher, validateOptions } from '@perfscope/catalog';

/** Filters that take effect: a row whose label is still empty is being edited and is left out. */
export function activeFilters(filters: readonly LabelMatcher[] | undefined): LabelMatcher[] {
  return (filters ?? []).filter((f) => f.label.trim() !== '');
}

/** What is wrong with the active filters, as sentences for the editor (empty when all is well). */
export function filterProblems(filters: readonly LabelMatcher[] | undefined): string[] {
  const check = validateOptions({ window: '$__rate_interval', matchers: activeFilters(filters) });
  return check.ok ? [] : check.errors.map((e) => e.message.replace(/^Matcher /, 'Filter '));
}
