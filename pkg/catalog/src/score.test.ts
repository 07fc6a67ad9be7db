import {
  HEALTH_COMPONENTS,
  apdex,
  apdexFromBuckets,
  buildPromQL,
  apdexTarget,
  checkGrades,
  componentScore,
  composite,
  getMetric,
  getSignal,
  grade,
  healthScoreConfig,
  healthScorePromQL,
  healthScoreRecordingRule,
  scoreCurve,
  type ScoreCurve,
  type SignalDef,
  HEALTH_PRESENT,
  componentRecord,
  healthScoreRecordingRules,
  perServiceOptions,
  validateSettings,
} from '.';

const curveOf = (id: string, thresholds?: SignalDef['thresholds']): ScoreCurve => {
  const check = scoreCurve(getSignal(id), thresholds ?? getSignal(id).thresholds);
  if (!check.ok) {
    throw new Error(check.message);
  }
  return check.curve;
};
const score = (id: string, value: number | null | undefined) => componentScore(value, curveOf(id));

describe('componentScore, higher is worse (HTTP error rate: warning 5 %, critical 10 %)', () => {
  it.each([
    [0, 100],
    [0.01, 100],
    [0.025, 100], // healthy: half-way from 0 to warning
    [0.0375, 85],
    [0.05, 70], // warning
    [0.075, 60],
    [0.1, 50], // critical
    [0.125, 25],
    [0.15, 0], // zero point: critical + (critical − warning)
    [0.3, 0],
    [1, 0],
    [Infinity, 0],
  ])('%p scores %p', (value, expected) => {
    expect(score('http_error_rate', value)).toBeCloseTo(expected, 10);
  });

  it('is continuous at every point and never rises as the value worsens', () => {
    const curve = curveOf('http_error_rate');
    for (const point of [0.025, 0.05, 0.1, 0.15]) {
      expect(Math.abs(componentScore(point - 1e-9, curve)! - componentScore(point + 1e-9, curve)!)).toBeLessThan(1e-3);
    }
    let previous = 100;
    for (let v = 0; v <= 0.2; v += 0.001) {
      const s = componentScore(v, curve)!;
      expect(s).toBeLessThanOrEqual(previous + 1e-12);
      previous = s;
    }
  });
});

describe('componentScore, lower is worse (cache hit ratio: warning 80 %, critical 50 %)', () => {
  it.each([
    [1, 100],
    [0.95, 100],
    [0.9, 100], // healthy: half-way from 100 % to warning
    [0.85, 85],
    [0.8, 70],
    [0.65, 60],
    [0.5, 50],
    [0.35, 25],
    [0.2, 0],
    [0, 0],
    [-Infinity, 0],
  ])('%p scores %p', (value, expected) => {
    expect(score('cache_hit_ratio', value)).toBeCloseTo(expected, 10);
  });

  it('scores a value better than the best possible (above 100 %) as 100', () => {
    expect(score('cache_hit_ratio', 1.5)).toBe(100);
    expect(score('cache_hit_ratio', Infinity)).toBe(100);
  });
});

describe('componentScore with one level', () => {
  it('DB connections up (critical below 1, a 0/1 signal): up is 100, down is 0', () => {
    expect(score('db_up', 1)).toBe(100);
    expect(score('db_up', 0)).toBe(0);
    expect(score('db_up', 0.5)).toBe(25);
  });

  it('warning only (LCP p75 2.5 s): critical at twice the warning, zero at three times', () => {
    const curve = curveOf('web_vitals_lcp_p75');
    expect([curve.healthy, curve.warning, curve.critical, curve.zero]).toEqual([1.25, 2.5, 5, 7.5]);
    expect(componentScore(2.5, curve)).toBe(70);
    expect(componentScore(5, curve)).toBe(50);
    expect(componentScore(7.5, curve)).toBe(0);
  });

  it('critical only, higher is worse: healthy to critical in one line', () => {
    const curve = curveOf('http_latency_p95', { critical: 2, direction: 'above', for: '5m' });
    expect([curve.healthy, curve.warning, curve.critical, curve.zero]).toEqual([1, undefined, 2, 4]);
    expect(componentScore(1.5, curve)).toBe(75);
    expect(componentScore(2, curve)).toBe(50);
    expect(componentScore(3, curve)).toBe(25);
  });
});

describe('componentScore without a value', () => {
  it.each([[undefined], [null], [NaN]])('%p is no data, never 100', (value) => {
    expect(score('http_error_rate', value)).toBeUndefined();
  });
});

