/**
 * The health score: one 0–100 number with a grade, from the same thresholds the alerts use.
 *
 * Component score: a continuous, direction-aware curve through four points of the signal's value:
 *   healthy → 100, warning → 70, critical → 50, zero point → 0, straight lines between them,
 *   100 on the good side of `healthy`, 0 beyond the zero point.
 *   - healthy: half-way from the best possible value of the signal's unit (0 for "higher is worse",
 *     the top of the range for "lower is worse", e.g. 100 % for a hit ratio) to the first threshold;
 *   - zero point: one more warning-to-critical step beyond critical (error rate 5 %/10 % → 15 %),
 *     never past the worst possible value;
 *   - a signal with one level only: no warning point (healthy → critical is one line), or a critical
 *     at twice the warning's distance from zero; the step is then the threshold's own size.
 * Composite: Σ weight·score / Σ weight over the components that have data; a component without data
 * is reported, never counted as healthy. Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 50, F below.
 * The same arithmetic is emitted as PromQL (`healthScorePromQL`), in the same order, so Prometheus
 * and this module give the same number for the same inputs.
 */
import { createContext } from './promql';
import { resolveOptions } from './options';
import { findSignalIn, healthComponentsOf } from './custom';
import {
  type PerfscopeSettings,
  type ServiceScope,
  effectiveThresholds,
  scopeMatchers,
  serviceLabelOf,
  serviceThresholds,
  servicesWithOwnLevels,
} from './settings';
import { type ApdexTarget, DEFAULT_APDEX_T, apdexTarget } from './apdex';
import { formatNumber } from './number';
import { valueRange } from './thresholds';
import type { CatalogOptions, Direction, SignalDef, Thresholds } from './types';

/** The score at each point of the curve. */
export const CURVE_SCORES = { healthy: 100, warning: 70, critical: 50, zero: 0 } as const;

/** One straight piece of the curve: `points` are lost between `from` and `to`. */
export interface CurveSegment {
  readonly from: number;
  readonly to: number;
  /** `to − from`, as a literal (0 for a step at `from`). */
  readonly span: number;
  readonly points: number;
}

/** A component's scoring curve, from its thresholds. */
export interface ScoreCurve {
  readonly direction: Direction;
  readonly healthy: number;
  readonly warning?: number;
  readonly critical: number;
  readonly zero: number;
  readonly segments: readonly CurveSegment[];
}

export type CurveCheck = { ok: true; curve: ScoreCurve } | { ok: false; message: string };

/** Rounds like the PromQL literal, so both sides compute with the same numbers. */
const lit = (n: number) => Number(formatNumber(n));

/**
 * The scoring curve of a signal under thresholds (the signal's own unless given), or why there is
 * none: no thresholds, a level that is not a finite number, or warning and critical inverted.
 */
export function scoreCurve(signal: SignalDef, thresholds: Thresholds | undefined = signal.thresholds): CurveCheck {
  if (!thresholds || (thresholds.warning === undefined && thresholds.critical === undefined)) {
    return { ok: false, message: `${signal.title} has no warning or critical threshold to score against.` };
  }
  const { direction } = thresholds;
  for (const level of ['warning', 'critical'] as const) {
    const v = thresholds[level];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      return { ok: false, message: `${signal.title}: the ${level} threshold is ${String(v)}, not a finite number.` };
    }
  }
  const sign = direction === 'above' ? 1 : -1;
  const { warning } = thresholds;
  if (warning !== undefined && thresholds.critical !== undefined && sign * (thresholds.critical - warning) <= 0) {
    const worse = direction === 'above' ? 'higher' : 'lower';
    return {
      ok: false,
      message: `${signal.title}: thresholds are inverted (warning ${warning}, critical ${thresholds.critical}); where ${worse} is worse, critical must be ${worse} than warning.`,
    };
  }
  const [min, max] = valueRange(signal);
  const best = direction === 'above' ? min : max;
  const worst = direction === 'above' ? max : min;
  const first = (warning ?? thresholds.critical) as number;
  if (sign * (first - best) < 0) {
    return {
      ok: false,
      message: `${signal.title}: the threshold ${first} lies outside the values the signal can take (${min} to ${max}).`,
    };
  }
  const single = warning === undefined || thresholds.critical === undefined;
  const step = single ? Math.abs(first) || 1 : Math.abs(thresholds.critical! - warning);
  const critical = thresholds.critical ?? warning! + sign * step;
  // Half-way from the best possible value to the first threshold; one step before it when the range
  // has no end on the good side.
  const healthy = Number.isFinite(best) ? lit((best + first) / 2) : lit(first - sign * step);
  const beyond = critical + sign * step;
  const zero = lit(sign * (beyond - worst) > 0 ? worst : beyond);
  const segment = (from: number, to: number, points: number): CurveSegment => ({
    from: lit(from),
    to: lit(to),
    span: lit(lit(to) - lit(from)),
    points,
  });
  const segments =
    warning === undefined
      ? [segment(healthy, critical, 50), segment(critical, zero, 50)]
      : [segment(healthy, warning, 30), segment(warning, critical, 20), segment(critical, zero, 50)];
  if (segments.every((s) => s.span === 0)) {
    return { ok: false, message: `${signal.title}: the thresholds leave no range to score in.` };
  }
  return {
    ok: true,
    curve: {
      direction,
      healthy,
      warning: warning === undefined ? undefined : lit(warning),
      critical: lit(critical),
      zero,
      segments,
    },
  };
}

