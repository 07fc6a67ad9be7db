import * as fs from 'fs';
import * as path from 'path';
import { getBackendSrv } from '@grafana/runtime';
import { APP_PLUGIN_ID, type PerfscopeSettings, getSection, thresholdPanelId } from '@perfscope/catalog';
import { DASHBOARDS } from '@perfscope/dashboards';
import { GrafanaDashboards } from '../../../tests/browser/grafanaDashboards';
import { standInBackendSrv } from '../../../tests/browser/standInFetch';
import { classicDashboardApi, resourceDashboardApi, usesResourceApi } from './dashboardApi';
import {
  type DashboardApi,
  type DashboardPlan,
  applyDashboardPlan,
  describeChanges,
  recordAfterUndo,
  reviewDashboards,
  sameDashboard,
  writesOf,
} from './dashboardSync';
import { desiredDashboards } from './desiredDashboards';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

type Json = Record<string, any>;
const panelsOf = (spec: Json): Json[] => spec.panels;

/** The dashboards as the app ships them (src/dashboards/), what Grafana imports when the app is enabled. */
const INSTALLED = new Map<string, Json>(
  DASHBOARDS.map(({ file }) => [
    file,
    JSON.parse(fs.readFileSync(path.join(__dirname, '../../dashboards', file), 'utf8')),
  ])
);
const HTTP = getSection('http').dashboardUid;
const CACHE = getSection('cache').dashboardUid;

/** Settings that change every dashboard: a namespace prefix, HTTP from OpenTelemetry, an admin level. */
const SETTINGS: PerfscopeSettings = {
  prefix: 'shop_',
  presets: { http: 'otel' },
  signals: { http_error_rate: { critical: 0.2 } },
};

/** Grafana's backend service over the in-memory dashboards. */
function grafana(dashboards = new GrafanaDashboards()) {
  const { backendSrv } = standInBackendSrv((method, path, readJson, query) =>
    dashboards.handle(method, path, readJson, query)
  );
  jest.mocked(getBackendSrv).mockReturnValue(backendSrv as never);
  return dashboards;
}

const desired = (settings?: PerfscopeSettings) => desiredDashboards(settings, INSTALLED);
const enabledApp = (dashboards: GrafanaDashboards) =>
  dashboards.importAppDashboards(APP_PLUGIN_ID, [...INSTALLED.values()]);
const kinds = (plan: DashboardPlan) => Object.fromEntries(plan.steps.map((s) => [s.uid, s.kind]));
const exprs = (spec: Json): string[] =>
  (spec.panels ?? []).flatMap((p: Json) => [...(p.targets ?? []).map((t: Json) => t.expr), ...exprs(p)]);

