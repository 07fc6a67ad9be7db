/** Statistics of the middleware benchmark: pure, so they are tested apart from the servers. */

export const VARIANTS = ['bare', 'perfscope', 'perfscope-app', 'prom-bundle', 'empty-layer'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface SliceResult {
  variant: Variant;
  block: number;
  /** The round within the block. */
  cycle: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** The part of it spent in user space (JavaScript, V8, the HTTP parser), without the kernel's. */
  userMicrosPerRequest: number;
  errors: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Ranks (1-based, in sorted order) bounding a 95 % confidence interval of the median of n samples:
 * the order statistics k and n + 1 - k with P(Binomial(n, ½) < k) ≤ 2.5 %. Needs no assumption about
 * the distribution of the samples; undefined when n is too small (under 6).
 */
export function medianInterval(n: number): [number, number] | undefined {
  let cumulative = 0;
  let k = 0;
  // P(X ≤ k) for X ~ Binomial(n, ½), accumulated term by term: C(n, i) / 2^n.
  let term = Math.pow(0.5, n);
  for (let i = 0; i <= n; i++) {
    if (cumulative + term > 0.025) {
      break;
    }
    cumulative += term;
    k = i + 1;
    term = (term * (n - i)) / (i + 1);
  }
  return k >= 1 ? [k, n + 1 - k] : undefined;
}

export interface MiddlewareSummary {
  variant: Variant;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** Median over rounds of this variant's CPU per request ÷ bare's in the same round. */
  cpuRatioVsBare: number;
  /** 95 % confidence interval of that median. */
  cpuRatioInterval?: [number, number];
  /**
   * The same median within each block (one set of fresh processes), in block order: how much of the
   * spread is the luck of a process's layout rather than of the moment.
   */
  blockRatios: number[];
  throughputRatioVsBare: number;
}

/** Per variant: medians, and ratios to bare paired by round (`cycle`) within a block. */
export function summarize(slices: SliceResult[]): MiddlewareSummary[] {
  const key = (r: SliceResult) => `${r.block}/${r.cycle}`;
  const bare = new Map(slices.filter((r) => r.variant === 'bare').map((r) => [key(r), r]));
  return VARIANTS.map((variant) => {
    const rs = slices.filter((r) => r.variant === variant && bare.has(key(r)));
    const cpuRatios = rs.map((r) => r.cpuMicrosPerRequest / bare.get(key(r))!.cpuMicrosPerRequest);
    const sorted = [...cpuRatios].sort((a, b) => a - b);
    const ranks = medianInterval(sorted.length);
    const blocks = [...new Set(rs.map((r) => r.block))].sort((a, b) => a - b);
    return {
      variant,
      requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
      p50Ms: median(rs.map((r) => r.p50Ms)),
      p99Ms: median(rs.map((r) => r.p99Ms)),
      cpuMicrosPerRequest: median(rs.map((r) => r.cpuMicrosPerRequest)),
      cpuRatioVsBare: median(cpuRatios),
      ...(ranks ? { cpuRatioInterval: [sorted[ranks[0] - 1], sorted[ranks[1] - 1]] as [number, number] } : {}),
      blockRatios: blocks.map((b) => median(cpuRatios.filter((_, i) => rs[i].block === b))),
      throughputRatioVsBare: median(rs.map((r) => r.requestsPerSecond / bare.get(key(r))!.requestsPerSecond)),
    };
  });
}