const clamp01 = (x: number) => Math.min(Math.max(x, 0), 1);

/**
 * A component's score, 0–100, for a value; undefined (no data) for null, undefined or NaN.
 * ±Infinity score like any value beyond the ends of the curve.
 */
export function componentScore(value: number | null | undefined, curve: ScoreCurve): number | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return undefined;
  }
  let score: number = CURVE_SCORES.healthy;
  for (const s of curve.segments) {
    const lost =
      s.span === 0
        ? (curve.direction === 'above' ? value > s.from : value < s.from)
          ? 1
          : 0
        : clamp01((value - s.from) / s.span);
    score = score - s.points * lost;
  }
  return score;
}

/* -------------------------------------------------------------- composite */

/** Grade boundaries: the lowest score of each grade; below D is F. */
export interface GradeBoundaries {
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly D: number;
}

export const DEFAULT_GRADES: GradeBoundaries = { A: 90, B: 80, C: 70, D: 50 };

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** The grade of a score. */
export function grade(score: number, boundaries: GradeBoundaries = DEFAULT_GRADES): Grade {
  if (score >= boundaries.A) {
    return 'A';
  }
  if (score >= boundaries.B) {
    return 'B';
  }
  if (score >= boundaries.C) {
    return 'C';
  }
  return score >= boundaries.D ? 'D' : 'F';
}

/** Why grade boundaries cannot be used, or undefined when they can. */
export function checkGrades(boundaries: GradeBoundaries): string | undefined {
  const values = [boundaries.A, boundaries.B, boundaries.C, boundaries.D];
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100)) {
    return `Grade boundaries must be numbers from 0 to 100, got A ${boundaries.A}, B ${boundaries.B}, C ${boundaries.C}, D ${boundaries.D}.`;
  }
  if (!(values[0] > values[1] && values[1] > values[2] && values[2] > values[3])) {
    return `Grade boundaries must fall from A to D (A > B > C > D), got A ${boundaries.A}, B ${boundaries.B}, C ${boundaries.C}, D ${boundaries.D}.`;
  }
  return undefined;
}

/** One component's input to the composite. */
export interface WeightedScore {
  readonly id: string;
  readonly weight: number;
  /** 0–100, undefined for no data. */
  readonly score: number | undefined;
}

export interface CompositeResult {
  /** 0–100, undefined when no weighted component has data. */
  readonly score: number | undefined;
  /** Σ weight of the components with data (the renormalisation divisor). */
  readonly weightWithData: number;
  /** Points each component with data takes off 100: weight·(100 − score) / Σ weight. */
  readonly cost: Readonly<Record<string, number>>;
  /** Components with a weight but no data. */
  readonly missing: readonly string[];
}

/**
 * Weighted mean of the components that have data (weights renormalised over them). A component with
 * weight 0 is left out; one without data is listed in `missing`, never counted as healthy.
 * Weights must be finite and ≥ 0 (see healthScoreConfig for the checks with messages).
 */
export function composite(parts: readonly WeightedScore[]): CompositeResult {
  let weighted = 0;
  let weightWithData = 0;
  const missing: string[] = [];
  for (const p of parts) {
    if (!(p.weight > 0)) {
      continue;
    }
    if (p.score === undefined || Number.isNaN(p.score)) {
      missing.push(p.id);
      continue;
    }
    weighted = weighted + p.weight * p.score;
    weightWithData = weightWithData + p.weight;
  }
  const cost: Record<string, number> = {};
  if (weightWithData > 0) {
    for (const p of parts) {
      if (p.weight > 0 && p.score !== undefined && !Number.isNaN(p.score)) {
        cost[p.id] = (p.weight * (CURVE_SCORES.healthy - p.score)) / weightWithData;
      }
    }
  }
  return { score: weightWithData > 0 ? weighted / weightWithData : undefined, weightWithData, cost, missing };
}

/* ----------------------------------------------------- configuration */

