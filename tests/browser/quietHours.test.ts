/**
 * Quiet hours in the built app, in Chromium, against the host's in-memory Grafana (its mute-timing,
 * notification-policy and silences APIs: grafanaMuteTimings.ts, grafanaSilences.ts):
 * - the configuration page turns a typed window into a Grafana mute timing and Perfscope's own
 *   notification policy, shows both for review, writes them (the window locked as Perfscope's, the
 *   tree still editable in the UI), then finds nothing left to do; a wrong field says what is wrong;
 *   when Grafana refuses the tree, the window written before is deleted again; removing the last
 *   window gives the admin's tree back as it was;
 * - the Overview silences a firing Perfscope alert for 1 h (or until tomorrow 09:00) through Grafana
 *   Alertmanager's silences API, on the alert's own labels, shows until when, and Undo expires it.
 * Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID as APP, GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import type { PolicyRoute } from './grafanaMuteTimings';
import { ARTIFACTS, type BrowserHost, eventually, startBrowserHost } from './harness';
import { testIds } from '../../src/components/testIds';
import { withPerfscopeRoute } from '../../src/pages/AppConfig/quietHoursSync';

const DEPLOY = 'perfscope-maintenance-weekly-deploy';
const BACKUP = 'perfscope-maintenance-backup';
/** Perfscope's provisioned policies (provisioning/alerting/policies.yaml) as the admin's own tree. */
const TREE: PolicyRoute = {
  receiver: 'Perfscope team',
  group_by: ['grafana_folder', 'alertname'],
  routes: [
    { receiver: 'Perfscope on-call', object_matchers: [['severity', '=', 'critical']], repeat_interval: '5m' },
    { receiver: 'Perfscope team', object_matchers: [['severity', '=', 'warning']], repeat_interval: '1h' },
  ],
};
const DEPLOY_INTERVALS = [
  { times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['monday:friday'], location: 'Europe/Berlin' },
];
const SUMMARY = 'HTTP error rate is above 10 % in checkout (critical)';

let browser: BrowserHost;
/** Where this test's requests start in the server's list. */
let firstRequest = 0;

beforeAll(async () => {
  browser = await startBrowserHost({ viewport: { width: 1200, height: 900 } });
});

beforeEach(async () => {
  // Leave the last test's page before Grafana's state is reset (its last requests must not meet the next test's).
  await browser.page.goto('about:blank');
  browser.server.resetAlerting();
  browser.server.setPluginSettings(APP, { enabled: true, jsonData: {} });
  await browser.page.goto(browser.url);
  await browser.page.waitForFunction(() => document.body.dataset.hostReady === 'true', undefined, { timeout: 60_000 });
  firstRequest = browser.server.requests.length;
});

afterEach(async () => {
  await browser?.host.unmountAppConfig();
  await browser?.host.unmountAppPage();
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
});

const byTestId = (id: string) => browser.page.getByTestId(id);
const section = () => byTestId(testIds.appConfig.quietHours);
const field = (label: string) => section().getByLabel(label, { exact: true });
const planText = () => byTestId(testIds.appConfig.quietHoursPlan).innerText();
const resultText = () => byTestId(testIds.appConfig.quietHoursResult).innerText();
const requested = (pattern: RegExp) => browser.server.requests.slice(firstRequest).filter((r) => pattern.test(r));

/** Waits for Chromium's console errors of expected HTTP failures and takes them. */
async function takeExpectedErrors(count: number): Promise<string[]> {
  await eventually(async () => browser.errors.length >= count, `${count} expected console error(s)`);
  return browser.problems.take();
}

async function typeWindow(name: string, days: string[], from: string, to: string, zone = ''): Promise<void> {
  await field('Name').fill(name);
  for (const day of days) {
    await field(day).check({ force: true });
  }
  await field('From').fill(from);
  await field('To').fill(to);
  await field('Time zone').fill(zone);
}