describe('scoreCurve', () => {
  it('uses the admin thresholds given', () => {
    const curve = curveOf('http_latency_p95', { warning: 0.5, critical: 1.5, direction: 'above', for: '5m' });
    expect([curve.healthy, curve.warning, curve.critical, curve.zero]).toEqual([0.25, 0.5, 1.5, 2.5]);
  });

  it('stops the zero point at the worst possible value', () => {
    const curve = curveOf('cache_hit_ratio', { warning: 0.8, critical: 0.3, direction: 'below', for: '5m' });
    expect(curve.zero).toBe(0);
    expect(componentScore(0, curveOf('cache_hit_ratio', curve as never))).toBeDefined();
  });

  it.each([
    [
      'http_error_rate',
      { warning: 0.1, critical: 0.05 },
      /inverted \(warning 0.1, critical 0.05\).*critical must be higher/,
    ],
    ['http_error_rate', { warning: 0.05, critical: 0.05 }, /inverted/],
    ['cache_hit_ratio', { warning: 0.5, critical: 0.8 }, /inverted.*critical must be lower/],
    ['http_error_rate', { warning: NaN, critical: 0.1 }, /warning threshold is NaN, not a finite number/],
    ['http_error_rate', { warning: 0.05, critical: Infinity }, /critical threshold is Infinity/],
    ['http_error_rate', { warning: -0.1, critical: 0.1 }, /outside the values the signal can take/],
  ])('rejects %s with %p', (id, levels, message) => {
    const signal = getSignal(id);
    const check = scoreCurve(signal, { ...signal.thresholds!, ...levels });
    expect(check).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('rejects a signal without thresholds', () => {
    expect(scoreCurve(getSignal('http_request_rate'))).toEqual({
      ok: false,
      message: 'HTTP request rate has no warning or critical threshold to score against.',
    });
  });
});

describe('Apdex', () => {
  const HTTP = getMetric('http_request_duration_seconds').buckets!;

  /** Cumulative buckets as a Prometheus histogram exposes them, from individual durations. */
  const bucketsOf = (durations: number[]) =>
    [...HTTP, Infinity].map((le) => ({ le, count: durations.filter((d) => d <= le).length }));

  it('is (satisfied + tolerating / 2) / total', () => {
    expect(apdex({ satisfied: 60, tolerating: 30, total: 100 })).toBe(0.75);
    expect(apdex({ satisfied: 0, tolerating: 0, total: 0 })).toBeUndefined();
  });

  it('from buckets counts requests ≤ T fully and T < d ≤ 4T half, boundaries included', () => {
    // 0.5 s and 2 s sit exactly on the boundaries T and 4T.
    const durations = [0.01, 0.2, 0.5, 0.6, 1.9, 2, 2.01, 4, 9, 30];
    const target = { t: 0.5, fourT: 2 };
    const satisfied = durations.filter((d) => d <= 0.5).length;
    const tolerating = durations.filter((d) => d > 0.5 && d <= 2).length;
    expect([satisfied, tolerating]).toEqual([3, 3]);
    expect(apdexFromBuckets(bucketsOf(durations), target)).toBe((3 + 3 / 2) / 10);
  });

  it('differs from the form that halves only the 4T bucket (which counts satisfied requests 1.5 times)', () => {
    const buckets = bucketsOf([0.1, 0.1, 0.1, 0.1, 1, 1, 3, 3]);
    const right = apdexFromBuckets(buckets, { t: 0.5, fourT: 2 })!;
    const b = (le: number) => buckets.find((x) => x.le === le)!.count;
    const wrong = (b(0.5) + b(2) / 2) / b(Infinity);
    expect(right).toBe(0.625);
    expect(wrong).toBe(0.875);
    expect(buildPromQL('http_apdex', { apdexT: 0.5 })).toBe(
      '(sum(rate(http_request_duration_seconds_bucket{le="0.5"}[5m])) + sum(rate(http_request_duration_seconds_bucket{le=~"2|2[.]0"}[5m]))) / 2 / sum(rate(http_request_duration_seconds_count[5m]))'
    );
  });

  it('is undefined when a boundary is missing from the buckets', () => {
    expect(apdexFromBuckets(bucketsOf([0.1]), { t: 0.3, fourT: 1.2 })).toBeUndefined();
  });

  it('uses T and 4T when both are bucket boundaries', () => {
    expect(apdexTarget(0.5)).toEqual({ ok: true, target: { requested: 0.5, t: 0.5, fourT: 2, notes: [] } });
    expect(apdexTarget(0.25)).toMatchObject({ ok: true, target: { t: 0.25, fourT: 1, notes: [] } });
  });

  it('says so when T or 4T is not a boundary, and uses the boundary below', () => {
    const check = apdexTarget(0.3);
    expect(check).toMatchObject({ ok: true, target: { requested: 0.3, t: 0.25, fourT: 1 } });
    expect(check.ok && check.target.notes).toEqual([
      expect.stringMatching(/^T = 0.3 s is not a bucket boundary .*; 0.25 s is used instead\.$/),
      expect.stringMatching(/^4T = 1.2 s is not a bucket boundary .*; 1 s is used instead\.$/),
    ]);
    expect(apdexTarget(0.75)).toMatchObject({ ok: true, target: { t: 0.75, fourT: 3, notes: [] } });
    expect(apdexTarget(1.5)).toMatchObject({ ok: true, target: { t: 1.5, fourT: 5, notes: [expect.any(String)] } });
  });

  it.each([[0], [-1], [NaN], [Infinity], [0.001]])('rejects T = %p with a message', (t) => {
    expect(apdexTarget(t)).toEqual({ ok: false, message: expect.stringMatching(/Apdex T/) });
  });

  it('builds label-mapped, prefixed PromQL', () => {
    expect(
      buildPromQL('http_apdex', {
        apdexT: 0.25,
        prefix: 'shop_',
        matchers: [{ label: 'job', op: '=', value: 'api' }],
      })
    ).toBe(
      '(sum(rate(shop_http_request_duration_seconds_bucket{job="api",le="0.25"}[5m])) + sum(rate(shop_http_request_duration_seconds_bucket{job="api",le=~"1|1[.]0"}[5m]))) / 2 / sum(rate(shop_http_request_duration_seconds_count{job="api"}[5m]))'
    );
  });
});

describe('composite', () => {
  it('is the weighted mean of the components with data', () => {
    const result = composite([
      { id: 'a', weight: 3, score: 0 },
      { id: 'b', weight: 1, score: 100 },
    ]);
    expect(result.score).toBe(25);
    expect(result.cost).toEqual({ a: 75, b: 0 });
    expect(result.missing).toEqual([]);
  });

  it('renormalises over the components with data and reports the others as missing', () => {
    const result = composite([
      { id: 'a', weight: 3, score: 50 },
      { id: 'b', weight: 1, score: undefined },
      { id: 'c', weight: 1, score: NaN },
    ]);
    expect(result).toEqual({ score: 50, weightWithData: 3, cost: { a: 50 }, missing: ['b', 'c'] });
  });

  it('has no score when no weighted component has data (never 100 by default)', () => {
    expect(composite([{ id: 'a', weight: 1, score: undefined }]).score).toBeUndefined();
    expect(composite([]).score).toBeUndefined();
  });

  it('leaves out components with weight 0, with or without data', () => {
    const result = composite([
      { id: 'a', weight: 0, score: 0 },
      { id: 'b', weight: 0, score: undefined },
      { id: 'c', weight: 2, score: 80 },
    ]);
    expect(result).toEqual({ score: 80, weightWithData: 2, cost: { c: 20 }, missing: [] });
  });

  it('costs add up to what the score lost', () => {
    const result = composite([
      { id: 'a', weight: 3, score: 12.5 },
      { id: 'b', weight: 0.5, score: 70 },
      { id: 'c', weight: 1, score: 99 },
    ]);
    const lost = Object.values(result.cost).reduce((a, b) => a + b, 0);
    expect(lost).toBeCloseTo(100 - result.score!, 10);
  });
});

describe('grade', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89.999, 'B'],
    [80, 'B'],
    [79.9, 'C'],
    [70, 'C'],
    [69.9, 'D'],
    [50, 'D'],
    [49.9, 'F'],
    [0, 'F'],
  ])('%p is %s', (s, g) => {
    expect(grade(s)).toBe(g);
  });

  it('follows custom boundaries, and rejects boundaries out of order or out of range', () => {
    expect(grade(85, { A: 95, B: 85, C: 75, D: 60 })).toBe('B');
    expect(checkGrades({ A: 95, B: 85, C: 75, D: 60 })).toBeUndefined();
    expect(checkGrades({ A: 80, B: 90, C: 70, D: 50 })).toMatch(/must fall from A to D/);
    expect(checkGrades({ A: 120, B: 90, C: 70, D: 50 })).toMatch(/from 0 to 100/);
    expect(checkGrades({ A: NaN, B: 90, C: 70, D: 50 })).toMatch(/from 0 to 100/);
  });
});

