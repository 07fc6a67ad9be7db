import { getBackendSrv } from '@grafana/runtime';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import { GrafanaMuteTimings } from '../../../tests/browser/grafanaMuteTimings';
import { standInBackendSrv } from '../../../tests/browser/standInFetch';
import { grafanaMuteTimingsApi } from './muteTimingsApi';
import type { MuteTiming } from './quietHours';
import {
  NO_EDITS,
  type Route,
  applyQuietHours,
  changesOf,
  describeQuietHoursError,
  describeStep,
  desiredWindows,
  isPerfscopeRoute,
  planQuietHours,
  readQuietHours,
  withPerfscopeRoute,
} from './quietHoursSync';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

/** Grafana's backend service over the in-memory mute timings and policies. */
function grafana(store = new GrafanaMuteTimings()) {
  const { backendSrv, calls } = standInBackendSrv((method, path, readJson, query, headers) =>
    store.handle(method, path, headers, readJson, query)
  );
  jest.mocked(getBackendSrv).mockReturnValue(backendSrv as never);
  return { store, calls, api: grafanaMuteTimingsApi() };
}

const DEPLOY = 'perfscope-maintenance-weekly-deploy';
const deploy: MuteTiming = {
  name: DEPLOY,
  time_intervals: [{ times: [{ start_time: '02:00', end_time: '04:00' }], weekdays: ['monday:friday'] }],
};
/** Perfscope's provisioned policies (provisioning/alerting/policies.yaml), as Grafana returns them. */
const TREE: Route = {
  receiver: 'Perfscope team',
  group_by: ['grafana_folder', 'alertname'],
  routes: [
    { receiver: 'Perfscope on-call', object_matchers: [['severity', '=', 'critical']], repeat_interval: '5m' },
    { receiver: 'Perfscope team', object_matchers: [['severity', '=', 'warning']], repeat_interval: '1h' },
  ],
};
const added = (...timings: MuteTiming[]) => ({
  added: new Map(timings.map((t) => [t.name, t])),
  removed: new Set<string>(),
});

describe("Perfscope's notification policy", () => {
  it("goes first, matches Perfscope's alerts, and copies the admin's policies, each muted too", () => {
    const tree = withPerfscopeRoute(TREE, [DEPLOY]);
    expect(tree.routes?.[0]).toEqual({
      object_matchers: [[GRAFANA_ORIGIN_LABEL, '=', ORIGIN]],
      mute_time_intervals: [DEPLOY],
      routes: [
        { ...TREE.routes![0], mute_time_intervals: [DEPLOY] },
        { ...TREE.routes![1], mute_time_intervals: [DEPLOY] },
      ],
    });
    expect(tree.routes?.slice(1)).toEqual(TREE.routes);
    expect(isPerfscopeRoute(tree.routes![0])).toBe(true);
    // Written again, it replaces itself; with no window it is gone and the tree is the admin's again.
    expect(withPerfscopeRoute(tree, [DEPLOY])).toEqual(tree);
    expect(withPerfscopeRoute(tree, [])).toEqual(TREE);
  });

  it("keeps nested policies and the admin's own mute timings in its copy", () => {
    const nested: Route = {
      receiver: 'default',
      routes: [
        { object_matchers: [['team', '=', 'db']], mute_time_intervals: ['weekends'], routes: [{ receiver: 'dba' }] },
      ],
    };
    const copy = withPerfscopeRoute(nested, [DEPLOY]).routes![0].routes![0];
    expect(copy).toEqual({
      object_matchers: [['team', '=', 'db']],
      mute_time_intervals: ['weekends', DEPLOY],
      routes: [{ receiver: 'dba', mute_time_intervals: [DEPLOY] }],
    });
  });

  it("is not the admin's own policy for Perfscope's alerts", () => {
    expect(isPerfscopeRoute({ object_matchers: [[GRAFANA_ORIGIN_LABEL, '=', ORIGIN]], receiver: 'team' })).toBe(false);
    expect(
      isPerfscopeRoute({ object_matchers: [[GRAFANA_ORIGIN_LABEL, '=', ORIGIN]], mute_time_intervals: ['weekends'] })
    ).toBe(false);
  });
});

