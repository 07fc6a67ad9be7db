import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { getBackendSrv } from '@grafana/runtime';
import { GrafanaAlerting } from '../../../tests/browser/grafanaAlerting';
import { standInBackendSrv } from '../../../tests/browser/standInFetch';
import { FOLDER, ORIGIN } from '@perfscope/catalog';
import { grafanaAlertingApi } from './alertingApi';
import { desiredGroups } from './desiredRules';
import { type RuleLike, applyReview, contains, describeSyncError, planIsEmpty, planSync, review } from './ruleSync';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

/** Grafana's backend service over the in-memory alerting API. */
function grafana(alerting = new GrafanaAlerting()) {
  const { backendSrv, calls } = standInBackendSrv((method, path, readJson) =>
    alerting.handle(method, path, {}, readJson)
  );
  jest.mocked(getBackendSrv).mockReturnValue(backendSrv as never);
  return { alerting, calls, api: grafanaAlertingApi() };
}

const sync = (api: ReturnType<typeof grafanaAlertingApi>, settings?: Parameters<typeof desiredGroups>[0]) =>
  review((folderUid) => desiredGroups(settings, folderUid), api, FOLDER.uid);

const rule = (uid: string, over: Partial<RuleLike> = {}): RuleLike => ({
  uid,
  title: uid,
  ruleGroup: 'HTTP',
  folderUID: 'perfscope',
  for: '5m',
  labels: { severity: 'warning', __grafana_origin: ORIGIN },
  data: [{ refId: 'A', model: { expr: 'x > 1' } }],
  ...over,
});

