import { formatWithUnit } from './units';
import { checkDuration, describe } from './duration';
import type { FieldError } from './fields';
import { findSignal, getSignal } from './signals';
import type { Direction, SignalDef, Status, Thresholds } from './types';

/** True when `value` is on the bad side of `threshold` for the direction (strict, like PromQL `>`/`<`). */
export function breaches(value: number, threshold: number, direction: Direction): boolean {
  return direction === 'above' ? value > threshold : value < threshold;
}

/**
 * Status of a signal's value against thresholds (the signal's defaults unless given).
 * NaN, null and undefined are `no-data`; ±Infinity compare like any other number.
 */
export function evaluate(
  signal: string | SignalDef,
  value: number | null | undefined,
  thresholds?: Thresholds
): Status {
  const def = typeof signal === 'string' ? getSignal(signal) : signal;
  if (value === null || value === undefined || Number.isNaN(value)) {
    return 'no-data';
  }
  const t = thresholds ?? def.thresholds;
  if (!t) {
    return 'ok';
  }
  if (t.critical !== undefined && breaches(value, t.critical, t.direction)) {
    return 'critical';
  }
  if (t.warning !== undefined && breaches(value, t.warning, t.direction)) {
    return 'warning';
  }
  return 'ok';
}

/** The range of values that make sense for a signal's unit. */
export function valueRange(signal: SignalDef): readonly [number, number] {
  if (signal.range) {
    return signal.range;
  }
  if (signal.id === 'health_score' || signal.unit === 'percent') {
    return [0, 100];
  }
  if (signal.unit === 'percentunit' || signal.unit === 'bool') {
    return [0, 1];
  }
  return [0, Infinity];
}

export type ThresholdsCheck = { ok: true; thresholds: Thresholds } | { ok: false; errors: FieldError[] };

/**
 * Validates thresholds an admin entered for a signal: each level absent (null/undefined = no alert at
 * that level) or a finite number in the unit's range; warning less severe than critical for the
 * signal's direction; `for` a Prometheus duration. Returns every problem with a message to act on.
 */
export function validateThresholds(signalOrId: string | SignalDef, input: unknown): ThresholdsCheck {
  const signalId = typeof signalOrId === 'string' ? signalOrId : signalOrId.id;
  const signal = typeof signalOrId === 'string' ? findSignal(signalOrId) : signalOrId;
  if (!signal) {
    return {
      ok: false,
      errors: [
        {
          field: 'signal',
          message: `Unknown signal "${signalId}": it is not in the Perfscope catalog, so it has no thresholds to set.`,
        },
      ],
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        {
          field: 'thresholds',
          message: `Thresholds for ${signal.title} must be an object with warning, critical and for, got ${describe(input)}.`,
        },
      ],
    };
  }
  const raw = input as Record<string, unknown>;
  const direction: Direction = signal.thresholds?.direction ?? 'above';
  const errors: FieldError[] = [];
  const [min, max] = valueRange(signal);

  const level = (field: 'warning' | 'critical'): number | undefined => {
    const v = raw[field];
    const name = field === 'warning' ? 'Warning' : 'Critical';
    if (v === undefined || v === null || v === '') {
      return undefined;
    }
    if (typeof v !== 'number') {
      errors.push({ field, message: `${name} threshold for ${signal.title} must be a number, got ${describe(v)}.` });
      return undefined;
    }
    if (Number.isNaN(v)) {
      errors.push({
        field,
        message: `${name} threshold for ${signal.title} is not a number (NaN): enter a finite value.`,
      });
      return undefined;
    }
    if (!Number.isFinite(v)) {
      errors.push({
        field,
        message: `${name} threshold for ${signal.title} is infinite: enter a finite value, or clear it to have no ${field} alert.`,
      });
      return undefined;
    }
    if (v < min || v > max) {
      const u = (n: number) => formatWithUnit(n, signal.unit);
      const range = max === Infinity ? `at least ${u(min)}` : `between ${u(min)} and ${u(max)}`;
      errors.push({
        field,
        message: `${name} threshold for ${signal.title} is ${u(v)}, but its values are ${range}.`,
      });
      return undefined;
    }
    return v;
  };

  const warning = level('warning');
  const critical = level('critical');
  const hadLevelErrors = errors.length > 0;

  if (!hadLevelErrors && warning === undefined && critical === undefined) {
    errors.push({
      field: 'warning',
      message: `${signal.title} needs a warning or a critical threshold; to stop alerting on it, disable the signal instead.`,
    });
  }
  if (warning !== undefined && critical !== undefined) {
    if (direction === 'above' && warning >= critical) {
      errors.push({
        field: 'warning',
        message: `Warning (${formatWithUnit(warning, signal.unit)}) must be lower than critical (${formatWithUnit(critical, signal.unit)}) for ${signal.title}, where higher is worse.`,
      });
    }
    if (direction === 'below' && warning <= critical) {
      errors.push({
        field: 'warning',
        message: `Warning (${formatWithUnit(warning, signal.unit)}) must be higher than critical (${formatWithUnit(critical, signal.unit)}) for ${signal.title}, where lower is worse.`,
      });
    }
  }

  const forValue = raw.for ?? signal.thresholds?.for ?? '5m';
  const forCheck = checkDuration(forValue, `"For" duration of ${signal.title}`);
  if (!forCheck.ok) {
    errors.push({ field: 'for', message: forCheck.message });
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, thresholds: { warning, critical, direction, for: (forValue as string).trim() } };
}
