/**
 * A service instrumented the way other teams do it (HTTP and the database with OpenTelemetry, the
 * cache with redis_exporter, the rest with the kit), scraped by real Prometheus, and the built app's
 * configuration page in Chromium: before, its HTTP signals read No data; "Detect naming" finds each
 * area's preset through the Perfscope datasource, the page saves them, the dashboard sync rewrites
 * the dashboards Grafana imported for the new naming and the alert sync writes the rules in it, and after the next page load the stream and
 * health panels show values: the request rate, and every health component OpenTelemetry has (its
 * missing reachability metric reads No data), also with the synced Overview dashboard's own queries.
 * Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID as APP, getSection } from '@perfscope/catalog';
import { DASHBOARDS } from '@perfscope/dashboards';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, RIG_DATASOURCE_UID, UNIT_ID, eventually, startBrowserHost } from './harness';
import { testIds } from '../../src/components/testIds';

const STREAM_PANEL = 'perfscope-stream-panel';
const HEALTH_PANEL = 'perfscope-healthscore-panel';
const DIALECTS = 'otel,redis-exporter,kit';

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({
    simulators: [{ job: 'fleet', args: ['--speed', '5', '--seed', '3', '--dialect', DIALECTS] }],
  });
  await rig.waitForScrapes('fleet', 6);
  browser = await startBrowserHost({ rig, viewport: { width: 1200, height: 900 } });
  browser.server.setPluginSettings(APP, { enabled: true, jsonData: { datasourceUid: RIG_DATASOURCE_UID } });
  // Enabling the app made Grafana import its dashboards (with the kit's names).
  browser.server.dashboards.importAppDashboards(
    APP,
    DASHBOARDS.map(({ file }) =>
      JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/dashboards', file), 'utf8'))
    )
  );
  await reloadHost();
}, 180_000);

type Json = Record<string, any>;

/**
 * A Perfscope panel of a synced dashboard, its targets as Grafana would query them with every
 * variable at All (`.*`), through the Perfscope datasource as raw PromQL.
 */
function panelTargets(dashboardUid: string, type: string): Array<Json & { refId: string }> {
  const spec = browser.server.dashboards.get(dashboardUid)!.spec as Json;
  const panel = (spec.panels as Json[]).find((p) => p.type === type)!;
  return panel.targets.map((t: Json) => ({
    refId: t.refId,
    mode: 'promql',
    expr: String(t.expr).replace(/\$service\b/g, '.*'),
    stream: true,
    pollSeconds: 1,
  }));
}

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

afterEach(() => browser?.problems.assertNone());

/** A new page load: the datasource and the panels read the app settings once per load. */
async function reloadHost(): Promise<void> {
  await browser.page.goto(browser.url);
  await browser.page.waitForFunction(() => document.body.dataset.hostReady === 'true', undefined, { timeout: 60_000 });
  await browser.addDatasource({
    uid: RIG_DATASOURCE_UID,
    name: 'Perfscope',
    jsonData: { url: rig.url, scrapeInterval: '1s' },
  });
}

/** The value text of a stream panel's tiles on the request rate. */
async function requestRate(): Promise<string> {
  const id = await browser.host.mountPanel({
    pluginId: STREAM_PANEL,
    datasourceUid: RIG_DATASOURCE_UID,
    targets: [{ refId: 'A', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 1 }],
    lastSeconds: 120,
    width: 400,
  });
  const value = () =>
    browser.page
      .locator(`[data-perfscope-panel="${id}"] [data-testid="${testIds.streamPanel.value}"]`)
      .first()
      .textContent({ timeout: 30_000 });
  try {
    let text = '';
    await eventually(
      async () => {
        text = (await value()) ?? '';
        return text !== '';
      },
      'the request-rate tile',
      30_000
    ).catch(() => undefined);
    // A tile with a number, or the panel's No data.
    return text || (await browser.page.locator(`[data-perfscope-panel="${id}"]`).innerText());
  } finally {
    await browser.host.unmountPanel(id);
  }
}

const byTestId = (id: string) => browser.page.getByTestId(id);

