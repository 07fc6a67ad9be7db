import type { MetricDef } from './types';

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] as const;
const DB_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10] as const;
const PAGE_LOAD_BUCKETS = [0.1, 0.25, 0.5, 0.8, 1, 1.5, 1.8, 2, 2.5, 3, 4, 6, 10] as const;

/**
 * The metric contract: every metric Perfscope's dashboards and alerts read.
 * Names are canonical (no namespace prefix); `external` metrics come from other exporters.
 */
export const METRICS = [
  // HTTP
  {
    name: 'http_requests_total',
    type: 'counter',
    labels: ['method', 'route', 'status_code'],
    help: 'HTTP requests handled, by method, route template and status code.',
    unit: 'short',
    outcomes: { server_error: ['status_code', '=~', '5..'] },
    area: 'http',
  },
  {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    labels: ['method', 'route', 'status_code'],
    help: 'HTTP request duration in seconds, by method, route template and status code.',
    unit: 's',
    buckets: HTTP_BUCKETS,
    area: 'http',
  },
  {
    name: 'http_requests_in_flight',
    type: 'gauge',
    labels: [],
    help: 'HTTP requests currently being handled.',
    unit: 'short',
    area: 'http',
  },
  {
    // The build a service runs, as `<x>_build_info` exporters expose theirs: dashboards draw a change
    // of its labels as a deploy. A service-level fact, so it sits with the service's requests.
    name: 'app_build_info',
    type: 'gauge',
    labels: ['version', 'commit'],
    help: 'Always 1: the version and commit of the running build; a change of labels marks a deploy.',
    unit: 'short',
    area: 'http',
  },
  {
    name: 'http_rate_limited_requests_total',
    type: 'counter',
    labels: ['route'],
    help: 'HTTP requests rejected by rate limiting, by route template.',
    unit: 'short',
    area: 'ratelimit',
  },
  // Database
  {
    name: 'db_query_duration_seconds',
    type: 'histogram',
    labels: ['operation', 'table'],
    help: 'Database query duration in seconds, by operation and table.',
    unit: 's',
    buckets: DB_BUCKETS,
    area: 'database',
  },
  {
    name: 'db_slow_queries_total',
    type: 'counter',
    labels: ['operation'],
    help: 'Database queries slower than the slow-query threshold, by operation.',
    unit: 'short',
    area: 'database',
  },
  {
    name: 'db_query_errors_total',
    type: 'counter',
    labels: ['operation'],
    help: 'Database queries that failed, by operation.',
    unit: 'short',
    area: 'database',
  },
  {
    name: 'db_connections_active',
    type: 'gauge',
    labels: ['connection'],
    help: 'Open database connections in use, by connection name.',
    unit: 'short',
    area: 'database',
  },
  {
    name: 'db_connection_up',
    type: 'gauge',
    labels: ['connection'],
    help: 'Whether the database connection is reachable (1) or down (0), by connection name.',
    unit: 'bool',
    area: 'database',
  },
  // Cache
  {
    name: 'cache_requests_total',
    type: 'counter',
    labels: ['cache', 'result'],
    help: 'Cache lookups by cache name and result (hit or miss).',
    unit: 'short',
    outcomes: { hit: ['result', '=', 'hit'], miss: ['result', '=', 'miss'] },
    area: 'cache',
  },
  {
    name: 'cache_evictions_total',
    type: 'counter',
    labels: ['cache'],
    help: 'Entries evicted from the cache, by cache name.',
    unit: 'short',
    area: 'cache',
  },
  {
    name: 'cache_memory_bytes',
    type: 'gauge',
    labels: ['cache'],
    help: 'Memory used by the cache in bytes, by cache name.',
    unit: 'bytes',
    area: 'cache',
  },
  // Audio streaming
  {
    name: 'audio_streams_started_total',
    type: 'counter',
    labels: ['quality', 'format'],
    help: 'Audio streams started, by quality and format.',
    unit: 'short',
    area: 'audio',
  },
  {
    name: 'audio_streams_completed_total',
    type: 'counter',
    labels: ['quality', 'format'],
    help: 'Audio streams played to the end, by quality and format.',
    unit: 'short',
    area: 'audio',
  },
  {
    name: 'audio_stream_errors_total',
    type: 'counter',
    labels: ['error_type'],
    help: 'Audio streams that failed, by error type.',
    unit: 'short',
    area: 'audio',
  },
  {
    name: 'audio_streams_active',
    type: 'gauge',
    labels: [],
    help: 'Audio streams playing now.',
    unit: 'short',
    area: 'audio',
  },
  {
    name: 'audio_buffer_ratio_percent',
    type: 'histogram',
    labels: [],
    help: 'Share of a stream spent buffering, in percent of its play time.',
    unit: 'percent',
    buckets: [1, 2, 5, 10, 15, 20, 30, 50, 75, 100],
    area: 'audio',
  },
  {
    name: 'audio_bandwidth_bytes_per_second',
    type: 'histogram',
    labels: [],
    help: 'Delivered audio bandwidth per stream in bytes per second.',
    unit: 'Bps',
    buckets: [8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 1_000_000, 2_000_000],
    area: 'audio',
  },
  // Uploads and realtime
  {
    name: 'file_upload_duration_seconds',
    type: 'histogram',
    labels: [],
    help: 'File upload duration in seconds.',
    unit: 's',
    buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120, 300],
    area: 'uploads',
  },
  {
    name: 'websocket_connections_total',
    type: 'counter',
    labels: ['result'],
    help: 'WebSocket connection attempts by result (success or error).',
    unit: 'short',
    outcomes: { error: ['result', '=', 'error'], success: ['result', '=', 'success'] },
    area: 'websocket',
  },
  // Web vitals (reported by browsers, p75 is the standard assessment point)
  {
    name: 'web_vitals_lcp_seconds',
    type: 'histogram',
    labels: ['page'],
    help: 'Largest Contentful Paint in seconds, by page.',
    unit: 's',
    buckets: PAGE_LOAD_BUCKETS,
    area: 'webvitals',
  },
  {
    name: 'web_vitals_inp_seconds',
    type: 'histogram',
    labels: ['page'],
    help: 'Interaction to Next Paint in seconds, by page.',
    unit: 's',
    buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2],
    area: 'webvitals',
  },
  {
    name: 'web_vitals_cls',
    type: 'histogram',
    labels: ['page'],
    help: 'Cumulative Layout Shift score, by page.',
    unit: 'none',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1],
    area: 'webvitals',
  },
  {
    name: 'web_vitals_fcp_seconds',
    type: 'histogram',
    labels: ['page'],
    help: 'First Contentful Paint in seconds, by page.',
    unit: 's',
    buckets: PAGE_LOAD_BUCKETS,
    area: 'webvitals',
  },
  {
    name: 'web_vitals_ttfb_seconds',
    type: 'histogram',
    labels: ['page'],
    help: 'Time to First Byte in seconds, by page.',
    unit: 's',
    buckets: PAGE_LOAD_BUCKETS,
    area: 'webvitals',
  },
  // System
  {
    name: 'node_load1',
    type: 'gauge',
    labels: [],
    help: 'One-minute load average of the host (node_exporter name; the kit emits it from os.loadavg()).',
    unit: 'short',
    external: true,
    area: 'system',
  },
  {
    name: 'process_resident_memory_bytes',
    type: 'gauge',
    labels: [],
    help: 'Resident memory of the process in bytes (prom-client default metric).',
    unit: 'bytes',
    area: 'system',
  },
  {
    name: 'nodejs_eventloop_lag_seconds',
    type: 'gauge',
    labels: [],
    help: 'Event-loop lag of the Node.js process in seconds (prom-client default metric).',
    unit: 's',
    area: 'system',
  },
] as const satisfies readonly MetricDef[];

export type MetricName = (typeof METRICS)[number]['name'];

const BY_NAME: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.name, m]));

/** The metric with this canonical name; throws a readable error for an unknown name. */
export function getMetric(name: string): MetricDef {
  const metric = BY_NAME.get(name);
  if (!metric) {
    throw new Error(`Unknown metric "${name}". Known metrics: ${METRICS.map((m) => m.name).join(', ')}.`);
  }
  return metric;
}

/** Slow-query threshold in seconds: a query slower than this counts in db_slow_queries_total. */
export const SLOW_QUERY_SECONDS = 1;
