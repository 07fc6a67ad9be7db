/**
 * micrometer: a Spring Boot service with Actuator and Micrometer's Prometheus registry, with
 * `management.metrics.distribution.percentiles-histogram` on for its timers.
 * - `http.server.requests` (https://docs.spring.io/spring-boot/reference/actuator/metrics.html;
 *   spring-framework DefaultServerRequestObservationConvention): tags `method`, `uri` (the path
 *   pattern), `status`, `outcome` (SUCCESS, CLIENT_ERROR, SERVER_ERROR…), `exception` (`none`),
 *   and `error` (`none`) from Micrometer's DefaultMeterObservationHandler.
 * - `spring.data.repository.invocations` (spring-boot DefaultRepositoryTagsProvider): `repository`,
 *   `method`, `state` (SUCCESS, ERROR), `exception` (`None`).
 * - HikariCP's MicrometerMetricsTracker: `hikaricp.connections{,.active,.idle,.max}` by `pool`.
 * - Caches (Micrometer CacheMeterBinder, Spring Boot CacheMetricsRegistrar): `cache.gets` by
 *   `result` (hit, miss), `cache.evictions`, tags `cache`, `cacheManager`, `name`.
 * - System: ProcessorMetrics `system.load.average.1m`, JVM `jvm.memory.used` by `area`, `id`.
 * Prometheus names (https://docs.micrometer.io/micrometer/reference/implementations/prometheus.html):
 * timers in `_seconds` with a `_max` gauge, counters `_total`, bytes `_bytes`. Timer buckets are
 * Micrometer's percentile-histogram set from 1 ms to 30 s (PercentileHistogramBuckets,
 * AbstractTimerBuilder).
 */
import type { SimulatedArea } from '../recorder';
import { bracedRoute, capitalise, DialectBase, idleConnections, POOL_SIZE, statusSeries, WindowMax } from './shared';

export const MICROMETER_AREAS: readonly SimulatedArea[] = ['http', 'database', 'cache', 'system'];

/** Micrometer's percentile-histogram buckets between a timer's 1 ms and 30 s, in seconds. */
export const MICROMETER_TIMER_BUCKETS: readonly number[] = (() => {
  // Powers of 4 with a third of the previous power between them (PercentileHistogramBuckets), in ns.
  const all = new Set<number>([1, 2, 3]);
  for (let exp = 2; exp < 64; exp += 2) {
    let current = BigInt(2) ** BigInt(exp);
    const delta = current / BigInt(3);
    const next = (current << BigInt(2)) - delta;
    while (current < next) {
      all.add(Number(current));
      current += delta;
    }
  }
  const min = 1e6;
  const max = 30e9;
  return [...new Set([...[...all].filter((b) => b >= min && b <= max), min, max])]
    .sort((a, b) => a - b)
    .map((ns) => ns / 1e9);
})();

const HTTP_LABELS = ['error', 'exception', 'method', 'outcome', 'status', 'uri'];
const REPOSITORY_LABELS = ['exception', 'method', 'repository', 'state'];
/** Spring Boot's tag for the default cache manager bean. */
const CACHE_MANAGER = 'cacheManager';

/** `tracks` → `TrackRepository`. */
function repository(table: string): string {
  return `${capitalise(table.replace(/s$/, ''))}Repository`;
}

export class MicrometerDialect extends DialectBase {
  private readonly requests = this.histogram(
    'http',
    'http_server_requests_seconds',
    'Duration of HTTP server request handling',
    HTTP_LABELS,
    MICROMETER_TIMER_BUCKETS
  );
  private readonly requestsMax = new WindowMax();
  private readonly invocations = this.histogram(
    'database',
    'spring_data_repository_invocations_seconds',
    'Duration of repository invocations',
    REPOSITORY_LABELS,
    MICROMETER_TIMER_BUCKETS
  );
  private readonly invocationsMax = new WindowMax();
  private readonly pools = new Map<string, { up: boolean; active: number }>();
  private readonly gets = this.counter(
    'cache',
    'cache_gets_total',
    'The number of times cache lookup methods have returned a cached (hit) or uncached (newly loaded or null) value (miss).',
    ['cache', 'cacheManager', 'name', 'result']
  );
  private readonly evictions = this.counter(
    'cache',
    'cache_evictions_total',
    'The number of times the cache was evicted.',
    ['cache', 'cacheManager', 'name']
  );

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    this.scraped('http', {
      name: 'http_server_requests_seconds_max',
      help: 'Duration of HTTP server request handling',
      type: 'gauge',
      read: () => this.requestsMax.take(),
    });
    this.scraped('database', {
      name: 'spring_data_repository_invocations_seconds_max',
      help: 'Duration of repository invocations',
      type: 'gauge',
      read: () => this.invocationsMax.take(),
    });
    const pool = (name: string, help: string, value: (p: { up: boolean; active: number }) => number) =>
      this.scraped('database', {
        name,
        help,
        type: 'gauge',
        read: () => [...this.pools].map(([pool, p]) => ({ labels: { pool }, value: value(p) })),
      });
    pool('hikaricp_connections_active', 'Active connections', (p) => (p.up ? p.active : 0));
    pool('hikaricp_connections_idle', 'Idle connections', (p) => idleConnections(p.up, p.up ? p.active : 0));
    pool('hikaricp_connections', 'Total connections', (p) => (p.up ? p.active + idleConnections(p.up, p.active) : 0));
    pool('hikaricp_connections_max', 'Max connections', () => POOL_SIZE);
    this.scraped('system', {
      name: 'system_load_average_1m',
      help: 'The sum of the number of runnable entities queued to available processors and the number of runnable entities running on the available processors averaged over a period of time',
      type: 'gauge',
      read: () => [{ value: this.ctx.load() }],
    });
    this.scraped('system', {
      name: 'jvm_memory_used_bytes',
      help: 'The amount of used memory',
      type: 'gauge',
      read: () => [{ labels: { area: 'heap', id: 'G1 Old Gen' }, value: process.memoryUsage().heapUsed }],
    });
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    // A 500 comes from an exception the handler threw; 502 and 503 are set by the handler.
    const exception = statusCode === 500 ? 'IllegalStateException' : 'none';
    const labels = {
      error: exception,
      exception,
      method,
      outcome: statusSeries(statusCode),
      status: String(statusCode),
      uri: bracedRoute(route),
    };
    this.requests.observe(labels, seconds);
    this.requestsMax.observe(labels, seconds);
  }

  observeQuery(operation: string, table: string, seconds: number, failed: boolean): void {
    const labels = {
      exception: failed ? 'DataAccessResourceFailureException' : 'None',
      method: operation === 'select' ? 'findById' : 'save',
      repository: repository(table),
      state: failed ? 'ERROR' : 'SUCCESS',
    };
    this.invocations.observe(labels, seconds);
    this.invocationsMax.observe(labels, seconds);
  }

  dbConnection(connection: string, up: boolean, active?: number): void {
    this.pools.set(connection, { up, active: active ?? this.pools.get(connection)?.active ?? 0 });
  }

  cache(name: string) {
    const tags = { cache: name, cacheManager: CACHE_MANAGER, name };
    const hits = this.gets.labels({ ...tags, result: 'hit' });
    const misses = this.gets.labels({ ...tags, result: 'miss' });
    hits.inc(0);
    misses.inc(0);
    this.evictions.inc(tags, 0);
    return {
      hit: () => hits.inc(),
      miss: () => misses.inc(),
      evicted: (count = 1) => this.evictions.inc(tags, count),
      // Micrometer's cache meters count entries, not bytes.
      memory: () => {},
    };
  }
}