describe('maintenance windows on the configuration page', () => {
  it('creates a window, reviewed with the policy that applies it, writes both, and then finds nothing left to do', async () => {
    browser.server.muteTimings.presetPolicyTree(TREE);
    await browser.host.mountAppConfig(APP);

    // A wrong field says what is wrong and how to write it; what was typed stays.
    await typeWindow('Weekly deploy', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], '09:00', '07:00', 'Europe/Berlin');
    await section().getByRole('button', { name: 'Add window' }).click();
    await expect(section().innerText()).resolves.toContain(
      'End time 07:00 is before start 09:00: a window ends later on the same day. For one over midnight, add two windows: 09:00–24:00, and 00:00–07:00 on the next days.'
    );
    await expect(field('From').inputValue()).resolves.toBe('09:00');
    await expect(field('Fri').isChecked()).resolves.toBe(true);
    expect(requested(/mute-timings|policies/)).toEqual([]);

    await field('From').fill('02:00');
    await field('To').fill('04:00');
    await section().getByRole('button', { name: 'Add window' }).click();
    // The first window added reads what Grafana has, and the plan shows what applying writes.
    await eventually(async () => (await byTestId(testIds.appConfig.quietHoursPlan).count()) > 0, 'the plan');
    const plan = await planText();
    expect(plan).toContain(`Create ${DEPLOY}: Mon–Fri, 02:00–04:00 (Europe/Berlin)`);
    expect(plan).toContain(
      `Add Perfscope's notification policy, first under the default policy: alerts with ${GRAFANA_ORIGIN_LABEL}=${ORIGIN} are muted during ${DEPLOY}. It holds a copy of your 2 notification policies (severity=critical → Perfscope on-call; severity=warning → Perfscope team), each muted too`
    );
    await expect(field('Name').inputValue()).resolves.toBe('');
    await expect(byTestId(testIds.appConfig.quietHoursWindows).innerText()).resolves.toContain(
      `${DEPLOY}: Mon–Fri, 02:00–04:00 (Europe/Berlin) — new, not applied yet`
    );
    expect(browser.server.muteTimings.writes).toEqual([]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await section().screenshot({ path: path.join(ARTIFACTS, 'app-config-quiet-hours.png') });

    await section().getByRole('button', { name: 'Apply 2 changes' }).click();
    await eventually(async () => (await byTestId(testIds.appConfig.quietHoursResult).count()) > 0, 'the outcome');
    expect(await resultText()).toContain(
      "Maintenance windows updated\nCreated 1, updated 0, removed 0. Perfscope's notification policy added."
    );
    // The window first (the tree may only name mute timings that exist), then the tree.
    expect(browser.server.muteTimings.writes).toEqual([`POST ${DEPLOY}`, 'PUT policies']);
    expect(requested(/^POST \/api\/v1\/provisioning\/mute-timings → 201$/)).toHaveLength(1);
    expect(requested(/^PUT \/api\/v1\/provisioning\/policies → 202$/)).toHaveLength(1);
    // The window is Perfscope's (provenance api, locked in the alerting UI); the tree stays editable (none).
    expect(browser.server.muteTimings.muteTimings()).toEqual([
      { name: DEPLOY, time_intervals: DEPLOY_INTERVALS, version: expect.any(String), provenance: 'api' },
    ]);
    const tree = browser.server.muteTimings.policyTree();
    expect(tree.provenance).toBeUndefined();
    expect(tree).toEqual(withPerfscopeRoute(TREE, [DEPLOY]));
    expect(tree.routes?.[0]).toEqual({
      object_matchers: [[GRAFANA_ORIGIN_LABEL, '=', ORIGIN]],
      mute_time_intervals: [DEPLOY],
      routes: TREE.routes!.map((r) => ({ ...r, mute_time_intervals: [DEPLOY] })),
    });

    // Reviewed again (after the apply, and by hand): nothing is left to do.
    const none =
      "No changes: Grafana has Perfscope's 1 maintenance window, and Perfscope's notification policy mutes its alerts during them.";
    await eventually(async () => (await planText().catch(() => '')).includes(none), 'no changes after applying');
    await section().getByRole('button', { name: 'Review maintenance windows' }).click();
    await eventually(async () => (await planText().catch(() => '')).includes(none), 'no changes on a second review');
    expect(browser.server.muteTimings.writes).toHaveLength(2);
  });

  it('deletes the window it wrote when Grafana refuses the tree, applies once Grafana accepts, and removing it gives the tree back', async () => {
    browser.server.muteTimings.presetPolicyTree(TREE);
    browser.server.muteTimings.failNext('PUT', '/api/v1/provisioning/policies', {
      status: 500,
      body: { message: 'database is locked' },
    });
    await browser.host.mountAppConfig(APP);
    await typeWindow('Backup', ['Sat'], '01:00', '05:00');
    await section().getByRole('button', { name: 'Add window' }).click();
    await eventually(async () => (await planText().catch(() => '')).includes(`Create ${BACKUP}`), 'the plan');
    await section().getByRole('button', { name: 'Apply 2 changes' }).click();
    await eventually(async () => (await byTestId(testIds.appConfig.quietHoursResult).count()) > 0, 'the outcome');
    expect(await resultText()).toBe(
      'Maintenance windows not changed\nNotification policies: Grafana rejected it (500): database is locked Nothing was changed: the windows and notification policies are as they were before.'
    );
    expect(browser.server.muteTimings.writes).toEqual([`POST ${BACKUP}`, `DELETE ${BACKUP}`]);
    expect(browser.server.muteTimings.muteTimings()).toEqual([]);
    expect(browser.server.muteTimings.policyTree()).toEqual(TREE);
    expect(await takeExpectedErrors(1)).toEqual([
      expect.stringMatching(/status of 500 .*\/api\/v1\/provisioning\/policies\b/),
    ]);

    // The window typed is still there to apply.
    await eventually(async () => (await planText().catch(() => '')).includes(`Create ${BACKUP}`), 'the plan again');
    await section().getByRole('button', { name: 'Apply 2 changes' }).click();
    await eventually(async () => (await resultText()).startsWith('Maintenance windows updated'), 'the window applied');
    expect(browser.server.muteTimings.muteTimings().map((t) => t.name)).toEqual([BACKUP]);

    // Removing it: the policy goes first (Grafana keeps a mute timing a policy names), then the window.
    await eventually(
      async () =>
        (
          await byTestId(testIds.appConfig.quietHoursWindows)
            .innerText()
            .catch(() => '')
        ).includes(BACKUP),
      'the window listed'
    );
    await byTestId(testIds.appConfig.quietHoursWindows).getByRole('button', { name: 'Remove' }).click();
    await eventually(async () => (await planText()).includes(`Remove ${BACKUP}`), 'the removal planned');
    expect(await planText()).toContain("Remove Perfscope's notification policy");
    await section().getByRole('button', { name: 'Apply 2 changes' }).click();
    await eventually(async () => (await resultText()).includes('removed 1'), 'the removal applied');
    expect(browser.server.muteTimings.writes.slice(-2)).toEqual(['PUT policies', `DELETE ${BACKUP}`]);
    expect(browser.server.muteTimings.muteTimings()).toEqual([]);
    expect(browser.server.muteTimings.policyTree()).toEqual(TREE);
  });

  it('writes the window but leaves a file-provisioned tree to its file, saying what to add there', async () => {
    browser.server.muteTimings.presetPolicyTree(TREE, 'file');
    await browser.host.mountAppConfig(APP);
    await typeWindow('Weekly deploy', ['Sun'], '03:00', '04:00');
    await section().getByRole('button', { name: 'Add window' }).click();
    await eventually(async () => (await planText().catch(() => '')).includes('provisioning file'), 'the plan');
    expect(await planText()).toContain(
      'Grafana has the notification policies from a provisioning file, so Perfscope cannot add its policy there'
    );
    await section().getByRole('button', { name: 'Apply 1 change' }).click();
    await eventually(async () => (await resultText()).startsWith('Maintenance windows updated'), 'the window written');
    expect(browser.server.muteTimings.writes).toEqual([`POST ${DEPLOY}`]);
    expect(browser.server.muteTimings.policyTree()).toEqual({ ...TREE, provenance: 'file' });
  });
});

