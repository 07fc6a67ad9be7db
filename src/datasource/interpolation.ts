import type { ScopedVars, TimeRange } from '@grafana/data';
import { parseDuration } from '@perfscope/catalog';

/** Escapes regex metacharacters and the PromQL string's own backslash/quote. */
export function escapeForRegex(value: string): string {
  return escapeForString(value.replace(/[\\^$*+?.()|{}[\]]/g, '\\$&'));
}

/** Control characters a PromQL double-quoted string may not hold raw, as the escapes it reads. */
const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Escapes a value placed inside a double-quoted PromQL string: backslash and quote, and newlines,
 * carriage returns and tabs as \n, \r, \t (a raw newline ends the string: "unterminated quoted string").
 */
export function escapeForString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\n\r\t]/g, (c) => CONTROL_ESCAPES[c]);
}

interface VariableLike {
  multi?: boolean;
  includeAll?: boolean;
}

/**
 * Grafana variable formatter for PromQL: a variable that can hold several values is used inside
 * `=~"…"`, so each value is regex-escaped and several are joined as `(a|b)`; a single-value
 * variable is only string-escaped.
 */
export function formatVariable(value: string | string[], variable: VariableLike): string {
  const values = Array.isArray(value) ? value : [value];
  if (!variable.multi && !variable.includeAll) {
    return values.map(escapeForString).join(',');
  }
  const escaped = values.map(escapeForRegex);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/**
 * `$__rate_interval` as Grafana defines it: at least four scrape intervals (so rate() always sees
 * enough samples), and at least the query interval plus one scrape interval.
 */
export function rateIntervalMs(intervalMs: number, scrapeIntervalMs: number): number {
  return Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

/** Built-in range variables for a query: `$__rate_interval`, `$__range`, `$__range_s`, `$__range_ms`. */
export function builtInVariables(range: TimeRange, intervalMs: number, scrapeInterval: string): ScopedVars {
  const scrapeMs = parseDuration(scrapeInterval);
  const rangeMs = Math.max(0, range.to.valueOf() - range.from.valueOf());
  const rangeS = Math.round(rangeMs / 1000);
  const rate = Math.round(rateIntervalMs(intervalMs, scrapeMs) / 1000);
  return {
    __rate_interval: { text: `${rate}s`, value: `${rate}s` },
    __range: { text: `${rangeS}s`, value: `${rangeS}s` },
    __range_s: { text: String(rangeS), value: String(rangeS) },
    __range_ms: { text: String(rangeMs), value: String(rangeMs) },
  };
}
