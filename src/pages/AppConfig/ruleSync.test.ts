import {
  type AlertingApi,
  ORIGIN,
  type RuleLike,
  applyPlan,
  contains,
  describeSyncError,
  planIsEmpty,
  planSync,
} from './ruleSync';

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

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** An in-memory provisioning API, failing where told to. */
function memoryApi(initial: RuleLike[], failOn?: { op: 'create' | 'update' | 'remove'; uid: string }) {
  const rules = new Map(initial.map((r) => [r.uid, clone(r)]));
  const fail = (op: string, uid: string) => {
    if (failOn?.op === op && failOn.uid === uid) {
      throw { status: 400, data: { message: `invalid rule ${uid}` } };
    }
  };
  const api: AlertingApi = {
    list: async () => [...rules.values()],
    ensureFolder: async () => undefined,
    create: async (r) => {
      fail('create', r.uid);
      rules.set(r.uid, clone(r));
    },
    update: async (r) => {
      fail('update', r.uid);
      rules.set(r.uid, clone(r));
    },
    remove: async (uid) => {
      fail('remove', uid);
      rules.delete(uid);
    },
  };
  return { api, rules };
}

describe('contains', () => {
  it('ignores fields Grafana adds but not changed or missing values', () => {
    expect(contains({ a: 1, b: { c: [1, 2], extra: true }, id: 7 }, { a: 1, b: { c: [1, 2] } })).toBe(true);
    expect(contains({ a: 1, b: { c: [1, 3] } }, { a: 1, b: { c: [1, 2] } })).toBe(false);
    expect(contains({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('planSync', () => {
  it('creates, updates and removes only our rules, and names the changed fields', () => {
    const existing = [
      rule('keep'),
      rule('change'),
      rule('gone'),
      { ...rule('foreign'), labels: { severity: 'critical' } },
    ];
    const desired = [rule('keep'), rule('change', { for: '10m' }), rule('new')];
    const plan = planSync(desired, existing);
    expect(plan.create.map((r) => r.uid)).toEqual(['new']);
    expect(plan.update.map((c) => [c.after.uid, c.fields])).toEqual([['change', ['for']]]);
    expect(plan.remove.map((r) => r.uid)).toEqual(['gone']);
    expect(plan.unchanged).toBe(1);
  });

  it('treats file-provisioned rules as locked', () => {
    const plan = planSync([rule('a', { for: '1m' })], [{ ...rule('a'), provenance: 'file' }]);
    expect(plan.locked.map((r) => r.uid)).toEqual(['a']);
    expect(planIsEmpty(plan)).toBe(true);
  });
});

describe('applyPlan', () => {
  it('applies a plan, after which a second plan has no changes', async () => {
    const { api, rules } = memoryApi([rule('old'), rule('edit')]);
    const desired = [rule('edit', { for: '1m' }), rule('add')];
    const result = await applyPlan(planSync(desired, await api.list()), api);
    expect(result).toMatchObject({ ok: true, created: 1, updated: 1, removed: 1 });
    expect([...rules.keys()].sort()).toEqual(['add', 'edit']);
    expect(planIsEmpty(planSync(desired, await api.list()))).toBe(true);
  });

  it('undoes what it did when a step fails, and says which rule and why', async () => {
    const before = [rule('old'), rule('edit')];
    const { api, rules } = memoryApi(before, { op: 'remove', uid: 'old' });
    const plan = planSync([rule('edit', { for: '1m' }), rule('add')], await api.list());
    const result = await applyPlan(plan, api);
    expect(result.ok).toBe(false);
    expect(result.error).toBe('Rule "old" (old): Grafana rejected it (400): invalid rule old');
    expect(result.rollbackErrors).toEqual([]);
    expect([...rules.values()]).toEqual(before);
  });
});

describe('describeSyncError', () => {
  it('explains permissions and a missing datasource', () => {
    expect(describeSyncError({ status: 403 })).toMatch(
      /needs the Admin role or the alert.provisioning:write permission/
    );
    expect(
      describeSyncError({ status: 400, data: { message: 'failed to validate: data source not found' } }, rule('x'))
    ).toBe(
      'Rule "x" (x): failed to validate: data source not found. Check that the alerting Prometheus datasource in these settings exists.'
    );
  });
});
