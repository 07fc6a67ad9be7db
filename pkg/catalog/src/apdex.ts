/**
 * Apdex of HTTP requests: T (a catalog option, `apdexT`) resolved against the request-duration
 * histogram's bucket boundaries, Apdex from counts or cumulative buckets, and its PromQL.
 */
import { getMetric } from './metrics';
import { formatNumber } from './number';
import type { PromQLContext } from './types';

/** Default Apdex target T in seconds: a bucket boundary of the request-duration histogram, and so is 4T. */
export const DEFAULT_APDEX_T = 0.5;

/**
 * A `le` matcher for a bucket boundary. Prometheus 3 writes whole-number boundaries as `2.0` where
 * older servers and client libraries write `2`: both spellings match.
 */
export function leMatcher(bound: number): string {
  const text = formatNumber(bound);
  return Number.isInteger(bound) ? `le=~"${text}|${text}[.]0"` : `le="${text}"`;
}

/**
 * Apdex of HTTP requests from the duration histogram, for bucket boundaries `t` and `fourT`:
 * (satisfied + tolerating / 2) / total, with satisfied = bucket(t) and tolerating = bucket(fourT) −
 * bucket(t), i.e. (bucket(t) + bucket(fourT)) / 2 / count. Both bucket terms are halved: halving only
 * the 4T term counts the satisfied requests one and a half times.
 */
export function apdexExpr(ctx: PromQLContext, t: number, fourT: number): string {
  const metric = 'http_request_duration_seconds';
  const rate = (selector: string) => `rate(${selector}[${ctx.window}])`;
  const at = (le: number) => ctx.aggregate(metric, 'sum', rate, { part: 'bucket', le });
  return `(${at(t)} + ${at(fourT)}) / 2 / ${ctx.aggregate(metric, 'sum', rate, { part: 'count' })}`;
}

/** The bucket boundaries Apdex is computed at, and what differs from the T asked for. */
export interface ApdexTarget {
  /** T asked for, seconds. */
  readonly requested: number;
  /** Boundary used for "satisfied" (≤ T). */
  readonly t: number;
  /** Boundary used for "tolerating" (≤ 4T). */
  readonly fourT: number;
  /** Sentences saying where T or 4T is not a bucket boundary and which boundary was used instead. */
  readonly notes: readonly string[];
}

export type ApdexTargetCheck = { ok: true; target: ApdexTarget } | { ok: false; message: string };

/**
 * Resolves an Apdex T against bucket boundaries (the request-duration histogram's by default).
 * Apdex needs cumulative counts at T and 4T: when one is not a boundary, the largest boundary below
 * it is used (never counting a slower request as faster), and a note says so.
 */
export function apdexTarget(
  requested: number = DEFAULT_APDEX_T,
  buckets: readonly number[] = getMetric('http_request_duration_seconds').buckets ?? []
): ApdexTargetCheck {
  if (typeof requested !== 'number' || !Number.isFinite(requested) || requested <= 0) {
    return { ok: false, message: `Apdex T must be a positive number of seconds, got ${String(requested)}.` };
  }
  if (buckets.length === 0 || requested < buckets[0]) {
    return {
      ok: false,
      message: `Apdex T ${requested} s is below the smallest bucket boundary (${buckets[0]} s): Apdex cannot be computed from this histogram.`,
    };
  }
  const notes: string[] = [];
  const pick = (wanted: number, name: string) => {
    const exact = buckets.find((b) => Math.abs(b - wanted) < 1e-9);
    if (exact !== undefined) {
      return exact;
    }
    const below = buckets.filter((b) => b < wanted);
    const used = below[below.length - 1];
    notes.push(
      `${name} = ${formatNumber(wanted)} s is not a bucket boundary (${buckets.join(', ')}); ${used} s is used instead.`
    );
    return used;
  };
  const t = pick(requested, 'T');
  const fourT = pick(4 * requested, '4T');
  return { ok: true, target: { requested, t, fourT, notes } };
}

/** Apdex from counts: (satisfied + tolerating / 2) / total; undefined when there were no requests. */
export function apdex(counts: { satisfied: number; tolerating: number; total: number }): number | undefined {
  return counts.total > 0 ? (counts.satisfied + counts.tolerating / 2) / counts.total : undefined;
}

/** One cumulative histogram bucket: requests at or below `le` seconds. */
export interface Bucket {
  readonly le: number;
  readonly count: number;
}

/**
 * Apdex from cumulative bucket counts (as Prometheus exposes them, `+Inf` bucket = total):
 * satisfied = bucket(T), tolerating = bucket(4T) − bucket(T). T and 4T must be boundaries
 * (see apdexTarget); undefined when a boundary is missing or there were no requests.
 */
export function apdexFromBuckets(
  buckets: readonly Bucket[],
  target: Pick<ApdexTarget, 't' | 'fourT'>
): number | undefined {
  const at = (le: number) => buckets.find((b) => b.le === le || Math.abs(b.le - le) < 1e-9)?.count;
  const satisfied = at(target.t);
  const withinFourT = at(target.fourT);
  const total = at(Infinity);
  if (satisfied === undefined || withinFourT === undefined || total === undefined) {
    return undefined;
  }
  return apdex({ satisfied, tolerating: withinFourT - satisfied, total });
}

/**
 * Why T cannot be saved as the app's Apdex T, or undefined when it can: the settings take only a T
 * whose T and 4T are both bucket boundaries of the request-duration histogram, so Apdex is exact.
 */
export function apdexSettingProblem(
  t: unknown,
  buckets: readonly number[] = getMetric('http_request_duration_seconds').buckets ?? []
): string | undefined {
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
    return undefined;
  }
  const has = (b: number) => buckets.some((x) => Math.abs(x - b) < 1e-9);
  if (has(t) && has(t * 4)) {
    return undefined;
  }
  const usable = buckets.filter((b) => b > 0 && has(b * 4));
  if (usable.length === 0) {
    // No boundary pair at all (express-prom-bundle's six buckets): the nearest boundaries below serve.
    const check = apdexTarget(t, buckets);
    return check.ok ? undefined : check.message;
  }
  return `Apdex T and 4T must both be bucket boundaries of the request-duration histogram; ${t} s does not work. Use one of: ${usable.map((b) => formatNumber(b)).join(', ')} s.`;
}
