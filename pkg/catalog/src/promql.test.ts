import {
  SIGNALS,
  breakdownLabels,
  breakdownPromQL,
  bucketIncreasePromQL,
  buildPromQL,
  escapeLabelValue,
  perServiceOptions,
  ratePromQL,
  renderSelector,
  seriesSelector,
} from '.';

const H = 'http_request_duration_seconds_bucket';
const ERR = (p: string, sel: string, sel5xx: string, w: string) =>
  `(sum(rate(${p}http_requests_total${sel5xx}[${w}])) or vector(0)) / sum(rate(${p}http_requests_total${sel}[${w}]))`;

const LAST_WEEK = (e: string) => `last_over_time((${e})[1m:1m] offset 1w)`;
const WOW = (e: string, floor: number | undefined, rate: string) =>
  `((${e}) / ${floor === undefined ? `(${LAST_WEEK(e)})` : `clamp_min(${LAST_WEEK(e)}, ${floor})`} - 1) and (${rate}) >= 0.1 and ${LAST_WEEK(rate)} >= 0.1`;

/** Golden PromQL with default options. */
const DEFAULT_GOLDEN: Record<string, string> = {
  http_request_rate: 'sum(rate(http_requests_total[5m]))',
  http_latency_p50: `histogram_quantile(0.5, sum by (le) (rate(${H}[5m])))`,
  http_latency_p90: `histogram_quantile(0.9, sum by (le) (rate(${H}[5m])))`,
  http_latency_p95: `histogram_quantile(0.95, sum by (le) (rate(${H}[5m])))`,
  http_latency_p99: `histogram_quantile(0.99, sum by (le) (rate(${H}[5m])))`,
  http_error_rate: ERR('', '', '{status_code=~"5.."}', '5m'),
  http_requests_in_flight: 'sum(http_requests_in_flight)',
  error_budget_burn_rate: `(${ERR('', '', '{status_code=~"5.."}', '1h')}) / 0.001`,
  rate_limited_rate: 'sum(rate(http_rate_limited_requests_total[5m])) or sum(rate(http_requests_total[5m])) * 0',
  db_query_avg: 'sum(rate(db_query_duration_seconds_sum[5m])) / sum(rate(db_query_duration_seconds_count[5m]))',
  db_query_p95: 'histogram_quantile(0.95, sum by (le) (rate(db_query_duration_seconds_bucket[5m])))',
  db_slow_query_rate: 'sum(rate(db_slow_queries_total[5m])) or sum(rate(db_query_duration_seconds_count[5m])) * 0',
  db_up: 'min(db_connection_up)',
  db_connections_active: 'sum(db_connections_active)',
  cache_hit_ratio:
    '(sum(rate(cache_requests_total{result="hit"}[5m])) or vector(0)) / sum(rate(cache_requests_total[5m]))',
  cache_eviction_rate: 'sum(rate(cache_evictions_total[5m]))',
  cache_memory: 'sum(cache_memory_bytes)',
  audio_stream_error_rate:
    '(sum(rate(audio_stream_errors_total[5m])) or vector(0)) / sum(rate(audio_streams_started_total[5m]))',
  audio_streams_active: 'sum(audio_streams_active)',
  audio_stream_start_rate: 'sum(rate(audio_streams_started_total[5m]))',
  audio_buffer_ratio_p90: 'histogram_quantile(0.9, sum by (le) (rate(audio_buffer_ratio_percent_bucket[5m])))',
  audio_bandwidth_avg:
    'sum(rate(audio_bandwidth_bytes_per_second_sum[5m])) / sum(rate(audio_bandwidth_bytes_per_second_count[5m]))',
  upload_avg_time:
    'sum(rate(file_upload_duration_seconds_sum[5m])) / sum(rate(file_upload_duration_seconds_count[5m]))',
  websocket_error_rate:
    '(sum(rate(websocket_connections_total{result="error"}[5m])) or vector(0)) / sum(rate(websocket_connections_total[5m]))',
  system_load1: 'max(node_load1)',
  process_memory: 'sum(process_resident_memory_bytes)',
  eventloop_lag: 'max(nodejs_eventloop_lag_seconds)',
  web_vitals_lcp_p75: 'histogram_quantile(0.75, sum by (le) (rate(web_vitals_lcp_seconds_bucket[5m])))',
  web_vitals_inp_p75: 'histogram_quantile(0.75, sum by (le) (rate(web_vitals_inp_seconds_bucket[5m])))',
  web_vitals_cls_p75: 'histogram_quantile(0.75, sum by (le) (rate(web_vitals_cls_bucket[5m])))',
  web_vitals_fcp_p75: 'histogram_quantile(0.75, sum by (le) (rate(web_vitals_fcp_seconds_bucket[5m])))',
  web_vitals_ttfb_p75: 'histogram_quantile(0.75, sum by (le) (rate(web_vitals_ttfb_seconds_bucket[5m])))',
  health_score: 'min(perfscope:health_score)',
  // Week over week: last week's value through a subquery, where there was traffic now and then.
  http_latency_p95_wow: WOW(
    `histogram_quantile(0.95, sum by (le) (rate(${H}[5m])))`,
    undefined,
    'sum(rate(http_requests_total[5m]))'
  ),
  http_error_rate_wow: WOW(ERR('', '', '{status_code=~"5.."}', '5m'), 0.001, 'sum(rate(http_requests_total[5m]))'),
  http_latency_p95_anomaly: 'max(perfscope:http_latency_p95:anomaly)',
  http_error_rate_anomaly: 'max(perfscope:http_error_rate:anomaly)',
  http_request_rate_anomaly: 'max(perfscope:http_request_rate:anomaly)',
};

