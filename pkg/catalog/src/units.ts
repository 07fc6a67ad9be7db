/**
 * Units as people write them. The catalog stores every value in its Grafana unit's base (a ratio for
 * `percentunit`, seconds for `s`); an admin types and reads it the way it is said: 5 %, 1.2 s,
 * 3 req/s. Conversions shift the decimal point of the text, so what is typed is stored exactly
 * (5 % is stored as 0.05, the same number as the literal 0.05) and shown back as typed.
 */

/** How a unit is typed and shown: the suffix, and the power of ten from the shown to the stored value. */
export interface AdminUnit {
  /** Shown after the number ("%", "s", "req/s"); empty for plain counts. */
  suffix: string;
  /** Stored value = shown value × 10^exponent (−2 for a ratio shown in percent). */
  exponent: number;
}

const UNITS: Readonly<Record<string, AdminUnit>> = {
  percentunit: { suffix: '%', exponent: -2 },
  percent: { suffix: '%', exponent: 0 },
  s: { suffix: 's', exponent: 0 },
  ms: { suffix: 'ms', exponent: 0 },
  reqps: { suffix: 'req/s', exponent: 0 },
  ops: { suffix: 'ops/s', exponent: 0 },
  qps: { suffix: 'queries/s', exponent: 0 },
  Bps: { suffix: 'B/s', exponent: 0 },
  bytes: { suffix: 'B', exponent: 0 },
  x: { suffix: '×', exponent: 0 },
};

const PLAIN: AdminUnit = { suffix: '', exponent: 0 };

/** The way values of a Grafana unit are typed and shown (plain numbers for `short`, `none` and the rest). */
export function adminUnit(unit: string | undefined): AdminUnit {
  return (unit && UNITS[unit]) || PLAIN;
}

/** "12.5" shifted by `places` decimal places, as text ("12.5", −2 → "0.125"); undefined when not a plain decimal. */
function shift(text: string, places: number): string | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return undefined;
  }
  const [, sign, whole, fraction = '', exp = '0'] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exp) + places;
  const padded = point <= 0 ? `${'0'.repeat(1 - point)}${digits}` : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const int = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(at).replace(/0+$/, '');
  return `${sign === '-' ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A stored value as the admin reads it, without the suffix: 0.05 (percentunit) → "5". */
export function toAdminText(value: number, unit: string | undefined): string {
  const { exponent } = adminUnit(unit);
  if (!Number.isFinite(value) || exponent === 0) {
    return String(value);
  }
  return shift(String(value), -exponent) ?? String(value);
}

/**
 * What the admin typed, as the stored value: "5" or "5 %" (percentunit) → 0.05. Text that is not a
 * number comes back as it is (trimmed), for the validator to name; empty text is undefined.
 */
export function fromAdminText(text: string, unit: string | undefined): number | string | undefined {
  const { suffix, exponent } = adminUnit(unit);
  let trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  if (suffix && trimmed.endsWith(suffix)) {
    trimmed = trimmed.slice(0, -suffix.length).trim();
  }
  const shifted = shift(trimmed, exponent);
  const value = shifted === undefined ? Number.NaN : Number(shifted);
  return Number.isNaN(value) ? text.trim() : value;
}

/** A stored value with its unit, as a person writes it: 0.05 (percentunit) → "5 %", 1.2 (s) → "1.2 s". */
export function formatWithUnit(value: number, unit: string | undefined): string {
  const { suffix } = adminUnit(unit);
  if (unit === 'bool') {
    return value >= 1 ? 'up' : 'down';
  }
  const text = toAdminText(value, unit);
  return suffix ? `${text} ${suffix}` : text;
}
