/** Field-level checks shared by the catalog's validators: names, matchers, records. */
import { describe } from './duration';
import type { LabelMatcher } from './types';

/** One problem with one field, phrased for the person who typed it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Prometheus metric-name and label-name rules. */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const MATCH_OPS: ReadonlyArray<LabelMatcher['op']> = ['=', '!=', '=~', '!~'];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Label matchers at `field`, each checked; the valid ones are returned. */
export function checkMatchers(raw: unknown, field: string, errors: FieldError[]): LabelMatcher[] {
  if (!Array.isArray(raw)) {
    errors.push({ field, message: `Label matchers must be a list, got ${describe(raw)}.` });
    return [];
  }
  const valid: LabelMatcher[] = [];
  raw.forEach((m: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(m)) {
      errors.push({
        field: at,
        message: `Matcher ${i + 1} must be an object with label, op and value, got ${describe(m)}.`,
      });
      return;
    }
    const { label, op, value } = m;
    const before = errors.length;
    if (typeof label !== 'string' || !LABEL_NAME_RE.test(label)) {
      errors.push({ field: `${at}.label`, message: `Matcher ${i + 1}: ${describe(label)} is not a valid label name.` });
    }
    if (!MATCH_OPS.includes(op as LabelMatcher['op'])) {
      errors.push({
        field: `${at}.op`,
        message: `Matcher ${i + 1}: operator ${describe(op)} is not one of ${MATCH_OPS.join(' ')}.`,
      });
    }
    if (typeof value !== 'string') {
      errors.push({
        field: `${at}.value`,
        message: `Matcher ${i + 1}: the value must be text, got ${describe(value)}.`,
      });
    } else if ((op === '=~' || op === '!~') && !isValidRegex(value)) {
      errors.push({
        field: `${at}.value`,
        message: `Matcher ${i + 1}: "${value}" is not a valid regular expression.`,
      });
    }
    if (errors.length === before) {
      valid.push({ label: label as string, op: op as LabelMatcher['op'], value: value as string });
    }
  });
  return valid;
}

function isValidRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}
