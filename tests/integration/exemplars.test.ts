import { PerfscopeMetrics, instrumentHandler, metricsHandler } from '@perfscope/metrics';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { PrometheusRig, request } from '../rig/prometheus';

/**
 * A service instrumented with the kit, scraped by real Prometheus with exemplar storage on: the
 * scrape negotiates OpenMetrics, and `/api/v1/query_exemplars` returns the trace ids recorded with a
 * request (from its traceparent header) and with a query, on the duration buckets they fell in.
 * Everything listens on 127.0.0.1 only.
 */
const JOB = 'kit-exemplars';
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const QUERY_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>;
}

let rig: PrometheusRig | undefined;
let server: http.Server;
let base: string;
/** When the traced work was done (Unix seconds, less a margin). */
let since: number;
const accepts: string[] = [];

const metrics = new PerfscopeMetrics({
  build: { version: '7.1.0', commit: 'c0ffee1' },
  loadAverage: false,
  // A traceparent header (W3C Trace Context) as a proxy or another service sends it: `00-trace-span-flags`.
  traceContext: (req) => {
    const parts = String(req?.headers.traceparent ?? '').split('-');
    return parts.length === 4 && parts[3] === '01' ? { traceId: parts[1], spanId: parts[2] } : undefined;
  },
});

beforeAll(async () => {
  const scrape = metricsHandler(metrics);
  const app = instrumentHandler(
    metrics,
    (req, res) => {
      if (req.url === '/metrics') {
        accepts.push(String(req.headers.accept));
        scrape(req, res);
      } else {
        // Slow enough to land in the 0.25–0.5 s bucket.
        setTimeout(() => res.end('ok'), 300);
      }
    },
    (req) => (req.url === '/metrics' ? '/metrics' : req.url?.startsWith('/tracks/') ? '/tracks/:id' : undefined)
  );
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rig = await PrometheusRig.start(
    {
      simulators: [],
      extraTargets: { [JOB]: new URL(base).host },
      prometheusArgs: ['--enable-feature=exemplar-storage'],
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
  since = Date.now() / 1000 - 5;
  const traced = await fetch(`${base}/tracks/42`, { headers: { traceparent: `00-${TRACE}-${SPAN}-01` } });
  if (traced.status !== 200) {
    throw new Error(`The instrumented service answered ${traced.status}.`);
  }
  // Not sampled (flags 00): no exemplar, though the request counts.
  await fetch(`${base}/tracks/43`, { headers: { traceparent: `00-${'e'.repeat(32)}-${SPAN}-00` } });
  metrics.observeQuery('select', 'tracks', 0.004, false, { traceId: QUERY_TRACE });
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function exemplarsOf(selector: string): Promise<ExemplarSeries[]> {
  const params = new URLSearchParams({ query: selector, start: String(since), end: String(Date.now() / 1000 + 60) });
  const response = await request(`${rig!.url}/api/v1/query_exemplars?${params}`);
  const body = JSON.parse(response.text) as { status: string; error?: string; data?: ExemplarSeries[] };
  if (body.status !== 'success') {
    throw new Error(`Prometheus rejected the exemplar query ${selector}: ${body.error}`);
  }
  return body.data ?? [];
}

describe('exemplars through real Prometheus', () => {
  it('stores the trace id of a traced request and query, on the bucket of their duration', async () => {
    let requests: ExemplarSeries[] = [];
    await rig!.waitFor(
      async () => {
        requests = await exemplarsOf(`http_request_duration_seconds_bucket{job="${JOB}"}`);
        return requests.some((s) => s.exemplars.length > 0);
      },
      30_000,
      'the request exemplar in Prometheus'
    );
    const found = requests.flatMap((s) => s.exemplars.map((e) => ({ series: s.seriesLabels, ...e })));
    expect(found).toHaveLength(1);
    expect(found[0].labels).toEqual({ trace_id: TRACE, span_id: SPAN });
    expect(found[0].series).toMatchObject({ route: '/tracks/:id', status_code: '200', le: '0.5' });
    expect(Number(found[0].value)).toBeGreaterThanOrEqual(0.29);
    expect(Number(found[0].value)).toBeLessThan(0.5);
    expect(found[0].timestamp).toBeGreaterThan(since);

    let queries: ExemplarSeries[] = [];
    await rig!.waitFor(
      async () => {
        queries = await exemplarsOf(`db_query_duration_seconds_bucket{job="${JOB}"}`);
        return queries.some((s) => s.exemplars.length > 0);
      },
      30_000,
      'the query exemplar in Prometheus'
    );
    expect(queries.flatMap((s) => s.exemplars.map((e) => [s.seriesLabels.le, e.labels.trace_id, e.value]))).toEqual([
      ['0.005', QUERY_TRACE, '0.004'],
    ]);
  });

  it('scraped OpenMetrics, with the same series names as the Prometheus text format', async () => {
    expect(accepts.length).toBeGreaterThan(0);
    expect(accepts.every((a) => a.startsWith('application/openmetrics-text'))).toBe(true);
    await rig!.waitFor(
      async () => ((await rig!.value(`sum(http_requests_total{job="${JOB}",route="/tracks/:id"})`)) ?? 0) >= 2,
      30_000,
      'both requests counted'
    );
    expect(await rig!.value(`app_build_info{job="${JOB}",version="7.1.0",commit="c0ffee1"}`)).toBe(1);
    // Counters keep _total, histograms their suffixes, gauges their names: what every dashboard reads.
    const names = new Set((await rig!.query(`{job="${JOB}"}`)).map((s) => s.labels.__name__));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_count',
      'db_query_duration_seconds_sum',
    ]) {
      expect(names).toContain(name);
    }
    expect([...names].filter((n) => n === 'http_requests')).toEqual([]);
  });
});
