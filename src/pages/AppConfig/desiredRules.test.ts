import { FILE_RULE_UID_PREFIX, GRAFANA_ORIGIN_LABEL, ORIGIN, SYNC_RULE_UID_PREFIX } from '@perfscope/catalog';
import { planIsEmpty, planSync } from './ruleSync';
import { desiredGroups } from './desiredRules';

const rulesOf = (groups: ReturnType<typeof desiredGroups>) => groups.flatMap((g) => g.rules);

describe('desiredGroups', () => {
  it('has a warning and a critical rule per enabled signal level, marked as ours, in the given folder, every minute', () => {
    const groups = desiredGroups(undefined, 'abc');
    const rules = rulesOf(groups);
    expect(rules.length).toBeGreaterThan(20);
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    expect(groups.every((g) => g.interval === 60)).toBe(true);
    for (const rule of rules) {
      expect(rule.labels?.[GRAFANA_ORIGIN_LABEL]).toBe(ORIGIN);
      expect(rule.folderUID).toBe('abc');
      expect(rule.uid.startsWith(SYNC_RULE_UID_PREFIX)).toBe(true);
      expect(rule.uid.length).toBeLessThanOrEqual(40);
    }
    expect(SYNC_RULE_UID_PREFIX.startsWith(FILE_RULE_UID_PREFIX)).toBe(true);
  });

  it('changes exactly the rules of a changed signal, and drops a disabled one', () => {
    const before = desiredGroups(undefined, 'f');
    const after = desiredGroups({ signals: { http_latency_p95: { critical: 3 }, db_up: { enabled: false } } }, 'f');
    const plan = planSync(after, rulesOf(before), {}, 'f');
    expect(plan.update.map((c) => c.after.uid)).toHaveLength(1);
    expect(plan.update[0].after.uid).toMatch(/http_latency_p95/);
    expect(plan.remove.map((r) => r.uid).every((uid) => /db_up/.test(uid))).toBe(true);
    expect(plan.remove.length).toBeGreaterThan(0);
    expect(plan.create).toEqual([]);
  });

  it('plans no change for the rules it already made', () => {
    const groups = desiredGroups({ signals: { cache_hit_ratio: { warning: 0.9 } } }, 'f');
    const intervals = Object.fromEntries(groups.map((g) => [g.title, g.interval]));
    expect(planIsEmpty(planSync(groups, JSON.parse(JSON.stringify(rulesOf(groups))), intervals, 'f'))).toBe(true);
  });

  it("links each rule's runbook to the dashboard panel that draws its thresholds, as the rule files do", () => {
    const rules = rulesOf(desiredGroups(undefined, 'f')) as Array<{ annotations?: Record<string, string> }>;
    const links = rules.map((r) => r.annotations?.runbook_url);
    expect(links.filter((l) => !/^\/d\/perfscope-[\w-]+\?viewPanel=panel-\d+$/.test(l ?? ''))).toEqual([]);
  });

  it('points every query at the chosen Prometheus datasource', () => {
    const rules = rulesOf(desiredGroups({ alertDatasourceUid: 'prom-main' }, 'f'));
    const uids = rules.flatMap((r) => (r.data as Array<{ datasourceUid: string }>).map((d) => d.datasourceUid));
    expect(uids).toContain('prom-main');
    expect(uids).not.toContain('perfscope-prometheus');
  });
});
