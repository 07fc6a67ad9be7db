/**
 * Service-level objectives: availability (good = not a server error, by the mapping model's status
 * semantics) and latency (good = answered within T seconds, T a bucket bound of the request-duration
 * histogram), each with a target over a 28- or 30-day period; the settings give the defaults and a
 * service may have its own. The error-budget arithmetic (SLI, budget left, burn rate, time to
 * exhaustion) and the PromQL of each objective's error ratio live here, so the rules, the app's
 * SLO page and the tests share one definition.
 */
import { describe, parseDuration } from './duration';
import { type FieldError, isRecord } from './fields';
import { getMetric } from './metrics';
import { formatNumber } from './number';
import { resolveOptions } from './options';
import { buildPromQL, createContext } from './promql';
import type { PerfscopeSettings } from './settings';
import type { CatalogOptions, ObjectiveKind, ObjectiveSettings, ObjectivesSettings, SloPeriod } from './types';

export const OBJECTIVE_KINDS: readonly ObjectiveKind[] = ['availability', 'latency'];

/** The periods an objective may be measured over. */
export const SLO_PERIODS: readonly SloPeriod[] = ['28d', '30d'];

/** The defaults: 99.9 % of requests without a server error, 99 % within 1 s, over 30 days. */
export const DEFAULT_OBJECTIVES: Readonly<Record<ObjectiveKind, Required<ObjectiveSettings>>> = {
  availability: { enabled: true, target: 0.999, period: '30d', threshold: 0 },
  latency: { enabled: true, target: 0.99, period: '30d', threshold: 1 },
};

/** The histogram a latency objective counts good requests in. */
export const LATENCY_HISTOGRAM = 'http_request_duration_seconds';

/** An objective in force: its kind, target and period, and for latency its threshold. */
export interface Objective {
  readonly kind: ObjectiveKind;
  readonly target: number;
  readonly period: SloPeriod;
  readonly periodSeconds: number;
  /** Latency: seconds within which a request is good. */
  readonly threshold?: number;
}

/** What people read, e.g. "Availability 99.9 % over 30 days" or "Latency ≤ 1 s for 99 % over 28 days". */
export function objectiveTitle(o: Objective): string {
  const days = `${o.period.replace('d', '')} days`;
  const target = `${formatNumber(o.target * 100)} %`;
  return o.kind === 'availability'
    ? `Availability ${target} over ${days}`
    : `Latency ≤ ${formatSeconds(o.threshold ?? 0)} for ${target} over ${days}`;
}

const formatSeconds = (s: number) => (s < 1 ? `${formatNumber(s * 1000)} ms` : `${formatNumber(s)} s`);

/**
 * The objectives in force, in kind order: a service's own fields over the settings', over the
 * defaults; disabled ones left out.
 */
export function resolveObjectives(
  settingsObjectives: ObjectivesSettings | undefined,
  serviceObjectives?: ObjectivesSettings
): Objective[] {
  return OBJECTIVE_KINDS.flatMap((kind) => {
    const merged = { ...DEFAULT_OBJECTIVES[kind], ...settingsObjectives?.[kind], ...serviceObjectives?.[kind] };
    if (!merged.enabled) {
      return [];
    }
    return [
      {
        kind,
        target: merged.target,
        period: merged.period,
        periodSeconds: parseDuration(merged.period) / 1000,
        ...(kind === 'latency' ? { threshold: merged.threshold } : {}),
      },
    ];
  });
}

/** The objectives in force for the settings, or for one service (its own over the settings'). */
export function objectivesOf(settings: PerfscopeSettings | undefined, service?: string): Objective[] {
  return resolveObjectives(
    settings?.objectives,
    service === undefined ? undefined : settings?.services?.[service]?.objectives
  );
}

/** The services with an objective of this kind of their own, in the settings' order. */
export function servicesWithOwnObjective(kind: ObjectiveKind, settings: PerfscopeSettings | undefined): string[] {
  return Object.entries(settings?.services ?? {})
    .filter(([, own]) => own.objectives?.[kind] !== undefined)
    .map(([name]) => name);
}

/* ------------------------------------------------------------ arithmetic */

/** The error budget: the share of requests that may be bad (1 − target). */
export const errorBudget = (target: number) => 1 - target;

/** The SLI: the share of good requests; undefined without requests. */
export function sli(good: number, total: number): number | undefined {
  return total > 0 ? good / total : undefined;
}

const usable = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

/** How many times faster than sustainable the budget burns at this error ratio (1: exactly over the period). */
export function burnRate(errorRatio: number | undefined, target: number): number | undefined {
  return usable(errorRatio) ? errorRatio / errorBudget(target) : undefined;
}

/** The share of the period's budget left after this error ratio over the period (below 0 when overspent). */
export function budgetRemaining(periodErrorRatio: number | undefined, target: number): number | undefined {
  return usable(periodErrorRatio) ? 1 - periodErrorRatio / errorBudget(target) : undefined;
}

/**
 * Seconds until the budget left is gone at the current burn rate: a burn rate of 1 spends a whole
 * budget in one period. 0 when nothing is left; undefined when nothing burns (never at this pace)
 * or a figure is missing.
 */
export function timeToExhaustion(
  remaining: number | undefined,
  burn: number | undefined,
  periodSeconds: number
): number | undefined {
  if (!usable(remaining) || !usable(burn)) {
    return undefined;
  }
  if (remaining <= 0) {
    return 0;
  }
  return burn > 0 ? (remaining * periodSeconds) / burn : undefined;
}