describe.each([
  ['resource API (/apis/dashboard.grafana.app)', () => resourceDashboardApi('default')],
  ['classic API (/api/dashboards)', () => classicDashboardApi()],
])('the dashboard sync through the %s', (_name, client: () => DashboardApi) => {
  it('rewrites the dashboards Grafana imported for the settings, records their versions, then finds nothing to do', async () => {
    const store = grafana();
    enabledApp(store);
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    expect(plan.steps.map((s) => s.kind)).toEqual(DASHBOARDS.map(() => 'update'));
    const http = plan.steps.find((s) => s.uid === HTTP)!;
    expect(http).toMatchObject({
      since: 'installed',
      changes: expect.arrayContaining([expect.stringMatching(/^queries of \d+ panels$/)]),
    });

    const result = await applyDashboardPlan(plan, api);
    expect(result).toMatchObject({ ok: true, created: 0, updated: DASHBOARDS.length, rollbackErrors: [] });
    const written = store.get(HTTP)!;
    expect(written.generation).toBe(2);
    expect(result.versions[HTTP]).toBe(2);
    expect(exprs(written.spec).some((e) => e.includes('http_server_request_duration_seconds_count'))).toBe(true);
    expect(exprs(written.spec).some((e) => /\bhttp_requests_total\b/.test(e))).toBe(false);
    // The admin's level is drawn; the app's revision stays, so Grafana's upgrade logic sees the app's dashboard.
    const errors = panelsOf(written.spec).find((p: Json) => p.id === thresholdPanelId('http_error_rate'))!;
    expect(errors.fieldConfig.defaults.thresholds.steps.map((s: Json) => s.value)).toContain(0.2);
    expect(written.spec.revision).toBe(INSTALLED.get('http.json')!.revision);

    const again = await reviewDashboards(desired(SETTINGS), api, result.versions);
    expect(again.steps.map((s) => s.kind)).toEqual(DASHBOARDS.map(() => 'unchanged'));
    expect(writesOf(again)).toHaveLength(0);
  });

  it('creates the dashboards Grafana does not have', async () => {
    const store = grafana();
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    expect(plan.steps.map((s) => s.kind)).toEqual(DASHBOARDS.map(() => 'create'));
    const result = await applyDashboardPlan(plan, api);
    expect(result).toMatchObject({ ok: true, created: DASHBOARDS.length, updated: 0 });
    expect(store.dashboards().map((d) => d.generation)).toEqual(DASHBOARDS.map(() => 1));
    expect(
      (await reviewDashboards(desired(SETTINGS), api, result.versions)).steps.every((s) => s.kind === 'unchanged')
    ).toBe(true);
  });

  it('leaves a dashboard someone saved since the last sync, and replaces it only when asked', async () => {
    const store = grafana();
    enabledApp(store);
    const api = client();
    const first = await applyDashboardPlan(await reviewDashboards(desired(SETTINGS), api), api);
    expect(first.ok).toBe(true);
    store.editAsUser(HTTP, (spec) => {
      panelsOf(spec)[1].title = 'Our own p95';
    });
    const next = { ...SETTINGS, signals: { http_error_rate: { critical: 0.3 } } };
    const plan = await reviewDashboards(desired(next), api, first.versions);
    const http = plan.steps.find((s) => s.uid === HTTP)!;
    expect(http.kind).toBe('edited');
    expect(http).toMatchObject({
      reason: expect.stringMatching(
        /^Someone saved it since the last sync \(version 3(, saved by alice)? on 2026-12-01 12:00 UTC\); the sync wrote version 2\.$/
      ),
    });
    expect(kinds(plan)[CACHE]).toBe('unchanged');
    expect(kinds(plan)[getSection('overview').dashboardUid]).toBe('update');

    const kept = await applyDashboardPlan(plan, api);
    expect(kept.ok).toBe(true);
    expect(panelsOf(store.get(HTTP)!.spec)[1].title).toBe('Our own p95');
    expect(kept.versions[HTTP]).toBeUndefined();

    // Reviewed again (the other dashboards moved on), and replaced on request.
    const recorded = { ...first.versions, ...kept.versions };
    const again = await reviewDashboards(desired(next), api, recorded);
    expect(kinds(again)).toMatchObject({ [HTTP]: 'edited', [CACHE]: 'unchanged' });
    const replaced = await applyDashboardPlan(again, api, new Set([HTTP]));
    expect(replaced).toMatchObject({ ok: true, updated: 1 });
    expect(panelsOf(store.get(HTTP)!.spec)[1].title).not.toBe('Our own p95');
    expect(replaced.versions[HTTP]).toBe(store.get(HTTP)!.generation);
  });

  it('undoes every write when one fails (deleting what it created), names the dashboard, and keeps its record', async () => {
    const store = grafana();
    enabledApp(store);
    const api = client();
    // A first sync, recorded.
    const first = await applyDashboardPlan(await reviewDashboards(desired(SETTINGS), api), api);
    expect(first.ok).toBe(true);
    // One dashboard is missing now: the next sync creates it, and its undo deletes it again.
    const missing = getSection('audio').dashboardUid;
    await api.remove(missing);
    const before = store.dashboards();
    const webVitals = getSection('webvitals').dashboardUid;
    store.rejectWrites(webVitals, { status: 400, message: 'Dashboard title cannot be empty' });
    const next = { ...SETTINGS, prefix: 'store_' };
    const plan = await reviewDashboards(desired(next), api, first.versions);
    expect(kinds(plan)[missing]).toBe('create');
    const result = await applyDashboardPlan(plan, api);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^Dashboard "Perfscope \/ Web vitals": Grafana refused it \(400\): Dashboard title cannot be empty$/
    );
    expect(result.rollbackErrors).toEqual([]);
    expect(store.writes).toContain(`DELETE ${missing}`);
    const after = new Map(store.dashboards().map((d) => [d.uid, d]));
    expect(after.has(missing)).toBe(false);
    for (const d of before) {
      expect({ uid: d.uid, spec: after.get(d.uid)!.spec }).toEqual({ uid: d.uid, spec: d.spec });
    }
    // The undo is the sync's own write: with the record moved on, the next review sees no one's edits.
    const recorded = recordAfterUndo(first.versions, plan, result.undoVersions)!;
    expect(recorded[HTTP]).toBe(store.get(HTTP)!.generation);
    store.clearRejections();
    const again = await reviewDashboards(desired(next), api, recorded);
    expect(again.steps.filter((s) => s.kind === 'edited')).toEqual([]);
  });

  it('does not take a dashboard someone added to for the one the app installed', async () => {
    const store = grafana();
    enabledApp(store);
    store.editAsUser(HTTP, (spec) => {
      panelsOf(spec)[1].links = [{ title: 'Payments runbook', url: 'https://runbooks.example/payments' }];
    });
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    expect(plan.steps.find((s) => s.uid === HTTP)).toMatchObject({
      kind: 'edited',
      reason: expect.stringMatching(/^It differs from the dashboard the app installs: someone changed it/),
    });
    // With the app's own naming there is nothing to write, but the addition is no reason to record it as the app's.
    const same = await reviewDashboards(desired(), api);
    expect(same.steps.find((s) => s.uid === HTTP)).toMatchObject({
      kind: 'edited',
      changes: ['fields added in Grafana'],
    });
  });

  it('refuses to write over a dashboard saved between the review and the apply, and undoes the rest', async () => {
    const store = grafana();
    enabledApp(store);
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    const overview = getSection('overview').dashboardUid;
    const before = store.get(overview)!.spec;
    // The last dashboard of the plan is saved by someone while the sync runs.
    const last = plan.steps[plan.steps.length - 1].uid;
    store.editAsUser(last, (spec) => {
      spec.description = 'edited meanwhile';
    });
    const result = await applyDashboardPlan(plan, api);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/someone saved it while the sync ran \((409|412)/);
    expect(store.get(last)!.spec.description).toBe('edited meanwhile');
    expect(store.get(overview)!.spec).toEqual(before);
  });

  it('leaves a file-provisioned dashboard alone', async () => {
    const store = grafana();
    store.provisionFromFile(INSTALLED.get('http.json')!, { path: 'perfscope/http.json' });
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    expect(plan.steps.find((s) => s.uid === HTTP)).toMatchObject({
      kind: 'locked',
      reason: expect.stringMatching(/^Grafana has this dashboard from file provisioning "perfscope\/http\.json":/),
    });
    await applyDashboardPlan(plan, api);
    expect(store.writes.filter((w) => w.endsWith(HTTP))).toEqual([]);
  });

  it('leaves a dashboard saved in the v2 schema, which it can neither compare nor put back', async () => {
    const store = grafana();
    enabledApp(store);
    store.editAsUser(HTTP, (spec) => void (spec.title = 'Perfscope / HTTP (new layout)'), 'user:alice', 'v2beta1');
    const api = client();
    const plan = await reviewDashboards(desired(SETTINGS), api);
    expect(plan.steps.find((s) => s.uid === HTTP)).toMatchObject({
      kind: 'locked',
      reason: expect.stringMatching(/^It was saved in Grafana's v2(beta1)? dashboard schema/),
    });
  });
});

