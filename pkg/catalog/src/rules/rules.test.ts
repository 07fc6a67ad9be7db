import {
  APP_PLUGIN_ID,
  areaDashboardPath,
  AREA_TITLES,
  BURN_RATE_WINDOWS,
  type PrometheusAlertingRule,
  type ProvisionedRule,
  type ThresholdModel,
  alertCondition,
  alertName,
  alertSpecs,
  buildGrafanaRuleGroups,
  buildPrometheusAlertGroups,
  buildPrometheusRecordingGroups,
  buildPrometheusRuleGroups,
  buildSloRuleGroups,
  GRAFANA_SLO_GROUP,
  SLO_BUDGET_RECORD,
  objectiveErrorRatioPromQL,
  budgetSpent,
  sloRecord,
  formatThreshold,
  isHeavySignal,
  noDataState,
  perServiceOptions,
  ruleUid,
  runbookPath,
  buildPromQL,
  effectiveThresholds,
  SIGNALS,
  getSignal,
  type PerfscopeSettings,
  type SignalDef,
  validateSettings,
} from '..';

const OPTS = { datasourceUid: 'prom', folderUid: 'perfscope' };
const rulesOf = (groups: Array<{ rules: ProvisionedRule[] }>) => groups.flatMap((g) => g.rules);
const threshold = (rule: ProvisionedRule) => (rule.data[1].model as ThresholdModel).conditions[0].evaluator;
const alerting = (SIGNALS as readonly SignalDef[]).filter((s) => s.thresholds);

describe('rule UIDs and names', () => {
  it('are stable, unique, at most 40 characters of [a-zA-Z0-9-_]', () => {
    expect(ruleUid('http_error_rate', 'critical')).toBe('perfscope-http_error_rate-crit');
    expect(ruleUid('http_error_rate', 'warning')).toBe('perfscope-http_error_rate-warn');
    const uids = rulesOf(buildGrafanaRuleGroups(undefined, OPTS)).map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) {
      expect(uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    }
  });

  it('shortens a long signal id with a digest, keeping both severities apart', () => {
    const id = 'a_signal_with_a_very_long_identifier_indeed';
    const [warn, crit] = [ruleUid(id, 'warning'), ruleUid(id, 'critical')];
    expect(warn.length).toBeLessThanOrEqual(40);
    expect(crit.length).toBeLessThanOrEqual(40);
    expect(warn).not.toBe(crit);
    expect(ruleUid(`${id}_2`, 'warning')).not.toBe(warn);
    expect(ruleUid(id, 'warning')).toBe(warn);
  });

  it('names Prometheus alerts in CamelCase with the severity', () => {
    expect(alertName('http_latency_p95', 'critical')).toBe('PerfscopeHttpLatencyP95Critical');
  });
});