/* ------------------------------------------------------------ PromQL */

/**
 * The rate of bad requests and of all requests of an objective over a window, per the options'
 * grouping: for availability the server errors (0 where a service has traffic and none), for
 * latency the requests slower than the threshold (all minus the bucket at T).
 */
export function objectivePromQL(
  objective: Pick<Objective, 'kind' | 'threshold'>,
  options: Partial<CatalogOptions>,
  window: string
): { bad: string; total: string } {
  const ctx = createContext(resolveOptions({ ...options, window }));
  const rate = (s: string) => `rate(${s}[${window}])`;
  if (objective.kind === 'availability') {
    const total = ctx.aggregate('http_requests_total', 'sum', rate);
    const errors = ctx.aggregate('http_requests_total', 'sum', rate, { outcome: 'server_error' });
    return { bad: `(${errors} or ${total} * 0)`, total };
  }
  const total = ctx.aggregate(LATENCY_HISTOGRAM, 'sum', rate, { part: 'count' });
  const good = ctx.aggregate(LATENCY_HISTOGRAM, 'sum', rate, { part: 'bucket', le: objective.threshold ?? 0 });
  return { bad: `(${total} - ${good})`, total };
}

/** An objective's error ratio over a window (bad ÷ all requests): availability is the HTTP error rate. */
export function objectiveErrorRatioPromQL(
  objective: Pick<Objective, 'kind' | 'threshold'>,
  options: Partial<CatalogOptions>,
  window: string
): string {
  if (objective.kind === 'availability') {
    return buildPromQL('http_error_rate', { ...options, window });
  }
  const { bad, total } = objectivePromQL(objective, options, window);
  return `${bad} / ${total}`;
}

/* ------------------------------------------------------------ settings */

const FIELDS = ['enabled', 'target', 'period', 'threshold'] as const;

/**
 * Objectives from the settings (at `path`: `objectives` or `services.<name>.objectives`), each
 * field checked with a message that says what to enter; a latency threshold must be a bucket bound
 * of the request-duration histogram (`buckets`, in seconds), or the good requests cannot be counted.
 */
export function validateObjectives(
  raw: unknown,
  path: string,
  errors: FieldError[],
  buckets: readonly number[] = getMetric(LATENCY_HISTOGRAM).buckets ?? []
): ObjectivesSettings | undefined {
  if (!isRecord(raw)) {
    errors.push({
      field: path,
      message: `The objectives must be an object with availability and/or latency, got ${describe(raw)}.`,
    });
    return undefined;
  }
  const objectives: Partial<Record<ObjectiveKind, ObjectiveSettings>> = {};
  for (const [kind, own] of Object.entries(raw)) {
    const field = `${path}.${kind}`;
    if (!(OBJECTIVE_KINDS as readonly string[]).includes(kind)) {
      errors.push({ field, message: `"${kind}" is not an objective: use ${OBJECTIVE_KINDS.join(' or ')}.` });
      continue;
    }
    if (!isRecord(own)) {
      errors.push({
        field,
        message: `The ${kind} objective must be an object (enabled, target, period${kind === 'latency' ? ', threshold' : ''}), got ${describe(own)}.`,
      });
      continue;
    }
    const checked: { -readonly [K in keyof ObjectiveSettings]: ObjectiveSettings[K] } = {};
    for (const key of Object.keys(own)) {
      if (!(FIELDS as readonly string[]).includes(key) || (key === 'threshold' && kind !== 'latency')) {
        errors.push({
          field: `${field}.${key}`,
          message: `"${key}" is not a field of the ${kind} objective: use ${FIELDS.filter((f) => f !== 'threshold' || kind === 'latency').join(', ')}.`,
        });
      }
    }
    const { enabled, target, period, threshold } = own;
    if (enabled !== undefined) {
      if (typeof enabled === 'boolean') {
        checked.enabled = enabled;
      } else {
        errors.push({ field: `${field}.enabled`, message: `Enabled must be true or false, got ${describe(enabled)}.` });
      }
    }
    if (target !== undefined) {
      if (typeof target === 'number' && Number.isFinite(target) && target > 0 && target < 1) {
        checked.target = target;
      } else {
        errors.push({
          field: `${field}.target`,
          message: `The target is the share of good requests, between 0 and 1 exclusive (0.999 for 99.9 %), got ${describe(target)}.`,
        });
      }
    }
    if (period !== undefined) {
      if ((SLO_PERIODS as readonly unknown[]).includes(period)) {
        checked.period = period as SloPeriod;
      } else {
        errors.push({
          field: `${field}.period`,
          message: `The period must be ${SLO_PERIODS.join(' or ')}, got ${describe(period)}.`,
        });
      }
    }
    if (threshold !== undefined && kind === 'latency') {
      if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
        errors.push({
          field: `${field}.threshold`,
          message: `The latency threshold must be a positive number of seconds, got ${describe(threshold)}.`,
        });
      } else if (!buckets.some((b) => Math.abs(b - threshold) < 1e-9)) {
        errors.push({
          field: `${field}.threshold`,
          message: `The latency threshold ${formatSeconds(threshold)} is not a bucket bound of the request-duration histogram, so its good requests cannot be counted: use one of ${buckets.map(formatSeconds).join(', ')}.`,
        });
      } else {
        checked.threshold = threshold;
      }
    }
    if (Object.keys(checked).length > 0) {
      objectives[kind as ObjectiveKind] = checked;
    }
  }
  return Object.keys(objectives).length > 0 ? objectives : undefined;
}
