import { groupBy } from './aggregate';
import { DEFAULT_APDEX_T, apdexExpr } from './apdex';
import { formatNumber } from './number';
import { getMetric } from './metrics';
import { HEALTH_SCORE_RECORD, bandRecordName } from './records';
import { REGRESSION_ERROR_FLOOR, REGRESSION_MIN_REQUEST_RATE, lastWeekPromQL } from './trends';
import type { PromQLContext, SignalDef } from './types';

/** `sum(rate(metric{…}[window]))`, of one outcome (`server_error`) or all. */
const sumRate = (ctx: PromQLContext, metric: string, outcome?: string, window = ctx.window) =>
  ctx.aggregate(metric, 'sum', (s) => `rate(${s}[${window}])`, { outcome, part: countPart(metric) });

/** A histogram read as a counter is read through its `_count`. */
const countPart = (metric: string) => (getMetric(metric).type === 'histogram' ? 'count' : undefined);

/** `min(gauge{…})`, `max(…)` or `sum(…)` of a gauge. */
const gauge = (ctx: PromQLContext, op: 'sum' | 'min' | 'max', metric: string) =>
  ctx.scaled(
    metric,
    ctx.aggregate(metric, op, (s) => s)
  );

/**
 * Rate of a bad-event counter, 0 when it never happened but the events it counts do: labelled
 * counters have no series until their first event, and "no rate-limited requests yet" must read 0,
 * not no data. The 0 comes from the base (the requests, the queries), so where the base metric does
 * not exist either (not instrumented, not scraped) the signal reads No data, never a healthy 0. In a
 * breakdown each group of the base without a bad event reads 0.
 */
const eventRate = (ctx: PromQLContext, metric: string, base: string) =>
  `${sumRate(ctx, metric)} or ${sumRate(ctx, base)} * 0`;

/** `histogram_quantile(q, sum by (le) (rate(metric_bucket{…}[window])))` */
const quantile = (ctx: PromQLContext, q: number, histogram: string) =>
  ctx.scaled(
    histogram,
    `histogram_quantile(${q}, ${ctx.aggregate(histogram, 'sum', (s) => `rate(${s}[${ctx.window}])`, { part: 'bucket' }, ['le'])})`
  );

/** Average of a histogram over the window: rate(sum) / rate(count). */
const average = (ctx: PromQLContext, histogram: string) => {
  const part = (p: 'sum' | 'count') => ctx.aggregate(histogram, 'sum', (s) => `rate(${s}[${ctx.window}])`, { part: p });
  return ctx.scaled(histogram, `${part('sum')} / ${part('count')}`);
};

/**
 * `(numerator or vector(0)) / denominator`: a bad-event counter that has never been incremented
 * has no series, which would make the ratio empty; with traffic (a denominator) it must read 0.
 * In a breakdown, `numerator or denominator * 0`: 0 for each group with traffic and no bad event.
 */
const ratio = (ctx: PromQLContext, numerator: string, denominator: string) =>
  ctx.grouped
    ? `(${numerator} or ${denominator} * 0) / ${denominator}`
    : `(${numerator} or vector(0)) / ${denominator}`;

/** Error ratio (5xx / all) over a given window. */
const httpErrorRatio = (ctx: PromQLContext, window: string) =>
  ratio(
    ctx,
    sumRate(ctx, 'http_requests_total', 'server_error', window),
    sumRate(ctx, 'http_requests_total', undefined, window)
  );

/**
 * How much worse a value is than at the same time last week (0.2: 20 % higher), where the service
 * has traffic now and had then (REGRESSION_MIN_REQUEST_RATE); elsewhere no value, never a healthy 0.
 * `floor`: last week's value counts as at least this (a week without errors).
 */
const weekOverWeek = (ctx: PromQLContext, expr: string, floor?: number) => {
  const rate = sumRate(ctx, 'http_requests_total');
  const then =
    floor === undefined ? `(${lastWeekPromQL(expr)})` : `clamp_min(${lastWeekPromQL(expr)}, ${formatNumber(floor)})`;
  const guard = formatNumber(REGRESSION_MIN_REQUEST_RATE);
  return `((${expr}) / ${then} - 1) and (${rate}) >= ${guard} and ${lastWeekPromQL(rate)} >= ${guard}`;
};

