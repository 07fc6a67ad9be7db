import { DEFAULT_APDEX_T, apdexTarget } from './apdex';
import { checkDuration, describe } from './duration';
import { CANONICAL_LABELS, type CanonicalLabel, type CatalogOptions, type LabelMatcher } from './types';

export const DEFAULT_OPTIONS: CatalogOptions = {
  prefix: '',
  labelMap: {},
  matchers: [],
  window: '5m',
  slo: 0.999,
  apdexT: DEFAULT_APDEX_T,
};

/** Prometheus metric-name and label-name rules. */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCH_OPS: ReadonlyArray<LabelMatcher['op']> = ['=', '!=', '=~', '!~'];
/** Grafana interval variables accepted as a window, resolved by Grafana before the query runs. */
const WINDOW_VARIABLES = ['$__rate_interval', '$__interval', '$__range'];

/** One problem with one field, phrased for the person who typed it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type OptionsCheck = { ok: true; options: CatalogOptions } | { ok: false; errors: FieldError[] };

/**
 * Validates (possibly partial, possibly untrusted) catalog options, fills defaults,
 * and returns either usable options or every problem found.
 */
export function validateOptions(input: unknown): OptionsCheck {
  if (input === undefined || input === null) {
    return { ok: true, options: DEFAULT_OPTIONS };
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ field: 'options', message: `Catalog options must be an object, got ${describe(input)}.` }],
    };
  }
  const raw = input as Record<string, unknown>;
  const errors: FieldError[] = [];

  const prefix = raw.prefix ?? DEFAULT_OPTIONS.prefix;
  if (typeof prefix !== 'string') {
    errors.push({ field: 'prefix', message: `Namespace prefix must be text, got ${describe(prefix)}.` });
  } else if (prefix !== '' && !METRIC_NAME_RE.test(prefix)) {
    errors.push({
      field: 'prefix',
      message: `Namespace prefix "${prefix}" is not valid in a metric name: use letters, digits, "_" or ":", not starting with a digit (e.g. "shop_").`,
    });
  }

  const labelMap = raw.labelMap ?? {};
  if (typeof labelMap !== 'object' || labelMap === null || Array.isArray(labelMap)) {
    errors.push({
      field: 'labelMap',
      message: `Label mapping must be an object of label → label, got ${describe(labelMap)}.`,
    });
  } else {
    for (const [from, to] of Object.entries(labelMap)) {
      if (!(CANONICAL_LABELS as readonly string[]).includes(from)) {
        errors.push({
          field: `labelMap.${from}`,
          message: `"${from}" is not a Perfscope label, so it cannot be mapped. Mappable labels: ${CANONICAL_LABELS.join(', ')}.`,
        });
      } else if (typeof to !== 'string' || !LABEL_NAME_RE.test(to)) {
        errors.push({
          field: `labelMap.${from}`,
          message: `Label "${from}" is mapped to ${describe(to)}, which is not a valid label name: use letters, digits and "_", not starting with a digit.`,
        });
      }
    }
  }

  const matchers = raw.matchers ?? [];
  if (!Array.isArray(matchers)) {
    errors.push({ field: 'matchers', message: `Extra label matchers must be a list, got ${describe(matchers)}.` });
  } else {
    matchers.forEach((m: unknown, i) => {
      const field = `matchers[${i}]`;
      if (typeof m !== 'object' || m === null) {
        errors.push({
          field,
          message: `Matcher ${i + 1} must be an object with label, op and value, got ${describe(m)}.`,
        });
        return;
      }
      const { label, op, value } = m as Record<string, unknown>;
      if (typeof label !== 'string' || !LABEL_NAME_RE.test(label)) {
        errors.push({
          field: `${field}.label`,
          message: `Matcher ${i + 1}: ${describe(label)} is not a valid label name.`,
        });
      }
      if (!MATCH_OPS.includes(op as LabelMatcher['op'])) {
        errors.push({
          field: `${field}.op`,
          message: `Matcher ${i + 1}: operator ${describe(op)} is not one of ${MATCH_OPS.join(' ')}.`,
        });
      }
      if (typeof value !== 'string') {
        errors.push({
          field: `${field}.value`,
          message: `Matcher ${i + 1}: value must be text, got ${describe(value)}.`,
        });
      } else if ((op === '=~' || op === '!~') && !isValidRegex(value)) {
        errors.push({
          field: `${field}.value`,
          message: `Matcher ${i + 1}: "${value}" is not a valid regular expression.`,
        });
      }
    });
  }

  const window = raw.window ?? DEFAULT_OPTIONS.window;
  if (!(typeof window === 'string' && WINDOW_VARIABLES.includes(window))) {
    const check = checkDuration(window, 'Range window');
    if (!check.ok) {
      errors.push({ field: 'window', message: check.message });
    } else if (check.ms < 1000) {
      errors.push({
        field: 'window',
        message: `Range window "${window}" is shorter than a second: rate() needs at least two scrapes, use e.g. "1m" or "5m".`,
      });
    }
  }

  const slo = raw.slo ?? DEFAULT_OPTIONS.slo;
  if (typeof slo !== 'number' || !Number.isFinite(slo) || slo <= 0 || slo >= 1) {
    errors.push({
      field: 'slo',
      message: `Availability objective must be a number between 0 and 1 exclusive (e.g. 0.999 for 99.9 %), got ${describe(slo)}.`,
    });
  }

  const apdexT = raw.apdexT ?? DEFAULT_OPTIONS.apdexT;
  const apdex = apdexTarget(apdexT as number);
  if (!apdex.ok) {
    errors.push({ field: 'apdexT', message: apdex.message });
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    options: {
      prefix: prefix as string,
      labelMap: labelMap as CatalogOptions['labelMap'],
      matchers: (matchers as LabelMatcher[]).map(({ label, op, value }) => ({ label, op, value })),
      window: window as string,
      slo: slo as number,
      apdexT: apdexT as number,
    },
  };
}

/** Valid options or a readable error listing every problem. */
export function resolveOptions(input?: Partial<CatalogOptions>): CatalogOptions {
  const check = validateOptions(input);
  if (!check.ok) {
    throw new Error(
      `Invalid Perfscope catalog options: ${check.errors.map((e) => `${e.field}: ${e.message}`).join(' ')}`
    );
  }
  return check.options;
}

/** The label name a team uses for a canonical label. */
export function mapLabel(options: CatalogOptions, label: CanonicalLabel): string {
  return options.labelMap[label] ?? label;
}

function isValidRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}
