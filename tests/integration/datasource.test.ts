/**
 * @jest-environment jsdom
 */
// The datasource runs in the browser: jsdom gives @grafana/runtime the window it expects.
import { type Observable, isObservable } from 'rxjs';
import { dateTime, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import * as http from 'http';
import { DataSource } from '../../src/datasource/datasource';
import pluginJson from '../../src/datasource/plugin.json';
import type { Options, Query } from '../../src/datasource/types';
import { HEALTH_COMPONENTS, type PerfscopeSettings } from '@perfscope/catalog';
import { PrometheusRig, request } from '../rig/prometheus';
import { type ProxiedDatasource, type Route, startAuthGuard, startRouteProxy } from '../rig/routeProxy';
import { instanceSettings } from '../../src/datasource/testSupport';
import { backendSrvFor, browserLog, templateSrv } from './grafanaServices';

/** The response of a query that runs once (query() may also return a live Observable). */
async function runQuery(ds: DataSource, request: DataQueryRequest<Query>): Promise<DataQueryResponse> {
  const result = ds.query(request);
  if (isObservable(result)) {
    throw new Error('expected a query that runs once, got a stream');
  }
  return result;
}

const routes = pluginJson.routes as Route[];
const SECRETS = ['s3cret-token', 'b4sic-pass', 'k3y-value'];

/** What the "browser" sent: no secret may ever leave Grafana's server side. */
const browser = browserLog();

const queryRequest = (targets: Query[]) => {
  const now = Date.now();
  return {
    requestId: 'it',
    targets,
    range: { from: dateTime(now - 60_000), to: dateTime(now) },
    intervalMs: 1_000,
    scopedVars: {},
  } as unknown as DataQueryRequest<Query>;
};

let rig: PrometheusRig;

beforeAll(async () => {
  rig = await PrometheusRig.start({
    // The admin and lifecycle APIs on, as on many servers: the routes must keep them out of reach.
    prometheusArgs: ['--web.enable-admin-api', '--web.enable-lifecycle'],
    simulators: [
      { job: 'sim', args: ['--speed', '5'] },
      // A team whose metric names carry a namespace prefix, as the app settings can say.
      { job: 'sim-prefixed', args: ['--speed', '5', '--prefix', 'shop_'] },
    ],
  });
  // Grafana's template service fills in the built-in variables the datasource passes as scopedVars.
  setTemplateSrv(templateSrv as never);
  // Several scrapes, so rate() has values at more than one step of a range query.
  await rig.waitForScrapes('sim', 6);
  await rig.waitForScrapes('sim-prefixed', 6);
});

afterAll(async () => {
  await rig?.stop();
  // The scanner's path (bytes in) was exercised, not only the JSON fallback.
  expect(browser.arrayBufferResponses).toBeGreaterThan(5);
  const leaked = browser.requests.filter((r) => SECRETS.some((s) => r.includes(s)));
  expect(leaked).toEqual([]);
});

/**
 * Starts the stand-in Grafana for a datasource and returns a DataSource pointed at it, with the app
 * settings given (none saved by default).
 */
async function datasource(ds: Omit<ProxiedDatasource, 'uid'>, appSettings: PerfscopeSettings = {}) {
  const proxy = await startRouteProxy(routes, { uid: 'ps', ...ds });
  setBackendSrv(backendSrvFor(proxy.url, browser) as never);
  // The rig's Prometheus scrapes every second: configured as a user of it would.
  const settings = instanceSettings({ scrapeInterval: '1s', ...ds.jsonData } as Options, 'ps');
  const datasource = new DataSource(settings);
  datasource.appSettings = async () => appSettings;
  return { ds: datasource, proxy };
}

describe('Prometheus → route proxy → datasource → frames', () => {
  it('runs range, instant and signal queries, and the health check, without auth', async () => {
    const { ds, proxy } = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    try {
      await expect(ds.testDatasource()).resolves.toEqual({
        status: 'success',
        message: expect.stringMatching(/^Connected: Prometheus-compatible API, version 2\./),
      });
      const range = await runQuery(ds, queryRequest([{ refId: 'A', mode: 'signal', signal: 'http_request_rate' }]));
      const values = range.data[0].fields[1].values as number[];
      expect(values.length).toBeGreaterThan(1);
      expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
      expect(range.data[0].fields[1].config).toMatchObject({ unit: 'reqps', displayNameFromDS: 'HTTP request rate' });
      const instant = await runQuery(
        ds,
        queryRequest([{ refId: 'B', mode: 'promql', expr: 'up{job="sim"}', instant: true }])
      );
      expect(instant.data[0].fields[1].values).toEqual([1]);
      expect(proxy.received.every((r) => r.path.startsWith('/api/datasources/proxy/uid/ps/plain/'))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('runs a Health query: one frame per health component, and label filters and values from the API', async () => {
    const { ds, proxy } = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    try {
      const filters = [{ label: 'job', op: '=' as const, value: 'sim' }];
      const health = await runQuery(ds, queryRequest([{ refId: 'H', mode: 'health', filters, instant: true }]));
      const bySignal = new Map(health.data.map((f) => [f.fields[1]?.name, f.fields[1]?.values[0] as number]));
      // Under the normal scenario every component the simulator feeds has a finite value.
      for (const { signal } of HEALTH_COMPONENTS.filter((c) => c.signal !== 'system_load1')) {
        expect([signal, Number.isFinite(bySignal.get(signal))]).toEqual([signal, true]);
      }
      expect(bySignal.get('db_up')).toBe(1);
      const sent = proxy.received
        .filter((r) => r.path.includes('/api/v1/query?'))
        .map((r) => new URL(r.path, 'http://x').searchParams.get('query') ?? '');
      expect(sent.length).toBe(HEALTH_COMPONENTS.length);
      expect(sent.every((q) => q.includes('job="sim"'))).toBe(true);

      await expect(ds.signalLabels('http_request_rate')).resolves.toEqual(
        expect.arrayContaining(['job', 'method', 'route', 'status_code'])
      );
      await expect(ds.signalLabelValues('http_request_rate', 'route')).resolves.toContain('/tracks/:id');
      await expect(ds.signalLabelValues('http_request_rate', 'job')).resolves.toEqual(['sim']);
    } finally {
      await proxy.close();
    }
  });

  it("follows the app's namespace prefix: a Health query and label lookups on prefixed metrics", async () => {
    const filters = [{ label: 'job', op: '=' as const, value: 'sim-prefixed' }];
    const request = queryRequest([{ refId: 'H', mode: 'health', filters, instant: true }]);
    const finite = (response: DataQueryResponse) =>
      response.data
        .filter((f) => Number.isFinite(f.fields[1]?.values[0]))
        .map((f) => f.fields[1].name)
        .sort();
    const plain = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    const prefixed = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} }, { prefix: 'shop_' });
    try {
      // System load reads node_load1, a node metric that is never prefixed; every other component
      // is found on this job only through the prefix.
      const prefixable = HEALTH_COMPONENTS.map((c) => c.signal).filter((s) => s !== 'system_load1');
      expect(finite(await runQuery(plain.ds, request)).filter((s) => s !== 'system_load1')).toEqual([]);
      expect(finite(await runQuery(prefixed.ds, request))).toEqual(expect.arrayContaining(prefixable));
      await expect(prefixed.ds.signalLabelValues('http_request_rate', 'job')).resolves.toEqual(['sim-prefixed']);
    } finally {
      await plain.proxy.close();
      await prefixed.proxy.close();
    }
  });

  it('adds the bearer token and tenant on the server side, and explains 401 and 403', async () => {
    const guard = await startAuthGuard(rig.url, { authorization: 'Bearer s3cret-token', tenant: 'team-a' });
    try {
      const good = await datasource({
        jsonData: { url: guard.url, authMethod: 'bearer', tenant: 'team-a' },
        secureJsonData: { bearerToken: 's3cret-token' },
      });
      await expect(good.ds.testDatasource()).resolves.toMatchObject({ status: 'success' });
      const frames = await runQuery(good.ds, queryRequest([{ refId: 'A', mode: 'signal', signal: 'cache_hit_ratio' }]));
      expect(frames.data.length).toBe(1);
      await good.proxy.close();
      expect(guard.seen.at(-1)).toMatchObject({ authorization: 'Bearer s3cret-token', 'x-scope-orgid': 'team-a' });

      const wrongToken = await datasource({
        jsonData: { url: guard.url, authMethod: 'bearer', tenant: 'team-a' },
        secureJsonData: { bearerToken: 'nope' },
      });
      // Grafana's proxy turns the upstream 401 into 400 "Authentication to data source failed".
      await expect(wrongToken.ds.testDatasource()).resolves.toEqual({
        status: 'error',
        message: expect.stringMatching(
          /^http:\/\/127\.0\.0\.1:\d+ refused the credentials .*Check the token, password/
        ),
      });
      await wrongToken.proxy.close();

      const wrongTenant = await datasource({
        jsonData: { url: guard.url, authMethod: 'bearer', tenant: 'team-b' },
        secureJsonData: { bearerToken: 's3cret-token' },
      });
      await expect(
        runQuery(wrongTenant.ds, queryRequest([{ refId: 'A', mode: 'signal', signal: 'db_up' }]))
      ).rejects.toThrow(/Forbidden \(403\).*tenant/);
      await wrongTenant.proxy.close();
    } finally {
      await guard.close();
    }
  });

  it("uses Grafana's basic auth and custom headers", async () => {
    const guard = await startAuthGuard(rig.url, {
      authorization: `Basic ${Buffer.from('grafana:b4sic-pass').toString('base64')}`,
      headers: { 'X-Api-Key': 'k3y-value' },
    });
    const { ds, proxy } = await datasource({
      jsonData: { url: guard.url, authMethod: 'basic', httpHeaderName1: 'X-Api-Key' },
      secureJsonData: { basicAuthPassword: 'b4sic-pass', httpHeaderValue1: 'k3y-value' },
      basicAuth: true,
      basicAuthUser: 'grafana',
    });
    try {
      await expect(ds.testDatasource()).resolves.toMatchObject({ status: 'success' });
      expect(guard.seen.at(-1)).toMatchObject({ 'x-api-key': 'k3y-value' });
    } finally {
      await proxy.close();
      await guard.close();
    }
  });

  it.each([
    [
      'a wrong path (404)',
      (url: string) => `${url}/wrong/prefix`,
      /^Not found \(404\) at http:\/\/127\.0\.0\.1:\d+\/wrong\/prefix: the URL is wrong/,
    ],
    ['an unreachable host', () => 'http://127.0.0.1:9', /unreachable or unavailable \(502/],
  ])('explains %s', async (_name, makeUrl, message) => {
    const url = makeUrl(rig.url);
    const { ds, proxy } = await datasource({ jsonData: { url }, secureJsonData: {} });
    try {
      await expect(ds.testDatasource()).resolves.toEqual({ status: 'error', message: expect.stringMatching(message) });
    } finally {
      await proxy.close();
    }
  });

  it('streams: the first poll loads the window, later polls ask only for new points, unsubscribing stops', async () => {
    const { ds, proxy } = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    try {
      const live = ds.query(
        queryRequest([{ refId: 'S', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 1 }])
      );
      expect(isObservable(live)).toBe(true);
      const times = (r: DataQueryResponse) => Array.from(r.data[0].fields[0].values as ArrayLike<number>);
      // Streaming frames are updated in place: keep a copy of the times at each update.
      const responses: DataQueryResponse[] = [];
      const snapshots: number[][] = [];
      const subscription = (live as Observable<DataQueryResponse>).subscribe((r) => {
        responses.push(r);
        snapshots.push(times(r));
      });
      await rig.waitFor(async () => responses.length >= 4, 20_000, 'four stream updates');
      subscription.unsubscribe();
      const first = snapshots[0];
      const last = snapshots[snapshots.length - 1];
      expect(last[last.length - 1]).toBeGreaterThan(first[first.length - 1]);
      expect(new Set(last).size).toBe(last.length);
      expect(responses.every((r) => r.state === 'Streaming' && !r.errors)).toBe(true);
      // Later polls ask for a few seconds, not the whole minute again.
      const spans = proxy.received
        .map((r) => new URL(r.path, 'http://x').searchParams)
        .filter((q) => q.get('start'))
        .map((q) => Number(q.get('end')) - Number(q.get('start')));
      expect(spans[0]).toBeGreaterThanOrEqual(59);
      expect(Math.max(...spans.slice(1))).toBeLessThanOrEqual(5);
      const requestsAtStop = proxy.received.length;
      await new Promise((r) => setTimeout(r, 2500));
      expect(proxy.received.length).toBe(requestsAtStop);
    } finally {
      await proxy.close();
    }
  });

  it('answers variable queries', async () => {
    const { ds, proxy } = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    try {
      const texts = async (q: string) => (await ds.metricFindQuery(q)).map((v) => v.text);
      expect(await texts('label_names()')).toEqual(expect.arrayContaining(['job', 'route', 'status_code']));
      expect(await texts('label_values(http_requests_total{job="sim"}, route)')).toEqual(
        expect.arrayContaining(['/tracks/:id', '/search'])
      );
      expect(await texts('label_values(job)')).toContain('sim');
      const metrics = await texts('metrics(^http_)');
      expect(metrics).toContain('http_requests_total');
      expect(metrics.every((m) => m.startsWith('http_'))).toBe(true);
      expect(await texts('query_result(up{job="sim"})')).toEqual([
        expect.stringMatching(/^up\{.*job="sim".*\} 1 \d+$/),
      ]);
      await expect(ds.metricFindQuery('query_result(time())')).rejects.toThrow(
        /needs an expression that returns series/
      );
      await expect(ds.metricFindQuery('tables()')).rejects.toThrow(/Use one of: label_names\(\)/);
    } finally {
      await proxy.close();
    }
  });

  it('explains an HTML page, a truncated body and a server that never answers', async () => {
    // A misbehaving upstream: a login page, a cut-off response, or silence.
    const upstream = http.createServer((req, res) => {
      if (req.url?.startsWith('/html/')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Please sign in</body></html>');
      } else if (req.url?.startsWith('/truncated/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"val');
      }
      // anything else: never answers
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    try {
      for (const [path, message] of [
        ['html', /answered, but not like a Prometheus API/],
        ['truncated', /answered, but not like a Prometheus API/],
      ] as const) {
        const { ds, proxy } = await datasource({ jsonData: { url: `${base}/${path}` }, secureJsonData: {} });
        await expect(ds.testDatasource()).resolves.toEqual({
          status: 'error',
          message: expect.stringMatching(message),
        });
        await expect(runQuery(ds, queryRequest([{ refId: 'A', mode: 'signal', signal: 'db_up' }]))).rejects.toThrow(
          /not with a Prometheus API response/
        );
        await proxy.close();
      }
      const { ds, proxy } = await datasource({
        jsonData: { url: `${base}/silent`, timeout: 1 },
        secureJsonData: {},
      });
      // Grafana's proxy applies the same timeout upstream and answers 504 first.
      await expect(ds.testDatasource()).resolves.toEqual({
        status: 'error',
        message: expect.stringMatching(
          /did not answer before Grafana's data-source proxy gave up \(504 Gateway Timeout\).*allows 1 s/
        ),
      });
      await proxy.close();
    } finally {
      upstream.closeAllConnections();
      await new Promise((r) => upstream.close(r));
    }
  });

  it('forwards only the read API: admin and lifecycle calls reach nothing, with any credentials', async () => {
    const { proxy } = await datasource({
      jsonData: { url: rig.url, authMethod: 'bearer' },
      secureJsonData: { bearerToken: 's3cret-token' },
    });
    const base = `${proxy.url}/api/datasources/proxy/uid/ps`;
    try {
      // The admin API is on: asked directly, Prometheus would carry these calls out.
      expect((await request(`${rig.url}/api/v1/admin/tsdb/delete_series?match[]=no_such_metric`, 'POST')).status).toBe(
        204
      );
      for (const [method, path] of [
        ['POST', 'bearer/api/v1/admin/tsdb/delete_series?match[]=up'],
        ['PUT', 'bearer/api/v1/admin/tsdb/snapshot'],
        ['POST', 'bearer/-/reload'],
        ['PUT', 'bearer/-/quit'],
        ['GET', 'bearer/api/v1/status/config'],
        ['POST', 'bearer/api/v1/query?query=up'],
        ['GET', 'plain/-/quit'],
      ] as const) {
        const answer = await request(`${base}/${path}`, method);
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 502 });
      }
      expect(proxy.forwarded).toEqual([]);
      // Prometheus is still up and still has its series; the read API passes.
      const up = await request(`${base}/bearer/api/v1/query?query=up`);
      expect(up.status).toBe(200);
      expect(JSON.parse(up.text).data.result.length).toBeGreaterThan(0);
      expect(proxy.forwarded).toEqual([{ method: 'GET', url: `${rig.url}/api/v1/query?query=up` }]);
    } finally {
      await proxy.close();
    }
  });

  it("shows Prometheus's message for a PromQL error", async () => {
    const { ds, proxy } = await datasource({ jsonData: { url: rig.url }, secureJsonData: {} });
    try {
      await expect(
        ds.query(queryRequest([{ refId: 'A', mode: 'promql', expr: 'sum(rate(http_requests_total[5m])' }]))
      ).rejects.toThrow(/^Prometheus rejected the query \(bad_data\): .*parse error/);
    } finally {
      await proxy.close();
    }
  });
});
