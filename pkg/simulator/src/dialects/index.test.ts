import { serve } from '../server';
import { Simulator } from '../simulator';
import { assignAreas, DIALECT_AREAS, DIALECT_IDS } from '.';
import { run, T0, total } from './testUtils';

describe('dialects', () => {
  it('leave the simulated events alone: kit and otel count the same requests for a seed', async () => {
    const kit = await run(['kit'], 'normal', 30, 11);
    const otel = await run(['otel'], 'normal', 30, 11);
    const requests = total(kit.samples, 'http_requests_total');
    expect(requests).toBeGreaterThan(800);
    expect(total(otel.samples, 'http_server_request_duration_seconds_count')).toBe(requests);
    expect(total(otel.samples, 'db_client_operation_duration_seconds_count')).toBe(
      total(kit.samples, 'db_query_duration_seconds_count')
    );
    // Another seed is another run: the equality above is not a constant.
    const other = await run(['otel'], 'normal', 30, 12);
    expect(total(other.samples, 'http_server_request_duration_seconds_count')).not.toBe(requests);
    // And a list of dialects changes nothing either.
    const mixed = await run(['micrometer', 'otel', 'kit'], 'normal', 30, 11);
    expect(total(mixed.samples, 'http_server_requests_seconds_count')).toBe(requests);
  });

  it('give each area to the first listed dialect that covers it and drop the rest', async () => {
    expect(assignAreas(['otel', 'redis-exporter', 'postgres-exporter', 'kit'])).toEqual({
      http: 'otel',
      database: 'otel',
      cache: 'redis-exporter',
      ratelimit: 'kit',
      audio: 'kit',
      uploads: 'kit',
      websocket: 'kit',
      webvitals: 'kit',
      system: 'kit',
    });
    const { samples, types } = await run(['otel', 'redis-exporter', 'postgres-exporter', 'kit'], 'rate-limit');
    // otel has http and database: the kit's metrics for them are not exposed, postgres-exporter gets nothing.
    expect(types.has('http_server_request_duration_seconds')).toBe(true);
    expect(types.has('http_requests_total')).toBe(false);
    expect(types.has('db_query_duration_seconds')).toBe(false);
    expect(types.has('pg_up')).toBe(false);
    expect(types.has('cache_requests_total')).toBe(false);
    expect(total(samples, 'redis_keyspace_hits_total')).toBeGreaterThan(0);
    expect(total(samples, 'http_rate_limited_requests_total')).toBeGreaterThan(0);
    expect(total(samples, 'audio_streams_started_total')).toBeGreaterThan(0);
    expect(types.has('node_load1')).toBe(true);
    // Areas no listed dialect covers are not emitted.
    const redisOnly = await run(['redis-exporter']);
    expect([...redisOnly.types.keys()].every((name) => name.startsWith('redis_'))).toBe(true);
  });

  it('combine in any order without two dialects exposing one name', async () => {
    for (const a of DIALECT_IDS) {
      for (const b of DIALECT_IDS.filter((d) => d !== a)) {
        const sim = new Simulator({ seed: 1, startTime: T0, dialects: [a, b] });
        sim.step(0.5);
        const names = (await sim.expose()).split('\n').filter((l) => l.startsWith('# TYPE '));
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });

  it('say which areas each dialect covers, the kit all of them', () => {
    expect(DIALECT_IDS[0]).toBe('kit');
    expect(DIALECT_AREAS.kit).toHaveLength(9);
    expect(DIALECT_AREAS['redis-exporter']).toEqual(['cache']);
    expect(DIALECT_AREAS.micrometer).toEqual(['http', 'database', 'cache', 'system']);
  });

  it('reject unknown names, and --prefix or --label-map with another dialect', () => {
    expect(() => new Simulator({ dialects: ['zipkin' as never] })).toThrow(
      /Unknown dialect "zipkin". Valid dialects: kit, otel, otel-legacy, prom-client, micrometer, promhttp, prometheus-net, ingress-nginx, redis-exporter, mysqld-exporter, postgres-exporter, node-exporter\./
    );
    expect(() => new Simulator({ dialects: ['otel', 'kit'], prefix: 'shop_' })).toThrow(
      /prefix applies to the kit dialect only: it cannot be combined with other dialects \(otel\)/
    );
    expect(() => new Simulator({ dialects: ['micrometer'], labelMap: { status_code: 'status' } })).toThrow(
      /labelMap applies to the kit dialect only/
    );
    expect(() => new Simulator({ dialects: [] })).toThrow(/Name at least one dialect/);
    expect(new Simulator({ dialects: ['kit'], prefix: 'shop_' }).metrics.prefix).toBe('shop_');
    expect(() => new Simulator({ dialects: ['otel'] }).metrics).toThrow(/kit dialect is not among/);
  });

  it('apply --prefix to the kit only, in a kit-only run', async () => {
    const sim = new Simulator({ seed: 2, startTime: T0, prefix: 'shop_' });
    sim.step(1);
    const text = await sim.expose();
    expect(text).toMatch(/^shop_http_requests_total\{/m);
    expect(text).toMatch(/^node_load1 /m);
  });

  it('are served together at /metrics', async () => {
    const running = await serve(
      new Simulator({ seed: 1, speed: 5, dialects: ['promhttp', 'kit'] }),
      '127.0.0.1',
      0,
      20
    );
    try {
      await new Promise((r) => setTimeout(r, 150));
      const text = await (await fetch(`${running.url}/metrics`)).text();
      expect(text).toMatch(/^http_requests_total\{code="200",method="get",handler="\/tracks\/\{id\}"\} \d+/m);
      expect(text).toMatch(/^cache_requests_total\{cache="tracks",result="hit"\} \d+/m);
      expect(text).not.toMatch(/status_code=/);
    } finally {
      await running.close();
    }
  });
});