describe('which dashboard API the sync uses', () => {
  it("follows Grafana's editor: the resource API with kubernetesDashboards on, always from Grafana 13", () => {
    expect(usesResourceApi({ kubernetesDashboards: true }, '12.4.0')).toBe(true);
    // Grafana's boot data lists the enabled toggles only: a 12.x without it has it turned off.
    expect(usesResourceApi({}, '12.3.1')).toBe(false);
    expect(usesResourceApi({}, '13.0.0')).toBe(true);
  });
});

describe('describeChanges', () => {
  const board = (panels: Json[], extra: Json = {}) => ({ uid: 'd', title: 'D', panels, ...extra });
  const panel = (id: number, over: Json = {}) => ({
    id,
    type: 'timeseries',
    title: `P${id}`,
    targets: [{ refId: 'A', expr: 'up' }],
    fieldConfig: { defaults: { unit: 's' } },
    ...over,
  });

  it('counts queries, thresholds, layout, added and removed panels, variables and settings', () => {
    const before = board([panel(1), panel(2), panel(3), { id: 9, type: 'row', panels: [panel(10)] }], {
      refresh: '30s',
    });
    const after = board(
      [
        panel(1, { targets: [{ refId: 'A', expr: 'up{job="a"}' }] }),
        panel(2, { fieldConfig: { defaults: { unit: 'ms' } }, gridPos: { x: 0, y: 0, w: 12, h: 8 } }),
        panel(4),
        { id: 9, type: 'row', panels: [panel(10, { targets: [{ refId: 'A', expr: 'down' }] })] },
      ],
      { refresh: '1m', templating: { list: [{ name: 'job' }] } }
    );
    expect(describeChanges(before, after)).toEqual([
      'queries of 2 panels',
      'thresholds or units of 1 panel',
      'layout or options of 1 panel',
      '1 panel added',
      '1 panel removed',
      'variables',
      'dashboard settings',
    ]);
    expect(describeChanges(before, before)).toEqual([]);
  });

  it('takes what Grafana sets itself for no change, and a field someone added for one', () => {
    const mine = board([panel(1)]);
    const grafanas = board([{ ...panel(1), pluginVersion: '12.4.0' }], { id: 7, version: 3, schemaVersion: 43 });
    expect(describeChanges(grafanas, mine)).toEqual([]);
    expect(sameDashboard(grafanas, mine)).toBe(true);
    const added = board([{ ...panel(1), description: 'ours' }]);
    expect(describeChanges(added, mine)).toEqual(['fields added in Grafana']);
    expect(sameDashboard(added, mine)).toBe(false);
  });
});
