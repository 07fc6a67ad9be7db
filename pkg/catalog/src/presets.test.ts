import { buildPromQL } from './promql';
import { checkPromQL } from './promqlSyntax';
import { PRESETS, findPreset, presetAreas } from './presets';
import { namingOptions } from './settings';
import { SIGNALS } from './signals';
import { resolveMetric, validateSources } from './sources';
import { templateProblem } from './template';
import type { FieldError } from './fields';
import { validateSettings } from './validateSettings';

describe('naming presets', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s: its sources and expressions pass the settings checks',
    (_, preset) => {
      const errors: FieldError[] = [];
      validateSources(preset.sources, 'sources', errors);
      expect(errors).toEqual([]);
      for (const template of Object.values(preset.overrides)) {
        expect(templateProblem(template)).toBeUndefined();
      }
    }
  );

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s: every signal of its areas builds valid PromQL', (_, preset) => {
    const presets = Object.fromEntries(presetAreas(preset).map((area) => [area, preset.id]));
    const options = { ...namingOptions({ presets }), matchers: [{ label: 'job', op: '=~' as const, value: 'api|db' }] };
    const built = SIGNALS.filter((s) => presetAreas(preset).includes(s.area)).map((s) => buildPromQL(s.id, options));
    expect(built.length).toBeGreaterThan(0);
    for (const expr of built) {
      expect(checkPromQL(expr)).toBeUndefined();
      expect(expr).toContain('job=~"api|db"');
    }
  });

  it('each covers the areas its instrumentation has metrics for', () => {
    const areas = Object.fromEntries(PRESETS.map((p) => [p.id, [...presetAreas(p)].sort()]));
    expect(areas).toEqual({
      kit: ['audio', 'cache', 'database', 'http', 'ratelimit', 'system', 'uploads', 'websocket', 'webvitals'],
      otel: ['database', 'http'],
      'otel-legacy': ['http'],
      'prom-client': ['http'],
      micrometer: ['cache', 'database', 'http', 'system'],
      promhttp: ['http'],
      'prometheus-net': ['http'],
      'ingress-nginx': ['http'],
      'redis-exporter': ['cache'],
      'mysqld-exporter': ['database'],
      'postgres-exporter': ['database'],
      'node-exporter': ['system'],
    });
  });

  it('chosen per area, each names the metrics of its own area', () => {
    const options = namingOptions({
      presets: { http: 'otel', cache: 'redis-exporter', database: 'postgres-exporter' },
    });
    expect(buildPromQL('http_request_rate', options)).toBe('sum(rate(http_server_request_duration_seconds_count[5m]))');
    expect(buildPromQL('cache_hit_ratio', options)).toContain('redis_keyspace_hits_total');
    expect(buildPromQL('db_up', options)).toBe('min(pg_up)');
    // OpenTelemetry's database metrics are not used: the database follows postgres_exporter.
    expect(buildPromQL('db_query_p95', options)).toContain('db_query_duration_seconds_bucket');
    expect(buildPromQL('db_slow_query_rate', options)).not.toContain('db_client_operation_duration_seconds');
  });

  it("read the build from OpenTelemetry's target_info, whose service_version is the version and which has no commit", () => {
    for (const id of ['otel', 'otel-legacy'] as const) {
      const resolved = resolveMetric(
        'app_build_info',
        { prefix: 'shop_', labelMap: {} },
        namingOptions({ presets: { http: id } }).sources
      );
      expect(resolved.names).toEqual(['target_info']);
      expect(resolved.label('version')).toBe('service_version');
      expect(resolved.labels).toEqual(['version']);
    }
    // Elsewhere the kit's name, prefixed, with both labels.
    const kit = resolveMetric(
      'app_build_info',
      { prefix: 'shop_', labelMap: {} },
      namingOptions({ presets: { http: 'promhttp' } }).sources
    );
    expect(kit.names).toEqual(['shop_app_build_info']);
    expect(kit.labels).toEqual(['version', 'commit']);
  });

  it("the settings' own sources and expressions go over the preset's, field by field", () => {
    const options = namingOptions({
      presets: { http: 'micrometer' },
      metrics: { http_requests_total: { matchers: [{ label: 'uri', op: '!~', value: '/actuator.*' }] } },
      signals: { http_latency_p95: { promql: 'max(http_server_requests_seconds_max{$filters})' } },
    });
    expect(buildPromQL('http_error_rate', options)).toBe(
      '(sum(rate(http_server_requests_seconds_count{uri!~"/actuator.*",outcome="SERVER_ERROR"}[5m])) or vector(0)) / sum(rate(http_server_requests_seconds_count{uri!~"/actuator.*"}[5m]))'
    );
    expect(buildPromQL('http_latency_p95', options)).toBe('max(http_server_requests_seconds_max)');
  });

  it('are checked in the settings: area, preset and whether it names that area', () => {
    const check = validateSettings({ presets: { http: 'otel', cache: 'otel', storage: 'kit', database: 'sqlite' } });
    expect(check.settings.presets).toEqual({ http: 'otel' });
    expect(check.errors).toEqual([
      {
        field: 'presets.cache',
        message:
          'OpenTelemetry semantic conventions names no Cache metrics: use one of kit, micrometer, redis-exporter.',
      },
      {
        field: 'presets.storage',
        message: expect.stringMatching(/^"storage" is not an area with metrics: use one of http, /),
      },
      {
        field: 'presets.database',
        message: expect.stringMatching(/^"sqlite" is not a naming preset: use one of kit, otel, /),
      },
    ]);
  });

  it("check Apdex T against the chosen preset's buckets", () => {
    // OpenTelemetry's buckets have 0.25 and 1 but not 2: T = 0.5 cannot be exact there.
    expect(validateSettings({ presets: { http: 'otel' }, health: { apdexT: 0.25 } }).errors).toEqual([]);
    const check = validateSettings({ presets: { http: 'otel' }, health: { apdexT: 0.5 } });
    expect(check.errors).toEqual([
      {
        field: 'health.apdexT',
        message: expect.stringMatching(/0\.5 s does not work\. Use one of: 0\.025, 0\.25, 2\.5 s\.$/),
      },
    ]);
    expect(validateSettings({ health: { apdexT: 0.5 } }).errors).toEqual([]);
  });

  it('a signal takes its own PromQL in the settings, checked like any template', () => {
    const check = validateSettings({
      signals: { http_request_rate: { promql: 'sum(rate(x[5m]))' }, cache_memory: { warning: 5 } },
    });
    expect(check.errors).toEqual([
      { field: 'signals.http_request_rate.promql', message: expect.stringMatching(/^Put \$filters inside the braces/) },
      {
        field: 'signals.cache_memory.warning',
        message: 'Cache memory has no thresholds or alerts, so it takes no "warning".',
      },
    ]);
    expect(findPreset('otel')?.title).toBe('OpenTelemetry semantic conventions');
  });
});