/**
 * How far a banded signal is from its normal band's expected value, in spreads (the recording
 * rules of trends.ts): beyond the band's width it is outside what is normal for this hour of the week.
 */
const anomaly = (ctx: PromQLContext, signalId: string) =>
  `${groupBy('max', ctx.keep)}(${bandRecordName(signalId, 'anomaly')}${ctx.filters ? `{${ctx.filters}}` : ''})`;

/** Alert when a signal is past the band (3 spreads) for 10 minutes; critical at twice as far. */
const ALERT_OUTSIDE_BAND: SignalDef['thresholds'] = { warning: 3, critical: 6, direction: 'above', for: '10m' };

/** A banded signal's distance from normal, in spreads (negative below the expected value). */
const anomalySignal = (base: string, title: string, what: string, thresholds?: SignalDef['thresholds']): SignalDef => ({
  id: `${base}_anomaly`,
  title: `${title} anomaly`,
  area: 'http',
  unit: 'none',
  description: `How many spreads ${what} is from what is normal for this hour of the week (the recorded band; negative below it); past 3 it is outside the band.`,
  metrics: [],
  promql: (ctx) => anomaly(ctx, base),
  ...(thresholds ? { thresholds } : {}),
  range: [-Infinity, Infinity],
  sources: [],
});

const latency = (q: number, pct: string, thresholds?: SignalDef['thresholds']): SignalDef => ({
  id: `http_latency_${pct}`,
  title: `HTTP latency ${pct}`,
  area: 'http',
  unit: 's',
  description: `${q * 100}th percentile of HTTP request duration across all routes.`,
  metrics: ['http_request_duration_seconds'],
  promql: (ctx) => quantile(ctx, q, 'http_request_duration_seconds'),
  thresholds,
  sources: thresholds ? ['001'] : [],
});

const vital = (
  key: 'lcp' | 'inp' | 'cls' | 'fcp' | 'ttfb',
  title: string,
  metric: string,
  unit: string,
  warning?: number
): SignalDef => ({
  id: `web_vitals_${key}_p75`,
  title: `${title} p75`,
  area: 'webvitals',
  unit,
  description: `75th percentile of ${title} as reported by browsers (the point Core Web Vitals are assessed at).`,
  metrics: [metric],
  promql: (ctx) => quantile(ctx, 0.75, metric),
  thresholds: warning === undefined ? undefined : { warning, direction: 'above', for: '5m' },
  sources: warning === undefined ? [] : ['004'],
});

/**
 * Every derived signal. Ids are stable: alert-rule UIDs, saved settings and dashboard links use them.
 */
