import { METRICS } from '@perfscope/catalog';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type MetricsOptions,
  MetricsSetupError,
  OTHER_METHOD,
  OTHER_ROUTE,
  PerfscopeMetrics,
  UNMATCHED_ROUTE,
  nearestPackageVersion,
} from './kit';
import { sample } from './testUtils';

describe('PerfscopeMetrics setup', () => {
  it('registers every contract metric with the catalog name, help, labels and buckets', async () => {
    const kit = new PerfscopeMetrics({ loadAverage: () => 0.5 });
    const exposed = await kit.registry.getMetricsAsJSON();
    for (const def of METRICS) {
      const found = exposed.find((m) => m.name === def.name);
      expect({ name: def.name, found: Boolean(found) }).toEqual({ name: def.name, found: true });
      if (!def.name.startsWith('process_') && !def.name.startsWith('nodejs_')) {
        // prom-client writes its own help for its default metrics
        expect(found!.help).toBe(def.help);
      }
    }
    const histogram = kit.metric('http_request_duration_seconds') as unknown as {
      upperBounds: number[];
      labelNames: string[];
    };
    expect(histogram.upperBounds).toEqual(METRICS.find((m) => m.name === 'http_request_duration_seconds')!.buckets);
    expect(histogram.labelNames).toEqual(['method', 'route', 'status_code']);
    expect(await sample(kit, 'node_load1')).toBe(0.5);
  });

  it('computes the contract process metrics at scrape time', async () => {
    const kit = new PerfscopeMetrics({ loadAverage: false });
    const rss = await sample(kit, 'process_resident_memory_bytes');
    expect(rss).toBeGreaterThan(10e6);
    // Scraped at once, the lag monitor has no sample yet: the series is absent ("No data"), not 0.
    expect(await sample(kit, 'nodejs_eventloop_lag_seconds')).toBeUndefined();
    const early = await kit.expose();
    expect(early).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(early).not.toMatch(/^nodejs_eventloop_lag_seconds /m);
    await new Promise((r) => setTimeout(r, 1100));
    const lag = await sample(kit, 'nodejs_eventloop_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(1);
    expect(await kit.expose()).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect((await kit.registry.getMetricsAsJSON()).map((m) => m.name)).not.toContain('nodejs_gc_duration_seconds');
  });

  it('reads a blocked event loop as lag, sampling it twice a second', async () => {
    const kit = new PerfscopeMetrics({ loadAverage: false });
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await wait(1100);
    const idle = await sample(kit, 'nodejs_eventloop_lag_seconds'); // and the monitor starts over
    await wait(1100);
    const blockedUntil = Date.now() + 1000;
    while (Date.now() < blockedUntil) {
      // the loop is blocked for a second: the monitor's next sample comes about 0.6 s late
    }
    await wait(600);
    const blocked = await sample(kit, 'nodejs_eventloop_lag_seconds');
    // Samples of about 0.5, 0.5, 1.1 and 0.5 s: a mean of 0.65 s, 0.15 s over the interval.
    expect(blocked).toBeGreaterThan(0.1);
    expect(blocked).toBeLessThan(0.6);
    expect(idle).toBeLessThan(blocked!);
  });

  it('emits every prom-client default metric on request', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: 'all', loadAverage: false });
    const names = (await kit.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'nodejs_gc_duration_seconds',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ])
    );
  });

  it('prefixes every metric but node_load1 (a node_exporter name)', async () => {
    const kit = new PerfscopeMetrics({ prefix: 'shop_', loadAverage: () => 1 });
    const names = (await kit.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('shop_http_requests_total');
    expect(names).toContain('shop_process_resident_memory_bytes');
    expect(names).toContain('shop_nodejs_eventloop_lag_seconds');
    expect(names).toContain('node_load1');
    expect(names.filter((n) => !n.startsWith('shop_'))).toEqual(['node_load1']);
  });

  it("emits the team's label names when mapped, as the catalog option does", async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false, labelMap: { status_code: 'status', result: 'outcome' } });
    kit.recordRequest('GET', '/a', 500, 0.1);
    kit.cache('x').hit();
    expect(await sample(kit, 'http_requests_total', { status: '500' })).toBe(1);
    expect(await sample(kit, 'cache_requests_total', { outcome: 'hit' })).toBe(1);
    expect(await kit.expose()).not.toContain('status_code=');
  });

  it.each([
    [{ labelMap: { colour: 'color' } as MetricsOptions['labelMap'] }, /"colour" is not a Perfscope label/],
    [{ prefix: 'my-shop_' }, /"my-shop_" is not valid in a metric name/],
    [{ slowQuerySeconds: -1 }, /slowQuerySeconds must be a positive number/],
    [{ maxRoutes: 0 }, /maxRoutes must be a whole number of at least 1/],
    [{ defaultMetrics: true as never }, /defaultMetrics must be 'contract', 'all' or false/],
  ])('rejects bad options %p at setup', (options, message) => {
    expect(() => new PerfscopeMetrics(options)).toThrow(MetricsSetupError);
    expect(() => new PerfscopeMetrics(options)).toThrow(message);
  });

  it('rejects bad label values at setup, not at runtime', () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    expect(() => kit.cache('')).toThrow(/Cache name must be a non-empty string/);
    expect(() => kit.cache(undefined as unknown as string)).toThrow(MetricsSetupError);
    expect(() => kit.startStream('high', null as unknown as string)).toThrow(
      /Stream format must be a non-empty string/
    );
  });
});