/** A component as the score uses it: signal, weight and curve. */
export interface ScoreComponent {
  readonly signal: SignalDef;
  readonly weight: number;
  readonly thresholds: Thresholds;
  readonly curve: ScoreCurve;
}

export interface HealthScoreConfig {
  /** Components with a weight above 0, in HEALTH_COMPONENTS order, then the custom ones (or those asked for). */
  readonly components: readonly ScoreComponent[];
  readonly apdex: ApdexTarget;
}

/** What may override the app settings (a panel's own options). */
export interface HealthScoreOverrides {
  /** Component ids to score (default: HEALTH_COMPONENTS). */
  readonly components?: readonly string[];
  /** Weights by component id, over the settings' and the catalog's. */
  readonly weights?: Readonly<Record<string, number>>;
  /** Thresholds by component id, over the settings' and the catalog's (direction stays the signal's). */
  readonly thresholds?: Readonly<Record<string, { warning?: number; critical?: number }>>;
  readonly apdexT?: number;
  /** Score one service: its own levels (settings `services`) over the settings'. */
  readonly service?: string;
}

export type HealthScoreConfigCheck = { ok: true; config: HealthScoreConfig } | { ok: false; errors: string[] };

/**
 * The components, weights, curves and Apdex target the score uses: catalog defaults, then the app
 * settings, then overrides. Returns every problem with a message: unknown component, a weight that
 * is negative or not a number, all weights zero, missing or inverted thresholds, an unusable Apdex T.
 */
export function healthScoreConfig(
  settings?: PerfscopeSettings,
  overrides: HealthScoreOverrides = {}
): HealthScoreConfigCheck {
  const errors: string[] = [];
  const defaults = healthComponentsOf(settings);
  const defaultWeight = (id: string) => defaults.find((c) => c.signal === id)?.weight;
  const ids = overrides.components ?? defaults.map((c) => c.signal);
  const components: ScoreComponent[] = [];
  for (const id of ids) {
    const signal = findSignalIn(id, settings);
    if (!signal) {
      errors.push(`Unknown health component "${id}": it is not a Perfscope signal.`);
      continue;
    }
    const weight = overrides.weights?.[id] ?? settings?.health?.weights?.[id] ?? defaultWeight(id) ?? 1;
    if (typeof weight !== 'number' || Number.isNaN(weight)) {
      errors.push(`Weight of ${signal.title} is not a number (${String(weight)}): enter 0 or more.`);
      continue;
    }
    if (weight < 0 || !Number.isFinite(weight)) {
      errors.push(`Weight of ${signal.title} is ${weight}: weights must be 0 or more and finite.`);
      continue;
    }
    const base =
      overrides.service === undefined
        ? effectiveThresholds(signal, settings)
        : serviceThresholds(signal, overrides.service, settings);
    const own = overrides.thresholds?.[id];
    const thresholds: Thresholds | undefined = base && {
      ...base,
      ...(own?.warning !== undefined ? { warning: own.warning } : {}),
      ...(own?.critical !== undefined ? { critical: own.critical } : {}),
    };
    const check = scoreCurve(signal, thresholds);
    if (!check.ok) {
      errors.push(check.message);
      continue;
    }
    if (weight > 0) {
      components.push({ signal, weight, thresholds: thresholds!, curve: check.curve });
    }
  }
  if (errors.length === 0 && components.length === 0) {
    errors.push(
      ids.length === 0
        ? 'No health components are selected: turn at least one on.'
        : 'Every health component has weight 0: give at least one a weight above 0.'
    );
  }
  const apdexCheck = apdexTarget(overrides.apdexT ?? settings?.health?.apdexT ?? DEFAULT_APDEX_T);
  if (!apdexCheck.ok) {
    errors.push(apdexCheck.message);
  }
  if (errors.length > 0 || !apdexCheck.ok) {
    return { ok: false, errors };
  }
  return { ok: true, config: { components, apdex: apdexCheck.target } };
}

/* ------------------------------------------------------------ PromQL form */

/** The component score curve as PromQL over the value expression (the same sum, term by term). */
export function curvePromQL(valueExpr: string, curve: ScoreCurve): string {
  const terms = curve.segments.map((s) => {
    const fraction =
      s.span === 0
        ? `((${valueExpr}) ${curve.direction === 'above' ? '>' : '<'} bool ${formatNumber(s.from)})`
        : `clamp(((${valueExpr}) - ${formatNumber(s.from)}) / ${formatNumber(s.span)}, 0, 1)`;
    return ` - ${s.points} * ${fraction}`;
  });
  return `(${CURVE_SCORES.healthy}${terms.join('')})`;
}

