/**
 * Input series for promtool unit tests: for each alerting signal, series that make the signal's
 * expression equal a chosen value (exactly, up to float rounding) for as long as a phase lasts.
 * Series are sampled every minute; counters grow by a fixed amount per minute within a phase.
 */
import { DEFAULT_OPTIONS, formatNumber, getMetric } from '@perfscope/catalog';

/** The signal holds `value` for `minutes` minutes. */
export interface Phase {
  readonly value: number;
  readonly minutes: number;
}

/** One promtool input series. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/**
 * When the fed value shows exactly in the signal: a ratio of rates from the second sample (both
 * sides are extrapolated alike), a plain rate once its window holds only fed samples, a gauge at once.
 */
export type Exactness = 'ratio' | 'rate' | 'gauge';

export interface Fixture {
  readonly exact: Exactness;
  readonly series: (phases: readonly Phase[]) => InputSeries[];
}

const fixture = (exact: Exactness, series: Fixture['series']): Fixture => ({ exact, series });

/** Requests (or events) per minute the ratio fixtures use as their denominator. */
const PER_MINUTE = 600;
const num = (n: number) => formatNumber(n);

/** A counter growing by `perMinute(value)` a minute in each phase: `0+i1xn1 v+i2xn2 …` (one sample a minute). */
function counterValues(phases: readonly Phase[], perMinute: (value: number) => number): string {
  let total = 0;
  const parts: string[] = [];
  phases.forEach((phase, i) => {
    const inc = perMinute(phase.value);
    if (inc < 0) {
      throw new Error(`A counter cannot fall: phase ${i + 1} asks for ${inc} a minute.`);
    }
    const start = i === 0 ? 0 : total + inc;
    const steps = i === 0 ? phase.minutes : phase.minutes - 1;
    parts.push(`${num(start)}+${num(inc)}x${steps}`);
    total = start + inc * steps;
  });
  return parts.join(' ');
}

/** A gauge holding each phase's value. */
function gaugeValues(phases: readonly Phase[], map: (value: number) => number = (v) => v): string {
  return phases.map((p, i) => `${num(map(p.value))}+0x${i === 0 ? p.minutes : p.minutes - 1}`).join(' ');
}

/**
 * The service every fixture series belongs to (its `job`): alerts fire one instance per service,
 * so the tests expect it among the alert's labels and in its summary.
 */
export const FIXTURE_SERVICE = 'checkout';