describe('buildGrafanaRuleGroups', () => {
  // The areas' groups; the objectives' burn-rate group is tested with the objectives' rules.
  const groups = buildGrafanaRuleGroups(undefined, OPTS).filter((g) => g.title !== GRAFANA_SLO_GROUP);
  const rules = rulesOf(groups);

  it('makes one group per area, a rule per threshold level of every alerting signal', () => {
    expect(groups.map((g) => g.title)).toEqual([...new Set(alerting.map((s) => AREA_TITLES[s.area]))]);
    const levels = alerting.flatMap((s) =>
      (['warning', 'critical'] as const).filter((l) => s.thresholds?.[l] !== undefined).map((l) => ruleUid(s.id, l))
    );
    expect(rules.map((r) => r.uid).sort()).toEqual(levels.sort());
    for (const g of groups) {
      expect(g.interval).toBe('1m');
      expect(g.rules.every((r) => r.ruleGroup === g.title && r.folderUID === 'perfscope')).toBe(true);
    }
  });

  it('queries the datasource by uid with the catalog PromQL per service and compares with the catalog threshold', () => {
    const rule = rules.find((r) => r.uid === 'perfscope-cache_hit_ratio-crit')!;
    expect(rule.condition).toBe('C');
    // One series, so one alert instance, per service (job).
    expect(rule.data[0]).toMatchObject({
      refId: 'A',
      datasourceUid: 'prom',
      model: { expr: buildPromQL('cache_hit_ratio', perServiceOptions(undefined)), instant: true },
    });
    expect((rule.data[0].model as { expr: string }).expr).toMatch(/^\(sum by \(job\) /);
    expect(rule.data[1]).toMatchObject({ refId: 'C', datasourceUid: '__expr__', model: { type: 'threshold' } });
    expect(threshold(rule)).toEqual({ type: 'lt', params: [0.5] });
    expect(rule.for).toBe('5m');
    expect(threshold(rules.find((r) => r.uid === 'perfscope-http_latency_p95-warn')!)).toEqual({
      type: 'gt',
      params: [1],
    });
  });

  it('labels severity, area and the plugin origin; annotates summary, value, runbook and dashboard', () => {
    const rule = rules.find((r) => r.uid === 'perfscope-http_latency_p95-crit')!;
    expect(rule.labels).toEqual({
      severity: 'critical',
      area: 'http',
      __grafana_origin: `plugin/${APP_PLUGIN_ID}`,
    });
    // The service the instance is about, rendered from its labels (nothing for a fleet-wide alert).
    expect(rule.annotations.summary).toBe(
      'HTTP latency p95 is above 2 s{{ with $labels.job }} in {{ . }}{{ end }} (critical)'
    );
    const named = rulesOf(buildGrafanaRuleGroups({ serviceLabel: 'service_name' }, OPTS)).find(
      (r) => r.uid === rule.uid
    )!;
    expect(named.annotations.summary).toContain('{{ with $labels.service_name }} in {{ . }}{{ end }}');
    expect((named.data[0].model as { expr: string }).expr).toContain('sum by (le, service_name)');
    expect(rule.annotations.description).toContain('{{ humanizeDuration .Value }}');
    expect(rule.annotations.dashboard_url).toBe('/d/perfscope-http');
    expect(rule.annotations.runbook_url).toMatch(/^\/d\/perfscope-http\?viewPanel=panel-\d+$/);
    expect(rule.isPaused).toBe(false);
  });

  it("links a signal's runbook to its threshold panel, or to its area's dashboard when it has none", () => {
    const withoutThresholds = (SIGNALS as readonly SignalDef[]).find((s) => !s.thresholds)!;
    expect(runbookPath(withoutThresholds)).toBe(areaDashboardPath(withoutThresholds.area));
    for (const { signal } of alertSpecs(undefined)) {
      expect(runbookPath(signal)).toMatch(new RegExp(`^${areaDashboardPath(signal.area)}\\?viewPanel=panel-\\d{6}$`));
    }
  });

  it('sets no-data and error states deliberately', () => {
    expect(noDataState(getSignal('http_error_rate'))).toBe('OK');
    expect(noDataState(getSignal('db_up'))).toBe('NoData');
    expect(noDataState(getSignal('health_score'))).toBe('NoData');
    expect(rules.every((r) => r.execErrState === 'Error')).toBe(true);
  });

  it("follows the settings: overridden thresholds and for, disabled signals dropped, the team's names", () => {
    const settings = {
      prefix: 'shop_',
      labelMap: { status_code: 'status' as const },
      signals: { http_error_rate: { critical: 0.2, for: '10m' }, db_up: { enabled: false } },
    };
    const own = rulesOf(buildGrafanaRuleGroups(settings, OPTS));
    const crit = own.find((r) => r.uid === 'perfscope-http_error_rate-crit')!;
    expect(threshold(crit).params).toEqual([effectiveThresholds('http_error_rate', settings)!.critical]);
    expect(crit.for).toBe('10m');
    expect((crit.data[0].model as { expr: string }).expr).toContain('shop_http_requests_total{status=~"5.."}');
    expect(own.some((r) => r.uid.includes('db_up'))).toBe(false);
    expect(own.find((r) => r.uid === 'perfscope-http_error_rate-warn')!.for).toBe('10m');
  });

  it('takes links and catalog overrides from the options', () => {
    const own = rulesOf(
      buildGrafanaRuleGroups(undefined, {
        ...OPTS,
        dashboardUrl: (area) => `/d/x-${area}`,
        runbookUrl: (s) => `/runbooks/${s.id}`,
        catalog: { matchers: [{ label: 'job', op: '=', value: 'api' }], window: '1m' },
      })
    );
    const rule = own.find((r) => r.uid === 'perfscope-db_query_avg-warn')!;
    expect(rule.annotations).toMatchObject({ dashboard_url: '/d/x-database', runbook_url: '/runbooks/db_query_avg' });
    expect((rule.data[0].model as { expr: string }).expr).toContain('{job="api"}[1m]');
  });
});

describe('Prometheus rule groups', () => {
  it('alert on the same expressions, thresholds and for as the Grafana rules', () => {
    const grafana = rulesOf(buildGrafanaRuleGroups(undefined, OPTS).filter((g) => g.title !== GRAFANA_SLO_GROUP));
    const prometheus = buildPrometheusAlertGroups().flatMap((g) => g.rules) as PrometheusAlertingRule[];
    expect(prometheus).toHaveLength(grafana.length);
    for (const spec of alertSpecs(undefined)) {
      const rule = prometheus.find((r) => r.alert === alertName(spec.signal.id, spec.severity))!;
      expect(rule.expr).toBe(
        alertCondition(
          buildPromQL(spec.signal, perServiceOptions(undefined)),
          spec.thresholds.direction,
          spec.threshold
        )
      );
      expect(rule.for).toBe(spec.thresholds.for);
      expect(rule.labels).toEqual({ severity: spec.severity, area: spec.signal.area });
      expect(rule.annotations.description).toContain('$value');
    }
  });

  it('make links absolute when given Grafana’s address', () => {
    const [group] = buildPrometheusAlertGroups(undefined, { grafanaUrl: 'http://grafana:3000/' });
    expect((group.rules[0] as PrometheusAlertingRule).annotations.dashboard_url).toBe(
      'http://grafana:3000/d/perfscope-http'
    );
  });

  it("record the heavy signals, the fleet view's and the health score", () => {
    const records = buildPrometheusRecordingGroups().flatMap((g) =>
      g.rules.map((r) => ('record' in r ? r.record : ''))
    );
    expect(records).toContain('perfscope:http_latency_p95');
    expect(records).toContain('perfscope:http_error_rate');
    expect(records).toContain('perfscope:health_score');
    // The Services page reads every service's request rate: recorded too, though it is a plain rate.
    expect(records).toContain('perfscope:http_request_rate');
    // Apdex, which only the health score lists among the signals, is one of the fleet view's.
    expect(records).toContain('perfscope:http_apdex');
    expect(isHeavySignal(getSignal('http_request_rate'))).toBe(false);
    expect(records).not.toContain('perfscope:db_connections_active');
    expect(isHeavySignal(getSignal('db_query_avg'))).toBe(true);
    expect(isHeavySignal(getSignal('system_load1'))).toBe(false);
  });

  it("burn each objective's budget on two windows per alert, per service, ratios recorded in the same group", () => {
    const groups = buildSloRuleGroups();
    expect(groups.map((g) => [g.name, g.interval])).toEqual([
      ['perfscope-slo-availability', undefined],
      ['perfscope-slo-availability-budget', '5m'],
      ['perfscope-slo-latency', undefined],
      ['perfscope-slo-latency-budget', '5m'],
    ]);
    const [availability] = groups;
    const fast = availability.rules.find((r) => 'alert' in r && r.alert === 'PerfscopeErrorBudgetBurnFast');
    const sel = (w: string) => `${sloRecord('error_ratio', w)}{objective="availability"}`;
    expect(fast).toMatchObject({
      expr: `${sel('1h')} > 0.0144 and ${sel('5m')} > 0.0144`,
      for: '2m',
      labels: { severity: 'critical', objective: 'availability' },
    });
    expect((fast as { annotations: Record<string, string> }).annotations.summary).toBe(
      'Error budget of Availability 99.9 % over 30 days{{ with $labels.job }} in {{ . }}{{ end }} burns 14.4× too fast (critical)'
    );
    const recorded = availability.rules.flatMap((r) => ('record' in r ? [r.record] : []));
    for (const w of BURN_RATE_WINDOWS) {
      expect(recorded).toEqual(
        expect.arrayContaining([sloRecord('error_ratio', w.long), sloRecord('error_ratio', w.short)])
      );
    }
    // Longer windows sum the recorded 5-minute rates: no rule reads the raw counters over days.
    const day = availability.rules.find((r) => 'record' in r && r.record === sloRecord('error_ratio', '1d'))!;
    expect(day.expr).toBe(
      'sum_over_time(perfscope:slo_errors:rate5m{objective="availability"}[1d]) / sum_over_time(perfscope:slo_requests:rate5m{objective="availability"}[1d])'
    );
    const budget = groups[1].rules.find((r) => 'record' in r && r.record === SLO_BUDGET_RECORD)!;
    expect(budget.expr).toBe('1 - perfscope:slo_error_ratio:rate30d{objective="availability"} / 0.001');
    expect(buildPrometheusRuleGroups().map((g) => g.name)).toEqual(
      expect.arrayContaining(['perfscope-signals-recording', 'perfscope-http', 'perfscope-slo-availability'])
    );
  });

  it('are Grafana-managed rules too: both windows of each burn rate queried raw, a math condition per service', () => {
    const all = buildGrafanaRuleGroups(undefined, OPTS);
    const slo = all[all.length - 1];
    expect(slo).toMatchObject({ title: GRAFANA_SLO_GROUP, interval: '1m' });
    // Four windows for each of the two default objectives.
    expect(slo.rules).toHaveLength(8);
    const fast = slo.rules.find((r) => r.uid === 'perfscope-slo_availability_fast-crit')!;
    expect(fast.title).toBe('Error budget fast burn, availability (critical)');
    expect(
      fast.data.map((d) => [
        d.refId,
        (d.model as { expr?: string; expression?: string }).expr ?? (d.model as { expression: string }).expression,
      ])
    ).toEqual([
      ['A', objectiveErrorRatioPromQL({ kind: 'availability' }, perServiceOptions(undefined), '1h')],
      ['B', objectiveErrorRatioPromQL({ kind: 'availability' }, perServiceOptions(undefined), '5m')],
      ['C', '$A > 0.0144 && $B > 0.0144'],
    ]);
    expect(fast).toMatchObject({ condition: 'C', for: '2m', noDataState: 'OK', execErrState: 'Error' });
    expect(fast.labels).toEqual({
      severity: 'critical',
      area: 'http',
      objective: 'availability',
      __grafana_origin: `plugin/${APP_PLUGIN_ID}`,
    });
    const slowLatency = slo.rules.find((r) => r.uid === 'perfscope-slo_latency_slowest-warn')!;
    expect((slowLatency.data[2].model as { expression: string }).expression).toBe('$A > 0.01 && $B > 0.01');
    expect(slowLatency.annotations.summary).toBe(
      'Error budget of Latency ≤ 1 s for 99 % over 30 days{{ with $labels.job }} in {{ . }}{{ end }} burns 1× too fast (warning)'
    );
    // A service with its own objective has rules of its own, the fleet's leave it out.
    const own = buildGrafanaRuleGroups(
      { services: { reports: { objectives: { availability: { target: 0.99 } } } } },
      OPTS
    ).at(-1)!;
    const reports = own.rules.filter((r) => r.title.endsWith(' in reports'));
    expect(reports).toHaveLength(4);
    expect((reports[0].data[0].model as { expr: string }).expr).toContain('job="reports"');
    expect((own.rules[0].data[0].model as { expr: string }).expr).toContain('job!~"reports"');
    const uids = own.rules.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it("gives a service with objectives of its own rules of its own, and leaves it out of the fleet's", () => {
    const settings = {
      objectives: { latency: { enabled: false } },
      services: { reports: { objectives: { availability: { target: 0.99, period: '28d' as const } } } },
    };
    const groups = buildSloRuleGroups(settings);
    // No latency objective anywhere: no latency groups.
    expect(groups.map((g) => g.name)).toEqual(['perfscope-slo-availability', 'perfscope-slo-availability-budget']);
    const alerts = groups[0].rules.filter((r) => 'alert' in r && r.alert === 'PerfscopeErrorBudgetBurnFast');
    expect(alerts.map((a) => a.expr)).toEqual([
      'perfscope:slo_error_ratio:rate1h{objective="availability",job!~"reports"} > 0.0144 and perfscope:slo_error_ratio:rate5m{objective="availability",job!~"reports"} > 0.0144',
      'perfscope:slo_error_ratio:rate1h{objective="availability",job="reports"} > 0.144 and perfscope:slo_error_ratio:rate5m{objective="availability",job="reports"} > 0.144',
    ]);
    // Its own period: a 28-day ratio and budget.
    expect(groups[1].rules.map((r) => ('record' in r ? r.expr : ''))).toContain(
      '1 - perfscope:slo_error_ratio:rate28d{objective="availability",job="reports"} / 0.01'
    );
    // The latency objective counts slow requests at its threshold, by the service label of the settings.
    const latency = buildSloRuleGroups({ serviceLabel: 'service_name', objectives: { latency: { threshold: 0.5 } } });
    const base = latency[2].rules.find((r) => 'record' in r && r.record === sloRecord('errors', '5m'))!;
    expect(base.expr).toBe(
      '(sum by (service_name) (rate(http_request_duration_seconds_count[5m])) - sum by (service_name) (rate(http_request_duration_seconds_bucket{le="0.5"}[5m])))'
    );
    expect(budgetSpent(BURN_RATE_WINDOWS[0], 30 * 86400)).toBe('2 % in 1 hour');
    expect(budgetSpent(BURN_RATE_WINDOWS[3], 28 * 86400)).toBe('10.7 % in 3 days');
  });
});

describe('formatThreshold', () => {
  it.each([
    [2, 's', '2 s'],
    [0.2, 's', '200 ms'],
    [0.05, 'percentunit', '5 %'],
    [20, 'percent', '20 %'],
    [14.4, 'x', '14.4×'],
    [0.05, 'qps', '0.05 queries/s'],
    [70, 'none', '70'],
  ])('%p %s → %s', (value, unit, text) => {
    expect(formatThreshold(value, unit)).toBe(text);
  });
});

describe('per-service levels', () => {
  const settings: PerfscopeSettings = {
    signals: { http_latency_p95: { critical: 3 } },
    services: {
      'batch.jobs': { signals: { http_latency_p95: { warning: 4, critical: 8 } } },
      reports: { signals: { http_latency_p95: { enabled: false } } },
    },
  };

  it('give a service rules of its own, and leave it out of the fleet rule', () => {
    const rules = rulesOf(buildGrafanaRuleGroups(settings, OPTS)).filter((r) => /^HTTP latency p95 \(/.test(r.title));
    expect(rules.map((r) => r.title).sort()).toEqual([
      'HTTP latency p95 (critical)',
      'HTTP latency p95 (critical) in batch.jobs',
      'HTTP latency p95 (warning)',
      'HTTP latency p95 (warning) in batch.jobs',
    ]);
    const expr = (title: string) => (rules.find((r) => r.title === title)!.data[0].model as { expr: string }).expr;
    expect(expr('HTTP latency p95 (critical)')).toContain('{job!~"batch\\\\.jobs|reports"}');
    expect(expr('HTTP latency p95 (critical) in batch.jobs')).toContain('{job="batch.jobs"}');
    const levels = (title: string) => threshold(rules.find((r) => r.title === title)!).params[0];
    // The fleet's admin level, the service's own, and the catalog's warning kept for the fleet.
    expect([
      levels('HTTP latency p95 (critical)'),
      levels('HTTP latency p95 (critical) in batch.jobs'),
      levels('HTTP latency p95 (warning)'),
      levels('HTTP latency p95 (warning) in batch.jobs'),
    ]).toEqual([3, 8, getSignal('http_latency_p95').thresholds!.warning, 4]);
    const uids = rulesOf(buildGrafanaRuleGroups(settings, OPTS)).map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids.every((u) => u.length <= 40 && /^[a-zA-Z0-9_-]+$/.test(u))).toBe(true);
  });

  it('follow into the Prometheus rules, in the service label of the settings', () => {
    const rules = buildPrometheusAlertGroups({ ...settings, serviceLabel: 'service_name' }).flatMap(
      (g) => g.rules
    ) as PrometheusAlertingRule[];
    const p95 = rules.filter((r) => r.alert === alertName('http_latency_p95', 'critical'));
    expect(p95.map((r) => r.expr)).toEqual([
      expect.stringMatching(/service_name!~"batch\\\\.jobs\|reports".*\) > 3$/),
      expect.stringMatching(/service_name="batch\.jobs".*\) > 8$/),
    ]);
  });

  it('are checked against the settings levels, field by field', () => {
    const check = validateSettings({
      signals: { http_latency_p95: { critical: 3 } },
      services: {
        batch: {
          signals: { http_latency_p95: { warning: 4 }, nope: { warning: 1 }, http_error_rate: { promql: 'x' } },
        },
        broken: 5,
      },
    });
    const fields = Object.fromEntries(check.errors.map((e) => [e.field, e.message]));
    expect(Object.keys(fields).sort()).toEqual([
      'services.batch.signals.http_error_rate.promql',
      'services.batch.signals.http_latency_p95.warning',
      'services.batch.signals.nope',
      'services.broken',
    ]);
    // A warning of 4 s above the fleet's critical of 3 s: the order is wrong for that service too.
    expect(fields['services.batch.signals.http_latency_p95.warning']).toMatch(/critical/);
    expect(check.settings.services).toBeUndefined();
  });
});
