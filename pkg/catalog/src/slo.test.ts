import {
  budgetRemaining,
  buildPromQL,
  namingOptions,
  burnRate,
  errorBudget,
  objectiveErrorRatioPromQL,
  objectiveTitle,
  objectivesOf,
  perServiceOptions,
  servicesWithOwnObjective,
  sli,
  timeToExhaustion,
  validateSettings,
} from '.';

describe('objectives', () => {
  it('default to 99.9 % available and 99 % within 1 s over 30 days', () => {
    expect(objectivesOf(undefined)).toEqual([
      { kind: 'availability', target: 0.999, period: '30d', periodSeconds: 30 * 86400 },
      { kind: 'latency', target: 0.99, period: '30d', periodSeconds: 30 * 86400, threshold: 1 },
    ]);
    expect(objectivesOf(undefined).map(objectiveTitle)).toEqual([
      'Availability 99.9 % over 30 days',
      'Latency ≤ 1 s for 99 % over 30 days',
    ]);
  });

  it("take a service's own fields over the settings', and leave out disabled ones", () => {
    const settings = {
      objectives: { availability: { target: 0.995, period: '28d' as const }, latency: { threshold: 0.5 } },
      services: { reports: { objectives: { latency: { threshold: 5 }, availability: { enabled: false } } } },
    };
    expect(objectivesOf(settings)).toMatchObject([
      { kind: 'availability', target: 0.995, period: '28d', periodSeconds: 28 * 86400 },
      { kind: 'latency', target: 0.99, threshold: 0.5 },
    ]);
    expect(objectivesOf(settings, 'reports')).toEqual([
      { kind: 'latency', target: 0.99, period: '30d', periodSeconds: 30 * 86400, threshold: 5 },
    ]);
    expect(objectivesOf(settings, 'checkout')).toEqual(objectivesOf(settings));
    expect(servicesWithOwnObjective('latency', settings)).toEqual(['reports']);
    expect(servicesWithOwnObjective('latency', undefined)).toEqual([]);
    expect(objectiveTitle(objectivesOf(settings)[1])).toBe('Latency ≤ 500 ms for 99 % over 30 days');
  });

  it('are validated field by field, the latency threshold against the histogram buckets', () => {
    const check = validateSettings({
      objectives: { latency: { threshold: 0.3, target: 1, period: '7d', speed: 2 }, availability: 'high' },
    });
    const messages = Object.fromEntries(check.errors.map((e) => [e.field, e.message]));
    expect(messages['objectives.latency.threshold']).toMatch(/300 ms is not a bucket bound/);
    expect(messages['objectives.latency.target']).toMatch(/between 0 and 1 exclusive/);
    expect(messages['objectives.latency.period']).toMatch(/28d or 30d/);
    expect(messages['objectives.latency.speed']).toMatch(/not a field of the latency objective/);
    expect(messages['objectives.availability']).toMatch(/must be an object/);
    // A service may have objectives only, without levels of its own.
    const only = validateSettings({ services: { reports: { objectives: { latency: { threshold: 5 } } } } });
    expect(only).toMatchObject({
      ok: true,
      settings: { services: { reports: { objectives: { latency: { threshold: 5 } } } } },
    });
    // The team's own buckets (metric sources, here milliseconds scaled to seconds) decide the bounds.
    const ms = validateSettings({
      metrics: {
        http_request_duration_seconds: {
          name: 'http_server_duration_milliseconds',
          scale: 0.001,
          buckets: [100, 300, 1000],
        },
      },
      objectives: { latency: { threshold: 0.3 } },
    });
    expect(ms.errors).toEqual([]);
  });
});

describe('error budget arithmetic', () => {
  it('gives the SLI, the burn rate, the budget left and the time to exhaustion', () => {
    expect(errorBudget(0.999)).toBeCloseTo(0.001, 12);
    expect(sli(999, 1000)).toBeCloseTo(0.999, 12);
    expect(sli(0, 0)).toBeUndefined();
    // 1.44 % errors burn a 99.9 % budget 14.4 times too fast.
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    // 0.025 % errors over the period spent a quarter of the budget.
    expect(budgetRemaining(0.00025, 0.999)).toBeCloseTo(0.75, 9);
    expect(budgetRemaining(0.002, 0.999)).toBeCloseTo(-1, 9);
    // Three quarters of a 30-day budget at 14.4× lasts 30 d × 0.75 / 14.4 = 1.5625 days.
    expect(timeToExhaustion(0.75, 14.4, 30 * 86400)).toBeCloseTo(1.5625 * 86400, 6);
    expect(timeToExhaustion(-0.2, 3, 30 * 86400)).toBe(0);
    expect(timeToExhaustion(0.5, 0, 30 * 86400)).toBeUndefined();
    // No data is no figure, never a full budget.
    expect(budgetRemaining(undefined, 0.999)).toBeUndefined();
    expect(burnRate(Number.NaN, 0.999)).toBeUndefined();
  });
});

describe('objective PromQL', () => {
  it('is the HTTP error rate for availability, and slow ÷ all requests for latency', () => {
    const per = perServiceOptions(undefined);
    expect(objectiveErrorRatioPromQL({ kind: 'availability' }, per, '1h')).toBe(
      '(sum by (job) (rate(http_requests_total{status_code=~"5.."}[1h])) or sum by (job) (rate(http_requests_total[1h])) * 0) / sum by (job) (rate(http_requests_total[1h]))'
    );
    expect(objectiveErrorRatioPromQL({ kind: 'latency', threshold: 1 }, per, '5m')).toBe(
      '(sum by (job) (rate(http_request_duration_seconds_count[5m])) - sum by (job) (rate(http_request_duration_seconds_bucket{le=~"1|1[.]0"}[5m]))) / sum by (job) (rate(http_request_duration_seconds_count[5m]))'
    );
  });

  it('counts a millisecond histogram at the threshold in its own unit', () => {
    const expr = objectiveErrorRatioPromQL(
      { kind: 'latency', threshold: 0.3 },
      {
        sources: {
          http_request_duration_seconds: {
            name: 'http_server_duration_milliseconds',
            scale: 0.001,
            buckets: [100, 300, 1000],
          },
        },
      },
      '5m'
    );
    expect(expr).toContain('http_server_duration_milliseconds_bucket{le=~"300|300[.]0"}');
  });
});

describe('the burn-rate signal', () => {
  it("spends the settings' availability objective", () => {
    expect(
      buildPromQL('error_budget_burn_rate', namingOptions({ objectives: { availability: { target: 0.99 } } }))
    ).toMatch(/\/ 0\.01$/);
    expect(buildPromQL('error_budget_burn_rate', namingOptions(undefined))).toMatch(/\/ 0\.001$/);
  });
});