describe('planQuietHours', () => {
  it("creates, updates, removes and keeps Perfscope's windows, and never writes over someone else's", () => {
    const ours = (name: string, weekday: string): MuteTiming => ({
      name,
      time_intervals: [{ weekdays: [weekday] }],
      provenance: 'api',
      version: 'v1',
    });
    const existing = [
      ours('perfscope-maintenance-same', 'monday'),
      ours('perfscope-maintenance-changed', 'monday'),
      ours('perfscope-maintenance-gone', 'monday'),
      { name: 'perfscope-maintenance-ui', time_intervals: [{ weekdays: ['sunday'] }] },
    ];
    const edits = {
      added: new Map([
        [
          'perfscope-maintenance-changed',
          { name: 'perfscope-maintenance-changed', time_intervals: [{ weekdays: ['friday'] }] },
        ],
        [
          'perfscope-maintenance-new',
          { name: 'perfscope-maintenance-new', time_intervals: [{ weekdays: ['saturday'] }] },
        ],
        [
          'perfscope-maintenance-ui',
          { name: 'perfscope-maintenance-ui', time_intervals: [{ weekdays: ['saturday'] }] },
        ],
      ]),
      removed: new Set(['perfscope-maintenance-gone']),
    };
    const plan = planQuietHours(desiredWindows(existing, edits), existing, TREE);
    expect(plan.steps.map((s) => [s.kind, s.name])).toEqual([
      ['update', 'perfscope-maintenance-changed'],
      ['create', 'perfscope-maintenance-new'],
      ['unchanged', 'perfscope-maintenance-same'],
      ['foreign', 'perfscope-maintenance-ui'],
      ['remove', 'perfscope-maintenance-gone'],
    ]);
    expect(plan.steps.map(describeStep)).toEqual([
      'Update perfscope-maintenance-changed: Fri, all day (UTC) (was Mon, all day (UTC))',
      'Create perfscope-maintenance-new: Sat, all day (UTC)',
      'perfscope-maintenance-same is up to date: Mon, all day (UTC)',
      "Leave perfscope-maintenance-ui: Grafana has a mute timing of this name that Perfscope did not write (it was made in Grafana's alerting UI): Perfscope never writes over it. Give the window another name.",
      'Remove perfscope-maintenance-gone (Mon, all day (UTC))',
    ]);
    // Someone else's window is not named in Perfscope's policy.
    expect(plan.policy.route?.mute_time_intervals).toEqual([
      'perfscope-maintenance-changed',
      'perfscope-maintenance-new',
      'perfscope-maintenance-same',
    ]);
    expect(plan.policy.kind).toBe('add');
    expect(changesOf(plan)).toBe(4);
  });

  it('leaves a file-provisioned tree alone and says what to add to the file', () => {
    const plan = planQuietHours([deploy], [], { ...TREE, provenance: 'file' });
    expect(plan.policy.locked).toMatch(/^Grafana has the notification policies from a provisioning file/);
    expect(changesOf(plan)).toBe(1);
  });

  it('keeps the "api" provenance of a tree another tool manages, and warns', () => {
    const plan = planQuietHours([deploy], [], { ...TREE, provenance: 'api' });
    expect(plan.policy).toMatchObject({
      kind: 'add',
      keepApiProvenance: true,
      warning: expect.stringMatching(/Terraform/),
    });
  });

  it('has nothing to do when Grafana already has the windows and the policy', () => {
    const existing = [{ ...deploy, provenance: 'api' }];
    const tree = withPerfscopeRoute(TREE, [DEPLOY]);
    const plan = planQuietHours(desiredWindows(existing, NO_EDITS), existing, tree);
    expect(plan.policy.kind).toBe('none');
    expect(changesOf(plan)).toBe(0);
  });
});