const J = '{job="api"}';
/** Golden PromQL with prefix `shop_`, status_code→status, result→outcome, job="api", window 1m. */
const MAPPED_GOLDEN: Record<string, string> = {
  http_request_rate: `sum(rate(shop_http_requests_total${J}[1m]))`,
  http_latency_p50: `histogram_quantile(0.5, sum by (le) (rate(shop_${H}${J}[1m])))`,
  http_latency_p90: `histogram_quantile(0.9, sum by (le) (rate(shop_${H}${J}[1m])))`,
  http_latency_p95: `histogram_quantile(0.95, sum by (le) (rate(shop_${H}${J}[1m])))`,
  http_latency_p99: `histogram_quantile(0.99, sum by (le) (rate(shop_${H}${J}[1m])))`,
  http_error_rate: ERR('shop_', J, '{job="api",status=~"5.."}', '1m'),
  http_requests_in_flight: `sum(shop_http_requests_in_flight${J})`,
  error_budget_burn_rate: `(${ERR('shop_', J, '{job="api",status=~"5.."}', '1h')}) / 0.001`,
  rate_limited_rate: `sum(rate(shop_http_rate_limited_requests_total${J}[1m])) or sum(rate(shop_http_requests_total${J}[1m])) * 0`,
  db_query_avg: `sum(rate(shop_db_query_duration_seconds_sum${J}[1m])) / sum(rate(shop_db_query_duration_seconds_count${J}[1m]))`,
  db_query_p95: `histogram_quantile(0.95, sum by (le) (rate(shop_db_query_duration_seconds_bucket${J}[1m])))`,
  db_slow_query_rate: `sum(rate(shop_db_slow_queries_total${J}[1m])) or sum(rate(shop_db_query_duration_seconds_count${J}[1m])) * 0`,
  db_up: `min(shop_db_connection_up${J})`,
  db_connections_active: `sum(shop_db_connections_active${J})`,
  cache_hit_ratio: `(sum(rate(shop_cache_requests_total{job="api",outcome="hit"}[1m])) or vector(0)) / sum(rate(shop_cache_requests_total${J}[1m]))`,
  cache_eviction_rate: `sum(rate(shop_cache_evictions_total${J}[1m]))`,
  cache_memory: `sum(shop_cache_memory_bytes${J})`,
  audio_stream_error_rate: `(sum(rate(shop_audio_stream_errors_total${J}[1m])) or vector(0)) / sum(rate(shop_audio_streams_started_total${J}[1m]))`,
  audio_streams_active: `sum(shop_audio_streams_active${J})`,
  audio_stream_start_rate: `sum(rate(shop_audio_streams_started_total${J}[1m]))`,
  audio_buffer_ratio_p90: `histogram_quantile(0.9, sum by (le) (rate(shop_audio_buffer_ratio_percent_bucket${J}[1m])))`,
  audio_bandwidth_avg: `sum(rate(shop_audio_bandwidth_bytes_per_second_sum${J}[1m])) / sum(rate(shop_audio_bandwidth_bytes_per_second_count${J}[1m]))`,
  upload_avg_time: `sum(rate(shop_file_upload_duration_seconds_sum${J}[1m])) / sum(rate(shop_file_upload_duration_seconds_count${J}[1m]))`,
  websocket_error_rate: `(sum(rate(shop_websocket_connections_total{job="api",outcome="error"}[1m])) or vector(0)) / sum(rate(shop_websocket_connections_total${J}[1m]))`,
  // node_load1 comes from node_exporter: the prefix never applies to it
  system_load1: `max(node_load1${J})`,
  process_memory: `sum(shop_process_resident_memory_bytes${J})`,
  eventloop_lag: `max(shop_nodejs_eventloop_lag_seconds${J})`,
  web_vitals_lcp_p75: `histogram_quantile(0.75, sum by (le) (rate(shop_web_vitals_lcp_seconds_bucket${J}[1m])))`,
  web_vitals_inp_p75: `histogram_quantile(0.75, sum by (le) (rate(shop_web_vitals_inp_seconds_bucket${J}[1m])))`,
  web_vitals_cls_p75: `histogram_quantile(0.75, sum by (le) (rate(shop_web_vitals_cls_bucket${J}[1m])))`,
  web_vitals_fcp_p75: `histogram_quantile(0.75, sum by (le) (rate(shop_web_vitals_fcp_seconds_bucket${J}[1m])))`,
  web_vitals_ttfb_p75: `histogram_quantile(0.75, sum by (le) (rate(shop_web_vitals_ttfb_seconds_bucket${J}[1m])))`,
  health_score: 'min(perfscope:health_score{job="api"})',
  http_latency_p95_wow: WOW(
    `histogram_quantile(0.95, sum by (le) (rate(shop_${H}${J}[1m])))`,
    undefined,
    `sum(rate(shop_http_requests_total${J}[1m]))`
  ),
  http_error_rate_wow: WOW(
    ERR('shop_', J, '{job="api",status=~"5.."}', '1m'),
    0.001,
    `sum(rate(shop_http_requests_total${J}[1m]))`
  ),
  http_latency_p95_anomaly: 'max(perfscope:http_latency_p95:anomaly{job="api"})',
  http_error_rate_anomaly: 'max(perfscope:http_error_rate:anomaly{job="api"})',
  http_request_rate_anomaly: 'max(perfscope:http_request_rate:anomaly{job="api"})',
};