describe('recording', () => {
  it('counts requests and observes durations per method, route template and status', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    kit.recordRequest('get', '/tracks/:id', 200, 0.3);
    kit.recordRequest('GET', '/tracks/:id', 200, 1.2);
    kit.recordRequest('BREW', undefined, 404, 0.001);
    const labels = { method: 'GET', route: '/tracks/:id', status_code: '200' };
    expect(await sample(kit, 'http_requests_total', labels)).toBe(2);
    expect(await sample(kit, 'http_request_duration_seconds_count', labels)).toBe(2);
    expect(await sample(kit, 'http_request_duration_seconds_sum', labels)).toBeCloseTo(1.5);
    expect(await sample(kit, 'http_request_duration_seconds_bucket', { ...labels, le: '1' })).toBe(1);
    expect(
      await sample(kit, 'http_requests_total', { method: OTHER_METHOD, route: UNMATCHED_ROUTE, status_code: '404' })
    ).toBe(1);
    const text = await kit.expose();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{method="GET",route="/tracks/:id",status_code="200",le="0.5"} 1'
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{method="GET",route="/tracks/:id",status_code="200",le="+Inf"} 2'
    );
    expect(text).toContain('http_requests_total{method="GET",route="/tracks/:id",status_code="200"} 2');
  });

  it('counts a bad duration as a kit error instead of corrupting the histogram', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false, onError: () => {} });
    kit.recordRequest('GET', '/a', 200, NaN);
    expect(await sample(kit, 'http_requests_total', { route: '/a' })).toBeUndefined();
    expect(await sample(kit, 'perfscope_metrics_errors_total', { kind: 'http' })).toBe(1);
  });

  it('caps distinct routes so raw paths cannot explode the series count', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false, maxRoutes: 2 });
    for (const r of ['/a', '/b', '/c', '/d', '/a']) {
      kit.recordRequest('GET', r, 200, 0.01);
    }
    expect(await sample(kit, 'http_requests_total', { route: '/a' })).toBe(2);
    expect(await sample(kit, 'http_requests_total', { route: OTHER_ROUTE })).toBe(2);
    expect(await sample(kit, 'http_requests_total', { route: '/c' })).toBeUndefined();
  });

  it('tracks in-flight requests and never goes below zero', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    kit.requestStarted();
    kit.requestStarted();
    kit.requestFinished();
    expect(await sample(kit, 'http_requests_in_flight')).toBe(1);
    kit.requestFinished();
    kit.requestFinished();
    expect(await sample(kit, 'http_requests_in_flight')).toBe(0);
  });

  it('times queries, counts slow ones and failures, and passes results and errors through', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false, slowQuerySeconds: 0.02 });
    await expect(kit.timeQuery('select', 'tracks', () => 42)).resolves.toBe(42);
    await expect(
      kit.timeQuery('select', 'tracks', () => new Promise((r) => setTimeout(() => r('late'), 40)))
    ).resolves.toBe('late');
    await expect(kit.timeQuery('insert', 'plays', () => Promise.reject(new Error('deadlock')))).rejects.toThrow(
      'deadlock'
    );
    expect(await sample(kit, 'db_query_duration_seconds_count', { operation: 'select', table: 'tracks' })).toBe(2);
    expect(await sample(kit, 'db_slow_queries_total', { operation: 'select' })).toBe(1);
    expect(await sample(kit, 'db_query_errors_total', { operation: 'insert' })).toBe(1);
    kit.dbConnection('primary', false, 3);
    expect(await sample(kit, 'db_connection_up', { connection: 'primary' })).toBe(0);
    expect(await sample(kit, 'db_connections_active', { connection: 'primary' })).toBe(3);
  });

  it('tracks caches with zeroed series from the start', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const cache = kit.cache('tracks');
    expect(await sample(kit, 'cache_requests_total', { cache: 'tracks', result: 'hit' })).toBe(0);
    cache.hit();
    cache.hit();
    cache.miss();
    cache.evicted(3);
    cache.memory(2048);
    expect(await sample(kit, 'cache_requests_total', { cache: 'tracks', result: 'hit' })).toBe(2);
    expect(await sample(kit, 'cache_requests_total', { cache: 'tracks', result: 'miss' })).toBe(1);
    expect(await sample(kit, 'cache_evictions_total', { cache: 'tracks' })).toBe(3);
    expect(await sample(kit, 'cache_memory_bytes', { cache: 'tracks' })).toBe(2048);
  });

  it('keeps the active-stream gauge right through errors, aborts and repeated calls', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const a = kit.startStream('high', 'mp3');
    const b = kit.startStream('high', 'mp3');
    const c = kit.startStream('low', 'aac');
    expect(await sample(kit, 'audio_streams_active')).toBe(3);
    expect(a.error('decode')).toBe(true);
    expect(a.complete()).toBe(false);
    b.abort();
    b.abort();
    c.bufferRatio(12);
    c.bandwidth(64000);
    c.complete();
    expect(await sample(kit, 'audio_streams_active')).toBe(0);
    expect(await sample(kit, 'audio_streams_started_total', { quality: 'high', format: 'mp3' })).toBe(2);
    expect(await sample(kit, 'audio_streams_completed_total', { quality: 'low', format: 'aac' })).toBe(1);
    expect(await sample(kit, 'audio_streams_completed_total', { quality: 'high', format: 'mp3' })).toBeUndefined();
    expect(await sample(kit, 'audio_stream_errors_total', { error_type: 'decode' })).toBe(1);
    expect(await sample(kit, 'audio_buffer_ratio_percent_count')).toBe(1);
  });

  it('records uploads, WebSocket connections and web vitals', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    kit.observeUpload(12);
    await kit.timeUpload(() => 'ok');
    kit.websocketConnection('error');
    kit.observeWebVital('lcp', '/home', 2.1);
    kit.observeWebVital('cls', '/home', 0.02);
    expect(await sample(kit, 'file_upload_duration_seconds_count')).toBe(2);
    expect(await sample(kit, 'websocket_connections_total', { result: 'error' })).toBe(1);
    expect(await sample(kit, 'web_vitals_lcp_seconds_sum', { page: '/home' })).toBe(2.1);
    expect(await sample(kit, 'web_vitals_cls_count', { page: '/home' })).toBe(1);
  });

  it('never throws into the caller: a failure is counted and reported once', async () => {
    const errors: string[] = [];
    const kit = new PerfscopeMetrics({ defaultMetrics: false, onError: (e) => errors.push(e.message) });
    expect(() => kit.observeWebVital('fid' as never, '/home', 1)).not.toThrow();
    expect(() => kit.observeWebVital('fid' as never, '/home', 1)).not.toThrow();
    expect(await sample(kit, 'perfscope_metrics_errors_total', { kind: 'webvitals' })).toBe(2);
    expect(errors).toEqual([
      expect.stringMatching(/recording webvitals failed \(unknown web vital "fid".*the request went on/),
    ]);
  });

  it('exposes Prometheus text', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    kit.rateLimited('/search');
    const text = await kit.expose();
    expect(text).toContain('http_rate_limited_requests_total{route="/search"} 1');
    expect(kit.contentType).toMatch(/^text\/plain/);
  });
});

