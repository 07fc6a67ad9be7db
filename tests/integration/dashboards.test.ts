/**
 * The generated dashboards and alert rules against real Prometheus fed by the simulator, with the
 * generated rule files loaded: every dashboard target returns data with the variables at their
 * defaults (no empty panel), every Grafana rule query and recording rule returns data, the rule
 * files evaluate without errors, and each fault scenario makes its alert conditions true while a
 * normal service keeps every condition false.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  type ProvisionedRule,
  type PrometheusAlertingRule,
  SIGNALS,
  type ThresholdModel,
  alertName,
  buildGrafanaRuleGroups,
  buildPrometheusAlertGroups,
  readsLastWeek,
  ruleUid,
} from '@perfscope/catalog';
import { SCENARIO_SIGNALS } from '@perfscope/simulator';
import { PrometheusRig, request } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

const ROOT = path.resolve(__dirname, '../..');
const DASHBOARD_DIR = path.join(ROOT, 'src/dashboards');
const RULES_DIR = path.join(ROOT, 'provisioning/prometheus/rules');
const SPEED = '5';
/** What Grafana would put in for its interval variables at a 1 s scrape interval. */
const GRAFANA_VARIABLES: Record<string, string> = { __rate_interval: '30s', __interval: '15s', __range: '5m' };
/** Job-scoped rules use a short window so a fault shows within seconds (the scenarios suite does the same). */
const FAULT_WINDOW = '15s';

type Json = Record<string, any>;
const FAULTS = Object.keys(SCENARIO_SIGNALS) as Array<keyof typeof SCENARIO_SIGNALS>;
const job = (scenario: string) => `sim-${scenario}`;

const report = suiteReport('integration-dashboards.txt');
const out = report.out;

let rig: PrometheusRig;
let rulesCopy: string;

/**
 * The committed rule files, the objectives' budget groups evaluated every second instead of every
 * 5 minutes (their first evaluation would come after the test): otherwise as they are.
 */
function ruleFiles(): string[] {
  rulesCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-dashboard-rules-'));
  return fs
    .readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => {
      const file = yaml.load(fs.readFileSync(path.join(RULES_DIR, f), 'utf8')) as { groups: Json[] };
      const groups = file.groups.map((g) => (g.interval === '5m' ? { ...g, interval: '1s' } : g));
      const copy = path.join(rulesCopy, f);
      fs.writeFileSync(copy, yaml.dump({ groups }));
      return copy;
    });
}

beforeAll(async () => {
  rig = await PrometheusRig.start(
    {
      simulators: [
        { job: job('normal'), args: ['--speed', SPEED, '--seed', '11'] },
        ...FAULTS.map((f, i) => ({ job: job(f), args: ['--speed', SPEED, '--seed', String(i + 12)] })),
      ],
      ruleFiles: ruleFiles(),
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  if (rulesCopy) {
    fs.rmSync(rulesCopy, { recursive: true, force: true });
  }
  report.save();
});

/** A dashboard query with its variables at their defaults: `All` is the variable's allValue. */
function resolve(expr: string, variables: Json[]): string {
  const values: Record<string, string> = { ...GRAFANA_VARIABLES };
  for (const v of variables) {
    if (v.type === 'query' || v.type === 'custom') {
      values[v.name] = v.current?.value === '$__all' ? (v.allValue ?? '.*') : String(v.current?.value ?? '');
    }
  }
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => {
    const name = a ?? b;
    if (!(name in values)) {
      throw new Error(`Unresolved variable ${whole} in ${expr}`);
    }
    return values[name];
  });
}

/** True when the expression returns at least one sample with a finite value. */
async function hasData(expr: string): Promise<boolean> {
  const samples = await rig.query(expr);
  return samples.some((s) => Number.isFinite(s.value));
}

/*
 * Expressions that compare with the same time last week (readsLastWeek): this rig has minutes of
 * history, so they must read no data here (never a made-up value); tests/integration/trends.test.ts
 * proves them on a backfilled fortnight.
 */
/** Splits items into those this rig can answer and those needing last week, checking the latter are empty. */
async function withoutLastWeek<T>(items: T[], expr: (t: T) => string, name: (t: T) => string): Promise<T[]> {
  const weekOld = items.filter((t) => readsLastWeek(expr(t)));
  const answered = await Promise.all(weekOld.map((t) => hasData(expr(t))));
  expect(weekOld.filter((_, i) => answered[i]).map(name)).toEqual([]);
  return items.filter((t) => !readsLastWeek(expr(t)));
}

const dashboards = fs
  .readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(fs.readFileSync(path.join(DASHBOARD_DIR, file), 'utf8')) as Json }));

