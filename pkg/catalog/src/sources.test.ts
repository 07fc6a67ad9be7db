import { buildPromQL, breakdownPromQL, ratePromQL, seriesSelector } from './promql';
import { validateOptions } from './options';
import type { MetricSources } from './types';

// OpenTelemetry's stable HTTP server metric: requests are counted by the duration histogram.
const OTEL: MetricSources = {
  http_request_duration_seconds: {
    name: 'http_server_request_duration_seconds',
    labels: { method: 'http_request_method', route: 'http_route', status_code: 'http_response_status_code' },
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  },
  http_requests_total: {
    name: 'http_server_request_duration_seconds_count',
    labels: { method: 'http_request_method', route: 'http_route', status_code: 'http_response_status_code' },
  },
};

describe('metric sources', () => {
  it('reads a counter from a histogram _count with its own label names', () => {
    expect(buildPromQL('http_error_rate', { sources: OTEL })).toBe(
      '(sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) or vector(0)) / sum(rate(http_server_request_duration_seconds_count[5m]))'
    );
    expect(breakdownPromQL('http_request_rate', ['route'], { sources: OTEL })).toBe(
      'sum by (http_route) (rate(http_server_request_duration_seconds_count[5m]))'
    );
  });

  it('puts the settings matchers before the source matchers and the outcome', () => {
    const sources: MetricSources = {
      http_requests_total: {
        name: 'http_server_requests_seconds_count',
        matchers: [{ label: 'uri', op: '!=', value: '/actuator/prometheus' }],
        outcomes: { server_error: { matchers: [{ label: 'outcome', op: '=', value: 'SERVER_ERROR' }] } },
      },
    };
    expect(buildPromQL('http_error_rate', { sources, matchers: [{ label: 'job', op: '=', value: 'api' }] })).toBe(
      '(sum(rate(http_server_requests_seconds_count{job="api",uri!="/actuator/prometheus",outcome="SERVER_ERROR"}[5m])) or vector(0)) / sum(rate(http_server_requests_seconds_count{job="api",uri!="/actuator/prometheus"}[5m]))'
    );
  });

  it('sums the series of a metric whose outcomes are counters of their own', () => {
    const sources: MetricSources = {
      cache_requests_total: {
        outcomes: { hit: { name: 'redis_keyspace_hits_total' }, miss: { name: 'redis_keyspace_misses_total' } },
      },
    };
    expect(buildPromQL('cache_hit_ratio', { sources })).toBe(
      // One sum per series: rate() drops the names, and Prometheus refuses two series with one label set.
      '(sum(rate(redis_keyspace_hits_total[5m])) or vector(0)) / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))'
    );
    expect(ratePromQL('cache_requests_total', [], { sources }, 'miss')).toBe(
      'sum(rate(redis_keyspace_misses_total[5m]))'
    );
    expect(seriesSelector('cache_hit_ratio', { sources })).toBe(
      '{__name__=~"redis_keyspace_hits_total|redis_keyspace_misses_total"}'
    );
  });

  it('scales a milliseconds histogram to seconds, and finds Apdex T among its buckets', () => {
    const sources: MetricSources = {
      http_request_duration_seconds: {
        name: 'http_server_duration_milliseconds',
        scale: 0.001,
        buckets: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
      },
    };
    expect(buildPromQL('http_latency_p95', { sources })).toBe(
      '(histogram_quantile(0.95, sum by (le) (rate(http_server_duration_milliseconds_bucket[5m])))) * 0.001'
    );
    // T = 0.3 s is no boundary of these buckets: 250 ms is used for T, 1000 ms for 4T.
    expect(buildPromQL('http_apdex', { sources, apdexT: 0.3 })).toBe(
      '(sum(rate(http_server_duration_milliseconds_bucket{le=~"250|250[.]0"}[5m])) + sum(rate(http_server_duration_milliseconds_bucket{le=~"1000|1000[.]0"}[5m]))) / 2 / sum(rate(http_server_duration_milliseconds_count[5m]))'
    );
    // T is checked against the source's own buckets: 1 ms is below their smallest, 5 ms.
    const check = validateOptions({
      sources: { http_request_duration_seconds: { ...sources.http_request_duration_seconds, buckets: [5, 10, 25] } },
      apdexT: 0.001,
    });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors[0]).toEqual({
      field: 'apdexT',
      message: expect.stringContaining('below the smallest bucket boundary'),
    });
  });

  it('reads "up" from another gauge with a matcher of its own', () => {
    const sources: MetricSources = {
      db_connection_up: { name: 'up', matchers: [{ label: 'job', op: '=', value: 'postgres' }] },
    };
    expect(buildPromQL('db_up', { sources })).toBe('min(up{job="postgres"})');
  });

  it('names every problem at its field', () => {
    const check = validateOptions({
      sources: {
        http_requests: {},
        http_requests_total: { name: '5xx', labels: { path: 'route' }, outcomes: { errors: { name: 'x' } } },
        cache_requests_total: { scale: 0, buckets: [1, 2], colour: 'red' },
        http_request_duration_seconds: { buckets: [1, 0.5], matchers: [{ label: 'job', op: '==', value: 'a' }] },
      },
    });
    expect(check.ok).toBe(false);
    const fields = !check.ok ? check.errors.map((e) => e.field) : [];
    expect(fields).toEqual([
      'sources.http_requests',
      'sources.http_requests_total.name',
      'sources.http_requests_total.labels.path',
      'sources.http_requests_total.outcomes.errors',
      'sources.cache_requests_total.colour',
      'sources.cache_requests_total.scale',
      'sources.cache_requests_total.buckets',
      'sources.http_request_duration_seconds.matchers[0].op',
      'sources.http_request_duration_seconds.buckets',
    ]);
    const messages = !check.ok ? check.errors.map((e) => e.message) : [];
    expect(messages[0]).toMatch(/"http_requests" is not a Perfscope metric: use one of http_requests_total/);
    expect(messages[2]).toBe('http_requests_total has no label "path": its labels are method, route, status_code.');
    expect(messages[3]).toBe('http_requests_total has no outcome "errors": its outcomes are server_error.');
    expect(messages[6]).toBe('cache_requests_total is a counter: only a histogram has buckets.');
  });
});

