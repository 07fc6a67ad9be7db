/**
 * @jest-environment jsdom
 */
// The datasource runs in the browser: jsdom gives @grafana/runtime the window it expects.
/**
 * The Perfscope datasource against VictoriaMetrics through the stand-in for Grafana's data-source
 * proxy: real Prometheus scrapes the fleet and remote-writes every sample to VictoriaMetrics, and
 * each query is asked of both, through the same datasource code, for the same fixed time range, so
 * what differs is the server. The differences are recorded (artifacts/integration-victoriametrics-datasource.txt).
 */
import { spawnSync } from 'child_process';
import { type Observable, isObservable } from 'rxjs';
import { type DataQueryRequest, type DataQueryResponse, dateTime } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { HEALTH_COMPONENTS, type LabelMatcher, buildPromQL } from '@perfscope/catalog';
import { DataSource } from '../../src/datasource/datasource';
import pluginJson from '../../src/datasource/plugin.json';
import { instanceSettings } from '../../src/datasource/testSupport';
import type { Options, Query } from '../../src/datasource/types';
import { request } from '../rig/prometheus';
import { suiteReport } from '../rig/report';
import { type RouteProxy, type Route, startRouteProxy } from '../rig/routeProxy';
import { backendSrvFor, browserLog, templateSrv } from './grafanaServices';
import {
  BOUND,
  FLEET,
  type Fleet,
  SERVICE_JOBS,
  WINDOW,
  kind,
  relative,
  startFleet,
  stopFleet,
} from './victoriametricsFleet';

const routes = pluginJson.routes as Route[];
const WINDOW_MS = Number.parseInt(WINDOW, 10) * 1000;
const SCRAPE_MS = 1000;
/**
 * The panel interval of the compared rate queries: $__rate_interval is then the interval plus one
 * scrape, the window the engines are compared at.
 */
const RATE_INTERVAL_MS = WINDOW_MS - SCRAPE_MS;
/** How far behind now the compared queries end, so VictoriaMetrics holds every remote-written sample. */
const SETTLE_MS = 5000;
const SERVICE = 'checkout';
const FILTERS: LabelMatcher[] = [{ label: 'job', op: '=', value: SERVICE }];

const report = suiteReport('integration-victoriametrics-datasource.txt');
/** Records one way VictoriaMetrics answers the datasource differently from Prometheus. */
const differs = (line: string) => report.out(`differs: ${line}`);
const browser = browserLog();
const fleet: Partial<Fleet> = {};
/** When Prometheus scraped the fleet first, ms: a rate window that starts earlier is partly empty. */
let firstScrapeMs: number;

beforeAll(async () => {
  Object.assign(fleet, await startFleet((line) => process.stdout.write(`rig: ${line}\n`)));
  const { rig, vm } = fleet as Fleet;
  firstScrapeMs = 1000 * ((await rig.value(`min_over_time(timestamp(up{job="${FLEET}"})[5m:1s])`)) ?? NaN);
  // Until a rate window ending a few seconds ago holds only scraped time.
  await rig.waitFor(
    async () => Date.now() >= firstScrapeMs + WINDOW_MS + SETTLE_MS + SCRAPE_MS,
    30_000,
    `a ${WINDOW} window after the first scrape`
  );
  // Remote-write sends in batches: wait until VictoriaMetrics has caught up with every service.
  await rig.waitFor(
    async () => (await vm.query(`count by (job) (http_requests_total)`)).length === SERVICE_JOBS.length,
    30_000,
    'every service in VictoriaMetrics'
  );
  // The Debian build reports no version of its own (its buildinfo and vm_app_version are empty).
  const version = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'victoria-metrics'], { encoding: 'utf8' }).stdout;
  report.out(`VictoriaMetrics ${version || '(version unknown)'}, fed by Prometheus remote-write`);
  // Grafana's template service fills in the built-in variables the datasource passes as scopedVars.
  setTemplateSrv(templateSrv as never);
}, 120_000);

