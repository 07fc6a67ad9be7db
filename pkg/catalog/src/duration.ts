/** Prometheus-style durations: `30s`, `5m`, `1h30m`, `500ms`, `1d`, `1w`, `1y`. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;
const WHOLE = /^(\d+(ms|s|m|h|d|w|y))+$/;

export type DurationCheck = { ok: true; ms: number } | { ok: false; message: string };

/** Checks a Prometheus duration and returns its length in milliseconds, or a message a person can act on. */
export function checkDuration(input: unknown, what = 'Duration'): DurationCheck {
  if (typeof input !== 'string') {
    return { ok: false, message: `${what} must be text like "30s", "5m" or "1h", got ${describe(input)}.` };
  }
  const text = input.trim();
  if (text === '') {
    return { ok: false, message: `${what} is empty: enter a duration like "30s", "5m" or "1h".` };
  }
  if (!WHOLE.test(text)) {
    return {
      ok: false,
      message: `${what} "${text}" is not a duration: use a number followed by ms, s, m, h, d, w or y (e.g. "30s", "5m", "1h30m").`,
    };
  }
  let ms = 0;
  let last = -1;
  for (const [, num, unit] of text.matchAll(PART)) {
    const rank = ORDER.indexOf(unit);
    if (rank <= last) {
      return {
        ok: false,
        message: `${what} "${text}" repeats or misorders units: write the largest unit first, each once (e.g. "1h30m").`,
      };
    }
    last = rank;
    ms += Number(num) * UNIT_MS[unit];
  }
  return { ok: true, ms };
}

/** Length of a valid duration in milliseconds; throws a readable error for an invalid one. */
export function parseDuration(input: string): number {
  const result = checkDuration(input);
  if (!result.ok) {
    throw new Error(result.message);
  }
  return result.ms;
}

/** Formats milliseconds as the shortest Prometheus duration (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || !Number.isInteger(ms)) {
    throw new Error(`Cannot format ${ms} ms as a duration: it must be a whole, non-negative number of milliseconds.`);
  }
  if (ms === 0) {
    return '0s';
  }
  let rest = ms;
  let out = '';
  for (const unit of ORDER) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** Short description of a value for error messages, never throwing. */
export function describe(value: unknown): string {
  if (value === null) {
    return 'nothing (null)';
  }
  if (value === undefined) {
    return 'nothing';
  }
  if (typeof value === 'string') {
    return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  }
  if (typeof value === 'number') {
    return Number.isNaN(value) ? 'NaN' : String(value);
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'boolean') {
    return `the value ${value}`;
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
