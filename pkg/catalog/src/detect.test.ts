import { detect, detectPrefix, parseSelector, type PrometheusReader } from './detect';

/** Series as a server has them: metric name → its label names. */
type Series = Record<string, readonly string[]>;

const histogram = (name: string, labels: readonly string[]): Series => ({
  [`${name}_bucket`]: [...labels, 'le'],
  [`${name}_sum`]: labels,
  [`${name}_count`]: labels,
});

/** A server that knows its series; instant queries answer with nothing (values are the integration tests' part). */
function reader(series: Series): PrometheusReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    metricNames: async () => {
      calls.push('names');
      return Object.keys(series);
    },
    labelNames: async (metric) => {
      calls.push(`labels ${metric}`);
      return ['__name__', 'job', 'instance', ...(series[metric] ?? [])];
    },
    query: async () => [],
  };
}

const OTEL_HTTP = ['http_request_method', 'http_route', 'http_response_status_code', 'url_scheme'];
const OTEL_HTTP_SERIES: Series = {
  ...histogram('http_server_request_duration_seconds', OTEL_HTTP),
  http_server_active_requests: ['http_request_method', 'url_scheme'],
};
const OTEL: Series = {
  ...OTEL_HTTP_SERIES,
  ...histogram('db_client_operation_duration_seconds', ['db_operation_name', 'db_collection_name', 'db_system_name']),
  db_client_connection_count: ['db_client_connection_pool_name', 'db_client_connection_state'],
};
const REDIS: Series = {
  redis_keyspace_hits_total: [],
  redis_keyspace_misses_total: [],
  redis_evicted_keys_total: [],
  redis_memory_used_bytes: [],
  redis_up: [],
};
const POSTGRES: Series = {
  pg_up: [],
  pg_stat_activity_count: ['datname', 'state', 'usename'],
  pg_stat_database_xact_rollback: ['datid', 'datname'],
};

describe('detect', () => {
  it('picks the preset of each area in a mixed fleet, and suggests exactly those', async () => {
    const result = await detect(reader({ ...OTEL_HTTP_SERIES, ...REDIS, ...POSTGRES }));
    const chosen = Object.fromEntries(result.areas.map((a) => [a.area, a.preset]));
    expect(chosen).toMatchObject({ http: 'otel', cache: 'redis-exporter', database: 'postgres-exporter' });
    expect(chosen.audio).toBeUndefined();
    expect(result.settings).toEqual({
      presets: { http: 'otel', cache: 'redis-exporter', database: 'postgres-exporter' },
    });
  });

  it('tells same-named metrics apart by their labels (promhttp and the kit both have http_requests_total)', async () => {
    const promhttp = reader({
      http_requests_total: ['code', 'method', 'handler'],
      ...histogram('http_request_duration_seconds', ['code', 'method', 'handler']),
      http_requests_in_flight: [],
    });
    const kit = reader({
      http_requests_total: ['method', 'route', 'status_code'],
      ...histogram('http_request_duration_seconds', ['method', 'route', 'status_code']),
      http_requests_in_flight: [],
      app_build_info: ['version', 'commit'],
    });
    const http = async (r: PrometheusReader) => (await detect(r)).areas.find((a) => a.area === 'http');
    expect((await http(promhttp))?.preset).toBe('promhttp');
    const onKit = await http(kit);
    expect(onKit?.preset).toBe('kit');
    expect(onKit?.fits[0]).toEqual({ preset: 'kit', score: 1, missing: [] });
    // The kit's names are the defaults: nothing to save.
    expect((await detect(kit)).settings).toEqual({});
    // A kit from before the build info still wins, and detection says what it lacks.
    const older = reader({
      http_requests_total: ['method', 'route', 'status_code'],
      ...histogram('http_request_duration_seconds', ['method', 'route', 'status_code']),
      http_requests_in_flight: [],
    });
    expect((await http(older))?.fits[0]).toEqual({ preset: 'kit', score: 0.75, missing: ['app_build_info'] });
  });

  it("counts a preset's own expression by the series it reads (node_exporter's host memory)", async () => {
    const node = reader({ node_load1: [], node_memory_MemTotal_bytes: [], node_memory_MemAvailable_bytes: [] });
    const system = (await detect(node)).areas.find((a) => a.area === 'system');
    expect(system?.preset).toBe('node-exporter');
    // The kit finds node_load1 too (the same name), but not the process metrics.
    expect(system?.fits.find((f) => f.preset === 'kit')?.missing).toEqual([
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]);
  });

  it("finds the namespace prefix the kit's metrics carry, and suggests it", async () => {
    const prefixed = reader({
      shop_http_requests_total: ['method', 'route', 'status_code'],
      ...histogram('shop_http_request_duration_seconds', ['method', 'route', 'status_code']),
      shop_cache_requests_total: ['cache', 'result'],
      shop_http_requests_in_flight: [],
      shop_app_build_info: ['version', 'commit'],
    });
    const result = await detect(prefixed);
    expect(result.settings).toEqual({ prefix: 'shop_' });
    expect(result.areas.find((a) => a.area === 'http')?.fits[0]).toEqual({ preset: 'kit', score: 1, missing: [] });
    expect(result.signals.find((s) => s.signal.id === 'http_request_rate')?.promql).toBe(
      'sum(rate(shop_http_requests_total[5m]))'
    );
    // The kit's names as they are: no prefix, whatever else ends like them.
    expect(detectPrefix(new Set(['http_requests_total', 'old_http_requests_total', 'x_cache_requests_total']))).toBe(
      undefined
    );
  });

  it('asks for the names once and the labels of each candidate series once', async () => {
    const r = reader({ ...OTEL, ...REDIS });
    await detect(r);
    const labels = r.calls.filter((c) => c.startsWith('labels '));
    expect(r.calls.filter((c) => c === 'names')).toHaveLength(1);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBeLessThanOrEqual(Object.keys({ ...OTEL, ...REDIS }).length);
  });

  it('checks every signal: a metric missing, or there without traffic', async () => {
    const result = await detect(reader({ ...OTEL }));
    const state = (id: string) => result.signals.find((s) => s.signal.id === id);
    expect(state('http_error_rate')).toMatchObject({ state: 'no-traffic', missing: [] });
    expect(state('http_error_rate')?.promql).toContain('http_server_request_duration_seconds_count');
    expect(state('cache_hit_ratio')).toMatchObject({ state: 'missing', missing: ['cache_requests_total'] });
    expect(result.signals.some((s) => s.signal.id === 'health_score')).toBe(false);
  });
});

describe('parseSelector', () => {
  it('reads matchers in braces', () => {
    expect(parseSelector('{job="api", instance=~"a\\\\.b.*",env!=""}')).toEqual([
      { label: 'job', op: '=', value: 'api' },
      { label: 'instance', op: '=~', value: 'a\\.b.*' },
      { label: 'env', op: '!=', value: '' },
    ]);
    expect(parseSelector('{}')).toEqual([]);
  });

  it('says what form it wants', () => {
    expect(() => parseSelector('job="api"')).toThrow('must be label matchers in braces, e.g. {job="api"}');
    expect(() => parseSelector('{job=api}')).toThrow('cannot be read from "job=api"');
  });
});