/** A component's value expression, Apdex at the configuration's T. */
export function componentValuePromQL(
  component: ScoreComponent,
  apdexAt: Pick<ApdexTarget, 'requested'>,
  options?: Partial<CatalogOptions>
): string {
  return component.signal.promql(createContext(resolveOptions({ ...options, apdexT: apdexAt.requested })));
}

/**
 * The health score as one PromQL expression: Σ wᵢ·scoreᵢ / Σ wᵢ over the components with a value.
 * A component without data (no series, or NaN such as 0/0 without traffic) drops out of both sums
 * (`(… >= 0) or vector(0)`); with no component at all the result is empty, never 100.
 * Throws an Error listing every problem of the configuration (see healthScoreConfig).
 */
export function healthScorePromQL(settings?: PerfscopeSettings, options?: Partial<CatalogOptions>): string {
  const check = healthScoreConfig(settings);
  if (!check.ok) {
    throw new Error(`Cannot build the health score: ${check.errors.join(' ')}`);
  }
  return compositePromQL(check.config, options);
}

/** The composite PromQL for a resolved configuration. */
export function compositePromQL(config: HealthScoreConfig, options?: Partial<CatalogOptions>): string {
  const scores = config.components.map((c) => ({
    weight: formatNumber(c.weight),
    score: `(${curvePromQL(componentValuePromQL(c, config.apdex, options), c.curve)} >= 0)`,
  }));
  const numerator = scores.map((s) => `(${s.weight} * ${s.score} or vector(0))`).join(' + ');
  const denominator = scores.map((s) => `(0 * ${s.score} + ${s.weight} or vector(0))`).join(' + ');
  return `(${numerator}) / ((${denominator}) > 0)`;
}

/** The recorded score (0–100) of one health component, per service. */
export const componentRecord = (signalId: string) => `perfscope:health_component:${signalId}`;
/** 0 for every service with at least one component: what a missing component counts as. */
export const HEALTH_PRESENT = 'perfscope:health_present';

/**
 * The health score per service as recording rules, in evaluation order (one group): each
 * component's score, the services that have any (`perfscope:health_present`), then
 * `perfscope:health_score` = Σ wᵢ·scoreᵢ / Σ wᵢ over each service's components. A component a service
 * lacks drops out of both sums for that service (`or perfscope:health_present`), as in the panel.
 * A service with levels of its own for a component is scored on its own curve (the settings'
 * `services`), every other service on the settings' curve.
 * `options` keep the service label (perServiceOptions); the fleet's score is the worst service's.
 */
export function healthScoreRecordingRules(
  settings?: PerfscopeSettings,
  options?: Partial<CatalogOptions>
): Array<{ record: string; expr: string }> {
  const check = healthScoreConfig(settings);
  if (!check.ok) {
    throw new Error(`Cannot build the health score: ${check.errors.join(' ')}`);
  }
  const { components, apdex } = check.config;
  const label = serviceLabelOf(settings);
  const scoped = (c: ScoreComponent, scope: ServiceScope) => {
    const matchers = [...(options?.matchers ?? []), ...scopeMatchers(scope, label)];
    return `(${curvePromQL(componentValuePromQL(c, apdex, { ...options, matchers }), c.curve)} >= 0)`;
  };
  const parts = components.map((c) => {
    const own = servicesWithOwnLevels(c.signal.id, settings);
    const perService = own.map((service) => {
      const config = healthScoreConfig(settings, { service });
      const mine = config.ok ? config.config.components.find((x) => x.signal.id === c.signal.id) : undefined;
      if (!mine) {
        throw new Error(
          `Cannot build the health score of ${service}: ${config.ok ? `no ${c.signal.title} component` : config.errors.join(' ')}`
        );
      }
      return scoped(mine, { only: service });
    });
    return {
      record: componentRecord(c.signal.id),
      expr: [scoped(c, { except: own }), ...perService].join(' or '),
      weight: formatNumber(c.weight),
    };
  });
  const numerator = parts.map((p) => `(${p.weight} * ${p.record} or ${HEALTH_PRESENT})`).join(' + ');
  const denominator = parts.map((p) => `(0 * ${p.record} + ${p.weight} or ${HEALTH_PRESENT})`).join(' + ');
  return [
    ...parts.map(({ record, expr }) => ({ record, expr })),
    { record: HEALTH_PRESENT, expr: parts.map((p) => `0 * ${p.record}`).join(' or ') },
    { record: 'perfscope:health_score', expr: `(${numerator}) / ((${denominator}) > 0)` },
  ];
}

/** The recording rule the dashboards and alerts read (`perfscope:health_score`). */
export function healthScoreRecordingRule(
  settings?: PerfscopeSettings,
  options?: Partial<CatalogOptions>
): { record: 'perfscope:health_score'; expr: string } {
  return { record: 'perfscope:health_score', expr: healthScorePromQL(settings, options) };
}