describe('contains', () => {
  it('ignores fields Grafana adds but not changed or missing values', () => {
    expect(contains({ a: 1, b: { c: [1, 2], extra: true }, id: 7 }, { a: 1, b: { c: [1, 2] } })).toBe(true);
    expect(contains({ a: 1, b: { c: [1, 3] } }, { a: 1, b: { c: [1, 2] } })).toBe(false);
    expect(contains({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });

  it('compares durations as Grafana returns them, canonical', () => {
    expect(contains({ for: '1h' }, { for: '60m' })).toBe(true);
    expect(contains({ for: '1m30s' }, { for: '90s' })).toBe(true);
    expect(contains({ for: '1h' }, { for: '61m' })).toBe(false);
  });
});

describe('planSync', () => {
  it('creates, updates and removes only our rules, names the changed fields, and keeps other rules of a group', () => {
    const foreign = { ...rule('foreign'), labels: { severity: 'critical' } };
    const existing = [rule('keep'), rule('change'), rule('gone'), foreign];
    const desired = [
      { title: 'HTTP', interval: 60, rules: [rule('keep'), rule('change', { for: '10m' }), rule('new')] },
    ];
    const plan = planSync(desired, existing, { HTTP: 60 }, 'perfscope');
    expect(plan.create.map((r) => r.uid)).toEqual(['new']);
    expect(plan.update.map((c) => [c.after.uid, c.fields])).toEqual([['change', ['for']]]);
    expect(plan.remove.map((r) => r.uid)).toEqual(['gone']);
    expect(plan.unchanged).toBe(1);
    expect(plan.groups.map((g) => [g.title, g.after.rules.map((r) => r.uid)])).toEqual([
      ['HTTP', ['foreign', 'keep', 'change', 'new']],
    ]);
  });

  it('writes nothing while Perfscope rules are provisioned from files, and names them', () => {
    const plan = planSync(
      [{ title: 'HTTP', interval: 60, rules: [rule('a')] }],
      [{ ...rule('f'), provenance: 'file' }],
      {},
      'x'
    );
    expect(plan.locked.map((r) => r.uid)).toEqual(['f']);
    expect(planIsEmpty(plan)).toBe(true);
  });

  it('changes a group whose evaluation interval differs', () => {
    const plan = planSync(
      [{ title: 'HTTP', interval: 60, rules: [rule('a')] }],
      [rule('a')],
      { HTTP: 300 },
      'perfscope'
    );
    expect(plan.groups).toEqual([expect.objectContaining({ title: 'HTTP', interval: true })]);
  });
});

describe('the sync against Grafana (tests/browser/grafanaAlerting.ts)', () => {
  it('creates the folder and every group, then a review says "No changes", though Grafana canonicalises `for`', async () => {
    const { alerting, api } = grafana();
    const settings = { signals: { http_latency_p95: { for: '60m' }, db_query_avg: { for: '90s' } } };
    const first = await sync(api, settings);
    expect(first.folderExists).toBe(false);
    const result = await applyReview(first, api);
    expect(result).toMatchObject({ ok: true, removed: 0, updated: 0 });
    expect(result.created).toBe(alerting.alertRules().length);
    expect(alerting.alertRules().map((r) => r.for)).toEqual(expect.arrayContaining(['1h', '1m30s']));
    const again = await sync(api, settings);
    expect(planIsEmpty(again.plan)).toBe(true);
    expect(again.plan.unchanged).toBe(alerting.alertRules().length);
    expect(alerting.groupInterval('perfscope', 'HTTP')).toBe(60);
  });

  it("joins the folder Grafana's rule-file provisioner made (by title, random UID) instead of making a second one", async () => {
    const { alerting, api, calls } = grafana();
    alerting.provisionFromFiles([{ name: 'Other', folder: 'Perfscope', interval: '1m', rules: [] }]);
    const [made] = alerting.folders();
    expect(made.uid).not.toBe('perfscope');
    await applyReview(await sync(api), api);
    // Groups without rules do not exist in Grafana: the review never asks for one (that is a 404).
    expect(calls.filter((c) => c.startsWith('GET') && c.includes('/rule-groups/'))).toEqual([]);
    expect(alerting.folders()).toHaveLength(1);
    expect(new Set(alerting.alertRules().map((r) => r.folderUID))).toEqual(new Set([made.uid]));
  });

  it('puts back the groups already written when one fails, and says which group and why', async () => {
    const { alerting, api } = grafana();
    await applyReview(await sync(api), api);
    const before = alerting.alertRules();
    const victim = before.find((r) => r.ruleGroup === 'Cache')!;
    alerting.rejectAlertRule(victim.uid, { message: 'invalid rule: data source not found' });
    const result = await applyReview(
      await sync(api, { signals: { http_latency_p95: { critical: 3 }, cache_hit_ratio: { warning: 0.9 } } }),
      api
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^Group "Cache": invalid rule: data source not found\. Check that the alerting Prometheus datasource/
    );
    expect(result.rollbackErrors).toEqual([]);
    expect(alerting.alertRules().map(({ updated, ...r }) => r)).toEqual(before.map(({ updated, ...r }) => r));
  });

  it("makes no rule Grafana's file provisioning would collide with, so Grafana still starts after a sync", async () => {
    const { alerting, api } = grafana();
    await applyReview(await sync(api), api);
    // The docker stack's rules.yaml, applied at the next start: its UIDs are not the sync's.
    const file = yaml.load(
      fs.readFileSync(path.join(__dirname, '../../../provisioning/alerting/rules.yaml'), 'utf8')
    ) as { groups: Parameters<GrafanaAlerting['provisionFromFiles']>[0] };
    expect(() => alerting.provisionFromFiles(file.groups)).not.toThrow();
    // With the file's own UIDs (as the sync used to write them) Grafana would not start.
    const clash = new GrafanaAlerting();
    clash.presetAlertRules(
      [{ uid: file.groups[0].rules[0].uid as string, folderUID: 'perfscope', ruleGroup: 'HTTP' }],
      'api'
    );
    expect(() => clash.provisionFromFiles(file.groups)).toThrow("cannot change provenance from 'api' to 'file'");
  });

  it('refuses to write over file-provisioned rules: Grafana answers 500 / 409, the sync never asks', async () => {
    const { alerting, api, calls } = grafana();
    alerting.provisionFromFiles([
      {
        name: 'HTTP',
        folder: 'Perfscope',
        interval: '1m',
        rules: [
          rule('perfscope-http_latency_p95-warn', {
            ...desiredGroups(undefined, 'x')[0].rules[0],
            uid: 'perfscope-http_latency_p95-warn',
          }),
        ],
      },
    ]);
    const reviewed = await sync(api);
    expect(reviewed.plan.locked.map((r) => r.uid)).toEqual(['perfscope-http_latency_p95-warn']);
    expect(planIsEmpty(reviewed.plan)).toBe(true);
    expect(calls.filter((c) => !c.startsWith('GET'))).toEqual([]);
    const uid = 'perfscope-http_latency_p95-warn';
    const stored = alerting.alertRules()[0];
    expect(
      await alerting.handle('PUT', `/api/v1/provisioning/alert-rules/${uid}`, {}, async () => stored)
    ).toMatchObject({ status: 500 });
    expect(
      await alerting.handle('DELETE', `/api/v1/provisioning/alert-rules/${uid}`, {}, async () => undefined)
    ).toMatchObject({ status: 409 });
    expect(
      await alerting.handle('DELETE', '/api/v1/provisioning/alert-rules/no-such-rule', {}, async () => undefined)
    ).toEqual({ status: 204 });
  });
});

describe('describeSyncError', () => {
  it('explains permissions, a missing datasource and provenance', () => {
    expect(describeSyncError({ status: 403 })).toMatch(
      /needs the Admin role or the alert.provisioning:write permission/
    );
    expect(
      describeSyncError({ status: 400, data: { message: 'failed to validate: data source not found' } }, 'HTTP')
    ).toBe(
      'Group "HTTP": failed to validate: data source not found. Check that the alerting Prometheus datasource in these settings exists.'
    );
    expect(
      describeSyncError({
        status: 409,
        data: { message: "cannot update with provided provenance 'api', needs 'file'" },
      })
    ).toMatch(/can only be changed in those files/);
  });
});
