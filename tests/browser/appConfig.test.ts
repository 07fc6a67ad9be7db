/**
 * The built app's configuration page in Chromium, against the host's in-memory Grafana (plugin
 * settings and the alerting provisioning API): a changed threshold is saved, the alert-rule sync
 * plans, applies and then finds nothing left to do, and the stream panel colours by the new level
 * (on the next page load, and on the same page); a rule Grafana refuses leaves every rule as it was.
 * Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID as APP, FOLDER, ORIGIN, type PerfscopeSettings } from '@perfscope/catalog';
import type { StoredAlertRule } from './grafanaAlerting';
import { ARTIFACTS, type BrowserHost, UNIT_ID, eventually, startBrowserHost } from './harness';
import { desiredGroups } from '../../src/pages/AppConfig/desiredRules';
import { testIds } from '../../src/components/testIds';

// The rule builder is pure; only its module's neighbour (the sync's HTTP client) imports @grafana/runtime,
// which needs a browser. Nothing here calls it.
jest.mock('@grafana/runtime', () => ({}));

const STREAM_PANEL = 'perfscope-stream-panel';
const P95 = 'HTTP latency p95';
const P95_CRIT = 'perfscope-app-http_latency_p95-crit';
const P95_WARN = 'perfscope-app-http_latency_p95-warn';
/** The rules the sync writes for these settings, in the folder it creates. */
const desiredRules = (settings: PerfscopeSettings) => desiredGroups(settings, FOLDER.uid).flatMap((g) => g.rules);
const T0 = 1_700_000_000_000;

let browser: BrowserHost;

beforeAll(async () => {
  browser = await startBrowserHost({ viewport: { width: 1200, height: 900 } });
});

beforeEach(async () => {
  // The page of the last test may still be reviewing (the sync reviews again after every apply):
  // leave it before Grafana's state is reset, or its last requests would meet the next test's Grafana.
  await browser.page.goto('about:blank');
  browser.server.resetAlerting();
  browser.server.resetDashboards();
  browser.server.setPluginSettings(APP, { enabled: true, jsonData: {} });
  // Plugins read the app settings once per page load: each test starts with a fresh one.
  await reloadHost();
});

afterEach(async () => {
  await browser?.host.unmountAppConfig();
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
});

/** A stream of "HTTP latency p95" in seconds, as the datasource names it. */
const latencyFrames = (seconds: number) => [
  {
    refId: 'A',
    fields: [
      { name: 'Time', type: 'time', values: [T0, T0 + 60_000] },
      { name: 'Value', type: 'number', values: [seconds, seconds], config: { unit: 's', displayNameFromDS: P95 } },
    ],
  },
];

async function tileStatuses(id: number): Promise<string[]> {
  return browser.page.$$eval(
    `[data-perfscope-panel="${id}"] [data-testid="data-testid perfscope-stream-tile"]`,
    (els) => els.map((el) => (el as HTMLElement).dataset.status ?? '')
  );
}

/** Mounts a stream panel on `seconds` of p95 latency and waits until its single tile has `status`. */
async function expectP95Tile(seconds: number, status: string): Promise<void> {
  const id = await browser.host.mountPanel({ pluginId: STREAM_PANEL, frames: latencyFrames(seconds), width: 400 });
  try {
    // Below a mounted configuration page the panel is off screen, and off-screen panels do not repaint:
    // bring it into view, as a user scrolling to it would.
    await browser.page.locator(`[data-perfscope-panel="${id}"]`).scrollIntoViewIfNeeded();
    // The tile is coloured by the catalog until the panel has read the app settings.
    await eventually(async () => (await tileStatuses(id))[0] === status, `a ${status} tile`, 5000).catch(
      async (error: Error) => {
        throw new Error(`${error.message} The tile is ${JSON.stringify(await tileStatuses(id))}.`);
      }
    );
  } finally {
    await browser.host.unmountPanel(id);
  }
}