const MAPPED = {
  prefix: 'shop_',
  labelMap: { status_code: 'status', result: 'outcome' },
  matchers: [{ label: 'job', op: '=' as const, value: 'api' }],
  window: '1m',
};

describe('buildPromQL', () => {
  it('has a golden expression for every signal, and no golden for a signal that is gone', () => {
    const ids = SIGNALS.map((s) => s.id).sort();
    expect(Object.keys(DEFAULT_GOLDEN).sort()).toEqual(ids);
    expect(Object.keys(MAPPED_GOLDEN).sort()).toEqual(ids);
  });

  it.each(SIGNALS.map((s) => s.id))('builds %s with default options', (id) => {
    expect(buildPromQL(id)).toBe(DEFAULT_GOLDEN[id]);
  });

  it.each(SIGNALS.map((s) => s.id))('builds %s with prefix, label mapping, matchers and window', (id) => {
    expect(buildPromQL(id, MAPPED)).toBe(MAPPED_GOLDEN[id]);
  });

  it('uses the SLO in the burn rate', () => {
    expect(buildPromQL('error_budget_burn_rate', { slo: 0.99 })).toMatch(/\) \/ 0\.01$/);
    expect(buildPromQL('error_budget_burn_rate', { slo: 0.9995 })).toMatch(/\) \/ 0\.0005$/);
  });

  it('accepts Grafana interval variables as the window', () => {
    expect(buildPromQL('http_request_rate', { window: '$__rate_interval' })).toBe(
      'sum(rate(http_requests_total[$__rate_interval]))'
    );
  });

  it('escapes quotes, backslashes and newlines in matcher values', () => {
    expect(buildPromQL('db_up', { matchers: [{ label: 'service', op: '=~', value: 'a"b\\.c' }] })).toBe(
      'min(db_connection_up{service=~"a\\"b\\\\.c"})'
    );
    expect(escapeLabelValue('x\ny')).toBe('x\\ny');
    expect(renderSelector([])).toBe('');
  });

  it('names the unknown signal and lists the known ones', () => {
    expect(() => buildPromQL('http_latency_p42')).toThrow(
      /Unknown signal "http_latency_p42". Known signals: http_request_rate, /
    );
  });

  it('rejects invalid options with the field and the fix instead of building broken PromQL', () => {
    expect(() => buildPromQL('http_request_rate', { prefix: '9shop' })).toThrow(
      /prefix: Namespace prefix "9shop" is not valid/
    );
    expect(() => buildPromQL('http_request_rate', { window: '5x' })).toThrow(
      /window: Range window "5x" is not a duration/
    );
  });
});