describe('healthScoreConfig', () => {
  it('defaults to the catalog components, weights and Apdex T', () => {
    const check = healthScoreConfig();
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.config.components.map((c) => [c.signal.id, c.weight])).toEqual(
        HEALTH_COMPONENTS.map((c) => [c.signal, c.weight])
      );
      expect(check.config.apdex).toMatchObject({ t: 0.5, fourT: 2 });
    }
  });

  it('takes weights, thresholds and Apdex T from the settings, then from overrides', () => {
    const settings = {
      signals: { http_error_rate: { warning: 0.02, critical: 0.04 } },
      health: { weights: { http_error_rate: 5, db_up: 0 }, apdexT: 0.25 },
    };
    const fromSettings = healthScoreConfig(settings);
    expect(
      fromSettings.ok && fromSettings.config.components.find((c) => c.signal.id === 'http_error_rate')
    ).toMatchObject({
      weight: 5,
      curve: { warning: 0.02, critical: 0.04 },
    });
    expect(fromSettings.ok && fromSettings.config.components.map((c) => c.signal.id)).not.toContain('db_up');
    expect(fromSettings.ok && fromSettings.config.apdex.t).toBe(0.25);

    const overridden = healthScoreConfig(settings, {
      components: ['http_error_rate', 'http_latency_p95'],
      weights: { http_error_rate: 1 },
      thresholds: { http_error_rate: { critical: 0.08 } },
      apdexT: 0.5,
    });
    expect(
      overridden.ok && overridden.config.components.map((c) => [c.signal.id, c.weight, c.thresholds.critical])
    ).toEqual([
      ['http_error_rate', 1, 0.08],
      ['http_latency_p95', 1, 2],
    ]);
    expect(overridden.ok && overridden.config.apdex.t).toBe(0.5);
  });

  it.each([
    [{ weights: { http_error_rate: -2 } }, /Weight of HTTP error rate is -2: weights must be 0 or more/],
    [{ weights: { http_error_rate: NaN } }, /Weight of HTTP error rate is not a number/],
    [
      { weights: Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c.signal, 0])) },
      /Every health component has weight 0/,
    ],
    [{ components: [] }, /No health components are selected/],
    [{ components: ['http_latency_p42'] }, /Unknown health component "http_latency_p42"/],
    [{ components: ['http_request_rate'] }, /HTTP request rate has no warning or critical threshold/],
    [{ thresholds: { cache_hit_ratio: { warning: 0.4 } } }, /Cache hit ratio: thresholds are inverted/],
    [{ apdexT: -1 }, /Apdex T must be a positive number/],
  ])('says what is wrong with %p', (overrides, message) => {
    const check = healthScoreConfig(undefined, overrides);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors.join(' ')).toMatch(message);
  });
});