describe('naming detection on the configuration page', () => {
  it('finds each area of a mixed fleet, saves the presets, and the panels then show its values', async () => {
    // The kit's names: the OpenTelemetry requests are not found. The panel shows Grafana's no-data
    // view (@grafana/runtime's PanelDataErrorView, which Grafana replaces with its "No data").
    expect(await requestRate()).toMatch(/^(No data|Unable to render data: \.)$/);

    await browser.host.mountAppConfig(APP);
    await browser.page.getByText('Metric naming', { exact: true }).click();
    const started = Date.now();
    await byTestId(testIds.appConfig.detect).click();
    const table = byTestId(testIds.appConfig.detection);
    await table.waitFor({ timeout: 60_000 });
    const detected = Date.now() - started;
    const text = await table.innerText();
    expect(text).toMatch(/HTTP\s+OpenTelemetry semantic conventions\s+100 %/);
    expect(text).toMatch(/Database\s+OpenTelemetry semantic conventions/);
    expect(text).toMatch(/Cache\s+redis_exporter\s+100 %/);
    expect(text).toMatch(/Audio streaming\s+Perfscope kit/);
    // Every signal with its state, value (in the unit people read) and PromQL.
    const rows = byTestId(testIds.appConfig.detectionSignals).locator('tbody tr');
    const rate = rows.filter({ hasText: 'HTTP request rate' });
    await expect(rate.getAttribute('data-state')).resolves.toBe('data');
    await expect(rate.innerText()).resolves.toMatch(/req\/s[\s\S]*http_server_request_duration_seconds_count/);
    expect(await byTestId(testIds.appConfig.detectionSignals).innerText()).not.toMatch(UNIT_ID);

    await browser.page.getByRole('button', { name: 'Use the detected presets' }).click();
    await byTestId(testIds.appConfig.save).click();
    await eventually(
      async () => (await byTestId(testIds.appConfig.status).innerText()) === 'Saved',
      'the settings saved'
    );
    expect(browser.server.pluginSettings.get(APP)?.jsonData).toEqual({
      datasourceUid: RIG_DATASOURCE_UID,
      presets: { http: 'otel', database: 'otel', cache: 'redis-exporter' },
    });

    // The save reviews the dashboards: those of the three areas change their queries; the audio one
    // only its deploy markers, which read the build metric under the HTTP naming (OpenTelemetry's target_info).
    const plan = byTestId(testIds.appConfig.dashboardPlan);
    const http = getSection('http').dashboardUid;
    await eventually(async () => (await plan.count()) > 0, 'the dashboard plan', 30_000);
    await expect(byTestId(testIds.appConfig.dashboardStep(http)).innerText()).resolves.toMatch(
      /^Update Perfscope \/ HTTP: queries of \d+ panels.*\(not edited since Grafana imported it\)$/
    );
    await expect(
      byTestId(testIds.appConfig.dashboardStep(getSection('audio').dashboardUid)).innerText()
    ).resolves.toMatch(/^Update Perfscope \/ Audio streaming: dashboard settings\b/);
    await browser.page.getByRole('button', { name: /^Apply to \d+ dashboards$/ }).click();
    const result = byTestId(testIds.appConfig.dashboardResult);
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toMatch(/Dashboards updated[\s\S]*Created 0, updated [1-9]\d*\./);
    const synced = JSON.stringify(browser.server.dashboards.get(http)!.spec);
    expect(synced).toContain('http_server_request_duration_seconds_count');
    expect(synced).not.toMatch(/\bhttp_requests_total\b/);
    // The versions the sync wrote are recorded with the settings, which stay as saved.
    const saved = browser.server.pluginSettings.get(APP)?.jsonData as Json;
    expect(saved.dashboardVersions[http]).toBe(browser.server.dashboards.get(http)!.generation);
    expect(saved.presets).toEqual({ http: 'otel', database: 'otel', cache: 'redis-exporter' });
    await eventually(
      async () => /Nothing to write\./.test(await plan.innerText()),
      'a new review with nothing left to write'
    );

    // The alert rules, reviewed after the save too, move to the detected names.
    const rulePlan = byTestId(testIds.appConfig.syncPlan);
    await eventually(async () => /Create \d+/.test(await rulePlan.innerText()), 'the alert-rule plan');
    await browser.page.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
    await eventually(
      async () => /Alert rules updated/.test(await byTestId(testIds.appConfig.syncResult).innerText()),
      'the alert rules written'
    );
    const models = JSON.stringify(browser.server.alertRules().map((r) => r.data.map((q) => q.model)));
    expect(models).toContain('http_server_request_duration_seconds');
    expect(models).not.toMatch(/\bhttp_requests_total\b/);
    await browser.host.unmountAppConfig();

    await reloadHost();
    expect(await requestRate()).toMatch(/^\d+(\.\d+)? req\/s$/);
    const health = await browser.host.mountPanel({
      pluginId: HEALTH_PANEL,
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [{ refId: 'H', mode: 'health', stream: true, pollSeconds: 1 }],
      lastSeconds: 120,
      width: 760,
      height: 560,
    });
    try {
      const statuses = () =>
        browser.page.$$eval(
          `[data-perfscope-panel="${health}"] [data-testid="${testIds.healthPanel.component}"]`,
          (els) => els.map((el) => `${(el as HTMLElement).dataset.component}:${(el as HTMLElement).dataset.status}`)
        );
      // OpenTelemetry has no reachability metric: the database's "up" reads No data, never a healthy 1.
      await eventually(
        async () => {
          const s = await statuses();
          return s.length === 9 && s.filter((x) => x.endsWith(':no-data')).join() === 'db_up:no-data';
        },
        'every health component but db_up with data',
        60_000
      ).catch(async (e: Error) => {
        throw new Error(`${e.message} Components: ${(await statuses()).join(', ')}`);
      });
    } finally {
      await browser.host.unmountPanel(health);
    }

    // The synced Overview dashboard's own stream and health panels, with the queries it holds now.
    const overview = getSection('overview').dashboardUid;
    for (const type of [STREAM_PANEL, HEALTH_PANEL]) {
      const id = await browser.host.mountPanel({
        pluginId: type,
        datasourceUid: RIG_DATASOURCE_UID,
        targets: panelTargets(overview, type),
        lastSeconds: 120,
        width: 760,
        height: 560,
      });
      try {
        const values = () =>
          browser.page.$$eval(
            `[data-perfscope-panel="${id}"] [data-testid="${type === STREAM_PANEL ? testIds.streamPanel.value : testIds.healthPanel.headline}"]`,
            (els) => els.map((el) => el.textContent ?? '')
          );
        await eventually(
          async () => (await values()).some((v) => /\d/.test(v)),
          `the synced Overview dashboard's ${type} with a value`,
          60_000
        );
      } finally {
        await browser.host.unmountPanel(id);
      }
    }
    process.stdout.write(
      `naming: detected in ${detected} ms; 8 of 9 health components have data after saving, db_up No data\n`
    );
  });
});
