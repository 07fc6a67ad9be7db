/**
 * The generated dashboards, alerting provisioning and rule files: up to date with the catalog,
 * structurally sound, and consistent with each other and with plugin.json.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import {
  ALERTING_DATASOURCE_UID,
  BURN_RATE_WINDOWS,
  GRAFANA_SLO_GROUP,
  objectivesOf,
  FOLDER,
  thresholdPanelId,
  AREA_TITLES,
  type SignalDef,
  alertCondition,
  alertName,
  alertSpecs,
  buildGrafanaRuleGroups,
  effectiveThresholds,
  getSignal,
  ruleUid,
} from '@perfscope/catalog';
import { compare } from '../../scripts/generate';
import { ROUTING } from '../../scripts/generate/alerting';
import { DASHBOARD_DIR, generateAll, withRevision } from '../../scripts/generate/index';
import { DASHBOARDS, checkSignal } from '@perfscope/dashboards';
import { ROOT, SRC } from './shared';

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
// With the committed dashboards, as the CLI runs it: their revisions carry over while the content is the same.
const generated = generateAll((file) =>
  fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), 'utf8') : undefined
);

type Json = Record<string, any>;
const readYaml = (file: string) => yaml.load(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Json;
const dashboardFiles = fs.readdirSync(path.join(ROOT, DASHBOARD_DIR)).filter((f) => f.endsWith('.json'));
const dashboards: Array<[string, Json]> = dashboardFiles.map((f) => [
  f,
  JSON.parse(fs.readFileSync(path.join(ROOT, DASHBOARD_DIR, f), 'utf8')),
]);
const panelsOf = (d: Json): Json[] => (d.panels ?? []).flatMap((p: Json) => [p, ...(p.panels ?? [])]);
const dataPanels = (d: Json) => panelsOf(d).filter((p) => p.type !== 'row');
const thresholded = (id: string) => {
  try {
    return getSignal(id).thresholds ? getSignal(id) : undefined;
  } catch {
    return undefined;
  }
};
/** The levels a catalog signal's thresholds define, sorted: what a panel must draw. */
const levels = (signal: SignalDef) =>
  [signal.thresholds?.warning, signal.thresholds?.critical].filter((v): v is number => v !== undefined).sort();
const stepLevels = (steps: Array<{ value: number | null }>) =>
  steps
    .map((s) => s.value)
    .filter((v): v is number => v !== null)
    .sort();

