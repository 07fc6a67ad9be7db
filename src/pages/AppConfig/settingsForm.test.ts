import { DEFAULT_APDEX_T, HEALTH_COMPONENTS, type PerfscopeSettings, validateSettings } from '@perfscope/catalog';
import { TUNABLE_SIGNALS, checkForm, isDirty, toForm } from './settingsForm';

describe('toForm', () => {
  it('shows the catalog defaults when nothing is saved', () => {
    const form = toForm(undefined);
    expect(Object.keys(form.signals)).toEqual(TUNABLE_SIGNALS.map((s) => s.id));
    expect(form.signals.http_latency_p95).toEqual({ enabled: true, warning: '1', critical: '2', for: '5m' });
    expect(form.signals.db_up).toEqual({ enabled: true, warning: '', critical: '1', for: '1m' });
    expect(form.weights.http_error_rate).toBe('3');
    expect(form.apdexT).toBe(String(DEFAULT_APDEX_T));
    expect(form.alertDatasourceUid).toBe('perfscope-prometheus');
  });

  it('shows saved overrides', () => {
    const form = toForm({ signals: { http_latency_p95: { critical: 3, enabled: false } }, prefix: 'shop_' });
    expect(form.signals.http_latency_p95).toEqual({ enabled: false, warning: '1', critical: '3', for: '5m' });
    expect(form.prefix).toBe('shop_');
  });
});

describe('checkForm', () => {
  it('shows and reads levels in the unit the admin writes (a ratio in percent), stored exactly', () => {
    const form = toForm({ signals: { http_error_rate: { warning: 0.07 } } });
    expect(form.signals.http_error_rate).toMatchObject({ warning: '7', critical: '10' });
    form.signals.http_error_rate.critical = '12.5 %';
    expect(checkForm(form).settings?.signals?.http_error_rate).toEqual({ warning: 0.07, critical: 0.125 });
  });

  it('saves nothing but what differs from the catalog (an untouched form is an empty object)', () => {
    expect(checkForm(toForm(undefined))).toEqual({ errors: {}, settings: {} });
  });

  it('round-trips every kind of setting', () => {
    const saved = {
      prefix: 'shop_',
      labelMap: { status_code: 'status' },
      signals: { http_latency_p95: { warning: 0.8, critical: 1.5, for: '10m' }, db_up: { enabled: false } },
      health: { weights: { http_error_rate: 5 }, apdexT: 0.25 },
      alertDatasourceUid: 'prom-main',
      datasourceUid: 'perfscope-proxy',
    };
    const check = checkForm(toForm(saved));
    expect(check.errors).toEqual({});
    expect(check.settings).toEqual(saved);
  });

  it('flags each bad value at its field and returns no settings', () => {
    const form = toForm(undefined);
    form.signals.http_latency_p95 = { enabled: true, warning: 'abc', critical: '2', for: '5x' };
    form.signals.cache_hit_ratio = { enabled: true, warning: '40', critical: '50', for: '5m' };
    form.signals.http_error_rate = { enabled: true, warning: '-1', critical: '0.1', for: '5m' };
    form.signals.system_load1 = { enabled: true, warning: 'NaN', critical: '10', for: '5m' };
    form.weights.db_up = '-2';
    form.apdexT = '0.3';
    form.prefix = '9bad';
    form.labelMap.route = 'bad-label';
    form.alertDatasourceUid = '';
    const { errors, settings } = checkForm(form);
    expect(settings).toBeUndefined();
    expect(errors['signals.http_latency_p95.warning']).toMatch(/must be a number, got the text "abc"/);
    expect(errors['signals.http_latency_p95.for']).toMatch(/5x/);
    expect(errors['signals.cache_hit_ratio.warning']).toBe(
      'Warning (40 %) must be higher than critical (50 %) for Cache hit ratio, where lower is worse.'
    );
    expect(errors['signals.http_error_rate.warning']).toBe(
      'Warning threshold for HTTP error rate is -1 %, but its values are between 0 % and 100 %.'
    );
    expect(errors['signals.system_load1.warning']).toMatch(/NaN/);
    expect(errors['health.weights.db_up']).toMatch(/0 or more/);
    expect(errors['health.apdexT']).toMatch(/^Apdex T and 4T must both be bucket boundaries.*Use one of: .*0\.25/);
    expect(errors.prefix).toMatch(/9bad/);
    expect(errors['labelMap.route']).toMatch(/not a valid label name/);
    expect(errors.alertDatasourceUid).toMatch(/Prometheus datasource/);
  });

  it('needs a value for a level the signal has by default, and a weight somewhere', () => {
    const form = toForm(undefined);
    form.signals.http_latency_p95.critical = '';
    for (const c of HEALTH_COMPONENTS) {
      form.weights[c.signal] = '0';
    }
    const { errors } = checkForm(form);
    expect(errors['signals.http_latency_p95.critical']).toMatch(/has a default critical level/);
    expect(errors['health.weights']).toMatch(/At least one health component/);
  });
});

