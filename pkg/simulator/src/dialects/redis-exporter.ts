/**
 * redis-exporter: the Redis behind the simulated caches, as oliver006/redis_exporter exposes it
 * (https://github.com/oliver006/redis_exporter, exporter/exporter.go `metricMapCounters`,
 * `metricMapGauges`; namespace `redis`): `redis_keyspace_hits_total`, `redis_keyspace_misses_total`,
 * `redis_evicted_keys_total` (counters), `redis_memory_used_bytes` (gauge) and `redis_up`, with no
 * labels: they describe the whole instance, so the simulator's three caches are summed.
 */
import type { CacheRecorder, SimulatedArea } from '../recorder';
import { DialectBase } from './shared';

export const REDIS_EXPORTER_AREAS: readonly SimulatedArea[] = ['cache'];

export class RedisExporterDialect extends DialectBase {
  private readonly hits = this.counter('cache', 'redis_keyspace_hits_total', 'keyspace_hits_total metric');
  private readonly misses = this.counter('cache', 'redis_keyspace_misses_total', 'keyspace_misses_total metric');
  private readonly evictions = this.counter('cache', 'redis_evicted_keys_total', 'evicted_keys_total metric');
  private readonly memoryByCache = new Map<string, number>();

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    this.scraped('cache', {
      name: 'redis_memory_used_bytes',
      help: 'memory_used_bytes metric',
      type: 'gauge',
      read: () => [{ value: [...this.memoryByCache.values()].reduce((s, b) => s + b, 0) }],
    });
    this.gauge('cache', 'redis_up', 'Information about the Redis instance').set(1);
  }

  cache(name: string): CacheRecorder {
    return {
      hit: () => this.hits.inc(),
      miss: () => this.misses.inc(),
      evicted: (count = 1) => this.evictions.inc(count),
      memory: (bytes) => {
        this.memoryByCache.set(name, bytes);
      },
    };
  }
}