describe('signal expressions of the settings', () => {
  it('replace the catalog expression and receive the matchers and the window', () => {
    const overrides = {
      process_memory: 'sum(node_memory_MemTotal_bytes{$filters} - node_memory_MemAvailable_bytes{$filters})',
      http_request_rate: 'sum(rate(http_server_requests_seconds_count{status!="404",$filters}[$window]))',
    };
    const options = {
      overrides,
      window: '$__rate_interval',
      matchers: [{ label: 'job', op: '=~' as const, value: '$job' }],
    };
    expect(buildPromQL('process_memory', options)).toBe(
      'sum(node_memory_MemTotal_bytes{job=~"$job"} - node_memory_MemAvailable_bytes{job=~"$job"})'
    );
    expect(buildPromQL('http_request_rate', options)).toBe(
      'sum(rate(http_server_requests_seconds_count{status!="404",job=~"$job"}[$__rate_interval]))'
    );
    // Without matchers `$filters` is left out with its comma or braces.
    expect(buildPromQL('http_request_rate', { overrides })).toBe(
      'sum(rate(http_server_requests_seconds_count{status!="404"}[5m]))'
    );
    expect(buildPromQL('process_memory', { overrides })).toBe(
      'sum(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)'
    );
  });

  it('are checked with the PromQL grammar and must take the filters', () => {
    const check = validateOptions({
      overrides: {
        http_request_rate: 'sum(rate(x{$filters}[$window])',
        process_memory: 'sum(process_resident_memory_bytes)',
        no_such_signal: 'up{$filters}',
      },
    });
    expect(!check.ok && check.errors).toEqual([
      {
        field: 'overrides.http_request_rate',
        message: 'Syntax error at line 1, column 31: The expression ends before it is complete: missing ")".',
      },
      { field: 'overrides.process_memory', message: expect.stringMatching(/^Put \$filters inside the braces/) },
      { field: 'overrides.no_such_signal', message: '"no_such_signal" is not a Perfscope signal.' },
    ]);
  });
});