describe('seriesSelector', () => {
  it('lists the series a histogram signal reads, with the prefix', () => {
    expect(seriesSelector('http_latency_p95', { prefix: 'shop_' })).toBe(
      '{__name__=~"shop_http_request_duration_seconds_bucket|shop_http_request_duration_seconds_sum|shop_http_request_duration_seconds_count"}'
    );
  });

  it('lists every metric of a multi-metric signal and never prefixes external ones', () => {
    expect(seriesSelector('audio_stream_error_rate')).toBe(
      '{__name__=~"audio_stream_errors_total|audio_streams_started_total"}'
    );
    expect(seriesSelector('system_load1', { prefix: 'shop_' })).toBe('{__name__=~"node_load1"}');
  });

  it('is undefined for a signal that reads no catalog metric', () => {
    expect(seriesSelector('health_score')).toBeUndefined();
  });
});

describe('per service', () => {
  it('keeps the service label in every aggregation, ratios keeping services without bad events at 0', () => {
    const per = perServiceOptions({ serviceLabel: 'service_name' });
    expect(buildPromQL('http_error_rate', per)).toBe(
      '(sum by (service_name) (rate(http_requests_total{status_code=~"5.."}[5m])) or sum by (service_name) (rate(http_requests_total[5m])) * 0) / sum by (service_name) (rate(http_requests_total[5m]))'
    );
    expect(buildPromQL('http_latency_p95', per)).toBe(
      'histogram_quantile(0.95, sum by (le, service_name) (rate(http_request_duration_seconds_bucket[5m])))'
    );
    expect(buildPromQL('db_up', perServiceOptions(undefined))).toBe('min by (job) (db_connection_up)');
    // With a breakdown too: the service and the breakdown's labels.
    expect(breakdownPromQL('http_latency_p95', ['route'], perServiceOptions(undefined))).toBe(
      'histogram_quantile(0.95, sum by (le, route, job) (rate(http_request_duration_seconds_bucket[5m])))'
    );
  });

  it('keeps the service in sources of two series, each term grouped', () => {
    const per = perServiceOptions({ presets: { cache: 'redis-exporter' } });
    const hits = 'sum by (job) (rate(redis_keyspace_hits_total[5m]))';
    const all = `(${hits} + sum by (job) (rate(redis_keyspace_misses_total[5m])))`;
    expect(buildPromQL('cache_hit_ratio', per)).toBe(`(${hits} or ${all} * 0) / ${all}`);
  });

  it('refuses a label to group by that is no label name', () => {
    expect(() => buildPromQL('http_request_rate', { groupBy: ['service.name'] })).toThrow(
      /groupBy\[0\]: the text "service\.name" is not a valid label name/
    );
  });
});