const byTestId = (id: string) => browser.page.getByTestId(id);
const threshold = (label: string) => browser.page.getByRole('textbox', { name: label, exact: true });
const planText = () => byTestId(testIds.appConfig.syncPlan).innerText();
const storedSettings = () => browser.server.pluginSettings.get(APP)?.jsonData;
/** A rule's threshold: the evaluator of its condition C. */
const thresholdOf = (rule: StoredAlertRule) =>
  (rule.data.find((q) => q.refId === 'C')?.model as { conditions: Array<{ evaluator: { params: number[] } }> })
    .conditions[0].evaluator.params[0];
/** The rules without Grafana's write timestamp (a rollback writes them again). */
const withoutTimestamps = (rules: StoredAlertRule[]) => rules.map(({ updated, ...rule }) => rule);

/** Waits for Chromium's console errors of expected HTTP failures and takes them. */
async function takeExpectedErrors(count: number): Promise<string[]> {
  await eventually(async () => browser.errors.length >= count, `${count} expected console error(s)`);
  return browser.problems.take();
}

/**
 * A new page load: every plugin module and what it cached is gone. No Prometheus here (nothing is
 * queried); the Perfscope datasource is listed for the page's picker, as in the docker stack.
 */
async function reloadHost(): Promise<void> {
  await browser.page.goto(browser.url);
  await browser.page.waitForFunction(() => document.body.dataset.hostReady === 'true', undefined, { timeout: 60_000 });
  await browser.addDatasource({ uid: 'perfscope-proxy', name: 'Perfscope', jsonData: { url: 'http://127.0.0.1:9' } });
}

async function saveAndWaitForPlan(): Promise<void> {
  await byTestId(testIds.appConfig.save).click();
  await eventually(
    async () => (await byTestId(testIds.appConfig.status).innerText()) === 'Saved',
    'the settings saved'
  );
  await byTestId(testIds.appConfig.syncPlan).waitFor();
}