function runGenerate(args: string[]) {
  const result = spawnSync(TSX, [path.join(ROOT, 'scripts/generate.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('npm run generate', () => {
  it('has written exactly what the catalog gives (the committed output is not stale)', () => {
    expect(compare(ROOT, generated.files)).toEqual([]);
  });

  it('--check passes here and names each stale or missing file in a copy', () => {
    expect(runGenerate(['--check'])).toEqual({ status: 0, out: expect.stringContaining('up to date') });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-generate-'));
    try {
      for (const [file, content] of generated.files) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      fs.appendFileSync(path.join(dir, 'src/dashboards/http.json'), ' ');
      fs.rmSync(path.join(dir, 'provisioning/alerting/rules.yaml'));
      const result = runGenerate(['--check', '--root', dir]);
      expect(result.status).toBe(1);
      expect(result.out).toMatch(/differs\s+src\/dashboards\/http\.json/);
      expect(result.out).toMatch(/missing\s+provisioning\/alerting\/rules\.yaml/);
      expect(result.out).toContain('npm run generate');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  describe('refuses a catalog entry it cannot use, naming it', () => {
    const base = getSignal('http_error_rate');
    it.each<[string, Partial<SignalDef>, RegExp]>([
      ['no unit', { unit: '' }, /"broken_signal" \(Broken\) has no unit/],
      ['no PromQL builder', { promql: undefined }, /"broken_signal" \(Broken\) has no PromQL/],
      ['an empty expression', { promql: () => ' ' }, /"broken_signal" \(Broken\) has no PromQL/],
      ['no thresholds where they are drawn', { thresholds: undefined }, /"broken_signal" \(Broken\) has no thresholds/],
    ])('%s', (_, change, message) => {
      const broken = { ...base, id: 'broken_signal', title: 'Broken', ...change } as SignalDef;
      expect(() => checkSignal(broken, { thresholds: true })).toThrow(message);
    });

    it('accepts a complete entry', () => {
      expect(checkSignal(base, { thresholds: true })).toBe(base);
    });
  });
});

describe.each(dashboards)('dashboard %s', (file, dashboard) => {
  const panels = dataPanels(dashboard);
  const variables: Json[] = dashboard.templating?.list ?? [];

  it('has a Perfscope uid, title and tag, and was generated', () => {
    expect(dashboard.uid).toMatch(/^perfscope-[a-z-]+$/);
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard.title).toMatch(/^Perfscope \/ /);
    expect(dashboard.tags).toContain('perfscope');
    expect(generated.dashboards.has(file)).toBe(true);
  });

  it('has unique panel ids', () => {
    const ids = panelsOf(dashboard).map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('places panels on the 24-column grid without overlaps', () => {
    const boxes = panelsOf(dashboard).map((p) => ({ id: p.id, ...p.gridPos }));
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(24);
      expect(b.h).toBeGreaterThan(0);
    }
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        .map((b) => [a.id, b.id])
    );
    expect(overlaps).toEqual([]);
  });

  it('queries through the datasource variable everywhere', () => {
    const ds = variables.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    const refs = [
      ...panels.flatMap((p) => [p.datasource, ...(p.targets ?? []).map((t: Json) => t.datasource)]),
      ...variables.filter((v) => v.type === 'query').map((v) => v.datasource),
    ];
    expect(refs.length).toBeGreaterThan(panels.length);
    expect(refs.filter((r) => r?.uid !== '${datasource}')).toEqual([]);
  });

  it('uses only its own variables and Grafana interval variables in queries', () => {
    const names = new Set([...variables.map((v) => v.name), '__rate_interval', '__interval', '__range']);
    const used = panels
      .flatMap((p) => (p.targets ?? []).map((t: Json) => t.expr as string))
      .flatMap((expr) => [...expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]));
    expect(used.filter((n) => !names.has(n))).toEqual([]);
    for (const v of variables.filter((x) => x.type === 'query')) {
      expect(v).toMatchObject({ includeAll: true, allValue: '.*', current: { value: '$__all' } });
    }
  });

  it('sets a unit on every panel', () => {
    expect(panels.filter((p) => !p.fieldConfig?.defaults?.unit).map((p) => p.title)).toEqual([]);
  });

  it("draws exactly the catalog's thresholds", () => {
    for (const panel of panels) {
      const refIds: string[] = (panel.targets ?? []).map((t: Json) => t.refId);
      const signals = refIds.map(thresholded).filter((s): s is SignalDef => s !== undefined);
      const steps = stepLevels(panel.fieldConfig.defaults.thresholds?.steps ?? []);
      const where = `${file}: ${panel.title}`;
      if (panel.type.startsWith('perfscope-')) {
        // Perfscope panels take the admin's levels from the app settings: no level is baked in
        // (a baked default would win over the admin's), and the panel is set to the app settings.
        expect({ where, steps }).toEqual({ where, steps: [] });
        const baked = panel.fieldConfig.overrides.filter((o: Json) =>
          o.properties.some((p: Json) => p.id === 'thresholds')
        );
        expect({ where, baked }).toEqual({ where, baked: [] });
        expect({ where, source: panel.options.thresholdsSource }).toEqual({ where, source: 'app' });
      } else if (signals.length === 1) {
        expect({ where, steps }).toEqual({ where, steps: levels(signals[0]) });
      } else {
        // No thresholded signal (or several): no lines that belong to none of them.
        expect({ where, steps }).toEqual({ where, steps: [] });
      }
      if (panel.type === 'timeseries') {
        const mode = panel.fieldConfig.defaults.custom?.thresholdsStyle?.mode;
        expect({ where, drawn: mode !== 'off' }).toEqual({ where, drawn: steps.length > 0 });
      }
    }
  });

  it('links to the other Perfscope dashboards and to the app', () => {
    expect(dashboard.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'dashboards', tags: ['perfscope'], includeVars: true, keepTime: true }),
        expect.objectContaining({ type: 'link', url: expect.stringMatching(/^\/a\/perfscope-monitoring-app\//) }),
        expect.objectContaining({ type: 'link', url: '/plugins/perfscope-monitoring-app' }),
      ])
    );
  });
});

describe('the dashboards together', () => {
  const all = dashboards.map(([, d]) => d);
  const byUid = new Map(all.map((d) => [d.uid, d]));

  it('are the seven areas and the objectives, each uid once', () => {
    expect([...byUid.keys()].sort()).toEqual([
      'perfscope-audio',
      'perfscope-cache',
      'perfscope-database',
      'perfscope-http',
      'perfscope-overview',
      'perfscope-realtime',
      'perfscope-slo',
      'perfscope-web-vitals',
    ]);
  });

  it('have a latency heatmap from a histogram, top-N tables, and the Perfscope panels on the Overview', () => {
    const types = (uid: string) => dataPanels(byUid.get(uid)!).map((p) => p.type);
    for (const uid of ['perfscope-http', 'perfscope-database', 'perfscope-realtime', 'perfscope-web-vitals']) {
      expect(types(uid)).toContain('heatmap');
    }
    const tables = all.flatMap((d) =>
      dataPanels(d)
        .filter((p) => p.type === 'table')
        .map((p) => p.title)
    );
    expect(tables).toEqual(
      expect.arrayContaining(['Slowest routes (p95)', 'Slowest queries (average)', 'Worst caches (hit ratio)'])
    );
    expect(types('perfscope-overview')).toEqual(
      expect.arrayContaining(['perfscope-stream-panel', 'perfscope-healthscore-panel'])
    );
    const heatmaps = all.flatMap((d) => dataPanels(d).filter((p) => p.type === 'heatmap'));
    for (const h of heatmaps) {
      expect(h.targets[0]).toMatchObject({ format: 'heatmap', expr: expect.stringMatching(/_bucket\{/) });
    }
  });

  it('draw the thresholds of every alerting signal somewhere, on the dashboard of its area', () => {
    for (const { signal } of alertSpecs(undefined)) {
      const drawn = all.some((d) =>
        dataPanels(d).some(
          (p) =>
            p.type === 'timeseries' &&
            p.targets.some((t: Json) => t.refId === signal.id) &&
            stepLevels(p.fieldConfig.defaults.thresholds.steps).length > 0
        )
      );
      expect({ signal: signal.id, drawn }).toEqual({ signal: signal.id, drawn: true });
    }
  });

  it('are all listed in the plugin.json includes, and nothing else is', () => {
    const plugin = JSON.parse(fs.readFileSync(path.join(SRC, 'plugin.json'), 'utf8'));
    const included = plugin.includes.filter((i: Json) => i.type === 'dashboard');
    expect(included.map((i: Json) => i.path).sort()).toEqual(dashboardFiles.map((f) => `dashboards/${f}`).sort());
    for (const include of included) {
      const dashboard = dashboards.find(([f]) => `dashboards/${f}` === include.path)![1];
      expect(include.name).toBe(dashboard.title);
    }
  });

  it('have one owner, the app: no dashboard provider of the stack provisions them too', () => {
    // A file-provisioned dashboard with the same UID makes every later app import fail with
    // "Cannot save provisioned dashboard" (pkg/services/dashboards/service, ImportDashboard).
    const dir = path.join(ROOT, 'provisioning/dashboards');
    const providers = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    expect(providers).toEqual([]);
  });

  it('carry a revision, which goes up whenever their content changes (so an upgrade re-imports them)', () => {
    for (const [file, dashboard] of dashboards) {
      expect({ file, revision: Number.isInteger(dashboard.revision) && dashboard.revision >= 1 }).toEqual({
        file,
        revision: true,
      });
    }
    const { file, build } = DASHBOARDS[1];
    const committed = fs.readFileSync(path.join(ROOT, DASHBOARD_DIR, file), 'utf8');
    const revision = JSON.parse(committed).revision as number;
    expect(withRevision(build(), committed).revision).toBe(revision);
    // The same revision over changed content: generate --check fails, because the revision it gives is the next one.
    const edited = JSON.stringify({ ...JSON.parse(committed), title: 'Edited by hand' });
    expect(withRevision(build(), edited).revision).toBe(revision + 1);
    expect(withRevision(build(), undefined).revision).toBe(1);
  });
});

describe('Grafana alerting provisioning', () => {
  const file = readYaml('provisioning/alerting/rules.yaml');
  const all: Json[] = file.groups.flatMap((g: Json) => g.rules.map((r: Json) => ({ ...r, group: g })));
  // The areas' signal rules; the objectives' burn-rate rules have their own group.
  const rules = all.filter((r) => r.group.name !== GRAFANA_SLO_GROUP);
  const burnRules = all.filter((r) => r.group.name === GRAFANA_SLO_GROUP);

  it('has one group per area and the error budgets in the Perfscope folder, every rule with a valid unique uid', () => {
    expect(file.groups.map((g: Json) => g.name)).toEqual([
      ...new Set(alertSpecs(undefined).map((s) => AREA_TITLES[s.signal.area])),
      GRAFANA_SLO_GROUP,
    ]);
    expect(file.groups.every((g: Json) => g.folder === 'Perfscope' && g.interval === '1m')).toBe(true);
    const uids = all.map((r) => r.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids.filter((u) => !/^[a-zA-Z0-9_-]{1,40}$/.test(u))).toEqual([]);
  });

  it("has a warning and a critical rule per signal with the catalog's thresholds and for", () => {
    const specs = alertSpecs(undefined);
    expect(rules).toHaveLength(specs.length);
    for (const spec of specs) {
      const rule = rules.find((r) => r.uid === ruleUid(spec.signal.id, spec.severity));
      const t = effectiveThresholds(spec.signal, undefined)!;
      const condition = rule?.data.find((d: Json) => d.refId === rule.condition);
      expect({ uid: rule?.uid, for: rule?.for, evaluator: condition?.model.conditions[0].evaluator }).toEqual({
        uid: ruleUid(spec.signal.id, spec.severity),
        for: t.for,
        evaluator: { type: t.direction === 'above' ? 'gt' : 'lt', params: [t[spec.severity]] },
      });
    }
  });

  it('queries the core Prometheus datasource by uid, with labels, annotations and deliberate states', () => {
    for (const rule of rules) {
      expect(rule.data[0]).toMatchObject({ refId: 'A', datasourceUid: ALERTING_DATASOURCE_UID });
      expect(rule.data[1]).toMatchObject({ datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A' } });
      expect(Object.keys(rule.labels).sort()).toEqual(['__grafana_origin', 'area', 'severity']);
      expect(Object.keys(rule.annotations).sort()).toEqual(['dashboard_url', 'description', 'runbook_url', 'summary']);
      expect(rule.annotations.description).toContain('$values.A');
      expect(['OK', 'NoData', 'Alerting']).toContain(rule.noDataState);
      expect(rule.execErrState).toBe('Error');
      expect(rule.isPaused).toBe(false);
    }
  });

  it("burns each objective's budget on two windows, both queried from the core Prometheus datasource", () => {
    expect(burnRules).toHaveLength(BURN_RATE_WINDOWS.length * objectivesOf(undefined).length);
    for (const rule of burnRules) {
      expect(rule.data.map((d: Json) => [d.refId, d.datasourceUid])).toEqual([
        ['A', ALERTING_DATASOURCE_UID],
        ['B', ALERTING_DATASOURCE_UID],
        ['C', '__expr__'],
      ]);
      expect(rule.data[2].model).toMatchObject({
        type: 'math',
        expression: expect.stringMatching(/^\$A > [\d.]+ && \$B > [\d.]+$/),
      });
      expect(Object.keys(rule.labels).sort()).toEqual(['__grafana_origin', 'area', 'objective', 'severity']);
      // What to do: the burn-rate panel, which draws the page and ticket levels.
      const [, runbookUid, panelId] = /^\/d\/([\w-]+)\?viewPanel=panel-(\d+)$/.exec(rule.annotations.runbook_url) ?? [];
      const panel = dataPanels(dashboards.find(([, d]) => d.uid === runbookUid)![1]).find(
        (p) => p.id === Number(panelId)
      );
      expect(panel?.targets.map((t: Json) => t.refId)).toContain('error_budget_burn_rate');
    }
  });

  it('links each rule to a dashboard that exists and a runbook panel that draws its thresholds', () => {
    for (const rule of rules) {
      const [, uid] = /^\/d\/([\w-]+)$/.exec(rule.annotations.dashboard_url) ?? [];
      expect(dashboards.some(([, d]) => d.uid === uid)).toBe(true);
      const [, runbookUid, panelId] = /^\/d\/([\w-]+)\?viewPanel=panel-(\d+)$/.exec(rule.annotations.runbook_url) ?? [];
      const panel = dataPanels(dashboards.find(([, d]) => d.uid === runbookUid)![1]).find(
        (p) => p.id === Number(panelId)
      );
      const signalId = rule.uid.replace(/^perfscope-/, '').replace(/-(warn|crit)$/, '');
      expect(panel?.targets.map((t: Json) => t.refId)).toContain(signalId);
      // The id the catalog gives the signal's threshold panel, whatever else is on the dashboard.
      expect(panel?.id).toBe(thresholdPanelId(signalId));
      expect(panel?.description).toContain('When it alerts:');
    }
  });

  it("is what the builder makes by default, so the app's alert sync links the same runbook panels", () => {
    const built = buildGrafanaRuleGroups(undefined, { datasourceUid: ALERTING_DATASOURCE_UID, folderUid: FOLDER.uid });
    const annotations = built.flatMap((g) => g.rules).map((r) => [r.uid, r.annotations]);
    expect(annotations).toEqual(all.map((r) => [r.uid, r.annotations]));
  });

  it('matches the Prometheus alert rules expression for expression', () => {
    const prometheus = readYaml('provisioning/prometheus/rules/perfscope-alerts.yml').groups.flatMap(
      (g: Json) => g.rules
    );
    for (const spec of alertSpecs(undefined)) {
      const grafana = rules.find((r) => r.uid === ruleUid(spec.signal.id, spec.severity))!;
      const alert = prometheus.find((r: Json) => r.alert === alertName(spec.signal.id, spec.severity));
      expect(alert?.expr).toBe(alertCondition(grafana.data[0].model.expr, spec.thresholds.direction, spec.threshold));
      expect(alert?.for).toBe(grafana.for);
      expect(alert?.labels).toEqual({ severity: grafana.labels.severity, area: grafana.labels.area });
    }
  });

  it('takes every contact-point address and secret from the environment', () => {
    const contactPoints = readYaml('provisioning/alerting/contact-points.yaml').contactPoints;
    const settings = contactPoints.flatMap((c: Json) =>
      c.receivers.map((r: Json) => ({ type: r.type, ...r.settings }))
    );
    expect(settings.map((s: Json) => s.type).sort()).toEqual(['email', 'slack', 'slack', 'webhook']);
    for (const s of settings) {
      for (const key of ['url', 'addresses', 'token', 'password', 'authorization_credentials']) {
        if (key in s) {
          expect({ key, value: s[key] }).toEqual({
            key,
            value: expect.stringMatching(/^\$__env\{PERFSCOPE_[A-Z_]+\}$/),
          });
        }
      }
    }
    const text = fs.readFileSync(path.join(ROOT, 'provisioning/alerting/contact-points.yaml'), 'utf8');
    expect(text).not.toMatch(/https?:\/\/|@[a-z0-9-]+\.[a-z]/i);
  });

  it('routes critical to the on-call receivers and warnings to the team, with the guides’ cool-downs', () => {
    const [policy] = readYaml('provisioning/alerting/policies.yaml').policies;
    const names = readYaml('provisioning/alerting/contact-points.yaml').contactPoints.map((c: Json) => c.name);
    const route = (severity: string) =>
      policy.routes.find(
        (r: Json) => JSON.stringify(r.object_matchers) === JSON.stringify([['severity', '=', severity]])
      );
    expect(route('critical')).toMatchObject({ receiver: 'Perfscope on-call', ...ROUTING.critical });
    expect(route('warning')).toMatchObject({ receiver: 'Perfscope team', ...ROUTING.warning });
    expect(ROUTING.critical.repeat_interval).toBe('5m');
    expect(names).toEqual(expect.arrayContaining([policy.receiver, ...policy.routes.map((r: Json) => r.receiver)]));
  });
});