afterAll(async () => {
  await stopFleet(fleet);
  report.save();
  // The scanner's path (bytes in) was exercised against both servers.
  expect(browser.arrayBufferResponses).toBeGreaterThan(10);
});

interface Backend {
  ds: DataSource;
  proxy: RouteProxy;
}

/**
 * A Perfscope datasource per server (uid `vm` and `prom`), each behind its own stand-in Grafana
 * proxy, with no app settings saved; `run` closes both proxies when it is done.
 */
async function withBoth(run: (vm: Backend, prom: Backend) => Promise<void>): Promise<void> {
  const { rig, vm } = fleet as Fleet;
  const backends: Record<string, Backend> = {};
  try {
    for (const [uid, url] of [
      ['vm', vm.url],
      ['prom', rig.url],
    ] as const) {
      const proxy = await startRouteProxy(routes, { uid, jsonData: { url }, secureJsonData: {} });
      // Both scrape-fed at 1 s: configured as a user of them would.
      const ds = new DataSource(instanceSettings({ url, scrapeInterval: '1s' } as Options, uid));
      ds.appSettings = async () => ({});
      backends[uid] = { ds, proxy };
    }
    setBackendSrv(backendSrvFor({ vm: backends.vm.proxy.url, prom: backends.prom.proxy.url }, browser) as never);
    await run(backends.vm, backends.prom);
  } finally {
    for (const { proxy } of Object.values(backends)) {
      await proxy.close();
    }
  }
}

/** The response of a query that runs once (query() may also return a live Observable). */
async function runQuery(ds: DataSource, request: DataQueryRequest<Query>): Promise<DataQueryResponse> {
  const result = ds.query(request);
  if (isObservable(result)) {
    throw new Error('expected a query that runs once, got a stream');
  }
  return result;
}

/** A request over `rangeMs` ending at `toMs`, at the panel interval given. */
const requestFor = (targets: Query[], toMs: number, rangeMs: number, intervalMs: number) =>
  ({
    requestId: 'vm',
    targets,
    range: { from: dateTime(toMs - rangeMs), to: dateTime(toMs) },
    intervalMs,
    scopedVars: {},
  }) as unknown as DataQueryRequest<Query>;

/** A whole second a few seconds back: both servers then hold every sample up to it. */
const settledEnd = () => Math.floor((Date.now() - SETTLE_MS) / 1000) * 1000;

/** The frames' series: labels (as a key) → time → value. */
function seriesOf(response: DataQueryResponse): Map<string, Map<number, number>> {
  const series = new Map<string, Map<number, number>>();
  for (const frame of response.data) {
    const [time, value] = frame.fields;
    if (!value) {
      continue;
    }
    const key = JSON.stringify(Object.entries(value.labels ?? {}).sort());
    const points = series.get(key) ?? new Map<number, number>();
    Array.from(time.values as ArrayLike<number>).forEach((t, i) => points.set(t, value.values[i] as number));
    series.set(key, points);
  }
  return series;
}

interface Comparison {
  /** Points both servers answered, and the largest relative difference among them. */
  compared: number;
  worst: number;
  /** Points over the bound, and points only one server answered. */
  apart: string[];
  onlyOne: string[];
}

/**
 * Compares two answers point by point, at the times `comparable` lets through (rate windows that are
 * wholly after the first scrape); what is over `bound` or answered by one server only is listed.
 */
function compare(
  prom: DataQueryResponse,
  vm: DataQueryResponse,
  bound: number,
  comparable: (t: number) => boolean = () => true
): Comparison {
  const p = seriesOf(prom);
  const v = seriesOf(vm);
  const result: Comparison = { compared: 0, worst: 0, apart: [], onlyOne: [] };
  for (const key of new Set([...p.keys(), ...v.keys()])) {
    const a = p.get(key) ?? new Map<number, number>();
    const b = v.get(key) ?? new Map<number, number>();
    for (const t of [...new Set([...a.keys(), ...b.keys()])].filter(comparable).sort()) {
      const [x, y] = [a.get(t), b.get(t)];
      if (x === undefined || y === undefined) {
        result.onlyOne.push(`${key} at ${t / 1000}: Prometheus ${x ?? 'no point'}, VictoriaMetrics ${y ?? 'no point'}`);
      } else if (!(Number.isNaN(x) && Number.isNaN(y))) {
        result.compared++;
        result.worst = Math.max(result.worst, relative(x, y));
        if (relative(x, y) > bound) {
          result.apart.push(`${key} at ${t / 1000}: Prometheus ${x}, VictoriaMetrics ${y}`);
        }
      }
    }
  }
  return result;
}

