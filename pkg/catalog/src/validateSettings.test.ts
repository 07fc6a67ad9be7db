import { validateSettings } from './validateSettings';

describe('validateSettings', () => {
  it('accepts empty and good settings as they are', () => {
    expect(validateSettings(undefined)).toEqual({ ok: true, settings: {}, errors: [] });
    const good = {
      prefix: 'shop_',
      labelMap: { status_code: 'status' },
      signals: { http_latency_p95: { critical: 3, for: '10m' }, db_up: { enabled: false } },
      health: { weights: { http_error_rate: 2 }, apdexT: 0.25 },
      alertDatasourceUid: 'prom',
      dashboardVersions: { 'perfscope-http': 3 },
      serviceLabel: 'service_name',
    };
    expect(validateSettings(good)).toEqual({ ok: true, settings: good, errors: [] });
  });

  it('names every value of the wrong type at its field, and keeps the rest', () => {
    const check = validateSettings({
      prefix: 5,
      labelMap: { status_code: 7, colour: 'x' },
      signals: {
        http_latency_p95: { critical: '3', for: 5 },
        http_error_rate: { warning: 0.2, critical: 0.1 },
        no_such_signal: { warning: 1 },
        cache_hit_ratio: { enabled: 'yes', warning: 0.95 },
      },
      health: { weights: { http_error_rate: -1 }, apdexT: 0.3 },
      alertDatasourceUid: 42,
    });
    expect(check.ok).toBe(false);
    const fields = Object.fromEntries(check.errors.map((e) => [e.field, e.message]));
    expect(Object.keys(fields).sort()).toEqual(
      [
        'alertDatasourceUid',
        'health.apdexT',
        'health.weights.http_error_rate',
        'labelMap.colour',
        'labelMap.status_code',
        'prefix',
        'signals.cache_hit_ratio.enabled',
        'signals.http_error_rate.warning',
        'signals.http_latency_p95.critical',
        'signals.http_latency_p95.for',
        'signals.no_such_signal',
      ].sort()
    );
    expect(fields.prefix).toMatch(/must be text, got 5/);
    expect(fields['signals.http_latency_p95.for']).toMatch(/duration such as 5m, got 5\./);
    expect(fields['health.apdexT']).toMatch(/bucket boundaries/);
    // What is right survives: the cache warning level, nothing else of the broken parts.
    expect(check.settings).toEqual({ signals: { cache_hit_ratio: { warning: 0.95 } } });
  });

  it("keeps the dashboard sync's record of whole versions, and names a broken entry", () => {
    const check = validateSettings({ dashboardVersions: { 'perfscope-http': 4, 'perfscope-cache': '2' } });
    expect(check.settings).toEqual({ dashboardVersions: { 'perfscope-http': 4 } });
    expect(check.errors).toEqual([
      { field: 'dashboardVersions.perfscope-cache', message: expect.stringMatching(/whole number, got the text "2"/) },
    ]);
    expect(validateSettings({ dashboardVersions: [1] }).errors[0].field).toBe('dashboardVersions');
  });

  it('names a service label that is no label name', () => {
    expect(validateSettings({ serviceLabel: 'service.name' })).toMatchObject({
      ok: false,
      settings: {},
      errors: [{ field: 'serviceLabel', message: expect.stringMatching(/got the text "service\.name"/) }],
    });
  });

  it('refuses settings that are not an object', () => {
    expect(validateSettings([1, 2])).toMatchObject({ ok: false, errors: [{ field: 'settings' }] });
  });
});
