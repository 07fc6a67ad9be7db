/**
 * The built app's dashboard sync on its configuration page in Chromium, against the host's
 * in-memory Grafana dashboards (tests/browser/grafanaDashboards.ts, both dashboard APIs): a changed
 * threshold is written into the dashboards Grafana imported, a dashboard someone saved since is
 * kept until the admin asks to replace it, a dashboard Grafana refuses leaves every dashboard as it
 * was, and a file-provisioned one is left alone. Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID as APP, getSection, thresholdPanelId } from '@perfscope/catalog';
import { DASHBOARDS } from '@perfscope/dashboards';
import { type BrowserHost, eventually, startBrowserHost } from './harness';
import { testIds } from '../../src/components/testIds';

type Json = Record<string, any>;

const INSTALLED: Json[] = DASHBOARDS.map(({ file }) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/dashboards', file), 'utf8'))
);
const HTTP = getSection('http').dashboardUid;
const CACHE = getSection('cache').dashboardUid;
const P95 = 'HTTP latency p95';

let browser: BrowserHost;

beforeAll(async () => {
  browser = await startBrowserHost({ viewport: { width: 1200, height: 900 } });
});

beforeEach(async () => {
  // The last test's page may still be reviewing: leave it before Grafana's state is reset.
  await browser.page.goto('about:blank');
  browser.server.resetDashboards();
  browser.server.resetAlerting();
  browser.server.setPluginSettings(APP, { enabled: true, jsonData: {} });
  await browser.page.goto(browser.url);
  await browser.page.waitForFunction(() => document.body.dataset.hostReady === 'true', undefined, { timeout: 60_000 });
});

afterEach(async () => {
  await browser?.host.unmountAppConfig();
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
});

const byTestId = (id: string) => browser.page.getByTestId(id);
const threshold = (label: string) => browser.page.getByRole('textbox', { name: label, exact: true });
const step = (uid: string) => byTestId(testIds.appConfig.dashboardStep(uid)).innerText();
const stored = (uid: string) => browser.server.dashboards.get(uid)!;
/** The warning and critical levels the HTTP dashboard draws for the p95 latency. */
const p95Levels = () =>
  (stored(HTTP).spec.panels as Json[])
    .find((p) => p.id === thresholdPanelId('http_latency_p95'))!
    .fieldConfig.defaults.thresholds.steps.slice(1)
    .map((s: Json) => s.value);

/** Saves the form, then waits for the dashboard review the save starts. */
async function saveAndReview(): Promise<void> {
  await byTestId(testIds.appConfig.save).click();
  await eventually(
    async () => (await byTestId(testIds.appConfig.status).innerText()) === 'Saved',
    'the settings saved'
  );
  await eventually(async () => (await byTestId(testIds.appConfig.dashboardPlan).count()) > 0, 'the dashboard plan');
}

async function apply(count: number): Promise<string> {
  await browser.page.getByRole('button', { name: `Apply to ${count} dashboard${count === 1 ? '' : 's'}` }).click();
  const result = byTestId(testIds.appConfig.dashboardResult);
  await result.waitFor();
  return result.innerText();
}