const labelSets = (response: DataQueryResponse) => [...seriesOf(response).keys()].sort();
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
/** A rate over WINDOW at time t is comparable once its window holds only scraped time. */
const wholeWindow = (t: number) => t - WINDOW_MS >= firstScrapeMs;

describe('VictoriaMetrics → route proxy → datasource → frames', () => {
  it('answers range, instant and signal queries with the series Prometheus gives, within the engines’ difference', async () => {
    await withBoth(async (vm, prom) => {
      const both = (request: DataQueryRequest<Query>) =>
        Promise.all([runQuery(prom.ds, request), runQuery(vm.ds, request)]);
      report.out(`\nPrometheus vs VictoriaMetrics through the datasource (same samples, ${WINDOW} rate windows):`);

      // A range query of a gauge, every second over the last 20 s: the same value at every point.
      const range = requestFor(
        [{ refId: 'R', mode: 'promql', expr: `db_connections_active{job="${SERVICE}"}` }],
        settledEnd(),
        20_000,
        SCRAPE_MS
      );
      const [promRange, vmRange] = await both(range);
      expect(vmRange.data.length).toBeGreaterThan(0);
      expect(labelSets(vmRange)).toEqual(labelSets(promRange));
      const gauge = compare(promRange, vmRange, BOUND.same);
      report.out(
        `  range   db_connections_active: ${labelSets(vmRange).length} series, ${gauge.compared} points, largest difference ${percent(gauge.worst)}, ${gauge.onlyOne.length} points on one server only`
      );
      gauge.onlyOne.forEach((line) => differs(`a point on one server only: ${line}`));
      // 21 points a series; a scrape late by more than the step may leave one server a point short.
      expect(gauge.compared).toBeGreaterThanOrEqual(20 * labelSets(vmRange).length);
      expect(gauge.apart).toEqual([]);

      // An instant query of a rate per service.
      const rateExpr = `sum by (job) (rate(http_requests_total[${WINDOW}]))`;
      const instant = requestFor(
        [{ refId: 'I', mode: 'promql', expr: rateExpr, instant: true }],
        settledEnd(),
        60_000,
        SCRAPE_MS
      );
      const [promInstant, vmInstant] = await both(instant);
      expect(vmInstant.data.map((f) => f.fields[1].labels?.job).sort()).toEqual([...SERVICE_JOBS].sort());
      expect(labelSets(vmInstant)).toEqual(labelSets(promInstant));
      const rates = compare(promInstant, vmInstant, BOUND.rate);
      report.out(
        `  instant ${rateExpr}: ${rates.compared} services, largest difference ${percent(rates.worst)} (bound ${percent(BOUND.rate)})`
      );
      rates.apart.forEach((line) => report.out(`    apart: ${line}`));
      expect(rates.compared).toBe(SERVICE_JOBS.length);
      expect(rates.apart).toEqual([]);

      // Signal queries (ranges of the catalog's PromQL, rates at $__rate_interval) for one service.
      const gaugeSignal = requestFor(
        [{ refId: 'G', mode: 'signal', signal: 'db_connections_active', filters: FILTERS }],
        settledEnd(),
        20_000,
        SCRAPE_MS
      );
      const [promGaugeSignal, vmGaugeSignal] = await both(gaugeSignal);
      expect(vmGaugeSignal.data.length).toBe(1);
      expect(labelSets(vmGaugeSignal)).toEqual(labelSets(promGaugeSignal));
      const connections = compare(promGaugeSignal, vmGaugeSignal, BOUND.same);
      report.out(
        `  signal  db_connections_active{job="${SERVICE}"}: ${connections.compared} points, largest difference ${percent(connections.worst)}, ${connections.onlyOne.length} points on one server only`
      );
      connections.onlyOne.forEach((line) => differs(`a point on one server only: ${line}`));
      expect(connections.compared).toBeGreaterThanOrEqual(20);
      expect(connections.apart).toEqual([]);
      // Two points a step apart; the last one's window lies wholly after the first scrape (beforeAll waits for it).
      const signal = requestFor(
        [{ refId: 'S', mode: 'signal', signal: 'http_request_rate', filters: FILTERS }],
        settledEnd(),
        RATE_INTERVAL_MS,
        RATE_INTERVAL_MS
      );
      const [promSignal, vmSignal] = await both(signal);
      const sent = vm.proxy.received.map((r) => new URL(r.path, 'http://x').searchParams).at(-1);
      expect(sent?.get('query')).toBe(`sum(rate(http_requests_total{job="${SERVICE}"}[${WINDOW}]))`);
      expect(vmSignal.data.length).toBe(1);
      expect(vmSignal.data[0].fields[1].config).toMatchObject({
        unit: 'reqps',
        displayNameFromDS: 'HTTP request rate',
      });
      expect(labelSets(vmSignal)).toEqual(labelSets(promSignal));
      const signalRates = compare(promSignal, vmSignal, BOUND.rate, wholeWindow);
      // Windows that start before the first scrape: PromQL divides the increase by the whole window.
      const partial = compare(promSignal, vmSignal, Infinity, (t) => !wholeWindow(t));
      report.out(
        `  signal  http_request_rate{job="${SERVICE}"}: ${signalRates.compared} whole-window points, largest difference ${percent(signalRates.worst)} (bound ${percent(BOUND.rate)}); ${partial.compared} points whose window starts before the first scrape, largest difference ${percent(partial.worst)}`
      );
      signalRates.apart.forEach((line) => report.out(`    apart: ${line}`));
      if (partial.worst > BOUND.rate) {
        differs(
          `rate() over a window that starts before the first sample: PromQL divides the increase by the whole window, MetricsQL by the time its samples span (${percent(partial.worst)} apart)`
        );
      }
      expect(signalRates.compared).toBeGreaterThanOrEqual(1);
      expect(signalRates.onlyOne).toEqual([]);
      expect(signalRates.apart).toEqual([]);
      expect(vm.proxy.received.every((r) => r.path.startsWith('/api/datasources/proxy/uid/vm/plain/'))).toBe(true);
    });
  });

  it('runs a Health query for one service: one frame per health component, through label filters', async () => {
    await withBoth(async (vm, prom) => {
      const request = requestFor(
        [{ refId: 'H', mode: 'health', filters: FILTERS, instant: true }],
        settledEnd(),
        60_000,
        RATE_INTERVAL_MS
      );
      const [promHealth, vmHealth] = await Promise.all([runQuery(prom.ds, request), runQuery(vm.ds, request)]);
      const bySignal = (response: DataQueryResponse) =>
        new Map(response.data.map((f) => [f.fields[1]?.name, f.fields[1]?.values[0] as number]));
      const [p, v] = [bySignal(promHealth), bySignal(vmHealth)];
      const sent = vm.proxy.received
        .filter((r) => r.path.includes('/api/v1/query?'))
        .map((r) => new URL(r.path, 'http://x').searchParams.get('query') ?? '');
      expect(sent.length).toBe(HEALTH_COMPONENTS.length);
      expect(sent.every((q) => q.includes(`job="${SERVICE}"`))).toBe(true);
      report.out(`\nHealth query for job="${SERVICE}", instant, ${WINDOW} rate windows:`);
      const apart: string[] = [];
      for (const { signal } of HEALTH_COMPONENTS) {
        const [a, b] = [p.get(signal), v.get(signal)];
        // Under the normal scenario every component the simulator feeds has a value on both.
        expect([signal, Number.isFinite(b), Number.isFinite(a)]).toEqual([signal, true, true]);
        const how = kind(buildPromQL(signal, { window: WINDOW }));
        const difference = relative(a!, b!);
        report.out(
          `  ${signal.padEnd(24)} ${how.padEnd(6)} Prometheus ${a}, VictoriaMetrics ${b}, difference ${percent(difference)}`
        );
        if (difference > BOUND[how]) {
          apart.push(`${signal}: Prometheus ${a}, VictoriaMetrics ${b}`);
        } else if (how === 'same' && difference > 0) {
          differs(`${signal}: a gauge stored to fewer digits (Prometheus ${a}, VictoriaMetrics ${b})`);
        }
      }
      expect(v.get('db_up')).toBe(1);
      expect(apart).toEqual([]);
    });
  });

  it('streams: the first poll loads the window, later polls ask only for new points, unsubscribing stops', async () => {
    await withBoth(async (vm) => {
      const live = vm.ds.query(
        requestFor(
          [{ refId: 'S', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 1 }],
          Date.now(),
          60_000,
          SCRAPE_MS
        )
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
      await fleet.rig!.waitFor(async () => responses.length >= 4, 20_000, 'four stream updates');
      subscription.unsubscribe();
      const first = snapshots[0];
      const last = snapshots[snapshots.length - 1];
      expect(first.length).toBeGreaterThan(1);
      expect(last[last.length - 1]).toBeGreaterThan(first[first.length - 1]);
      expect(new Set(last).size).toBe(last.length);
      expect(responses.every((r) => r.state === 'Streaming' && !r.errors)).toBe(true);
      // Later polls ask for a few seconds, not the whole minute again.
      const spans = vm.proxy.received
        .map((r) => new URL(r.path, 'http://x').searchParams)
        .filter((q) => q.get('start'))
        .map((q) => Number(q.get('end')) - Number(q.get('start')));
      expect(spans[0]).toBeGreaterThanOrEqual(59);
      expect(Math.max(...spans.slice(1))).toBeLessThanOrEqual(5);
      report.out(
        `\nstream from VictoriaMetrics: ${first.length} points on the first poll, then polls of ${spans
          .slice(1)
          .map((s) => s.toFixed(1))
          .join(', ')} s`
      );
      const requestsAtStop = vm.proxy.received.length;
      await new Promise((r) => setTimeout(r, 2500));
      expect(vm.proxy.received.length).toBe(requestsAtStop);
    });
  });

  it('answers variable queries with the fleet’s services', async () => {
    await withBoth(async (vm, prom) => {
      // Up to a few seconds ago, so both hold the same series.
      const end = settledEnd();
      const options = { range: { from: dateTime(end - 60_000), to: dateTime(end) } } as never;
      const texts = async (ds: DataSource, q: string) =>
        (await ds.metricFindQuery(q, options)).map((v) => v.text).sort();
      report.out('\nvariable queries:');
      for (const q of [
        'label_values(job)',
        `label_values(http_requests_total{job="${SERVICE}"}, route)`,
        'label_names()',
      ]) {
        const [p, v] = await Promise.all([texts(prom.ds, q), texts(vm.ds, q)]);
        const onlyVm = v.filter((x) => !p.includes(x));
        const onlyProm = p.filter((x) => !v.includes(x));
        report.out(`  ${q}: ${v.length} values`);
        if (onlyVm.length + onlyProm.length > 0) {
          differs(
            `${q}: VictoriaMetrics only ${onlyVm.join(', ') || 'none'}; Prometheus only ${onlyProm.join(', ') || 'none'}`
          );
        }
        if (q === 'label_values(job)') {
          // Every service, and the scrape job whose `up` and scrape series carry its name.
          expect(v).toEqual([...SERVICE_JOBS, FLEET].sort());
          expect(p).toEqual(v);
        } else {
          expect(onlyProm).toEqual([]);
        }
      }
      const metrics = await texts(vm.ds, 'metrics(^http_)');
      expect(metrics).toContain('http_requests_total');
      expect(metrics.every((m) => m.startsWith('http_'))).toBe(true);
      expect(await texts(vm.ds, `query_result(up{job="${FLEET}"})`)).toEqual([
        expect.stringMatching(new RegExp(`^up\\{.*job="${FLEET}".*\\} 1 \\d+$`)),
      ]);
    });
  });

  it('passes the health check', async () => {
    await withBoth(async (vm, prom) => {
      const [p, v] = await Promise.all([prom.ds.testDatasource(), vm.ds.testDatasource()]);
      report.out(`\nhealth check: Prometheus "${p.message}"; VictoriaMetrics "${v.message}"`);
      const buildinfo = (await request(`${fleet.vm!.url}/api/v1/status/buildinfo`)).text;
      if (!/"version"/.test(buildinfo)) {
        differs(`/api/v1/status/buildinfo gives no version (${buildinfo}); the health check says "${v.message}"`);
      }
      expect(v).toEqual({ status: 'success', message: expect.stringMatching(/^Connected: Prometheus-compatible API/) });
    });
  });

  it("shows VictoriaMetrics's message for a PromQL error, readably", async () => {
    await withBoth(async (vm, prom) => {
      const expr = 'sum(rate(http_requests_total[5m])';
      const rejected = requestFor([{ refId: 'A', mode: 'promql', expr }], settledEnd(), 60_000, SCRAPE_MS);
      const messageOf = (ds: DataSource) =>
        runQuery(ds, rejected).then(
          () => 'no error',
          (e: Error) => e.message
        );
      const [p, v] = await Promise.all([messageOf(prom.ds), messageOf(vm.ds)]);
      const direct = await request(`${fleet.vm!.url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const errorType = (JSON.parse(direct.text) as { errorType?: string }).errorType;
      report.out(`\nPromQL error:\n  Prometheus: ${p}\n  VictoriaMetrics: ${v}`);
      // MetricsQL's parser names what it wanted, and the query, without JSON escapes.
      expect(v).toMatch(
        /^The server rejected the query \(HTTP 422\): .*sum\(rate\(http_requests_total\[5m\]\)".*unexpected token/
      );
      expect(v).not.toMatch(/\\"|"status"|errorType/);
      expect(p).toMatch(/rejected the query \(bad_data\): .*parse error/);

      // Both end a live query: Prometheus's bad_data, and VictoriaMetrics's error type (its HTTP
      // status, a client error) stay the same on every retry.
      const stream = (ds: DataSource) => {
        const updates: DataQueryResponse[] = [];
        const live = ds.query({
          ...rejected,
          targets: [{ refId: 'L', mode: 'promql', expr, stream: true, pollSeconds: 1 }],
        }) as Observable<DataQueryResponse>;
        let completed = false;
        const subscription = live.subscribe({ next: (r) => updates.push(r), complete: () => (completed = true) });
        return { updates, completed: () => completed, stop: () => subscription.unsubscribe() };
      };
      const [ps, vs] = [stream(prom.ds), stream(vm.ds)];
      await fleet.rig!.waitFor(async () => ps.updates.length > 0 && vs.updates.length > 0, 10_000, 'a stream error');
      await new Promise((r) => setTimeout(r, 2500));
      ps.stop();
      vs.stop();
      const state = (s: typeof ps) =>
        `${s.completed() ? 'stopped' : 'retrying'} after ${s.updates.length} update(s): ${s.updates.at(-1)?.errors?.[0]?.message}`;
      report.out(`  live query, Prometheus: ${state(ps)}\n  live query, VictoriaMetrics: ${state(vs)}`);
      differs(
        `a rejected query: errorType "${errorType}" (its HTTP status) where Prometheus says "bad_data", in a message that begins "${v.slice(0, v.indexOf(':'))}", and a live query ${vs.completed() ? 'stops' : 'keeps retrying'}`
      );
      expect(vs.updates[0].errors?.[0]?.message).toMatch(/rejected the query \(HTTP 422\): .*unexpected token/);
      expect(vs.updates.at(-1)?.errors?.[0]?.message).not.toMatch(/Retrying in/);
      expect(vs.completed()).toBe(true);
      expect(ps.completed()).toBe(true);
    });
  });
});