describe('isDirty', () => {
  it('tells an edited form from the saved settings', () => {
    const saved = { prefix: 'shop_' };
    const form = toForm(saved);
    expect(isDirty(form, saved)).toBe(false);
    form.signals.db_up.enabled = false;
    expect(isDirty(form, saved)).toBe(true);
  });
});

describe('stored settings of the wrong type', () => {
  it('become the text of their fields, each flagged there, and nothing crashes', () => {
    const stored = {
      prefix: 5,
      signals: { http_latency_p95: { critical: 'abc', for: 5 } },
      health: { apdexT: 'fast' },
      alertDatasourceUid: 42,
    } as unknown as PerfscopeSettings;
    const form = toForm(stored);
    expect(form.prefix).toBe('5');
    expect(form.signals.http_latency_p95).toMatchObject({ critical: 'abc', for: '5' });
    const { errors, settings } = checkForm(form);
    expect(settings).toBeUndefined();
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining([
        'prefix',
        'signals.http_latency_p95.critical',
        'signals.http_latency_p95.for',
        'health.apdexT',
      ])
    );
  });

  it('are saved only when the catalog accepts them, as the datasource and panels read them', () => {
    const form = toForm(undefined);
    form.signals.http_latency_p95.critical = '3';
    form.prefix = 'shop_';
    form.weights.http_error_rate = '2';
    const { settings } = checkForm(form);
    expect(settings).toBeDefined();
    expect(validateSettings(settings)).toEqual({ ok: true, settings, errors: [] });
  });
});

describe('naming in the form', () => {
  it('round-trips presets, metric sources and signal expressions: nothing saved is lost', () => {
    const saved: PerfscopeSettings = {
      presets: { http: 'otel', cache: 'redis-exporter' },
      metrics: { db_connection_up: { name: 'up', matchers: [{ label: 'job', op: '=', value: 'postgres' }] } },
      signals: {
        http_latency_p95: { critical: 3 },
        http_request_rate: { promql: 'sum(rate(requests_total{$filters}[$window]))' },
      },
      customSignals: [
        {
          id: 'custom_queue_depth',
          title: 'Queue depth',
          area: 'system',
          unit: 'short',
          promql: 'sum(queue_depth{$filters})',
        },
      ],
    };
    const form = toForm(saved);
    expect(form.presets.http).toBe('otel');
    expect(form.presets.database).toBe('');
    expect(JSON.parse(form.metrics)).toEqual(saved.metrics);
    expect(checkForm(form)).toEqual({ errors: {}, settings: saved });
  });

  it('names the problem of metric sources at their field, and JSON that does not parse', () => {
    const form = toForm(undefined);
    form.metrics = '{"http_requests_total": {"name": "5xx"}}';
    form.presets.cache = 'otel';
    form.expressions.http_request_rate = 'sum(rate(x[5m]))';
    const { errors } = checkForm(form);
    expect(Object.keys(errors).sort()).toEqual([
      'metrics.http_requests_total.name',
      'presets.cache',
      'signals.http_request_rate.promql',
    ]);
    form.metrics = '{"http_requests_total": ';
    form.customSignals = '[{"id": "queue"}';
    const broken = checkForm(form).errors;
    expect(broken.metrics).toMatch(/^The metric sources are not valid JSON \(.+\): write an object/);
    expect(broken.customSignals).toMatch(/^The custom signals are not valid JSON \(.+\): write a list of signals/);
  });
});

describe('services and objectives in the form', () => {
  const saved: PerfscopeSettings = {
    serviceLabel: 'service_name',
    services: {
      reports: {
        signals: { http_latency_p95: { warning: 4, critical: 5 } },
        objectives: { latency: { threshold: 5, target: 0.95 } },
      },
    },
    objectives: { availability: { target: 0.995, period: '28d' } },
  };

  it('round-trips the service label, the services own levels and objectives: a save loses none', () => {
    const check = checkForm(toForm(saved));
    expect(check.errors).toEqual({});
    expect(check.settings).toEqual(saved);
    // The default label is not stored.
    expect(checkForm({ ...toForm(undefined), serviceLabel: 'job' }).settings).toEqual({});
  });

  it('names each problem at its field', () => {
    const form = toForm(saved);
    const check = checkForm({
      ...form,
      serviceLabel: '1st',
      objectives: '{"latency": {"threshold": 0.3, "target": 99}, "speed": {}}',
      services: '{"reports": {"objectives": {"availability": {"period": "7d"}}}}',
    });
    expect(check.settings).toBeUndefined();
    expect(check.errors.serviceLabel).toMatch(/label name such as job/);
    expect(check.errors['objectives.latency.threshold']).toMatch(
      /300 ms is not a bucket bound.*use one of .*250 ms, 500 ms/
    );
    expect(check.errors['objectives.latency.target']).toMatch(
      /between 0 and 1 exclusive \(0\.999 for 99\.9 %\), got 99/
    );
    expect(check.errors['objectives.speed']).toMatch(/not an objective: use availability or latency/);
    expect(check.errors['services.reports.objectives.availability.period']).toMatch(/28d or 30d, got the text "7d"/);
    expect(checkForm({ ...form, services: '{"reports": ' }).errors.services).toMatch(/not valid JSON/);
  });
});
