/**
 * Where the catalog's metrics come from in a team's instrumentation. The canonical metrics stay the
 * contract every signal is written against; a source says how one of them is read when a service
 * names it otherwise (OpenTelemetry's `http_server_request_duration_seconds`), labels it otherwise
 * (`http_route`), tells an outcome otherwise (`outcome="SERVER_ERROR"`, two counters for hits and
 * misses), or measures in another unit (a milliseconds histogram).
 */
import { describe } from './duration';
import { getMetric, METRICS } from './metrics';
import { type FieldError, checkMatchers, isRecord, LABEL_NAME_RE, METRIC_NAME_RE } from './fields';
import type { CanonicalLabel, LabelMatcher, MetricDef, MetricSource, MetricSources, OutcomeSource } from './types';

/** A metric as it is read: the catalog's definition with its source applied. */
export interface ResolvedMetric {
  readonly def: MetricDef;
  /** Series names of the whole metric (more than one: their sum). Histograms: without suffix. */
  readonly names: readonly string[];
  /** Every series name it is read from: the whole metric's and its outcomes' own. Histograms: without suffix. */
  readonly series: readonly string[];
  readonly label: (label: CanonicalLabel) => string;
  /** The canonical labels the metric has as read (the catalog's, less those the source is without). */
  readonly labels: readonly CanonicalLabel[];
  readonly matchers: readonly LabelMatcher[];
  /** Series names and matchers of one outcome. */
  readonly outcome: (outcome: string) => { names: readonly string[]; matchers: readonly LabelMatcher[] };
  readonly scale: number;
  /** Bucket boundaries in the catalog's unit. */
  readonly buckets: readonly number[];
}

/** Naming that applies to every metric without a source of its own. */
export interface BaseNaming {
  readonly prefix: string;
  readonly labelMap: Readonly<Partial<Record<CanonicalLabel, string>>>;
}

/** Boundaries × scale without the float noise (0.5 / 0.001 is 499.99999999999994). */
const clean = (value: number) => Number(value.toPrecision(12));

/** A metric under its source (none: the catalog's name, with the prefix for non-external ones). */
export function resolveMetric(name: string, base: BaseNaming, sources: MetricSources = {}): ResolvedMetric {
  const def = getMetric(name);
  const source = sources[name] ?? {};
  const label = (l: CanonicalLabel) => source.labels?.[l] ?? base.labelMap[l] ?? l;
  const outcomeNames = Object.values(source.outcomes ?? {}).map((o) => o?.name);
  const names =
    source.name !== undefined
      ? [source.name]
      : outcomeNames.length > 0 && outcomeNames.every((n): n is string => n !== undefined)
        ? outcomeNames
        : [def.external ? def.name : `${base.prefix}${def.name}`];
  const scale = source.scale ?? 1;
  const ownNames = Object.keys(def.outcomes ?? {}).flatMap((o) => {
    const own = source.outcomes?.[o]?.name;
    return own === undefined ? [] : [own];
  });
  return {
    def,
    names,
    series: [...new Set([...names, ...ownNames])],
    label,
    labels: def.labels.filter((l) => !source.without?.includes(l)),
    matchers: source.matchers ?? [],
    outcome: (outcome) => {
      const catalog = def.outcomes?.[outcome];
      if (!catalog) {
        throw new Error(
          `${name} has no outcome "${outcome}": its outcomes are ${outcomesOf(def).join(', ') || 'none'}.`
        );
      }
      const own = source.outcomes?.[outcome];
      const [l, op, value] = catalog;
      return {
        names: own?.name !== undefined ? [own.name] : names,
        matchers: own?.matchers ?? (own?.name !== undefined ? [] : [{ label: label(l), op, value }]),
      };
    },
    scale,
    buckets: source.buckets ? source.buckets.map((b) => clean(b * scale)) : (def.buckets ?? []),
  };
}

/** A bound in the catalog's unit as the source's `le` writes it. */
export function sourceBound(metric: ResolvedMetric, bound: number): number {
  return clean(bound / metric.scale);
}

const outcomesOf = (def: MetricDef) => Object.keys(def.outcomes ?? {});

function checkName(raw: unknown, field: string, what: string, errors: FieldError[]): string | undefined {
  if (typeof raw === 'string' && METRIC_NAME_RE.test(raw)) {
    return raw;
  }
  errors.push({
    field,
    message: `${what} ${describe(raw)} is not a valid metric name: use letters, digits, "_" and ":", not starting with a digit.`,
  });
  return undefined;
}

/**
 * Checks metric sources (untrusted JSON) at `field` (`metrics`): every problem at its field
 * (`metrics.<metric>.labels.<label>`, …), and the sources it can vouch for, each without what is wrong.
 */