describe('breakdowns', () => {
  it('group every aggregation of the signal by the labels, ratios keeping groups without bad events at 0', () => {
    expect(breakdownPromQL('http_error_rate', ['route'])).toBe(
      '(sum by (route) (rate(http_requests_total{status_code=~"5.."}[5m])) or sum by (route) (rate(http_requests_total[5m])) * 0) / sum by (route) (rate(http_requests_total[5m]))'
    );
    expect(breakdownPromQL('http_latency_p95', ['route'])).toBe(
      'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))'
    );
    expect(breakdownPromQL('db_up', ['connection'])).toBe('min by (connection) (db_connection_up)');
    expect(breakdownPromQL('db_slow_query_rate', ['operation'])).toBe(
      'sum by (operation) (rate(db_slow_queries_total[5m])) or sum by (operation) (rate(db_query_duration_seconds_count[5m])) * 0'
    );
    expect(breakdownPromQL('http_apdex', ['route'])).toMatch(/^\(sum by \(route\) \(rate\(.*le="0\.5"/);
  });

  it("group by the team's label names, under their prefix and matchers", () => {
    expect(
      breakdownPromQL('db_query_avg', ['operation', 'table'], {
        prefix: 'shop_',
        labelMap: { operation: 'op' },
        matchers: [{ label: 'job', op: '=', value: 'api' }],
      })
    ).toBe(
      'sum by (op, table) (rate(shop_db_query_duration_seconds_sum{job="api"}[5m])) / sum by (op, table) (rate(shop_db_query_duration_seconds_count{job="api"}[5m]))'
    );
  });

  it('offer the labels every metric of the signal has, and refuse others by name', () => {
    expect(breakdownLabels('http_error_rate')).toEqual(['method', 'route', 'status_code']);
    // Errors carry error_type, starts quality and format: no label lines the two up.
    expect(breakdownLabels('audio_stream_error_rate')).toEqual([]);
    expect(breakdownLabels('health_score')).toEqual([]);
    expect(() => breakdownPromQL('db_up', ['route'])).toThrow(
      'DB connections up cannot be broken down by route: it can be broken down by connection.'
    );
    expect(() => breakdownPromQL('health_score', ['route'])).toThrow(/it has no labels to break it down by/);
    expect(() => breakdownPromQL('http_request_rate', [])).toThrow(/cannot be broken down by nothing/);
  });

  it('read rates of counters and histogram counts by label, and heatmap buckets', () => {
    expect(ratePromQL('websocket_connections_total', ['result'])).toBe(
      'sum by (result) (rate(websocket_connections_total[5m]))'
    );
    expect(ratePromQL('db_query_duration_seconds', ['operation'])).toBe(
      'sum by (operation) (rate(db_query_duration_seconds_count[5m]))'
    );
    expect(ratePromQL('cache_requests_total', ['cache'], {}, 'miss', 'cache_requests_total')).toBe(
      'sum by (cache) (rate(cache_requests_total{result="miss"}[5m])) or sum by (cache) (rate(cache_requests_total[5m])) * 0'
    );
    expect(() => ratePromQL('db_connection_up', [])).toThrow(/is a gauge/);
    expect(() => ratePromQL('websocket_connections_total', ['route'])).toThrow(/has no label route/);
    expect(bucketIncreasePromQL('http_request_duration_seconds')).toBe(
      'sum by (le) (increase(http_request_duration_seconds_bucket[5m]))'
    );
  });
});
