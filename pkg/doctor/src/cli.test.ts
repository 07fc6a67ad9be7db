import * as http from 'http';
import type { AddressInfo } from 'net';
import { main, parseArgs } from './cli';
import { httpReader } from './http';
import { show } from './report';

/**
 * A stand-in of a Prometheus HTTP API: the envelope `{"status":"success","data":…}` and
 * `{"status":"error","errorType":…,"error":…}` that Prometheus's web/api/v1/api.go (respond,
 * respondError) writes, for /api/v1/label/__name__/values, /api/v1/labels and /api/v1/query.
 */
async function server(
  series: Record<string, string[]>,
  values: Record<string, number> = {}
): Promise<{ url: string; seen: URL[]; close: () => Promise<void> }> {
  const seen: URL[] = [];
  const s = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer t0ken') {
      send(401, { status: 'error', errorType: 'unauthorized', error: 'missing token' });
    } else if (url.pathname === '/api/v1/label/__name__/values') {
      send(200, { status: 'success', data: Object.keys(series) });
    } else if (url.pathname === '/api/v1/labels') {
      const name = /__name__="([^"]+)"/.exec(url.searchParams.get('match[]') ?? '')?.[1] ?? '';
      send(200, { status: 'success', data: ['__name__', ...(series[name] ?? [])] });
    } else if (url.pathname === '/api/v1/query') {
      const query = url.searchParams.get('query') ?? '';
      const hit = Object.entries(values).find(([metric]) => query.includes(metric));
      send(200, {
        status: 'success',
        data: { resultType: 'vector', result: hit ? [{ metric: {}, value: [0, String(hit[1])] }] : [] },
      });
    } else {
      res.writeHead(404);
      res.end('404 page not found');
    }
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => s.close(() => resolve())),
  };
}

const REDIS = {
  redis_keyspace_hits_total: ['instance'],
  redis_keyspace_misses_total: ['instance'],
  redis_evicted_keys_total: [],
  redis_memory_used_bytes: [],
};

describe('perfscope-doctor', () => {
  it('prints the suggested settings alone with --json', async () => {
    const api = await server(REDIS);
    let out = '';
    const code = await main(
      ['--url', api.url, '--json', '--header', 'Authorization: Bearer t0ken'],
      (t) => (out += t),
      () => undefined
    );
    await api.close();
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ presets: { cache: 'redis-exporter' } });
  });

  it('prints a table of areas and signals, with values as people read them, and shows progress', async () => {
    const api = await server(REDIS, { redis_memory_used_bytes: 394_000_000, redis_keyspace_hits_total: 0.92 });
    let out = '';
    let progress = '';
    await main(
      ['--url', api.url, '--match', '{job="redis"}', '--header', 'Authorization: Bearer t0ken'],
      (t) => (out += t),
      (t) => (progress += t)
    );
    await api.close();
    expect(out).toMatch(/^Cache +redis_exporter +100 %/m);
    expect(out).toMatch(/^Cache memory +data +394 MB +sum\(redis_memory_used_bytes\{job="redis"\}\)$/m);
    expect(out).toMatch(
      /^Cache hit ratio +data +92 % +\(sum\(rate\(redis_keyspace_hits_total\{job="redis"\}\[5m\]\)\)/m
    );
    expect(out).toMatch(
      /^HTTP request rate +metric missing +sum\(rate\(http_requests_total\{job="redis"\}\[5m\]\)\)$/m
    );
    expect(progress).toContain('perfscope-doctor: reading the metric names');
    expect(progress).toContain('4 metric names matching {job="redis"}');
    // The selector narrows the names and reaches the labels lookup with the metric name first.
    const labels = api.seen.filter((u) => u.pathname === '/api/v1/labels').map((u) => u.searchParams.get('match[]'));
    expect(labels).toContain('{__name__="redis_keyspace_hits_total",job="redis"}');
  });

  it('says what to do when the server refuses, is not an API, or is not there', async () => {
    const api = await server(REDIS);
    await expect(httpReader(api.url).metricNames()).rejects.toThrow(
      /refused the request \(HTTP 401\): pass credentials with --header "Authorization: Bearer TOKEN"/
    );
    const wrongPath = httpReader(`${api.url}/metrics`, { headers: { Authorization: 'Bearer t0ken' } });
    await expect(wrongPath.metricNames()).rejects.toThrow(
      /answered HTTP 404 with no Prometheus API response: check that --url is the server's base address/
    );
    await api.close();
    await expect(httpReader(api.url).metricNames()).rejects.toThrow(
      /^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(.+\): check --url/
    );
  });

  it('checks its flags', () => {
    expect(() => parseArgs([])).toThrow('--url is required');
    expect(() => parseArgs(['--url', 'http://127.0.0.1:9090', '--match', 'job=api'])).toThrow(
      'must be label matchers in braces'
    );
    expect(() => parseArgs(['--url'])).toThrow('--url needs a value');
    expect(() => parseArgs(['--url=http://127.0.0.1:9090', '--header', 'token'])).toThrow(
      '--header takes "Name: value"'
    );
    expect(() => parseArgs(['--verbose'])).toThrow('Unknown option "--verbose"');
    expect(parseArgs(['--url=http://127.0.0.1:9090', '--json'])).toEqual({
      url: 'http://127.0.0.1:9090',
      json: true,
      headers: {},
      match: undefined,
    });
    expect(() => httpReader('127.0.0.1:9090')).toThrow('is not a URL: give the server');
    expect(() => httpReader('ftp://127.0.0.1')).toThrow('--url must be an http or https address');
  });

  it('shows values in their units', () => {
    expect(show(0.0512, 'percentunit')).toBe('5.12 %');
    expect(show(1_500, 'Bps')).toBe('1.5 kB/s');
    expect(show(0.000797, 's')).toBe('0.000797 s');
    expect(show(undefined, 's')).toBe('');
  });
});
