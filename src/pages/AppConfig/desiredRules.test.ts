import { ORIGIN, ORIGIN_LABEL, planIsEmpty, planSync } from './ruleSync';
import { desiredRules } from './desiredRules';

describe('desiredRules', () => {
  it('has a warning and a critical rule per enabled signal level, marked as ours, in the Perfscope folder', () => {
    const rules = desiredRules(undefined);
    expect(rules.length).toBeGreaterThan(20);
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.labels?.[ORIGIN_LABEL]).toBe(ORIGIN);
      expect(rule.folderUID).toBe('perfscope');
    }
  });

  it('changes exactly the rules of a changed signal, and drops a disabled one', () => {
    const before = desiredRules(undefined);
    const after = desiredRules({ signals: { http_latency_p95: { critical: 3 }, db_up: { enabled: false } } });
    const plan = planSync(after, before);
    expect(plan.update.map((c) => c.after.uid)).toHaveLength(1);
    expect(plan.update[0].after.uid).toMatch(/http_latency_p95|http-latency-p95/);
    expect(plan.remove.map((r) => r.uid).every((uid) => /db.up/.test(uid))).toBe(true);
    expect(plan.remove.length).toBeGreaterThan(0);
    expect(plan.create).toEqual([]);
  });

  it('plans no change for the rules it already made', () => {
    const rules = desiredRules({ signals: { cache_hit_ratio: { warning: 0.9 } } });
    expect(planIsEmpty(planSync(rules, JSON.parse(JSON.stringify(rules))))).toBe(true);
  });

  it("links each rule's runbook to the dashboard panel that draws its thresholds, as the rule files do", () => {
    const rules = desiredRules(undefined) as Array<{ annotations?: Record<string, string> }>;
    const links = rules.map((r) => r.annotations?.runbook_url);
    expect(links.filter((l) => !/^\/d\/perfscope-[\w-]+\?viewPanel=panel-\d+$/.test(l ?? ''))).toEqual([]);
  });

  it('points every query at the chosen Prometheus datasource', () => {
    const rules = desiredRules({ alertDatasourceUid: 'prom-main' });
    const uids = rules.flatMap((r) => (r.data as Array<{ datasourceUid: string }>).map((d) => d.datasourceUid));
    expect(uids).toContain('prom-main');
    expect(uids).not.toContain('perfscope-prometheus');
  });
});