const series = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries({ job: FIXTURE_SERVICE, ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/** bad / (bad + good) = value: two series of one counter. */
const split = (name: string, bad: Record<string, string>, good: Record<string, string>, scale = 1): Fixture =>
  fixture('ratio', (phases) => [
    { series: series(name, bad), values: counterValues(phases, (v) => v * scale * PER_MINUTE) },
    { series: series(name, good), values: counterValues(phases, (v) => (1 - v * scale) * PER_MINUTE) },
  ]);

/** numerator / denominator = value over two counters. */
const ratioOf = (
  numerator: string,
  numLabels: Record<string, string>,
  denominator: string,
  denLabels: Record<string, string>
): Fixture =>
  fixture('ratio', (phases) => [
    { series: series(numerator, numLabels), values: counterValues(phases, (v) => v * PER_MINUTE) },
    { series: series(denominator, denLabels), values: counterValues(phases, () => PER_MINUTE) },
  ]);

/** A counter whose per-second rate is the value. */
const eventRate = (name: string, labels: Record<string, string>): Fixture =>
  fixture('rate', (phases) => [{ series: series(name, labels), values: counterValues(phases, (v) => v * 60) }]);

/** rate(_sum) / rate(_count) = value. */
const histogramAverage = (metric: string, labels: Record<string, string>): Fixture =>
  fixture('ratio', (phases) => [
    { series: series(`${metric}_sum`, labels), values: counterValues(phases, (v) => v * PER_MINUTE) },
    { series: series(`${metric}_count`, labels), values: counterValues(phases, () => PER_MINUTE) },
  ]);

/**
 * Cumulative bucket counts (per minute) whose histogram_quantile(q) is exactly `value`, by
 * Prometheus's linear interpolation inside the bucket (l, u] that holds the value.
 */
export function bucketCounts(buckets: readonly number[], q: number, value: number): number[] {
  const i = buckets.findIndex((b) => value <= b);
  if (i < 0 || value <= 0) {
    throw new Error(`No bucket of (${buckets.join(', ')}) holds ${value}: pick a value inside the histogram.`);
  }
  const lower = i === 0 ? 0 : buckets[i - 1];
  if (i === 0 && value / buckets[0] < q) {
    throw new Error(
      `${value} is too low in the first bucket (0, ${buckets[0]}] to be quantile ${q}: pick a larger value.`
    );
  }
  const upper = buckets[i];
  const r = (value - lower) / (upper - lower);
  const n = PER_MINUTE;
  // Either everything is at most `upper` and some share at most `lower`, or nothing is at most
  // `lower` and some share is above `upper`: whichever keeps counts between 0 and n.
  const [atLower, atUpper] = r <= q ? [(n * (q - r)) / (1 - r), n] : [0, (q * n) / r];
  return buckets.map((b, j) => (j < i - 1 ? 0 : j === i - 1 ? atLower : j === i ? atUpper : n));
}

/** histogram_quantile(q, …) = value: one series per bucket, +Inf included. */
const histogramQuantile = (metric: string, q: number, labels: Record<string, string>): Fixture =>
  fixture('ratio', (phases) => {
    const buckets = getMetric(metric).buckets;
    if (!buckets) {
      throw new Error(`Catalog metric ${metric} has no buckets.`);
    }
    const perPhase = phases.map((p) => bucketCounts(buckets, q, p.value));
    const le = [...buckets.map((b) => num(b)), '+Inf'];
    return le.map((bound, j) => ({
      series: series(`${metric}_bucket`, { ...labels, le: bound }),
      values: counterValues(
        phases.map((p, k) => ({ value: j < buckets.length ? perPhase[k][j] : PER_MINUTE, minutes: p.minutes })),
        (v) => v
      ),
    }));
  });

const gauge = (name: string, labels: Record<string, string>): Fixture =>
  fixture('gauge', (phases) => [{ series: series(name, labels), values: gaugeValues(phases) }]);

const GET = { method: 'GET', route: '/tracks/:id' };

/**
 * A fixture for every alerting signal. The generator refuses an alerting signal without one, so a
 * new threshold in the catalog cannot go untested.
 */
export const FIXTURES: Readonly<Record<string, Fixture>> = {
  http_latency_p95: histogramQuantile('http_request_duration_seconds', 0.95, { ...GET, status_code: '200' }),
  http_error_rate: split('http_requests_total', { ...GET, status_code: '500' }, { ...GET, status_code: '200' }),
  // The burn rate is the 1 h error ratio divided by the budget (1 − the availability objective).
  error_budget_burn_rate: split(
    'http_requests_total',
    { ...GET, status_code: '503' },
    { ...GET, status_code: '200' },
    Number(formatNumber(1 - DEFAULT_OPTIONS.slo))
  ),
  rate_limited_rate: eventRate('http_rate_limited_requests_total', { route: '/search' }),
  db_query_avg: histogramAverage('db_query_duration_seconds', { operation: 'select', table: 'tracks' }),
  db_slow_query_rate: eventRate('db_slow_queries_total', { operation: 'select' }),
  db_up: gauge('db_connection_up', { connection: 'primary' }),
  cache_hit_ratio: split(
    'cache_requests_total',
    { cache: 'tracks', result: 'hit' },
    { cache: 'tracks', result: 'miss' }
  ),
  audio_stream_error_rate: ratioOf(
    'audio_stream_errors_total',
    { error_type: 'network' },
    'audio_streams_started_total',
    { quality: 'high', format: 'aac' }
  ),
  audio_buffer_ratio_p90: histogramQuantile('audio_buffer_ratio_percent', 0.9, {}),
  upload_avg_time: histogramAverage('file_upload_duration_seconds', {}),
  websocket_error_rate: split('websocket_connections_total', { result: 'error' }, { result: 'success' }),
  system_load1: gauge('node_load1', { instance: 'host-1' }),
  web_vitals_lcp_p75: histogramQuantile('web_vitals_lcp_seconds', 0.75, { page: '/' }),
  web_vitals_inp_p75: histogramQuantile('web_vitals_inp_seconds', 0.75, { page: '/' }),
  web_vitals_cls_p75: histogramQuantile('web_vitals_cls', 0.75, { page: '/' }),
  // The health score alert reads the recording rule's output; the rule itself is proven on the rig.
  health_score: gauge('perfscope:health_score', {}),
  // The anomaly alerts read the band's recorded distance from normal; the band rules are proven on the rig.
  http_latency_p95_anomaly: gauge('perfscope:http_latency_p95:anomaly', {}),
  http_error_rate_anomaly: gauge('perfscope:http_error_rate:anomaly', {}),
};

/**
 * Alerting signals whose unit test needs more history than promtool can evaluate in reasonable time
 * (it evaluates every rule of the file each minute from the start: a week of history is 10,080
 * evaluations per case), and where they are proven instead.
 */
export const PROVEN_ON_THE_RIG: Readonly<Record<string, string>> = {
  http_latency_p95_wow:
    'tests/integration/trends.test.ts: a backfilled fortnight in which a deploy slows the p95 by 30 % fires the regression alert',
  http_error_rate_wow:
    'tests/integration/trends.test.ts: on the same backfilled fortnight the deploy triples the errors, and it reads 200 %',
};

/** The HTTP error ratio itself, for the error-budget (SLO) alerts. */
export const errorRatioFixture: Fixture = split(
  'http_requests_total',
  { ...GET, status_code: '500' },
  { ...GET, status_code: '200' }
);

/**
 * slow / all = value for a latency objective at `threshold` seconds: the bucket at the threshold
 * (the requests within it) and the count (all requests).
 */
export const latencyRatioFixture = (threshold: number): Fixture =>
  fixture('ratio', (phases) => [
    {
      series: series('http_request_duration_seconds_bucket', { ...GET, le: num(threshold) }),
      values: counterValues(phases, (v) => (1 - v) * PER_MINUTE),
    },
    { series: series('http_request_duration_seconds_count', GET), values: counterValues(phases, () => PER_MINUTE) },
  ]);
