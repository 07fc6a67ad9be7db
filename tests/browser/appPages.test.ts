/**
 * The built app's pages in Chromium, opened as Grafana's AppRootPage opens them (`/a/<id>/…`): the
 * overview embeds the built health-score and stream panels through PanelRenderer, fed by the built
 * datasource's live queries against real Prometheus; an area page lists its signals with the
 * admin's thresholds; an unknown path redirects to the overview and an unknown area says so.
 * Needs `npm run build` first.
 */
import { AREA_SECTIONS } from '../../src/constants';
import { testIds } from '../../src/components/testIds';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, UNIT_ID, eventually, startBrowserHost } from './harness';
import { APP_PLUGIN_ID as APP, GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5'] }] });
  await rig.waitForScrapes('sim', 4);
  browser = await startBrowserHost({ rig, viewport: { width: 1200, height: 1000 } });
  // Pages read the app settings once per page load: set before any page opens.
  browser.server.setPluginSettings(APP, {
    enabled: true,
    jsonData: { signals: { http_latency_p95: { warning: 1.5, critical: 3 } } },
  });
});

afterEach(async () => {
  await browser?.host.unmountAppPage();
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

const byTestId = (id: string) => browser.page.getByTestId(id);
const pageText = () => browser.page.locator('[data-perfscope-app-page]').innerText();

/** The text of the signal table's row of `title`. */
async function signalRow(title: string): Promise<string> {
  const row = browser.page.locator('[data-perfscope-app-page] tr', { hasText: title }).first();
  await row.waitFor();
  return row.innerText();
}

describe('app pages', () => {
  it('redirects the app root to the overview', async () => {
    await browser.host.mountAppPage(APP);
    await byTestId(testIds.overview.container).waitFor();
    expect(await browser.host.appPageLocation()).toBe(`/a/${APP}/overview`);
  });

  it('shows the overview with live embedded panels, the firing alerts and every area', async () => {
    await browser.host.mountAppPage(APP, 'overview');
    await byTestId(testIds.overview.container).waitFor();
    // The embedded health panel scores the live health query; the stream panel shows the key signals.
    const health = byTestId(testIds.overview.health);
    await eventually(
      async () =>
        /^\d+$/.test(
          (await health
            .getByTestId(testIds.healthPanel.score)
            .textContent({ timeout: 1000 })
            .catch(() => '')) ?? ''
        ),
      'a health score on the overview',
      60_000
    );
    const live = byTestId(testIds.overview.live);
    await eventually(
      async () => (await live.getByTestId(testIds.streamPanel.tile).count()) === 4,
      'four live tiles on the overview',
      60_000
    );
    expect(await live.innerText()).toMatch(/\d req\/s/);
    await expect(byTestId(testIds.overview.alerts).innerText()).resolves.toContain('No Perfscope alert is firing.');
    const text = await pageText();
    for (const page of AREA_SECTIONS) {
      expect(text).toContain(page.title);
    }
    // Each area card links to its page of the app.
    const http = browser.page.getByRole('link', { name: 'HTTP', exact: true });
    await expect(http.getAttribute('href')).resolves.toBe(`/a/${APP}/area/http`);
    // The thresholds table shows the admin's levels, not the catalog's 1 s / 2 s.
    expect(await signalRow('HTTP latency p95')).toMatch(/> 1\.5 s\s+> 3 s/);
    await browser.screenshot('app-overview');
  });

  it("shows each area's state on its card: the worst signal's status and the area's firing alerts", async () => {
    // One critical Perfscope alert of the rate-limiting area (shown on the HTTP card), and another plugin's alert.
    browser.server.setFiringAlerts([
      {
        labels: {
          alertname: 'Rate-limited requests (critical)',
          severity: 'critical',
          area: 'ratelimit',
          [GRAFANA_ORIGIN_LABEL]: ORIGIN,
        },
        annotations: { summary: 'Rate-limited requests is above 5 req/s (critical)' },
        state: 'Alerting',
        activeAt: new Date().toISOString(),
      },
      { labels: { alertname: 'Other', severity: 'critical', area: 'database' }, state: 'Alerting' },
    ]);
    try {
      await browser.host.mountAppPage(APP, 'overview');
      const cards = browser.page.getByTestId(testIds.overview.areaCard);
      await eventually(
        async () =>
          (await cards.count()) === AREA_SECTIONS.length &&
          !(await cards.allInnerTexts()).some((t) => t.includes('Checking')),
        'every area card with its state',
        60_000
      );
      const card = (title: string) => cards.filter({ hasText: title }).first().innerText();
      // Normal traffic: the database is fine; the HTTP card counts the rate-limiting alert.
      expect(await card('Database')).toMatch(/OK/);
      expect(await card('Database')).not.toMatch(/firing/);
      expect(await card('HTTP')).toMatch(/1 alert firing/);
      expect((await pageText()).match(UNIT_ID)).toBeNull();
      await browser.screenshot('app-overview-areas');
    } finally {
      browser.server.setFiringAlerts([]);
    }
  });

  it("shows an area page's signals with the admin's thresholds and a link to its dashboard", async () => {
    await browser.host.mountAppPage(APP, 'area/http');
    await byTestId(testIds.area.container).waitFor();
    const link = browser.page.getByRole('link', { name: 'Open the HTTP dashboard' });
    await expect(link.getAttribute('href')).resolves.toBe('/d/perfscope-http');
    expect(await signalRow('HTTP latency p95')).toMatch(/> 1\.5 s\s+> 3 s/);
    expect(await signalRow('HTTP error rate')).toContain('HTTP');
    // Only this area's signals: none of the database area.
    expect(await pageText()).not.toMatch(/Database/);
    expect(await browser.host.appPageLocation()).toBe(`/a/${APP}/area/http`);
  });

  it('says so for an area that does not exist', async () => {
    await browser.host.mountAppPage(APP, 'area/nope');
    await eventually(
      async () => (await pageText()).includes('There is no Perfscope area "nope".'),
      'the unknown-area message'
    );
    await expect(browser.page.getByRole('link', { name: 'Back to the overview' }).getAttribute('href')).resolves.toBe(
      `/a/${APP}/overview`
    );
  });
});
