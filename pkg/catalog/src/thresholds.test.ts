import { SIGNALS, evaluate, getSignal, validateThresholds, type SignalDef } from '.';

const withThresholds = SIGNALS.filter((s): s is typeof s & Required<Pick<SignalDef, 'thresholds'>> =>
  Boolean((s as SignalDef).thresholds)
) as Array<SignalDef & { thresholds: NonNullable<SignalDef['thresholds']> }>;

/** A value a hair on the given side of x (relative step, works for 0.05 and for 70 alike). */
const nudge = (x: number, side: 1 | -1) => x + side * Math.max(Math.abs(x) * 1e-6, 1e-9);

describe('evaluate', () => {
  const cases = withThresholds.flatMap((s) =>
    (['warning', 'critical'] as const)
      .filter((level) => s.thresholds[level] !== undefined)
      .map((level) => [s.id, level, s] as const)
  );

  it.each(cases)('%s: at, just inside and just past the %s threshold', (_id, level, signal) => {
    const t = signal.thresholds;
    const x = t[level]!;
    const bad: 1 | -1 = t.direction === 'above' ? 1 : -1;
    // At the threshold: not breached (strict comparison, like PromQL's > and <).
    const atStatus = evaluate(signal, x);
    expect(atStatus).not.toBe(level);
    // Just past it: at least this level.
    const past = evaluate(signal, nudge(x, bad));
    expect(level === 'critical' ? past === 'critical' : past === 'warning' || past === 'critical').toBe(true);
    // Just on the healthy side: less severe than this level.
    const inside = evaluate(signal, nudge(x, -bad as 1 | -1));
    expect(inside).not.toBe(level);
    expect(inside).not.toBe('critical');
    if (level === 'warning') {
      expect(inside).toBe('ok');
      expect(past).toBe('warning');
    }
  });

  it('reads the direction: low cache hit ratio is bad, high latency is bad', () => {
    expect(evaluate('cache_hit_ratio', 0.9)).toBe('ok');
    expect(evaluate('cache_hit_ratio', 0.7)).toBe('warning');
    expect(evaluate('cache_hit_ratio', 0.4)).toBe('critical');
    expect(evaluate('http_latency_p95', 0.4)).toBe('ok');
    expect(evaluate('http_latency_p95', 1.5)).toBe('warning');
    expect(evaluate('http_latency_p95', 2.5)).toBe('critical');
    expect(evaluate('db_up', 0)).toBe('critical');
    expect(evaluate('db_up', 1)).toBe('ok');
  });

  it('treats missing values and NaN as no data, and infinities as numbers', () => {
    expect(evaluate('http_error_rate', NaN)).toBe('no-data');
    expect(evaluate('http_error_rate', null)).toBe('no-data');
    expect(evaluate('http_error_rate', undefined)).toBe('no-data');
    expect(evaluate('http_latency_p95', Infinity)).toBe('critical');
    expect(evaluate('cache_hit_ratio', -Infinity)).toBe('critical');
  });

  it('uses given thresholds over the defaults, and says ok for a signal without any', () => {
    const tight = { warning: 0.1, critical: 0.2, direction: 'above' as const, for: '1m' };
    expect(evaluate('http_latency_p95', 0.15, tight)).toBe('warning');
    expect(evaluate('http_request_rate', 1e9)).toBe('ok');
  });

  it('throws a readable error for an unknown signal', () => {
    expect(() => evaluate('nope', 1)).toThrow(/Unknown signal "nope"/);
  });
});

describe('validateThresholds', () => {
  it('accepts every default and returns it normalised', () => {
    for (const s of withThresholds) {
      const result = validateThresholds(s.id, s.thresholds);
      expect(result).toEqual({ ok: true, thresholds: s.thresholds });
    }
  });

  it('accepts a level left empty (no alert at that level)', () => {
    expect(validateThresholds('http_latency_p95', { warning: 1, critical: null, for: '5m' })).toEqual({
      ok: true,
      thresholds: { warning: 1, critical: undefined, direction: 'above', for: '5m' },
    });
  });

  const invalid: Array<[string, string, unknown, string, RegExp]> = [
    ['NaN', 'http_latency_p95', { warning: NaN, critical: 2 }, 'warning', /not a number \(NaN\)/],
    ['+Infinity', 'http_latency_p95', { warning: 1, critical: Infinity }, 'critical', /infinite/],
    ['-Infinity', 'cache_hit_ratio', { warning: -Infinity, critical: 0.5 }, 'warning', /infinite/],
    ['a string', 'http_latency_p95', { warning: '1', critical: 2 }, 'warning', /must be a number, got the text "1"/],
    [
      'a boolean',
      'http_latency_p95',
      { warning: true, critical: 2 },
      'warning',
      /must be a number, got the value true/,
    ],
    [
      'inverted (above)',
      'http_latency_p95',
      { warning: 3, critical: 2 },
      'warning',
      /^Warning \(3 s\) must be lower than critical \(2 s\).*higher is worse/,
    ],
    ['equal levels', 'http_error_rate', { warning: 0.1, critical: 0.1 }, 'warning', /must be lower than critical/],
    [
      'inverted (below)',
      'cache_hit_ratio',
      { warning: 0.4, critical: 0.5 },
      'warning',
      /^Warning \(40 %\) must be higher than critical \(50 %\).*lower is worse/,
    ],
    [
      'negative latency',
      'http_latency_p95',
      { warning: -1, critical: 2 },
      'warning',
      /is -1 s, but its values are at least 0 s\.$/,
    ],
    [
      'ratio over 1',
      'http_error_rate',
      { warning: 0.05, critical: 5 },
      'critical',
      /is 500 %, but its values are between 0 % and 100 %\.$/,
    ],
    ['score over 100', 'health_score', { warning: 170, critical: 50 }, 'warning', /between 0 and 100/],
    [
      'no level at all',
      'http_latency_p95',
      { warning: null, critical: undefined },
      'warning',
      /needs a warning or a critical threshold/,
    ],
    ['bad for', 'http_latency_p95', { warning: 1, critical: 2, for: '5x' }, 'for', /"5x" is not a duration/],
    ['for as number', 'http_latency_p95', { warning: 1, critical: 2, for: 300 }, 'for', /must be text like "30s"/],
  ];

  it.each(invalid)('rejects %s with a message at its field', (_name, id, input, field, message) => {
    const result = validateThresholds(id, input);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })])
    );
    // Every message names the signal or the value so a person knows what to fix.
    for (const e of errors) {
      expect(e.message.length).toBeGreaterThan(20);
    }
  });

  it('rejects an unknown signal id and a non-object', () => {
    expect(validateThresholds('http_latency_p42', { warning: 1 })).toEqual({
      ok: false,
      errors: [{ field: 'signal', message: expect.stringMatching(/Unknown signal "http_latency_p42"/) }],
    });
    const notObject = validateThresholds('http_latency_p95', 5);
    expect(!notObject.ok && notObject.errors[0].message).toMatch(/must be an object.*got 5/);
  });

  it('reports every problem at once', () => {
    const result = validateThresholds('http_latency_p95', { warning: 'x', critical: NaN, for: '' });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['warning', 'critical', 'for']);
  });

  it('uses the signal direction, not one given by the caller', () => {
    const result = validateThresholds('cache_hit_ratio', { warning: 0.8, critical: 0.5, direction: 'above' });
    expect(result.ok && result.thresholds.direction).toBe('below');
    expect(getSignal('cache_hit_ratio').thresholds?.direction).toBe('below');
  });
});