describe('build info', () => {
  const buildSeries = async (kit: PerfscopeMetrics) =>
    (await kit.expose()).split('\n').filter((l) => l.startsWith('app_build_info'));

  it('exposes the build given as app_build_info = 1 with its version and commit', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false, build: { version: '2.4.0', commit: '9fceb02' } });
    expect(await buildSeries(kit)).toEqual(['app_build_info{version="2.4.0",commit="9fceb02"} 1']);
    expect(await kit.exposeOpenMetrics()).toContain(
      '# TYPE app_build_info gauge\napp_build_info{version="2.4.0",commit="9fceb02"} 1\n'
    );
    expect(kit.build).toEqual({ version: '2.4.0', commit: '9fceb02' });
  });

  it('takes the version of the nearest package.json and the commit of the environment by default', async () => {
    const saved = { GIT_COMMIT: process.env.GIT_COMMIT, SOURCE_COMMIT: process.env.SOURCE_COMMIT };
    try {
      delete process.env.GIT_COMMIT;
      process.env.SOURCE_COMMIT = '1a2b3c4';
      const version = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), 'package.json'), 'utf8')).version;
      const kit = new PerfscopeMetrics({ defaultMetrics: false });
      expect(kit.build).toEqual({ version, commit: '1a2b3c4' });
      process.env.GIT_COMMIT = 'e5f6a7b';
      expect(new PerfscopeMetrics({ defaultMetrics: false, build: { version: '3.0.0' } }).build).toEqual({
        version: '3.0.0',
        commit: 'e5f6a7b',
      });
      delete process.env.GIT_COMMIT;
      delete process.env.SOURCE_COMMIT;
      // No commit known: the series has the version alone (Prometheus has no empty labels).
      expect(await buildSeries(new PerfscopeMetrics({ defaultMetrics: false, build: { version: '3.0.0' } }))).toEqual([
        'app_build_info{version="3.0.0"} 1',
      ]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[name];
        } else {
          process.env[name] = value;
        }
      }
    }
  });

  it('finds the nearest package.json going up, and none without a version', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-build-'));
    try {
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'shop', version: '4.1.0' }));
      const deep = path.join(root, 'services', 'api');
      fs.mkdirSync(deep, { recursive: true });
      expect(nearestPackageVersion(deep)).toBe('4.1.0');
      // The nearest one decides, even without a version.
      fs.writeFileSync(path.join(root, 'services', 'package.json'), JSON.stringify({ name: 'services' }));
      expect(nearestPackageVersion(deep)).toBeUndefined();
      fs.writeFileSync(path.join(root, 'services', 'package.json'), '{ not json');
      expect(nearestPackageVersion(deep)).toBe('4.1.0');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("replaces the series on a new build, so one build is 1 at a time, in the team's label names", async () => {
    const kit = new PerfscopeMetrics({
      defaultMetrics: false,
      labelMap: { version: 'service_version' },
      build: { version: '1.0.0', commit: 'aaaaaaa' },
    });
    kit.setBuild({ version: '1.0.1' });
    expect(await buildSeries(kit)).toEqual(['app_build_info{service_version="1.0.1"} 1']);
    expect(kit.build).toEqual({ version: '1.0.1' });
  });

  it.each([
    [{ version: '' }, /build\.version must be a non-empty string/],
    [{ version: '1.0.0', commit: ' ' }, /build\.commit must be a non-empty string/],
    [{ version: undefined as unknown as string }, /build\.version must be a non-empty string \(got undefined\)/],
  ])('rejects the build %p at setup and on setBuild', (build, message) => {
    expect(() => new PerfscopeMetrics({ defaultMetrics: false, build })).toThrow(MetricsSetupError);
    expect(() => new PerfscopeMetrics({ defaultMetrics: false, build })).toThrow(message);
    const kit = new PerfscopeMetrics({ defaultMetrics: false, build: { version: '1.0.0', commit: 'aaaaaaa' } });
    expect(() => kit.setBuild(build)).toThrow(message);
    expect(kit.build).toEqual({ version: '1.0.0', commit: 'aaaaaaa' });
  });
});