export const SIGNALS = [
  // HTTP
  {
    id: 'http_request_rate',
    title: 'HTTP request rate',
    area: 'http',
    unit: 'reqps',
    description: 'Requests per second across all routes.',
    metrics: ['http_requests_total'],
    promql: (ctx) => sumRate(ctx, 'http_requests_total'),
    sources: [],
  },
  latency(0.5, 'p50'),
  latency(0.9, 'p90'),
  latency(0.95, 'p95', { warning: 1, critical: 2, direction: 'above', for: '5m' }),
  latency(0.99, 'p99'),
  {
    id: 'http_error_rate',
    title: 'HTTP error rate',
    area: 'http',
    unit: 'percentunit',
    description: 'Share of responses with a 5xx status code.',
    metrics: ['http_requests_total'],
    promql: (ctx) => httpErrorRatio(ctx, ctx.window),
    thresholds: { warning: 0.05, critical: 0.1, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  {
    id: 'http_latency_p95_wow',
    title: 'HTTP latency p95 vs last week',
    area: 'http',
    unit: 'percentunit',
    description:
      'How much higher the p95 is than at the same time last week (20 %: a fifth slower); no value where the service had under 0.1 req/s now or then.',
    metrics: ['http_request_duration_seconds', 'http_requests_total'],
    promql: (ctx) => weekOverWeek(ctx, quantile(ctx, 0.95, 'http_request_duration_seconds')),
    thresholds: { warning: 0.2, critical: 0.5, direction: 'above', for: '15m' },
    range: [0, Infinity],
    sources: ['004'],
  },
  {
    id: 'http_error_rate_wow',
    title: 'HTTP error rate vs last week',
    area: 'http',
    unit: 'percentunit',
    description:
      'How much higher the error rate is than at the same time last week (100 %: twice as many errors), last week counted as at least 0.1 %; no value under 0.1 req/s.',
    metrics: ['http_requests_total'],
    promql: (ctx) => weekOverWeek(ctx, httpErrorRatio(ctx, ctx.window), REGRESSION_ERROR_FLOOR),
    thresholds: { warning: 1, critical: 3, direction: 'above', for: '15m' },
    range: [0, Infinity],
    sources: ['004'],
  },
  anomalySignal('http_latency_p95', 'HTTP latency p95', 'the p95', ALERT_OUTSIDE_BAND),
  anomalySignal('http_error_rate', 'HTTP error rate', 'the error rate', ALERT_OUTSIDE_BAND),
  // Not alerting: a drop in traffic (negative) is as telling as a surge, but not a page on its own.
  anomalySignal('http_request_rate', 'HTTP request rate', 'the request rate'),
  {
    id: 'http_requests_in_flight',
    title: 'HTTP requests in flight',
    area: 'http',
    unit: 'short',
    description: 'Requests being handled right now.',
    metrics: ['http_requests_in_flight'],
    promql: (ctx) => gauge(ctx, 'sum', 'http_requests_in_flight'),
    sources: [],
  },
  {
    id: 'error_budget_burn_rate',
    title: 'Error budget burn rate (1h)',
    area: 'http',
    unit: 'x',
    description:
      'How fast the error budget of the availability SLO is spent over the last hour: 1 spends it exactly over the SLO period, 14.4 spends 2 % of a 30-day budget in one hour.',
    metrics: ['http_requests_total'],
    promql: (ctx) => `(${httpErrorRatio(ctx, '1h')}) / ${formatNumber(1 - ctx.slo)}`,
    thresholds: { warning: 6, critical: 14.4, direction: 'above', for: '2m' },
    sources: ['002'],
  },
  // Rate limiting
  {
    id: 'rate_limited_rate',
    title: 'Rate-limited requests',
    area: 'ratelimit',
    unit: 'reqps',
    description: 'Requests per second rejected by rate limiting.',
    metrics: ['http_rate_limited_requests_total', 'http_requests_total'],
    promql: (ctx) => eventRate(ctx, 'http_rate_limited_requests_total', 'http_requests_total'),
    thresholds: { warning: 1, critical: 5, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  // Database
  {
    id: 'db_query_avg',
    title: 'DB average query time',
    area: 'database',
    unit: 's',
    description: 'Mean database query duration across operations and tables.',
    metrics: ['db_query_duration_seconds'],
    promql: (ctx) => average(ctx, 'db_query_duration_seconds'),
    thresholds: { warning: 0.5, critical: 1, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  {
    id: 'db_query_p95',
    title: 'DB query time p95',
    area: 'database',
    unit: 's',
    description: '95th percentile of database query duration.',
    metrics: ['db_query_duration_seconds'],
    promql: (ctx) => quantile(ctx, 0.95, 'db_query_duration_seconds'),
    sources: [],
  },
  {
    id: 'db_slow_query_rate',
    title: 'DB slow queries',
    area: 'database',
    unit: 'qps',
    description: 'Queries per second slower than the slow-query threshold (1 s).',
    metrics: ['db_slow_queries_total', 'db_query_duration_seconds'],
    promql: (ctx) => eventRate(ctx, 'db_slow_queries_total', 'db_query_duration_seconds'),
    thresholds: { warning: 0.05, direction: 'above', for: '3m' },
    sources: ['000'],
  },
  {
    id: 'db_up',
    title: 'DB connections up',
    area: 'database',
    unit: 'bool',
    description: 'Lowest reachability across database connections: 1 when all are up, 0 when any is down.',
    metrics: ['db_connection_up'],
    promql: (ctx) => gauge(ctx, 'min', 'db_connection_up'),
    thresholds: { critical: 1, direction: 'below', for: '1m' },
    sources: ['000', '003'],
  },
  {
    id: 'db_connections_active',
    title: 'DB connections in use',
    area: 'database',
    unit: 'short',
    description: 'Open database connections in use across all pools.',
    metrics: ['db_connections_active'],
    promql: (ctx) => gauge(ctx, 'sum', 'db_connections_active'),
    sources: [],
  },
  // Cache
  {
    id: 'cache_hit_ratio',
    title: 'Cache hit ratio',
    area: 'cache',
    unit: 'percentunit',
    description: 'Share of cache lookups that were hits.',
    metrics: ['cache_requests_total'],
    promql: (ctx) => ratio(ctx, sumRate(ctx, 'cache_requests_total', 'hit'), sumRate(ctx, 'cache_requests_total')),
    thresholds: { warning: 0.8, critical: 0.5, direction: 'below', for: '5m' },
    sources: ['001'],
  },
  {
    id: 'cache_eviction_rate',
    title: 'Cache evictions',
    area: 'cache',
    unit: 'ops',
    description: 'Entries evicted per second across caches.',
    metrics: ['cache_evictions_total'],
    promql: (ctx) => sumRate(ctx, 'cache_evictions_total'),
    sources: [],
  },
  {
    id: 'cache_memory',
    title: 'Cache memory',
    area: 'cache',
    unit: 'bytes',
    description: 'Memory used by all caches.',
    metrics: ['cache_memory_bytes'],
    promql: (ctx) => gauge(ctx, 'sum', 'cache_memory_bytes'),
    sources: [],
  },
  // Audio streaming
  {
    id: 'audio_stream_error_rate',
    title: 'Stream error rate',
    area: 'audio',
    unit: 'percentunit',
    description: 'Audio stream errors as a share of streams started.',
    metrics: ['audio_stream_errors_total', 'audio_streams_started_total'],
    promql: (ctx) => ratio(ctx, sumRate(ctx, 'audio_stream_errors_total'), sumRate(ctx, 'audio_streams_started_total')),
    thresholds: { warning: 0.05, critical: 0.1, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  {
    id: 'audio_streams_active',
    title: 'Active streams',
    area: 'audio',
    unit: 'short',
    description: 'Audio streams playing now.',
    metrics: ['audio_streams_active'],
    promql: (ctx) => gauge(ctx, 'sum', 'audio_streams_active'),
    sources: [],
  },
  {
    id: 'audio_stream_start_rate',
    title: 'Stream starts',
    area: 'audio',
    unit: 'ops',
    description: 'Audio streams started per second.',
    metrics: ['audio_streams_started_total'],
    promql: (ctx) => sumRate(ctx, 'audio_streams_started_total'),
    sources: [],
  },
  {
    id: 'audio_buffer_ratio_p90',
    title: 'Buffer ratio p90',
    area: 'audio',
    unit: 'percent',
    description: '90th percentile of the share of play time spent buffering.',
    metrics: ['audio_buffer_ratio_percent'],
    promql: (ctx) => quantile(ctx, 0.9, 'audio_buffer_ratio_percent'),
    thresholds: { warning: 20, direction: 'above', for: '5m' },
    sources: ['000'],
  },
  {
    id: 'audio_bandwidth_avg',
    title: 'Average stream bandwidth',
    area: 'audio',
    unit: 'Bps',
    description: 'Mean delivered bandwidth per stream.',
    metrics: ['audio_bandwidth_bytes_per_second'],
    promql: (ctx) => average(ctx, 'audio_bandwidth_bytes_per_second'),
    sources: [],
  },
  // Uploads
  {
    id: 'upload_avg_time',
    title: 'Average upload time',
    area: 'uploads',
    unit: 's',
    description: 'Mean file upload duration.',
    metrics: ['file_upload_duration_seconds'],
    promql: (ctx) => average(ctx, 'file_upload_duration_seconds'),
    thresholds: { warning: 30, critical: 60, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  // WebSocket
  {
    id: 'websocket_error_rate',
    title: 'WebSocket connection error rate',
    area: 'websocket',
    unit: 'percentunit',
    description: 'Share of WebSocket connection attempts that failed.',
    metrics: ['websocket_connections_total'],
    promql: (ctx) =>
      ratio(ctx, sumRate(ctx, 'websocket_connections_total', 'error'), sumRate(ctx, 'websocket_connections_total')),
    thresholds: { warning: 0.1, critical: 0.2, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  // System
  {
    id: 'system_load1',
    title: 'System load (1m)',
    area: 'system',
    unit: 'short',
    description: 'Highest one-minute load average across hosts.',
    metrics: ['node_load1'],
    promql: (ctx) => gauge(ctx, 'max', 'node_load1'),
    thresholds: { warning: 5, critical: 10, direction: 'above', for: '5m' },
    sources: ['001'],
  },
  {
    id: 'process_memory',
    title: 'Process memory',
    area: 'system',
    unit: 'bytes',
    description: 'Resident memory of the instrumented processes.',
    metrics: ['process_resident_memory_bytes'],
    promql: (ctx) => gauge(ctx, 'sum', 'process_resident_memory_bytes'),
    sources: [],
  },
  {
    id: 'eventloop_lag',
    title: 'Event-loop lag',
    area: 'system',
    unit: 's',
    description: 'Worst event-loop lag across Node.js processes.',
    metrics: ['nodejs_eventloop_lag_seconds'],
    promql: (ctx) => gauge(ctx, 'max', 'nodejs_eventloop_lag_seconds'),
    sources: [],
  },
  // Web vitals
  vital('lcp', 'Largest Contentful Paint', 'web_vitals_lcp_seconds', 's', 2.5),
  vital('inp', 'Interaction to Next Paint', 'web_vitals_inp_seconds', 's', 0.2),
  vital('cls', 'Cumulative Layout Shift', 'web_vitals_cls', 'none', 0.1),
  vital('fcp', 'First Contentful Paint', 'web_vitals_fcp_seconds', 's'),
  vital('ttfb', 'Time to First Byte', 'web_vitals_ttfb_seconds', 's'),
  // Health
  {
    id: 'health_score',
    title: 'Health score',
    area: 'health',
    unit: 'none',
    description: 'Perfscope health score, 0–100, from the recording rule perfscope:health_score (one per service).',
    metrics: [],
    // The worst score of the services the matchers select (a dashboard's service variable); per
    // service, each one's. The record keeps only the service label: a matcher on any other label
    // selects nothing, "No data" rather than another service's score.
    promql: (ctx) => `${groupBy('min', ctx.keep)}(${HEALTH_SCORE_RECORD}${ctx.filters ? `{${ctx.filters}}` : ''})`,
    thresholds: { warning: 70, critical: 50, direction: 'below', for: '5m' },
    sources: ['001', '004'],
  },
] as const satisfies readonly SignalDef[];

export type SignalId = (typeof SIGNALS)[number]['id'];

/**
 * Signals the health score uses that are not listed in SIGNALS (whose list is fixed by the metric
 * contract and its golden expressions), but are found by id like any other.
 */
export const HEALTH_ONLY_SIGNALS: readonly SignalDef[] = [
  {
    id: 'http_apdex',
    title: 'HTTP Apdex',
    area: 'http',
    unit: 'percentunit',
    description: `Apdex of HTTP requests at T (${DEFAULT_APDEX_T} s unless the settings set another): requests within T count fully, within 4T half, slower ones not at all. A fast failed request counts as satisfied, so read it together with the error rate.`,
    metrics: ['http_request_duration_seconds'],
    promql: (ctx) => apdexExpr(ctx, ctx.apdex.t, ctx.apdex.fourT),
    // Apdex ratings: 0.85 and above is good, below 0.7 poor.
    thresholds: { warning: 0.85, critical: 0.7, direction: 'below', for: '5m' },
    sources: [],
  },
];

const BY_ID: ReadonlyMap<string, SignalDef> = new Map(
  [...(SIGNALS as readonly SignalDef[]), ...HEALTH_ONLY_SIGNALS].map((s) => [s.id, s])
);

/** The signal with this id, or undefined. */
export function findSignal(id: string): SignalDef | undefined {
  return BY_ID.get(id);
}

/** The signal with this id; throws a readable error listing the known ids otherwise. */
export function getSignal(id: string): SignalDef {
  const signal = BY_ID.get(id);
  if (!signal) {
    throw new Error(`Unknown signal "${id}". Known signals: ${SIGNALS.map((s) => s.id).join(', ')}.`);
  }
  return signal;
}
