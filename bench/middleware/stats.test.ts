import { type SliceResult, type Variant, medianInterval, summarize } from './stats';

describe('medianInterval', () => {
  it('gives the order statistics of the distribution-free 95 % interval of a median', () => {
    // P(Binomial(n, ½) ≤ k - 1) ≤ 2.5 % < P(≤ k): the ranks printed in sign-test tables.
    expect(medianInterval(6)).toEqual([1, 6]);
    expect(medianInterval(10)).toEqual([2, 9]);
    expect(medianInterval(48)).toEqual([17, 32]);
    expect(medianInterval(60)).toEqual([22, 39]);
  });

  it('has no interval for fewer than six samples', () => {
    expect(medianInterval(5)).toBeUndefined();
    expect(medianInterval(0)).toBeUndefined();
  });
});

describe('summarize', () => {
  const slice = (variant: Variant, cycle: number, cpu: number, rps = 2000, block = 1): SliceResult => ({
    variant,
    block,
    cycle,
    requests: rps * 2,
    requestsPerSecond: rps,
    p50Ms: 2,
    p99Ms: 10,
    cpuMicrosPerRequest: cpu,
    userMicrosPerRequest: cpu * 0.8,
    errors: 0,
  });

  it('pairs each slice with bare of the same cycle, so drift between cycles cancels out', () => {
    // The machine's speed drifts by a factor of 2 across cycles; every variant costs a fixed share more.
    const speeds = [100, 200, 120, 180, 140, 160, 110, 190];
    const slices = speeds.flatMap((base, i) => [
      slice('bare', i + 1, base),
      slice('perfscope', i + 1, base * 1.02),
      slice('perfscope-app', i + 1, base * 1.01, 1990),
      slice('prom-bundle', i + 1, base * 1.2, 1600),
    ]);
    const summary = Object.fromEntries(summarize(slices).map((s) => [s.variant, s]));
    expect(summary.perfscope.cpuRatioVsBare).toBeCloseTo(1.02, 10);
    expect(summary['perfscope-app'].cpuRatioVsBare).toBeCloseTo(1.01, 10);
    expect(summary['prom-bundle'].cpuRatioVsBare).toBeCloseTo(1.2, 10);
    expect(summary['prom-bundle'].cpuRatioInterval?.map((x) => x.toFixed(6))).toEqual(['1.200000', '1.200000']);
    expect(summary['prom-bundle'].throughputRatioVsBare).toBeCloseTo(0.8, 10);
    // The cost itself is the plain median over slices.
    expect(summary.bare.cpuMicrosPerRequest).toBe(150);
  });

  it('bounds the median ratio by the interval of the sorted ratios', () => {
    const ratios = [0.9, 1.3, 1.0, 1.05, 0.95, 1.1, 1.02, 0.98, 1.2, 1.01];
    const slices = ratios.flatMap((r, i) => [slice('bare', i + 1, 100), slice('perfscope', i + 1, 100 * r)]);
    const perfscope = summarize(slices).find((s) => s.variant === 'perfscope')!;
    expect(perfscope.cpuRatioVsBare).toBeCloseTo(1.015, 10);
    // n = 10: the 2nd and 9th smallest ratios.
    expect(perfscope.cpuRatioInterval).toEqual([0.95, 1.2]);
  });

  it('gives the median ratio of each block of fresh processes apart', () => {
    // Block 2's perfscope process was laid out worse: 8 % instead of 2 %.
    const slices = [1, 2].flatMap((block) =>
      [1, 2, 3].flatMap((cycle) => [
        slice('bare', cycle, 100 + cycle, 2000, block),
        slice('perfscope', cycle, (100 + cycle) * (block === 1 ? 1.02 : 1.08), 2000, block),
      ])
    );
    const perfscope = summarize(slices).find((s) => s.variant === 'perfscope')!;
    expect(perfscope.blockRatios.map((r) => r.toFixed(3))).toEqual(['1.020', '1.080']);
    expect(perfscope.cpuRatioVsBare).toBeCloseTo(1.05, 10);
  });
});
