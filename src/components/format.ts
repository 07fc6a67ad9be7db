import { formattedValueToString, getValueFormat } from '@grafana/data';
import { type Thresholds, adminUnit, formatWithUnit } from '@perfscope/catalog';

/** Units Grafana writes by their id ("1.5 x", "3 qps") where people write a word or sign. */
const OWN_SUFFIX: Record<string, string> = { x: '×', qps: 'queries/s' };

/**
 * A value in its unit; NaN and infinities are shown as such, never as a bogus number. An up/down
 * signal (Grafana's `bool` unit, which Grafana writes True/False) reads up or down, a multiple 1.5 ×, queries 3 queries/s.
 */
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
  if (unit === 'bool') {
    return formatWithUnit(value, unit);
  }
  const own = OWN_SUFFIX[unit ?? ''];
  if (own) {
    return `${formattedValueToString(getValueFormat('none')(value, decimals))} ${own}`;
  }
  return formattedValueToString(getValueFormat(unit ?? 'none')(value, decimals));
}

/** Units whose levels are plain numbers (no suffix) as people write them. */
const PLAIN_UNITS = new Set(['', 'none', 'short']);

/**
 * A threshold level as people write it, the way the configuration page shows it: 5 % for 0.05 of
 * `percentunit`, 0.25 s, 6 ×, 0.05 queries/s; a unit the catalog does not know in Grafana's own
 * format (whose suffix is the unit's own, e.g. `5 KiB`).
 */
export function formatLevel(value: number, unit: string | undefined): string {
  if (!Number.isFinite(value)) {
    return formatValue(unit, value);
  }
  if (unit === 'bool' || PLAIN_UNITS.has(unit ?? '') || adminUnit(unit).suffix !== '') {
    return formatWithUnit(value, unit);
  }
  return formattedValueToString(getValueFormat(unit)(value, undefined));
}

/**
 * The thresholds as people write them (formatLevel), e.g. `warning > 5 % · critical > 10 %`; an
 * up/down signal's as the state that breaches it (`critical: down`), not as true/false.
 */
export function formatThresholds(unit: string, thresholds: Thresholds): string {
  const op = thresholds.direction === 'above' ? '>' : '<';
  const text = (v: number) => `${op} ${formatLevel(v, unit)}`;
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