describe('applyQuietHours', () => {
  it('writes the windows, then the policy, with the provenance each needs; then nothing is left', async () => {
    const { store, api, calls } = grafana();
    store.presetPolicyTree(TREE);
    const state = await readQuietHours(api);
    const plan = planQuietHours(desiredWindows(state.existing, added(deploy)), state.existing, state.tree);
    const result = await applyQuietHours(plan, api);
    expect(result).toEqual({ ok: true, created: 1, updated: 0, removed: 0, policy: 'add', rollbackErrors: [] });
    expect(store.writes).toEqual([`POST ${DEPLOY}`, 'PUT policies']);
    expect(calls).toContain('PUT /api/v1/provisioning/policies');
    // The window is Perfscope's (locked in the UI); the tree stays editable in the UI (no provenance).
    expect(store.muteTimings()).toEqual([
      { ...deploy, version: expect.stringMatching(/^[0-9a-f]{16}$/), provenance: 'api' },
    ]);
    expect(store.policyTree().provenance).toBeUndefined();
    expect(store.policyTree().routes?.[0]).toMatchObject({ mute_time_intervals: [DEPLOY] });

    const again = await readQuietHours(api);
    expect(changesOf(planQuietHours(desiredWindows(again.existing, NO_EDITS), again.existing, again.tree))).toBe(0);

    // Removing the last window takes Perfscope's policy out first (Grafana keeps a mute timing in use).
    const removal = planQuietHours(
      desiredWindows(again.existing, { added: new Map(), removed: new Set([DEPLOY]) }),
      again.existing,
      again.tree
    );
    expect(await applyQuietHours(removal, api)).toMatchObject({ ok: true, removed: 1, policy: 'remove' });
    expect(store.muteTimings()).toEqual([]);
    expect(store.policyTree()).toEqual(TREE);
  });

  it('undoes the windows it wrote when Grafana refuses the tree', async () => {
    const { store, api } = grafana();
    store.presetPolicyTree(TREE);
    store.failNext('PUT', '/api/v1/provisioning/policies', { status: 500, body: { message: 'database is locked' } });
    const state = await readQuietHours(api);
    const plan = planQuietHours(desiredWindows(state.existing, added(deploy)), state.existing, state.tree);
    const result = await applyQuietHours(plan, api);
    expect(result).toEqual({
      ok: false,
      created: 0,
      updated: 0,
      removed: 0,
      policy: 'none',
      error: 'Notification policies: Grafana rejected it (500): database is locked',
      rollbackErrors: [],
    });
    expect(store.muteTimings()).toEqual([]);
    expect(store.policyTree()).toEqual(TREE);
  });

  it('stops when the tree changed since the review, and when a window did (its version)', async () => {
    const { store, api } = grafana();
    store.presetPolicyTree(TREE);
    const state = await readQuietHours(api);
    const plan = planQuietHours(desiredWindows(state.existing, added(deploy)), state.existing, state.tree);
    store.presetPolicyTree({ ...TREE, routes: TREE.routes!.slice(0, 1) });
    expect((await applyQuietHours(plan, api)).error).toBe(
      'Notification policies: someone changed them in Grafana since the review. Review again.'
    );
    expect(store.muteTimings()).toEqual([]);

    store.presetMuteTiming(deploy, 'api');
    const read = await readQuietHours(api);
    const change = { ...deploy, time_intervals: [{ weekdays: ['saturday'] }] };
    const update = planQuietHours(desiredWindows(read.existing, added(change)), read.existing, read.tree);
    store.presetMuteTiming({ ...deploy, time_intervals: [{ weekdays: ['sunday'] }] }, 'api');
    expect((await applyQuietHours(update, api)).error).toBe(
      'Window "weekly-deploy": someone changed it in Grafana since the review (409). Review again.'
    );
  });

  it('refuses mute timings Grafana cannot read, as Grafana does', async () => {
    const { api } = grafana();
    await expect(api.create({ name: 'x', time_intervals: [{ weekdays: ['mondai'] }] })).rejects.toEqual({
      status: 400,
      data: { message: 'bad request data' },
    });
    await expect(api.create({ name: '', time_intervals: [] })).rejects.toMatchObject({
      status: 400,
      data: { messageId: 'alerting.notifications.time-intervals.invalidFormat' },
    });
  });
});

describe('describeQuietHoursError', () => {
  it('says what to do for each refusal', () => {
    expect(describeQuietHoursError({ status: 403, data: {} })).toBe(
      'Grafana refused (403): maintenance windows need the Admin role or the alert.provisioning:write permission.'
    );
    expect(
      describeQuietHoursError(
        { status: 409, data: { messageId: 'alerting.notifications.time-intervals.used', message: 'used' } },
        'Window "x"'
      )
    ).toMatch(/^Window "x": a notification policy that is not Perfscope's uses it \(409\): remove it from that policy/);
    expect(describeQuietHoursError(new Error('boom'))).toBe('boom');
    expect(describeQuietHoursError({})).toBe('the request failed: check the connection to Grafana and try again.');
  });
});