describe('the dashboard sync on the configuration page', () => {
  it('writes a new threshold into the dashboards, then keeps a dashboard someone saved since until told to replace it', async () => {
    browser.server.dashboards.importAppDashboards(APP, INSTALLED);
    await browser.host.mountAppConfig(APP);
    await threshold(`${P95} critical`).fill('1.5');
    await saveAndReview();
    // Only the dashboards that draw the p95 latency change.
    await expect(step(HTTP)).resolves.toMatch(
      /^Update Perfscope \/ HTTP: thresholds or units of \d+ panels? \(not edited since Grafana imported it\)$/
    );
    await expect(step(CACHE)).resolves.toBe('Perfscope / Cache is up to date');
    const text = await apply(2);
    expect(text).toMatch(/Created 0, updated 2\./);
    expect(p95Levels()).toEqual([1, 1.5]);
    const written = stored(HTTP).generation;
    expect(browser.server.pluginSettings.get(APP)?.jsonData).toMatchObject({
      signals: { http_latency_p95: { critical: 1.5 } },
      dashboardVersions: { [HTTP]: written },
    });

    // Someone edits the HTTP dashboard in Grafana; then the admin changes the threshold again.
    browser.server.dashboards.editAsUser(HTTP, (spec) => {
      (spec.panels as Json[])[0].title = 'Our traffic';
    });
    await threshold(`${P95} critical`).fill('1.8');
    await saveAndReview();
    await eventually(async () => /^Keep/.test(await step(HTTP)), 'the HTTP dashboard kept');
    await expect(step(HTTP)).resolves.toMatch(
      new RegExp(
        `^Keep Perfscope / HTTP: Someone saved it since the last sync \\(version ${written + 1} on .*\\); the sync wrote version ${written}\\. The app's version differs in .*thresholds or units.*layout or options`
      )
    );
    // Applying writes the other dashboard only.
    expect(await apply(1)).toMatch(/Created 0, updated 1\./);
    expect((stored(HTTP).spec.panels as Json[])[0].title).toBe('Our traffic');
    expect(p95Levels()).toEqual([1, 1.5]);

    // Replacing it on request.
    await eventually(async () => /^Keep/.test(await step(HTTP)), 'the HTTP dashboard offered again');
    await browser.page.getByLabel(/Replace it with the app's version/).check({ force: true });
    expect(await apply(1)).toMatch(/Created 0, updated 1\./);
    expect(p95Levels()).toEqual([1, 1.8]);
    expect((stored(HTTP).spec.panels as Json[])[0].title).not.toBe('Our traffic');
    await eventually(async () => (await step(HTTP)) === 'Perfscope / HTTP is up to date', 'nothing left to write');
  });

  it('names the dashboard Grafana refused and leaves every dashboard as it was', async () => {
    // One of them is missing: the sync creates it, and the undo deletes it again.
    const audio = getSection('audio').dashboardUid;
    browser.server.dashboards.importAppDashboards(
      APP,
      INSTALLED.filter((d) => d.uid !== audio)
    );
    const before = browser.server.dashboards.dashboards();
    // The last dashboard the sync writes is refused, after it created the audio one.
    const webVitals = getSection('webvitals').dashboardUid;
    browser.server.dashboards.rejectWrites(webVitals, { status: 400, message: 'Dashboard title cannot be empty' });

    // Settings saved elsewhere (provisioning) that change every dashboard: a namespace prefix.
    browser.server.setPluginSettings(APP, { jsonData: { prefix: 'shop_' } });
    await browser.host.mountAppConfig(APP);
    await browser.page.getByRole('button', { name: 'Review dashboard changes' }).click();
    await eventually(async () => (await byTestId(testIds.appConfig.dashboardPlan).count()) > 0, 'the dashboard plan');
    await expect(step(audio)).resolves.toBe('Create Perfscope / Audio streaming');
    const text = await apply(DASHBOARDS.length);
    expect(text).toContain(
      'Dashboard "Perfscope / Web vitals": Grafana refused it (400): Dashboard title cannot be empty'
    );
    expect(text).toContain('Nothing was changed: the dashboards are as they were before.');
    const after = new Map(browser.server.dashboards.dashboards().map((d) => [d.uid, d]));
    expect(browser.server.dashboards.writes).toEqual(expect.arrayContaining([`POST ${audio}`, `DELETE ${audio}`]));
    expect(after.has(audio)).toBe(false);
    for (const d of before) {
      expect({ uid: d.uid, spec: after.get(d.uid)?.spec }).toEqual({ uid: d.uid, spec: d.spec });
    }
    await eventually(async () => browser.errors.length >= 1, 'the refusal in the console');
    expect(browser.problems.take()).toEqual([
      expect.stringMatching(/status of 400 .*\/dashboards\/perfscope-web-vitals\b/),
    ]);
  });

  it('undoes the writes when Grafana will not save the record of their versions', async () => {
    browser.server.dashboards.importAppDashboards(APP, INSTALLED);
    browser.server.setPluginSettings(APP, { jsonData: { prefix: 'shop_' } });
    const before = browser.server.dashboards.dashboards();
    await browser.host.mountAppConfig(APP);
    await browser.page.getByRole('button', { name: 'Review dashboard changes' }).click();
    await eventually(async () => (await byTestId(testIds.appConfig.dashboardPlan).count()) > 0, 'the dashboard plan');
    // Meanwhile this user lost the right to change the app's settings (a Viewer may not save them).
    browser.server.setUserRole('Viewer');
    try {
      const text = await apply(DASHBOARDS.length);
      expect(text).toMatch(
        /^Dashboards not changed\s+The dashboards were written, but Grafana did not save the record of their versions\. Saving needs the Admin role.* The writes were undone\. Nothing was changed: the dashboards are as they were before\.$/s
      );
    } finally {
      browser.server.setUserRole('Admin');
    }
    const after = new Map(browser.server.dashboards.dashboards().map((d) => [d.uid, d]));
    for (const d of before) {
      expect({ uid: d.uid, spec: after.get(d.uid)?.spec }).toEqual({ uid: d.uid, spec: d.spec });
    }
    expect(browser.server.pluginSettings.get(APP)?.jsonData).toEqual({ prefix: 'shop_' });
    await eventually(async () => browser.errors.length >= 1, 'the refusal in the console');
    expect(browser.problems.take()).toEqual([
      expect.stringMatching(/status of 403 .*\/api\/plugins\/perfscope-monitoring-app\/settings\b/),
    ]);
  });

  it('leaves a file-provisioned dashboard to its file', async () => {
    browser.server.dashboards.importAppDashboards(
      APP,
      INSTALLED.filter((d) => d.uid !== HTTP)
    );
    browser.server.dashboards.provisionFromFile(
      INSTALLED.find((d) => d.uid === HTTP)!,
      { path: 'perfscope/http.json' }
    );
    await browser.host.mountAppConfig(APP);
    await threshold(`${P95} critical`).fill('1.5');
    await saveAndReview();
    await eventually(async () => /^Leave/.test(await step(HTTP)), 'the HTTP dashboard left');
    await expect(step(HTTP)).resolves.toBe(
      'Leave Perfscope / HTTP: Grafana has this dashboard from file provisioning "perfscope/http.json": change it there, or remove it from there to let the app manage it.'
    );
    expect(await apply(1)).toMatch(/Created 0, updated 1\./);
    expect(browser.server.dashboards.writes.filter((w) => w.endsWith(` ${HTTP}`))).toEqual([]);
  });
});