export function validateSources(raw: unknown, field: string, errors: FieldError[]): Record<string, MetricSource> {
  const sources: Record<string, MetricSource> = {};
  if (!isRecord(raw)) {
    errors.push({ field, message: `The metric sources must be an object of metric → source, got ${describe(raw)}.` });
    return sources;
  }
  for (const [metric, value] of Object.entries(raw)) {
    const at = `${field}.${metric}`;
    const def = METRICS.find((m) => m.name === metric) as MetricDef | undefined;
    if (!def) {
      errors.push({
        field: at,
        message: `"${metric}" is not a Perfscope metric: use one of ${METRICS.map((m) => m.name).join(', ')}.`,
      });
      continue;
    }
    if (!isRecord(value)) {
      errors.push({ field: at, message: `The source of ${metric} must be an object, got ${describe(value)}.` });
      continue;
    }
    const source: { -readonly [K in keyof MetricSource]: MetricSource[K] } = {};
    for (const key of Object.keys(value)) {
      if (!['name', 'labels', 'without', 'matchers', 'outcomes', 'scale', 'buckets'].includes(key)) {
        errors.push({
          field: `${at}.${key}`,
          message: `A metric source has no "${key}": use name, labels, without, matchers, outcomes, scale or buckets.`,
        });
      }
    }
    if (value.name !== undefined) {
      source.name = checkName(value.name, `${at}.name`, `The name of ${metric},`, errors);
    }
    if (value.labels !== undefined) {
      source.labels = checkLabels(def, value.labels, `${at}.labels`, errors);
    }
    if (value.without !== undefined) {
      const without = value.without;
      if (!Array.isArray(without) || !without.every((l) => (def.labels as readonly unknown[]).includes(l))) {
        errors.push({
          field: `${at}.without`,
          message: `"without" lists labels of ${metric} the instrumentation lacks, some of ${def.labels.join(', ') || 'none'}; got ${describe(without)}.`,
        });
      } else {
        source.without = without as CanonicalLabel[];
      }
    }
    if (value.matchers !== undefined) {
      source.matchers = checkMatchers(value.matchers, `${at}.matchers`, errors);
    }
    if (value.outcomes !== undefined) {
      source.outcomes = checkOutcomes(def, value.outcomes, `${at}.outcomes`, errors);
    }
    if (value.scale !== undefined) {
      if (typeof value.scale === 'number' && Number.isFinite(value.scale) && value.scale > 0) {
        source.scale = value.scale;
      } else {
        errors.push({
          field: `${at}.scale`,
          message: `The scale of ${metric} must be a number above 0 (0.001 for milliseconds), got ${describe(value.scale)}.`,
        });
      }
    }
    if (value.buckets !== undefined) {
      source.buckets = checkBuckets(def, value.buckets, `${at}.buckets`, errors);
    }
    for (const key of Object.keys(source) as Array<keyof MetricSource>) {
      if (source[key] === undefined) {
        delete source[key];
      }
    }
    sources[metric] = source;
  }
  return sources;
}

function checkLabels(def: MetricDef, raw: unknown, field: string, errors: FieldError[]) {
  if (!isRecord(raw)) {
    errors.push({
      field,
      message: `The labels of ${def.name} must be an object of label → label, got ${describe(raw)}.`,
    });
    return undefined;
  }
  const labels: Partial<Record<CanonicalLabel, string>> = {};
  for (const [from, to] of Object.entries(raw)) {
    if (!(def.labels as readonly string[]).includes(from)) {
      errors.push({
        field: `${field}.${from}`,
        message: `${def.name} has no label "${from}"${def.labels.length > 0 ? `: its labels are ${def.labels.join(', ')}` : ''}.`,
      });
    } else if (typeof to !== 'string' || !LABEL_NAME_RE.test(to)) {
      errors.push({
        field: `${field}.${from}`,
        message: `${describe(to)} is not a valid label name for ${from}: use letters, digits and _, not starting with a digit.`,
      });
    } else {
      labels[from as CanonicalLabel] = to;
    }
  }
  return labels;
}

function checkOutcomes(def: MetricDef, raw: unknown, field: string, errors: FieldError[]) {
  const known = outcomesOf(def);
  if (!isRecord(raw)) {
    errors.push({ field, message: `The outcomes of ${def.name} must be an object, got ${describe(raw)}.` });
    return undefined;
  }
  const outcomes: Record<string, OutcomeSource> = {};
  for (const [outcome, value] of Object.entries(raw)) {
    const at = `${field}.${outcome}`;
    if (!known.includes(outcome)) {
      errors.push({
        field: at,
        message: `${def.name} has no outcome "${outcome}"${known.length > 0 ? `: its outcomes are ${known.join(', ')}` : ''}.`,
      });
      continue;
    }
    if (!isRecord(value) || (value.name === undefined && value.matchers === undefined)) {
      errors.push({
        field: at,
        message: `The ${outcome} outcome of ${def.name} needs a series name or label matchers, got ${describe(value)}.`,
      });
      continue;
    }
    const own: { name?: string; matchers?: LabelMatcher[] } = {};
    if (value.name !== undefined) {
      own.name = checkName(value.name, `${at}.name`, `The ${outcome} series,`, errors);
    }
    if (value.matchers !== undefined) {
      own.matchers = checkMatchers(value.matchers, `${at}.matchers`, errors);
    }
    outcomes[outcome] = own;
  }
  return outcomes;
}

function checkBuckets(def: MetricDef, raw: unknown, field: string, errors: FieldError[]) {
  if (def.type !== 'histogram') {
    errors.push({ field, message: `${def.name} is a ${def.type}: only a histogram has buckets.` });
    return undefined;
  }
  const ok =
    Array.isArray(raw) &&
    raw.length > 0 &&
    raw.every((b, i) => typeof b === 'number' && Number.isFinite(b) && (i === 0 || b > (raw[i - 1] as number)));
  if (!ok) {
    errors.push({
      field,
      message: `The buckets of ${def.name} must be a list of increasing numbers (upper bounds, without +Inf), got ${describe(raw)}.`,
    });
    return undefined;
  }
  return raw as number[];
}
