/**
 * Exemplars to traces with the built plugin in Chromium: real Prometheus (exemplar storage on)
 * scrapes a small OpenMetrics endpoint of this test, whose latency histogram carries exemplars with
 * trace ids; the datasource returns them with a latency query, linked to a Tempo datasource, the
 * stream panel marks the slowest with a link that opens that trace in Explore, and the config
 * editor offers tracing datasources only. Needs `npm run build` first.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { PrometheusRig } from '../rig/prometheus';
import type { FrameJSON } from './host/api';
import { type BrowserHost, eventually, startBrowserHost } from './harness';

const STREAM_PANEL = 'perfscope-stream-panel';
/** The trace of the one slow request, and its duration. */
const SLOW_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SLOW_SECONDS = 3.7;
const BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * An OpenMetrics endpoint with one latency histogram, `http_request_duration_seconds`: each scrape
 * observes 20 more requests of 0.1 to 0.25 s, and gives the 0.25 s bucket an exemplar with a new
 * trace id; from the third scrape on, the 5 s bucket holds one request of 3.7 s whose exemplar is
 * SLOW_TRACE. Exemplars in OpenMetrics text: `… # {trace_id="…"} 0.42 1700000000.000`.
 */
async function startExemplarTarget(): Promise<{ host: string; scrapes: () => number; close: () => Promise<void> }> {
  let scrapes = 0;
  let slowAt: number | undefined;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes++;
    const now = Date.now() / 1000;
    const fast = 20 * scrapes;
    if (scrapes === 3) {
      slowAt = now;
    }
    const slow = slowAt === undefined ? 0 : 1;
    const traceOf = (n: number) => n.toString(16).padStart(32, 'a');
    const lines = ['# TYPE http_request_duration_seconds histogram', '# UNIT http_request_duration_seconds seconds'];
    for (const le of BUCKETS) {
      const count = le >= 0.25 ? fast + (le >= 5 ? slow : 0) : 0;
      let exemplar = '';
      if (le === 0.25) {
        exemplar = ` # {trace_id="${traceOf(scrapes)}"} 0.1${scrapes % 10} ${now.toFixed(3)}`;
      } else if (le === 5 && slowAt !== undefined) {
        exemplar = ` # {trace_id="${SLOW_TRACE}"} ${SLOW_SECONDS} ${slowAt.toFixed(3)}`;
      }
      lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${count}${exemplar}`);
    }
    lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${fast + slow}`);
    lines.push(`http_request_duration_seconds_sum ${(fast * 0.15 + slow * SLOW_SECONDS).toFixed(3)}`);
    lines.push(`http_request_duration_seconds_count ${fast + slow}`);
    lines.push('# EOF');
    res.writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' });
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    scrapes: () => scrapes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let target: Awaited<ReturnType<typeof startExemplarTarget>>;
let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  target = await startExemplarTarget();
  rig = await PrometheusRig.start({
    simulators: [],
    extraTargets: { checkout: target.host },
    prometheusArgs: ['--enable-feature=exemplar-storage'],
  });
  // The slow request comes with the third scrape; rate() needs a few after it.
  await rig.waitForScrapes('checkout', 6);
  await rig.waitFor(
    async () => (await rig.query('http_request_duration_seconds_count{job="checkout"}'))[0]?.value > 100,
    30_000,
    'the histogram of job checkout'
  );
  browser = await startBrowserHost();
  await addDatasources();
});

/**
 * Two Perfscope datasources on the rig, one linking exemplars to Tempo, and Grafana's Tempo, listed
 * as the datasource service lists it (the host cannot query it: nothing here does).
 */
async function addDatasources() {
  await browser.addDatasource({
    uid: 'traced',
    name: 'Perfscope traced',
    jsonData: { url: rig.url, scrapeInterval: '1s', tracingDatasourceUid: 'tempo' },
  });
  await browser.addDatasource({
    uid: 'untraced',
    name: 'Perfscope untraced',
    jsonData: { url: rig.url, scrapeInterval: '1s' },
  });
  await browser.host.addTempoDatasource('tempo', 'Tempo');
}

afterEach(async () => {
  await browser?.host.unmountDatasourceEditor();
  browser?.problems.assertNone();
});

// The tests run in any order (jest's randomize): each leaves the host as it found it.

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
  await target?.close();
});

const p95 = { refId: 'A', mode: 'signal', signal: 'http_latency_p95' };

const exemplarFrame = (frames: FrameJSON[]) => frames.find((frame) => frame.name === 'exemplar');
const field = (frame: FrameJSON | undefined, name: string) => frame?.fields.find((f) => f.name === name);