describe('generated dashboards', () => {
  it('every target of every panel returns data with the variables at their defaults (no empty panel)', async () => {
    const all = dashboards.flatMap(({ file, json }) =>
      (json.panels as Json[])
        .filter((p) => p.type !== 'row')
        .flatMap((panel) =>
          (panel.targets ?? []).map((t: Json) => ({
            file,
            panel: `${panel.title} [${t.refId}]`,
            panelId: panel.id as number,
            expr: resolve(t.expr, json.templating.list),
          }))
        )
    );
    const targets = await withoutLastWeek(
      all,
      (t) => t.expr,
      (t) => `${t.file}: ${t.panel}`
    );
    let results: boolean[] = [];
    await rig
      .waitFor(
        async () => {
          results = await Promise.all(targets.map((t) => hasData(t.expr)));
          return results.every(Boolean);
        },
        90_000,
        'every dashboard target to return data',
        2000
      )
      .catch(() => undefined);
    out('\ndashboards against real Prometheus (variables at their defaults): panels, targets, targets with data');
    for (const { file, json } of dashboards) {
      const mine = targets.map((t, i) => ({ ...t, data: results[i] })).filter((t) => t.file === file);
      const panels = (json.panels as Json[]).filter((p) => p.type !== 'row').length;
      out(
        `  ${file.padEnd(16)} panels ${String(panels).padStart(3)}   targets ${String(mine.length).padStart(3)}   with data ${String(mine.filter((t) => t.data).length).padStart(3)}`
      );
    }
    const empty = targets.filter((_, i) => !results[i]).map((t) => `${t.file}: ${t.panel}: ${t.expr}`);
    expect(empty).toEqual([]);
  }, 150_000);

  it('every variable lists values from Prometheus', async () => {
    const missing: string[] = [];
    for (const { file, json } of dashboards) {
      for (const v of (json.templating.list as Json[]).filter((x) => x.type === 'query')) {
        const [, series, label] = /^label_values\((.+), (\w+)\)$/.exec(v.query) ?? [];
        const match = resolve(series, json.templating.list);
        const response = await request(
          `${rig.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`
        );
        const values = JSON.parse(response.text).data as string[];
        if (!values?.length) {
          missing.push(`${file}: $${v.name} (${v.query})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('generated alert and recording rules', () => {
  const grafanaRules: ProvisionedRule[] = (
    yaml.load(fs.readFileSync(path.join(ROOT, 'provisioning/alerting/rules.yaml'), 'utf8')) as Json
  ).groups.flatMap((g: Json) => g.rules);

  it('every Grafana rule query returns data', async () => {
    const exprs = await withoutLastWeek(
      grafanaRules.map((r) => ({ uid: r.uid, expr: (r.data[0].model as { expr: string }).expr })),
      (e) => e.expr,
      (e) => e.uid
    );
    let results: boolean[] = [];
    await rig
      .waitFor(
        async () => {
          results = await Promise.all(exprs.map((e) => hasData(e.expr)));
          return results.every(Boolean);
        },
        90_000,
        'every Grafana rule query to return data',
        2000
      )
      .catch(() => undefined);
    out(`\nGrafana rules: ${results.filter(Boolean).length} of ${exprs.length} queries return data`);
    expect(exprs.filter((_, i) => !results[i]).map((e) => e.uid)).toEqual([]);
  }, 120_000);

  it('the rule files load and evaluate without errors, and every recording rule records data', async () => {
    let groups: Json[] = [];
    await rig.waitFor(
      async () => {
        groups = JSON.parse((await request(`${rig.url}/api/v1/rules`)).text).data.groups;
        return groups.every((g) =>
          g.rules.every((r: Json) => r.lastEvaluation && !r.lastEvaluation.startsWith('0001'))
        );
      },
      30_000,
      'every rule to be evaluated once'
    );
    const rules = groups.flatMap((g) => g.rules as Json[]);
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
    const records = (
      await withoutLastWeek(
        rules.filter((r) => r.type === 'recording'),
        (r) => r.query as string,
        (r) => r.name as string
      )
    ).map((r) => r.name as string);
    let results: boolean[] = [];
    await rig
      .waitFor(
        async () => {
          results = await Promise.all(records.map(hasData));
          return results.every(Boolean);
        },
        60_000,
        'every recording rule to have data',
        2000
      )
      .catch(() => undefined);
    out(
      `Prometheus rule files: ${groups.length} groups, ${rules.length} rules, all healthy; ${results.filter(Boolean).length} of ${records.length} recordings have data`
    );
    expect(records.filter((_, i) => !results[i])).toEqual([]);
    expect(records).toContain('perfscope:health_score');
  }, 120_000);

  it('each fault scenario makes its alert conditions true; a normal service keeps every condition false', async () => {
    const scoped = (scenario: string) => {
      const catalog = { window: FAULT_WINDOW, matchers: [{ label: 'job', op: '=' as const, value: job(scenario) }] };
      return {
        grafana: buildGrafanaRuleGroups(undefined, { datasourceUid: 'rig', folderUid: 'rig', catalog }).flatMap(
          (g) => g.rules
        ),
        prometheus: buildPrometheusAlertGroups(undefined, { catalog }).flatMap(
          (g) => g.rules
        ) as PrometheusAlertingRule[],
      };
    };
    /** Grafana's evaluation: the instant value of A against C's threshold. */
    const grafanaCondition = async (rule: ProvisionedRule) => {
      const value = await rig.value((rule.data[0].model as { expr: string }).expr);
      const { type, params } = (rule.data[1].model as ThresholdModel).conditions[0].evaluator;
      const met = value !== undefined && (type === 'gt' ? value > params[0] : value < params[0]);
      return { value, met };
    };
    // Job-scoped rules exclude the health score: its recording rule covers every job at once.
    const perJob = (rules: ProvisionedRule[]) =>
      rules.filter((r) => !SIGNALS.some((s) => s.metrics.length === 0 && r.uid.startsWith(`perfscope-${s.id}-`)));

    const normal = scoped('normal');
    let firing: string[] = [];
    await rig
      .waitFor(
        async () => {
          const results = await Promise.all(perJob(normal.grafana).map(grafanaCondition));
          firing = perJob(normal.grafana).flatMap((r, i) => (results[i].met ? [`${r.uid} (${results[i].value})`] : []));
          return firing.length === 0;
        },
        60_000,
        'no alert condition to hold for a normal service',
        2000
      )
      .catch(() => undefined);
    expect(firing).toEqual([]);

    const rows = await Promise.all(
      FAULTS.map(async (fault) => {
        const { grafana, prometheus } = scoped(fault);
        const wanted = SCENARIO_SIGNALS[fault].map((signal) => ({
          rule: grafana.find((r) => r.uid === ruleUid(signal, 'critical'))!,
          alert: prometheus.find((r) => r.alert === alertName(signal, 'critical'))!,
          signal,
        }));
        const before = await Promise.all(wanted.map((w) => grafanaCondition(w.rule)));
        await rig.simulators[job(fault)].setScenario(fault);
        let during: Array<{ value?: number; met: boolean; prometheus: boolean }> = [];
        const took = await rig
          .waitFor(
            async () => {
              during = await Promise.all(
                wanted.map(async (w) => ({
                  ...(await grafanaCondition(w.rule)),
                  prometheus: (await rig.query(w.alert.expr)).length > 0,
                }))
              );
              return during.every((d) => d.met && d.prometheus);
            },
            60_000,
            `${fault} to make its alert conditions true`,
            1000
          )
          .catch((e: Error) => e);
        await rig.simulators[job(fault)].setScenario('normal');
        return { fault, wanted, before, during, took };
      })
    );
    out('\nfault scenarios: critical rule → condition before / during (Grafana A vs C, Prometheus alert expr)');
    for (const r of rows) {
      r.wanted.forEach((w, i) => {
        const fmt = (v?: number) => (v === undefined ? 'no data' : Number(v.toPrecision(3)).toString());
        out(
          `  ${r.fault.padEnd(14)} ${w.rule.uid.padEnd(38)} ${fmt(r.before[i].value).padStart(8)} → ${fmt(r.during[i]?.value).padStart(8)}  grafana ${r.during[i]?.met ? 'true' : 'FALSE'}, prometheus ${r.during[i]?.prometheus ? 'true' : 'FALSE'}${typeof r.took === 'number' ? ` after ~${Math.ceil(r.took / 1000)} s` : ''}`
        );
      });
    }
    for (const r of rows) {
      expect({ fault: r.fault, before: r.before.map((b) => b.met) }).toEqual({
        fault: r.fault,
        before: r.wanted.map(() => false),
      });
      expect({ fault: r.fault, true: typeof r.took === 'number' ? 'yes' : String(r.took) }).toEqual({
        fault: r.fault,
        true: 'yes',
      });
    }
  }, 240_000);
});
