import * as fs from 'fs';
import * as path from 'path';
import { CANONICAL_LABELS, METRICS, SIGNALS, getMetric, getSignal, type SignalDef } from '.';

/** Every metric of the contract (../shared/METRICS.md), by name and labels. */
const CONTRACT_METRICS: Array<[string, string, string[]]> = [
  ['http_requests_total', 'counter', ['method', 'route', 'status_code']],
  ['http_request_duration_seconds', 'histogram', ['method', 'route', 'status_code']],
  ['app_build_info', 'gauge', ['version', 'commit']],
  ['http_rate_limited_requests_total', 'counter', ['route']],
  ['db_query_duration_seconds', 'histogram', ['operation', 'table']],
  ['db_slow_queries_total', 'counter', ['operation']],
  ['db_connections_active', 'gauge', ['connection']],
  ['db_connection_up', 'gauge', ['connection']],
  ['cache_requests_total', 'counter', ['cache', 'result']],
  ['cache_evictions_total', 'counter', ['cache']],
  ['cache_memory_bytes', 'gauge', ['cache']],
  ['audio_streams_started_total', 'counter', ['quality', 'format']],
  ['audio_streams_completed_total', 'counter', ['quality', 'format']],
  ['audio_stream_errors_total', 'counter', ['error_type']],
  ['audio_streams_active', 'gauge', []],
  ['audio_buffer_ratio_percent', 'histogram', []],
  ['audio_bandwidth_bytes_per_second', 'histogram', []],
  ['file_upload_duration_seconds', 'histogram', []],
  ['websocket_connections_total', 'counter', ['result']],
  ['web_vitals_lcp_seconds', 'histogram', ['page']],
  ['web_vitals_inp_seconds', 'histogram', ['page']],
  ['web_vitals_cls', 'histogram', ['page']],
  ['web_vitals_fcp_seconds', 'histogram', ['page']],
  ['web_vitals_ttfb_seconds', 'histogram', ['page']],
  ['node_load1', 'gauge', []],
];

/** Every threshold row of the contract: signal, warning, critical, direction, for. */
const CONTRACT_THRESHOLDS: Array<[string, string, number | undefined, number | undefined, 'above' | 'below', string]> =
  [
    ['HTTP p95 latency', 'http_latency_p95', 1, 2, 'above', '5m'],
    ['HTTP error rate', 'http_error_rate', 0.05, 0.1, 'above', '5m'],
    ['DB average query time', 'db_query_avg', 0.5, 1, 'above', '5m'],
    ['DB slow-query rate', 'db_slow_query_rate', 0.05, undefined, 'above', '3m'],
    ['DB connection down', 'db_up', undefined, 1, 'below', '1m'],
    ['Cache hit ratio', 'cache_hit_ratio', 0.8, 0.5, 'below', '5m'],
    ['Audio stream error rate', 'audio_stream_error_rate', 0.05, 0.1, 'above', '5m'],
    ['Audio buffer ratio p90', 'audio_buffer_ratio_p90', 20, undefined, 'above', '5m'],
    ['Average upload time', 'upload_avg_time', 30, 60, 'above', '5m'],
    ['WebSocket connection error rate', 'websocket_error_rate', 0.1, 0.2, 'above', '5m'],
    ['Rate-limited requests', 'rate_limited_rate', 1, 5, 'above', '5m'],
    ['Performance (health) score', 'health_score', 70, 50, 'below', '5m'],
    ['System load average', 'system_load1', 5, 10, 'above', '5m'],
    ['Web vitals LCP budget', 'web_vitals_lcp_p75', 2.5, undefined, 'above', '5m'],
    ['Web vitals INP budget', 'web_vitals_inp_p75', 0.2, undefined, 'above', '5m'],
    ['Web vitals CLS budget', 'web_vitals_cls_p75', 0.1, undefined, 'above', '5m'],
    ['Error budget burn rate (99.9 % SLO)', 'error_budget_burn_rate', 6, 14.4, 'above', '2m'],
  ];