describe('exemplars to traces', () => {
  it('come with a latency query: the exemplars Prometheus stored, the trace id linked to Tempo', async () => {
    const [response] = await browser.host.queryDatasource('traced', { targets: [p95], lastSeconds: 600 });
    expect(response.errors).toEqual([]);
    const series = response.frames.filter((frame) => frame.name !== 'exemplar');
    expect(series.length).toBeGreaterThan(0);
    expect(series.flatMap((frame) => (frame.meta?.notices as unknown[] | undefined) ?? [])).toEqual([]);

    const frame = exemplarFrame(response.frames)!;
    expect(frame).toBeDefined();
    expect(frame.meta).toMatchObject({ dataTopic: 'annotations', custom: { resultType: 'exemplar' } });
    const traces = field(frame, 'trace_id')!;
    const values = field(frame, 'Value')!.values as number[];
    const slow = (traces.values as string[]).indexOf(SLOW_TRACE);
    expect(slow).toBeGreaterThanOrEqual(0);
    expect(values[slow]).toBe(SLOW_SECONDS);
    expect(Math.max(...values)).toBe(SLOW_SECONDS);
    // The series labels Prometheus stored them with, as text fields.
    expect(field(frame, 'le')?.values[slow]).toBe('5');
    expect(field(frame, 'job')?.values[slow]).toBe('checkout');
    expect(traces.config?.links).toEqual([
      {
        title: 'Query with Tempo',
        url: '',
        internal: {
          query: { query: '${__value.raw}', queryType: 'traceql' },
          datasourceUid: 'tempo',
          datasourceName: 'Tempo',
        },
      },
    ]);
  });

  it('come without links, and a notice saying where to choose a tracing datasource, when none is set', async () => {
    const [response] = await browser.host.queryDatasource('untraced', { targets: [p95], lastSeconds: 600 });
    const frame = exemplarFrame(response.frames)!;
    expect(field(frame, 'trace_id')!.values).toContain(SLOW_TRACE);
    expect(frame.fields.every((f) => !f.config?.links)).toBe(true);
    const notices = response.frames.filter((f) => f.name !== 'exemplar').flatMap((f) => f.meta?.notices as object[]);
    expect(notices[0]).toEqual({
      severity: 'info',
      text: 'Exemplars are shown without links to their traces: choose a tracing datasource (Tempo, Jaeger or Zipkin) under "Exemplars" in the settings of the Perfscope untraced datasource (Connections → Data sources).',
    });
  });

  it('are marked on the live stream panel: the slowest, with its trace id, opening the trace in Explore', async () => {
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      title: 'Checkout latency',
      datasourceUid: 'traced',
      targets: [{ ...p95, stream: true, pollSeconds: 1, streamWindow: '10m' }],
      lastSeconds: 600,
      width: 640,
      height: 240,
      timeZone: 'utc',
    });
    const marker = browser.page.locator(
      `[data-perfscope-panel="${id}"] [data-testid="data-testid perfscope-stream-exemplar"]`
    );
    await eventually(async () => (await marker.count()) === 1 && (await marker.isVisible()), 'the exemplar marker');
    await eventually(async () => (await marker.innerText()).includes(SLOW_TRACE), 'the marker on the slow request');
    expect(await marker.innerText()).toBe(`3.70 s · ${SLOW_TRACE}`);
    // Exemplars are not tiles.
    const tiles = browser.page.locator(
      `[data-perfscope-panel="${id}"] [data-testid="data-testid perfscope-stream-tile"]`
    );
    expect(await tiles.count()).toBe(1);
    // On the chart, at the top (the slowest is far above the p95 line), where its time is.
    const [chart, box] = await Promise.all([
      browser.page.locator(`[data-perfscope-panel="${id}"] canvas`).boundingBox(),
      marker.boundingBox(),
    ]);
    expect(box!.x).toBeGreaterThanOrEqual(chart!.x);
    expect(box!.x).toBeLessThanOrEqual(chart!.x + chart!.width);

    const href = (await marker.getAttribute('href'))!;
    expect(href.startsWith('/explore?left=')).toBe(true);
    const left = JSON.parse(decodeURIComponent(href.slice('/explore?left='.length)));
    expect(left).toMatchObject({
      datasource: 'tempo',
      queries: [{ query: SLOW_TRACE, queryType: 'traceql', datasource: { uid: 'tempo' } }],
    });
    expect(await marker.getAttribute('title')).toContain('Opens the trace (Query with Tempo)');
    await browser.screenshot('stream-panel-exemplar', id);

    // Clicking opens that address (Grafana's router then shows Explore; here a stand-in page).
    await browser.page.route('**/explore?**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Explore</title>' })
    );
    const before = browser.page.url();
    await Promise.all([browser.page.waitForURL('**/explore?**'), marker.click()]);
    expect(decodeURIComponent(new URL(browser.page.url()).search)).toContain(`"query":"${SLOW_TRACE}"`);
    // Back to the host, as it was, for the tests after this one.
    await browser.page.unroute('**/explore?**');
    await browser.page.goto(before);
    await browser.page.waitForFunction(() => document.body.dataset.hostReady === 'true', undefined, {
      timeout: 60_000,
    });
    await addDatasources();
  });

  it('link to a tracing datasource chosen in the settings, where only tracing datasources are offered', async () => {
    await browser.host.mountDatasourceConfigEditor('untraced');
    const editor = browser.page.locator('[data-perfscope-datasource-editor]');
    await editor.locator('#perfscope-tracing-datasource').click();
    const options = browser.page.locator('[data-testid="data-testid Select option"]');
    await eventually(async () => (await options.count()) > 0, 'the tracing datasources');
    // Tempo only: neither Prometheus nor the Perfscope datasources are tracing datasources.
    expect(await options.allInnerTexts()).toEqual(['Tempo']);
    await options.first().click();
    const { options: settings } = await browser.host.configEditorState();
    expect(settings.jsonData).toEqual({ url: rig.url, scrapeInterval: '1s', tracingDatasourceUid: 'tempo' });
    await editor.locator('#perfscope-trace-id-label').fill('trace-id');
    expect(await editor.innerText()).toContain('"trace-id" is not a label name');
  });
});