describe('app configuration page', () => {
  it('saves a changed threshold, syncs the alert rules until nothing is left to do, and panels colour by it', async () => {
    const settings: PerfscopeSettings = { signals: { http_latency_p95: { critical: 1.2 } } };
    const expected = desiredRules(settings);

    // Catalog defaults: warning above 1 s, critical above 2 s.
    await expectP95Tile(1.5, 'warning');

    await browser.host.mountAppConfig(APP);
    // Levels in the units people write (5 % for the error rate, with its suffix), never a unit id.
    const page = await browser.page.locator('[data-perfscope-app-config]').innerText();
    expect(page.match(UNIT_ID)).toBeNull();
    await expect(threshold('HTTP error rate warning').inputValue()).resolves.toBe('5');
    await threshold(`${P95} critical`).fill('1.2');
    await expect(byTestId(testIds.appConfig.status).innerText()).resolves.toBe('Unsaved changes');
    const started = Date.now();
    await saveAndWaitForPlan();
    expect(storedSettings()).toEqual(settings);

    // The in-memory Grafana has no rules yet: the plan creates every rule the builder makes.
    await eventually(async () => /^Create \d+:/.test(await planText()), 'a plan of rules to create');
    const plan = await planText();
    expect(plan).toContain(`Create ${expected.length}: `);
    expect(plan).toContain(`${P95} (critical)`);
    expect(plan).toMatch(/Unchanged: 0/);
    const reviewed = Date.now();

    await browser.page.getByRole('button', { name: `Apply ${expected.length} changes`, exact: true }).click();
    const result = byTestId(testIds.appConfig.syncResult);
    await result.waitFor();
    await expect(result.innerText()).resolves.toContain(`Created ${expected.length}, updated 0, removed 0.`);
    const applied = Date.now();

    const rules = browser.server.alertRules();
    expect(rules.map((r) => r.uid).sort()).toEqual(expected.map((r) => r.uid).sort());
    expect(rules.every((r) => r.labels.__grafana_origin === ORIGIN && r.provenance === 'api')).toBe(true);
    expect(browser.server.folders()).toEqual([expect.objectContaining(FOLDER)]);
    const byUid = new Map(rules.map((r) => [r.uid, r]));
    expect(thresholdOf(byUid.get(P95_CRIT)!)).toBe(1.2);
    expect(thresholdOf(byUid.get(P95_WARN)!)).toBe(1);

    // The page reviews again after applying, and so does a second review asked for by hand.
    const noChanges = `No changes: the alert rules match these settings (${expected.length} rules).`;
    await eventually(async () => (await planText()).includes(noChanges), 'no changes after applying');
    await browser.page.getByRole('button', { name: 'Review alert-rule changes' }).click();
    await eventually(async () => (await planText()).includes(noChanges), 'no changes on a second review');
    expect(browser.server.alertRules()).toHaveLength(expected.length);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'app-config.png');
    await browser.page.locator('[data-perfscope-app-config]').screenshot({ path: file });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    // On the next page load the panel colours 1.5 s by the admin's critical level of 1.2 s.
    await reloadHost();
    await expectP95Tile(1.5, 'critical');
    process.stdout.write(
      `app config: ${expected.length} rules planned ${reviewed - started} ms after Save, created in ${applied - reviewed} ms\n`
    );
  });

  it('recolours a stream panel loaded earlier on the same page once the threshold is saved', async () => {
    await expectP95Tile(1.5, 'warning');
    await browser.host.mountAppConfig(APP);
    await threshold(`${P95} critical`).fill('1.2');
    await saveAndWaitForPlan();
    expect(storedSettings()).toEqual({ signals: { http_latency_p95: { critical: 1.2 } } });
    // Grafana does not reload the page after a save: a panel mounted now must see the new level.
    await expectP95Tile(1.5, 'critical');
  });

  it('names the rule Grafana refused and leaves every rule as it was', async () => {
    const settings: PerfscopeSettings = { signals: { http_latency_p95: { critical: 1.2 } } };
    const synced = desiredRules(settings);
    browser.server.setPluginSettings(APP, { jsonData: settings });
    browser.server.addFolder({ ...FOLDER });
    browser.server.presetAlertRules(synced, 'api');
    const before = browser.server.alertRules();
    browser.server.rejectAlertRule(P95_CRIT);

    await browser.host.mountAppConfig(APP);
    await threshold(`${P95} warning`).fill('0.8');
    await threshold(`${P95} critical`).fill('1.5');
    await saveAndWaitForPlan();
    expect(storedSettings()).toEqual({ signals: { http_latency_p95: { warning: 0.8, critical: 1.5 } } });
    await eventually(async () => /Update/.test(await planText()), 'a plan of updates');
    const plan = await planText();
    expect(plan).toContain(`Update ${P95} (warning) (data, annotations)`);
    expect(plan).toContain(`Update ${P95} (critical) (data, annotations)`);
    expect(plan).toContain(`Unchanged: ${synced.length - 2}`);

    // Grafana refuses the HTTP group as a whole (one rule of it is invalid): no rule of it changes.
    await browser.page.getByRole('button', { name: 'Apply 2 changes', exact: true }).click();
    const result = byTestId(testIds.appConfig.syncResult);
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toContain('Group "HTTP": Grafana rejected it (400): invalid rule');
    expect(text).toContain('Nothing was changed: the rules are as they were before.');
    expect(withoutTimestamps(browser.server.alertRules())).toEqual(withoutTimestamps(before));
    expect(await takeExpectedErrors(1)).toEqual([
      expect.stringMatching(/status of 400 .*\/api\/v1\/provisioning\/folder\/perfscope\/rule-groups\/HTTP\b/),
    ]);

    // Once Grafana accepts it, the same plan applies.
    browser.server.clearAlertRuleRejections();
    await eventually(async () => /Update/.test(await planText()), 'the plan offered again');
    await browser.page.getByRole('button', { name: 'Apply 2 changes', exact: true }).click();
    await eventually(async () => (await result.innerText()).includes('Created 0, updated 2, removed 0.'), 'the update');
    const byUid = new Map(browser.server.alertRules().map((r) => [r.uid, r]));
    expect(thresholdOf(byUid.get(P95_WARN)!)).toBe(0.8);
    expect(thresholdOf(byUid.get(P95_CRIT)!)).toBe(1.5);
  });
});
