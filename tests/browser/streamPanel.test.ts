/**
 * The built stream panel in Chromium, fed by the built datasource's stream mode against real
 * Prometheus and the simulator: values move, a fault turns a tile critical and back, resizing
 * keeps the canvas bitmap at the device resolution. Needs `npm run build` first.
 */
import * as fs from 'fs';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, RIG_DATASOURCE_UID, UNIT_ID, eventually, startBrowserHost } from './harness';

const STREAM_PANEL = 'perfscope-stream-panel';

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5', '--seed', '7'] }] });
  await rig.waitForScrapes('sim', 4);
  browser = await startBrowserHost({ rig, deviceScaleFactor: 2 });
});

afterEach(() => {
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

/** What each tile shows: title, value text, status, and its canvas's bitmap and CSS size. */
async function tiles(id: number) {
  return browser.page.$$eval(
    `[data-perfscope-panel="${id}"] [data-testid="data-testid perfscope-stream-tile"]`,
    (els) =>
      els.map((el) => {
        const canvas = el.querySelector('canvas');
        const box = canvas?.getBoundingClientRect();
        let painted = 0;
        // Leftmost and rightmost painted columns, as shares of the width: the x-extent of the line.
        let left = 1;
        let right = 0;
        if (canvas && canvas.width > 0) {
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < data.length; i += 4) {
            if (data[i] > 0) {
              painted++;
              const x = ((i - 3) / 4) % canvas.width;
              left = Math.min(left, x / canvas.width);
              right = Math.max(right, (x + 1) / canvas.width);
            }
          }
        }
        return {
          title: el.querySelector('span')?.textContent ?? '',
          value: el.querySelector('[data-testid="data-testid perfscope-stream-value"]')?.textContent ?? '',
          status: (el as HTMLElement).dataset.status ?? '',
          stale: !(el.querySelector('[title="No new point for 3 intervals"]') as HTMLElement | null)?.hidden,
          bitmap: canvas ? [canvas.width, canvas.height] : undefined,
          css: box ? [box.width, box.height] : undefined,
          painted,
          span: painted > 0 ? right - left : 0,
        };
      })
  );
}

describe('stream panel, live', () => {
  it('shows moving values, turns critical on an error burst and recovers, and stays crisp when resized', async () => {
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      title: 'Live',
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [
        { refId: 'A', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 1 },
        { refId: 'B', mode: 'signal', signal: 'http_error_rate', stream: true, pollSeconds: 1 },
      ],
      lastSeconds: 120,
      width: 720,
      height: 260,
      options: { showLegend: true },
      timeZone: 'utc',
    });
    try {
      await eventually(async () => (await tiles(id)).length === 2, 'two tiles');
      await eventually(async () => (await tiles(id)).every((t) => t.painted > 0), 'painted charts');
      const first = await tiles(id);
      expect(first.map((t) => t.title)).toEqual(['HTTP request rate', 'HTTP error rate']);
      expect(first[0].value).toMatch(/^\d+(\.\d+)? req\/s$/);
      expect(first[1].status).toBe('ok');
      // Values move as the simulator runs.
      await eventually(async () => (await tiles(id))[0].value !== first[0].value, 'a new request rate', 30_000);

      // Fault: the error-rate tile turns critical within a bounded time, and back after normal.
      const started = Date.now();
      await rig.simulators.sim.setScenario('error-burst');
      await eventually(async () => (await tiles(id))[1].status === 'critical', 'a critical error-rate tile', 60_000);
      const toCritical = Date.now() - started;
      await browser.screenshot('stream-panel-critical', id);
      await rig.simulators.sim.setScenario('normal');
      await eventually(async () => (await tiles(id))[1].status === 'ok', 'the error-rate tile back to ok', 90_000);
      process.stdout.write(`stream panel: critical ${toCritical} ms after error-burst, ok again after normal\n`);

      // Resizing: the bitmap follows the new CSS size at devicePixelRatio 2, and is drawn again.
      await browser.host.resizePanel(id, 480, 420);
      await eventually(async () => {
        const now = await tiles(id);
        return now.every((t) => t.bitmap && t.css && t.bitmap[0] === Math.round(t.css[0] * 2) && t.painted > 0);
      }, 'charts at device resolution after resize');
      const resized = await tiles(id);
      expect(resized[0].bitmap![1]).toBe(Math.round(resized[0].css![1] * 2));
      const file = await browser.screenshot('stream-panel-resized', id);
      expect(fs.statSync(file).size).toBeGreaterThan(5000);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });

  it("charts the live query's whole window from its first draw", async () => {
    // The query keeps 30 s while the time range is 5 min: the chart shows those 30 s, all of them,
    // from the first response (one range query backfills them), not a sliver at the right edge.
    await rig.waitForScrapes('sim', 40, 60_000);
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [{ refId: 'A', mode: 'signal', signal: 'http_request_rate', stream: true, streamWindow: '30s' }],
      lastSeconds: 300,
      width: 600,
      height: 220,
    });
    try {
      // Read every 100 ms: the first painted chart seen is at most a fraction of a second old.
      let first: Awaited<ReturnType<typeof tiles>>[number] | undefined;
      await eventually(async () => {
        first = (await tiles(id)).find((t) => t.painted > 0);
        return first !== undefined;
      }, 'a painted chart');
      process.stdout.write(
        `stream panel: the chart spans ${(first!.span * 100).toFixed(1)} % of its window at first paint\n`
      );
      // Up to one step (1 s of 30 s) of the window may precede the first point on the step grid.
      expect(first!.span).toBeGreaterThan(0.9);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });

  it("writes threshold legends in the admin's units, never a unit id", async () => {
    const now = Date.now();
    // Catalog signals by refId, as the generated dashboards query them, under a panel-wide unit `none`.
    const frame = (refId: string, value: number) => ({
      refId,
      fields: [
        { name: 'Time', type: 'time', values: [now - 1000, now] },
        { name: 'Value', type: 'number', values: [value, value], config: { unit: 'none' } },
      ],
    });
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      width: 900,
      height: 300,
      options: { showLegend: true },
      frames: [
        frame('http_error_rate', 0.01),
        frame('db_slow_query_rate', 0.01),
        frame('error_budget_burn_rate', 1),
        frame('db_up', 1),
      ],
    });
    try {
      const panel = browser.page.locator(`[data-perfscope-panel="${id}"]`);
      await eventually(async () => (await tiles(id)).length === 4, 'four tiles');
      const text = await panel.innerText();
      expect(text).toContain('warning > 5 % · critical > 10 %');
      expect(text).toContain('warning > 0.05 queries/s');
      expect(text).toContain('warning > 6 × · critical > 14.4 ×');
      expect(text).toContain('critical: down');
      expect(text.match(UNIT_ID)).toBeNull();
    } finally {
      await browser.host.unmountPanel(id);
    }
  });

  it('says what is wrong with data it cannot chart, and caps thousands of series', async () => {
    const now = 1_700_000_000_000;
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      width: 640,
      height: 300,
      options: { maxTiles: 6 },
      frames: [
        // Out of order and duplicate timestamps, NaN and infinity in one series.
        {
          refId: 'A',
          fields: [
            { name: 'Time', type: 'time', values: [now, now + 2000, now + 1000, now + 2000, now + 3000] },
            { name: 'odd', type: 'number', values: [1, 2, 3, 4, NaN] },
          ],
        },
        { refId: 'B', fields: [{ name: 'no time', type: 'number', values: [5] }] },
        ...Array.from({ length: 2000 }, (_, i) => ({
          refId: `S${i}`,
          fields: [
            { name: 'Time', type: 'time', values: [now] },
            { name: `s${i}`, type: 'number', values: [i] },
          ],
        })),
      ],
    });
    try {
      const panel = browser.page.locator(`[data-perfscope-panel="${id}"]`);
      await eventually(async () => (await tiles(id)).length === 6, 'six tiles');
      const shown = await tiles(id);
      expect(shown[0]).toMatchObject({ title: 'odd', value: 'NaN' });
      expect(shown[1]).toMatchObject({ title: 'no time', value: '5', bitmap: undefined });
      const text = await panel.innerText();
      expect(text).toContain('2 out-of-order or repeated points ignored');
      expect(text).toContain('1 series have no time field');
      expect(text).toMatch(/1996 more series are hidden \(showing 6\)/);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });
});