describe('silencing from the Overview', () => {
  it('silences a firing alert for 1 h on its own labels, shows until when, and Undo expires the silence', async () => {
    browser.server.setFiringAlerts([
      {
        labels: {
          alertname: 'HTTP error rate (critical)',
          severity: 'critical',
          area: 'http',
          job: 'checkout',
          [GRAFANA_ORIGIN_LABEL]: ORIGIN,
        },
        annotations: { summary: SUMMARY },
        state: 'Alerting',
        activeAt: new Date().toISOString(),
      },
    ]);
    await browser.host.mountAppPage(APP, 'overview');
    const line = byTestId(testIds.overview.firingAlert).filter({ hasText: SUMMARY });
    await line.waitFor({ timeout: 30_000 });
    const clicked = Date.now();
    await line.getByRole('button', { name: 'Silence 1 h' }).click();
    await eventually(async () => browser.server.silences.silences().length === 1, 'the silence in Grafana');
    const [silence] = browser.server.silences.silences();
    expect(silence).toMatchObject({
      matchers: [
        { name: 'alertname', value: 'HTTP error rate (critical)', isRegex: false, isEqual: true },
        { name: 'job', value: 'checkout', isRegex: false, isEqual: true },
        { name: GRAFANA_ORIGIN_LABEL, value: ORIGIN, isRegex: false, isEqual: true },
      ],
      createdBy: 'admin',
      comment: expect.stringContaining(SUMMARY),
      status: { state: 'active' },
    });
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(3_600_000);
    expect(Math.abs(Date.parse(silence.startsAt) - clicked)).toBeLessThan(10_000);
    expect(requested(/^POST \/api\/alertmanager\/grafana\/api\/v2\/silences → 202$/)).toHaveLength(1);
    // The browser runs in UTC: the end as the stored time reads it.
    await eventually(
      async () => (await line.innerText()).includes(`Silenced until ${silence.endsAt.slice(11, 16)}`),
      'the line silenced'
    );

    await line.getByRole('button', { name: 'Undo' }).click();
    await eventually(
      async () => browser.server.silences.silences()[0].status.state === 'expired',
      'the silence expired'
    );
    expect(requested(new RegExp(`^DELETE /api/alertmanager/grafana/api/v2/silence/${silence.id} → 200$`))).toHaveLength(
      1
    );
    await line.getByRole('button', { name: 'Silence 1 h' }).waitFor();

    // Until tomorrow 09:00, from the menu.
    await line.getByRole('button', { name: 'Silence until…' }).click();
    await browser.page.getByRole('menuitem', { name: 'Until tomorrow 09:00' }).click();
    await eventually(async () => browser.server.silences.silences().length === 2, 'the second silence');
    const later = browser.server.silences.silences().find((s) => s.status.state === 'active')!;
    const tomorrow = new Date();
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    expect(later.endsAt).toBe(`${tomorrow.toISOString().slice(0, 10)}T09:00:00.000Z`);
    await eventually(async () => (await line.innerText()).includes('Silenced until tomorrow 09:00'), 'until tomorrow');
    await browser.screenshot('app-overview-silenced');
    await line.getByRole('button', { name: 'Undo' }).click();
    await eventually(
      async () => browser.server.silences.silences().every((s) => s.status.state === 'expired'),
      'both silences expired'
    );
  });

  it('says what to do when Grafana refuses the silence', async () => {
    browser.server.setFiringAlerts([
      {
        labels: {
          alertname: 'DB down (critical)',
          severity: 'critical',
          area: 'database',
          [GRAFANA_ORIGIN_LABEL]: ORIGIN,
        },
        state: 'Alerting',
      },
    ]);
    browser.server.setUserRole('Viewer');
    try {
      await browser.host.mountAppPage(APP, 'overview');
      const line = byTestId(testIds.overview.firingAlert).filter({ hasText: 'DB down (critical)' });
      await line.getByRole('button', { name: 'Silence 1 h' }).click();
      await eventually(
        async () => (await line.innerText()).includes('You need the alerting silence permission'),
        'the refusal'
      );
      expect(await line.innerText()).toContain(
        'You need the alerting silence permission (Editor or Admin role, or alert.silences:create) to silence alerts: ask an admin of this Grafana.'
      );
      expect(browser.server.silences.silences()).toEqual([]);
      expect(await takeExpectedErrors(1)).toEqual([expect.stringMatching(/status of 403 .*\/api\/v2\/silences\b/)]);
    } finally {
      browser.server.setUserRole('Admin');
    }
  });
});
