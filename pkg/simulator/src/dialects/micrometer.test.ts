import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('micrometer dialect', () => {
  it('emits http.server.requests with outcome, exception and error tags and Micrometer’s buckets', async () => {
    const kit = await kitBaseline('error-burst');
    const { samples, types } = await run(['micrometer'], 'error-burst');
    const name = 'http_server_requests_seconds';
    expect(types.get(name)).toBe('histogram');
    expect(total(samples, `${name}_count`)).toBe(kit.requests);
    expect(total(samples, `${name}_count`, (l) => l.outcome === 'SERVER_ERROR')).toBe(
      kit.requestsWith((l) => l.status_code.startsWith('5'))
    );
    expect(total(samples, `${name}_count`, (l) => l.outcome === 'SUCCESS')).toBe(
      kit.requestsWith((l) => l.status_code === '200')
    );
    expect(values(samples, `${name}_count`, 'uri')).toContain('/tracks/{id}');
    expect(values(samples, `${name}_count`, 'exception')).toEqual(['IllegalStateException', 'none']);
    expect(values(samples, `${name}_count`, 'error')).toEqual(['IllegalStateException', 'none']);
    const le = bounds(samples, name);
    expect(le).toHaveLength(68);
    expect(le.slice(0, 4)).toEqual([0.001, 0.001048576, 0.001398101, 0.001747626]);
    expect(le.slice(-3)).toEqual([22.906492245, 28.633115306, 30]);
    expect(types.get(`${name}_max`)).toBe('gauge');
    expect(Math.max(...samples.filter((s) => s.name === `${name}_max`).map((s) => s.value))).toBeGreaterThan(0);
  });

  it('marks rate-limited requests CLIENT_ERROR', async () => {
    const kit = await kitBaseline('rate-limit');
    const { samples } = await run(['micrometer'], 'rate-limit');
    const limited = kit.requestsWith((l) => l.status_code === '429');
    expect(limited).toBeGreaterThan(0);
    expect(total(samples, 'http_server_requests_seconds_count', (l) => l.outcome === 'CLIENT_ERROR')).toBe(limited);
  });

  it('emits repository invocations, HikariCP pools, cache gets and evictions, and the simulated load', async () => {
    const kit = await kitBaseline('db-down');
    const { samples } = await run(['micrometer'], 'db-down');
    expect(total(samples, 'spring_data_repository_invocations_seconds_count')).toBe(kit.queries);
    expect(total(samples, 'spring_data_repository_invocations_seconds_count', (l) => l.state === 'ERROR')).toBe(
      kit.queryErrors
    );
    expect(values(samples, 'spring_data_repository_invocations_seconds_count', 'repository')).toContain(
      'TrackRepository'
    );
    expect(total(samples, 'hikaricp_connections_active', (l) => l.pool === 'primary')).toBe(0);
    expect(total(samples, 'hikaricp_connections_active', (l) => l.pool === 'replica')).toBe(kit.active('replica'));
    expect(total(samples, 'cache_gets_total')).toBe(kit.cacheLookups);
    expect(total(samples, 'cache_gets_total', (l) => l.result === 'hit')).toBe(kit.cacheHits);
    expect(values(samples, 'cache_gets_total', 'cache')).toEqual(['search', 'sessions', 'tracks']);
    expect(total(samples, 'cache_evictions_total')).toBe(kit.evictions);
    expect(total(samples, 'system_load_average_1m')).toBe(kit.load);
  });
});