describe('healthScoreRecordingRules', () => {
  it('record each component per service, the services present, then the score over them', () => {
    const rules = healthScoreRecordingRules(undefined, perServiceOptions(undefined));
    expect(rules.map((r) => r.record)).toEqual([
      ...HEALTH_COMPONENTS.map((c) => componentRecord(c.signal)),
      HEALTH_PRESENT,
      'perfscope:health_score',
    ]);
    const component = rules.find((r) => r.record === componentRecord('http_error_rate'))!;
    expect(component.expr).toContain('sum by (job) (rate(http_requests_total');
    const score = rules[rules.length - 1].expr;
    // A component a service lacks counts as 0 in both sums for that service, never as an unlabelled 0.
    expect(score).not.toContain('vector(0)');
    for (const c of HEALTH_COMPONENTS) {
      expect(score).toContain(`(${c.weight} * ${componentRecord(c.signal)} or ${HEALTH_PRESENT})`);
      expect(score).toContain(`(0 * ${componentRecord(c.signal)} + ${c.weight} or ${HEALTH_PRESENT})`);
    }
    expect(rules.find((r) => r.record === HEALTH_PRESENT)!.expr).toBe(
      HEALTH_COMPONENTS.map((c) => `0 * ${componentRecord(c.signal)}`).join(' or ')
    );
  });
});

