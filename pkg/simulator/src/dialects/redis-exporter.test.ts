import { kitBaseline, run, total } from './testUtils';

describe('redis-exporter dialect', () => {
  it('sums the caches into the instance’s keyspace hits, misses and evictions', async () => {
    const kit = await kitBaseline('cache-cold');
    const { samples, types } = await run(['redis-exporter'], 'cache-cold');
    expect(types.get('redis_keyspace_hits_total')).toBe('counter');
    const hits = total(samples, 'redis_keyspace_hits_total');
    const misses = total(samples, 'redis_keyspace_misses_total');
    expect(hits + misses).toBe(kit.cacheLookups);
    expect(hits).toBe(kit.cacheHits);
    expect(misses).toBeGreaterThan(hits);
    expect(total(samples, 'redis_evicted_keys_total')).toBe(kit.evictions);
    expect(total(samples, 'redis_memory_used_bytes')).toBe(total(kit.samples, 'cache_memory_bytes'));
    expect(total(samples, 'redis_up')).toBe(1);
    // The instance's metrics have no labels.
    expect(samples.filter((s) => s.name.startsWith('redis_')).every((s) => Object.keys(s.labels).length === 0)).toBe(
      true
    );
  });
});
