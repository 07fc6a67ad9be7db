import { DEFAULT_APDEX_T, apdexTarget } from './apdex';
import { checkDuration, describe } from './duration';
import { type FieldError, checkMatchers, LABEL_NAME_RE, METRIC_NAME_RE } from './fields';
import { findSignal } from './signals';
import { resolveMetric, validateSources } from './sources';
import { templateProblem } from './template';
import { CANONICAL_LABELS, type CatalogOptions } from './types';

export const DEFAULT_OPTIONS: CatalogOptions = {
  prefix: '',
  labelMap: {},
  matchers: [],
  filters: [],
  window: '5m',
  slo: 0.999,
  apdexT: DEFAULT_APDEX_T,
  sources: {},
  overrides: {},
  groupBy: [],
};

/** Grafana interval variables accepted as a window, resolved by Grafana before the query runs. */
const WINDOW_VARIABLES = ['$__rate_interval', '$__interval', '$__range'];

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

  const matchers = checkMatchers(raw.matchers ?? [], 'matchers', errors);
  const filters = checkMatchers(raw.filters ?? [], 'filters', errors);
  filters.forEach((f, i) => {
    if (!(CANONICAL_LABELS as readonly string[]).includes(f.label)) {
      errors.push({
        field: `filters[${i}].label`,
        message: `Filter ${i + 1}: "${f.label}" is not a Perfscope label: use one of ${CANONICAL_LABELS.join(', ')}.`,
      });
    }
  });
  const sources = raw.sources === undefined ? {} : validateSources(raw.sources, 'sources', errors);

  const overrides = raw.overrides ?? {};
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    errors.push({
      field: 'overrides',
      message: `Signal expressions must be an object of signal id → PromQL, got ${describe(overrides)}.`,
    });
  } else {
    for (const [id, template] of Object.entries(overrides)) {
      const problem = findSignal(id) ? templateProblem(template) : `"${id}" is not a Perfscope signal.`;
      if (problem) {
        errors.push({ field: `overrides.${id}`, message: problem });
      }
    }
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
  const requests = resolveMetric('http_request_duration_seconds', { prefix: '', labelMap: {} }, sources);
  const apdex = apdexTarget(apdexT as number, requests.buckets);
  if (!apdex.ok) {
    errors.push({ field: 'apdexT', message: apdex.message });
  }

  const groupBy = raw.groupBy ?? [];
  if (!Array.isArray(groupBy)) {
    errors.push({ field: 'groupBy', message: `The labels to group by must be a list, got ${describe(groupBy)}.` });
  } else {
    groupBy.forEach((label, i) => {
      if (typeof label !== 'string' || !LABEL_NAME_RE.test(label)) {
        errors.push({
          field: `groupBy[${i}]`,
          message: `${describe(label)} is not a valid label name: use letters, digits and "_", not starting with a digit.`,
        });
      }
    });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    options: {
      prefix: prefix as string,
      labelMap: labelMap as CatalogOptions['labelMap'],
      matchers,
      filters: filters as CatalogOptions['filters'],
      window: window as string,
      slo: slo as number,
      apdexT: apdexT as number,
      sources,
      overrides: overrides as Record<string, string>,
      groupBy: groupBy as string[],
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