describe('health score levels per service', () => {
  const settings = { services: { batch: { signals: { http_latency_p95: { warning: 4, critical: 5 } } } } };

  it("scores a service on its own levels, the others on the settings'", () => {
    const own = healthScoreConfig(settings, { service: 'batch' });
    const fleet = healthScoreConfig(settings);
    const other = healthScoreConfig(settings, { service: 'checkout' });
    const p95 = (c: typeof own) =>
      c.ok ? c.config.components.find((x) => x.signal.id === 'http_latency_p95') : undefined;
    expect(p95(own)?.thresholds).toMatchObject({ warning: 4, critical: 5 });
    expect(p95(other)?.thresholds).toEqual(p95(fleet)?.thresholds);
    // 3 s is past the fleet's critical level and healthy for batch.
    expect(componentScore(3, p95(fleet)!.curve)).toBe(0);
    expect(componentScore(3, p95(own)!.curve)).toBeGreaterThan(70);
  });

  it('records that component on two curves: the service with its levels, and every other service', () => {
    const rules = healthScoreRecordingRules(settings, perServiceOptions(settings));
    const p95 = rules.find((r) => r.record === componentRecord('http_latency_p95'))!.expr;
    const [others, batch, ...rest] = p95.split(' or ');
    expect(rest).toEqual([]);
    expect(others).toContain('http_request_duration_seconds_bucket{job!~"batch"}');
    expect(batch).toContain('http_request_duration_seconds_bucket{job="batch"}');
    // The curves differ: batch's warning at 4 s appears in its expression only.
    expect(batch).toContain('- 4)');
    expect(others).not.toContain('- 4)');
    // A component without levels of a service's own is one expression over every service.
    const errors = rules.find((r) => r.record === componentRecord('http_error_rate'))!.expr;
    expect(errors).not.toContain('batch');
  });
});

describe('healthScorePromQL', () => {
  it('is the recording rule perfscope:health_score', () => {
    const rule = healthScoreRecordingRule();
    expect(rule.record).toBe('perfscope:health_score');
    expect(rule.expr).toBe(healthScorePromQL());
    // Each component is filtered to a real score (NaN drops out) and weighs in both sums.
    for (const c of HEALTH_COMPONENTS) {
      expect(rule.expr).toContain(`(${c.weight} * ((100 - `);
      expect(rule.expr).toContain(`(0 * ((100 - `);
    }
    expect(rule.expr).toMatch(/\) > 0\)$/);
  });

  it('applies prefix, mapping, matchers and window to every component, and the settings T to Apdex', () => {
    const expr = healthScorePromQL(
      { health: { apdexT: 0.25, weights: { system_load1: 0 } } },
      {
        prefix: 'shop_',
        labelMap: { status_code: 'status' },
        matchers: [{ label: 'job', op: '=', value: 'api' }],
        window: '1m',
      }
    );
    expect(expr).toContain('shop_http_requests_total{job="api",status=~"5.."}[1m]');
    expect(expr).toContain('shop_http_request_duration_seconds_bucket{job="api",le="0.25"}[1m]');
    expect(expr).toContain('shop_http_request_duration_seconds_bucket{job="api",le=~"1|1[.]0"}[1m]');
    expect(expr).not.toContain('node_load1');
    expect(expr).not.toMatch(/\[5m\]/);
  });

  it('writes a step for a curve piece of zero width (DB up: below 1 loses 50 points at once)', () => {
    expect(healthScorePromQL(undefined, {})).toContain('(100 - 50 * ((min(db_connection_up)) < bool 1) - 50 * clamp(');
  });

  it('refuses to build a score from a broken configuration, naming every problem', () => {
    expect(() =>
      healthScorePromQL({ health: { weights: { http_error_rate: -1 } }, signals: { db_query_avg: { warning: 2 } } })
    ).toThrow(/Weight of HTTP error rate is -1.*DB average query time: thresholds are inverted/);
  });
});

describe('the optional week-over-week component', () => {
  it('is left out until the settings weigh it, then scored by its thresholds', () => {
    const unweighed = healthScoreConfig();
    expect(unweighed.ok && unweighed.config.components.map((c) => c.signal.id)).not.toContain('http_latency_p95_wow');
    const check = healthScoreConfig({ health: { weights: { http_latency_p95_wow: 2 } } });
    expect(check.ok).toBe(true);
    if (check.ok) {
      const wow = check.config.components.find((c) => c.signal.id === 'http_latency_p95_wow');
      expect(wow?.weight).toBe(2);
      // As fast as last week is healthy; at its critical level (50 % slower) it scores less than at warning.
      expect(componentScore(0, wow!.curve)).toBe(100);
      expect(componentScore(0.5, wow!.curve)!).toBeLessThan(componentScore(0.2, wow!.curve)!);
    }
    const rules = healthScoreRecordingRules(
      { health: { weights: { http_latency_p95_wow: 2 } } },
      perServiceOptions(undefined)
    );
    expect(rules.map((r) => r.record)).toContain(componentRecord('http_latency_p95_wow'));
  });

  it('takes a weight in the settings, and only a number of 0 or more', () => {
    expect(validateSettings({ health: { weights: { http_latency_p95_wow: 1 } } }).ok).toBe(true);
    const bad = validateSettings({ health: { weights: { http_latency_p95_wow: -1 } } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['health.weights.http_latency_p95_wow']);
  });
});
