import { formattedValueToString, getValueFormat } from '@grafana/data';
import type { Thresholds } from '@perfscope/catalog';

/** A value in its unit; NaN and infinities are shown as such, never as a bogus number. */
export function formatValue(unit: string | undefined, value: number | undefined, decimals?: number): string {
  if (value === undefined) {
    return 'No data';
  }
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+∞' : '-∞';
  }
  return formattedValueToString(getValueFormat(unit ?? 'none')(value, decimals));
}

/**
 * The thresholds in the value's unit with as many decimals as they need, e.g.
 * `warning > 5% · critical > 10%`; an up/down signal's as the state that breaches it (`critical: down`),
 * not as true/false.
 */
export function formatThresholds(unit: string, thresholds: Thresholds): string {
  const op = thresholds.direction === 'above' ? '>' : '<';
  const text = (v: number) => `${op} ${formattedValueToString(getValueFormat(unit)(v, undefined))}`;
  const level = (v: number) => (unit === 'bool' ? ': down' : ` ${text(v)}`);
  const levels: string[] = [];
  if (thresholds.warning !== undefined) {
    levels.push(`warning${level(thresholds.warning)}`);
  }
  if (thresholds.critical !== undefined) {
    levels.push(`critical${level(thresholds.critical)}`);
  }
  return levels.join(' · ');
}