describe('the catalog covers the metric contract', () => {
  it.each(CONTRACT_METRICS)('has metric %s (%s) with its labels', (name, type, labels) => {
    const metric = getMetric(name);
    expect(metric.type).toBe(type);
    expect([...metric.labels]).toEqual(labels);
    expect(metric.help.length).toBeGreaterThan(10);
    expect(metric.unit).toMatch(/\S/);
  });

  it.each(CONTRACT_THRESHOLDS)(
    'has the threshold row "%s" on %s',
    (_row, id, warning, critical, direction, forDuration) => {
      expect((getSignal(id) as SignalDef).thresholds).toEqual({
        ...(warning !== undefined ? { warning } : {}),
        ...(critical !== undefined ? { critical } : {}),
        direction,
        for: forDuration,
      });
    }
  );

  it('derives each error and hit ratio as the contract defines it', () => {
    expect(getSignal('http_error_rate').metrics).toEqual(['http_requests_total']);
    expect(getSignal('cache_hit_ratio').metrics).toEqual(['cache_requests_total']);
    expect(getSignal('audio_stream_error_rate').metrics).toEqual([
      'audio_stream_errors_total',
      'audio_streams_started_total',
    ]);
  });
});

describe('catalog integrity', () => {
  it('has unique metric names and signal ids', () => {
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
    expect(new Set(SIGNALS.map((s) => s.id)).size).toBe(SIGNALS.length);
  });

  it('gives every signal a title, unit, description, and metrics that exist', () => {
    for (const s of SIGNALS as readonly SignalDef[]) {
      expect(s.title).toMatch(/\S/);
      expect(s.unit).toMatch(/\S/);
      expect(s.description.length).toBeGreaterThan(10);
      s.metrics.forEach((m) => expect(() => getMetric(m)).not.toThrow());
    }
  });

  it('uses only canonical labels and ascending histogram buckets', () => {
    for (const m of METRICS) {
      m.labels.forEach((l) => expect(CANONICAL_LABELS).toContain(l));
      const buckets: readonly number[] = 'buckets' in m ? m.buckets : [];
      expect(m.type === 'histogram').toBe(buckets.length > 0);
      expect([...buckets].sort((a, b) => a - b)).toEqual([...buckets]);
    }
  });

  it('has histogram buckets at every latency threshold, so quantiles are exact there', () => {
    const http = getMetric('http_request_duration_seconds').buckets!;
    expect(http).toEqual(expect.arrayContaining([1, 2]));
    expect(getMetric('db_query_duration_seconds').buckets).toEqual(expect.arrayContaining([0.5, 1]));
    expect(getMetric('file_upload_duration_seconds').buckets).toEqual(expect.arrayContaining([30, 60]));
    expect(getMetric('audio_buffer_ratio_percent').buckets).toContain(20);
  });
});

/**
 * Cross-check against the contract document itself when it sits beside the project
 * (../shared/METRICS.md). A user's clone has no shared/ folder, so there the check is skipped;
 * under CI=true it must run.
 */
const contractPath = path.resolve(__dirname, '../../../../shared/METRICS.md');
const haveContract = fs.existsSync(contractPath);
if (!haveContract && process.env.CI === 'true') {
  throw new Error(
    `CI=true but the metric contract is missing at ${contractPath}: check out shared/ beside the project.`
  );
}
(haveContract ? describe : describe.skip)(
  'METRICS.md (skipped: ../shared/METRICS.md not found beside the project)',
  () => {
    it('lists no metric the catalog lacks', () => {
      const text = fs.readFileSync(contractPath, 'utf8');
      const names = [...text.matchAll(/^\|[^|]+\| `([a-z_0-9]+)`/gm)].map((m) => m[1]).filter((n) => !n.endsWith('_'));
      expect(names.length).toBeGreaterThan(15);
      for (const name of names) {
        expect(() => getMetric(name)).not.toThrow();
      }
      const listed = new Set(CONTRACT_METRICS.map(([n]) => n));
      for (const name of names) {
        expect(listed).toContain(name);
      }
    });

    it('has a threshold row here for every row of its threshold table', () => {
      const text = fs.readFileSync(contractPath, 'utf8');
      const table = text.split('## Alert thresholds')[1].split('##')[0];
      const rows = [...table.matchAll(/^\| ([^|]+?) \|/gm)]
        .map((m) => m[1])
        .filter((r) => r !== 'signal' && !r.startsWith('-'));
      // Web vitals share one row in the document and have three here.
      expect(rows.length).toBe(CONTRACT_THRESHOLDS.length - 2);
    });
  }
);
