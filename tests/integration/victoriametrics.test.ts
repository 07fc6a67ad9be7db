/**
 * The scale-out backend: real Prometheus scrapes a fleet of services and remote-writes every sample
 * to VictoriaMetrics (Debian's single-node server). Every catalog signal per service is asked of both
 * at the same instant, over the same samples, so what differs is the query engine (MetricsQL's rate()
 * does not extrapolate); the differences are recorded. vmalert evaluates the Prometheus rule files
 * against VictoriaMetrics and fires the faulted service's alert only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  SIGNALS,
  type PerfscopeSettings,
  type SignalDef,
  alertName,
  alertSpecs,
  buildPrometheusAlertGroups,
  buildPromQL,
  perServiceOptions,
} from '@perfscope/catalog';
import type { PrometheusRig, Sample } from '../rig/prometheus';
import { suiteReport } from '../rig/report';
import type { VictoriaMetrics } from '../rig/victoriametrics';
import {
  BOUND,
  FLEET,
  SERVICES,
  SERVICE_JOBS,
  WINDOW,
  kind,
  relative,
  startFleet,
  stopFleet,
} from './victoriametricsFleet';

const FAULTED = 'search';
/** The fleet's health score needs its recording rule, which these servers do not run. */
const signals = (SIGNALS as readonly SignalDef[]).filter((s) => s.id !== 'health_score');
const SETTINGS: PerfscopeSettings = {
  signals: Object.fromEntries(alertSpecs(undefined).map(({ signal }) => [signal.id, { for: '5s' }])),
};

const report = suiteReport('integration-victoriametrics.txt');
let vm: VictoriaMetrics;
let rig: PrometheusRig;
let rulesDir: string;

beforeAll(async () => {
  ({ vm, rig } = await startFleet((line) => process.stdout.write(`rig: ${line}\n`)));
  rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-vmalert-'));
}, 120_000);

afterAll(async () => {
  await stopFleet({ vm, rig });
  if (rulesDir) {
    fs.rmSync(rulesDir, { recursive: true, force: true });
  }
  report.save();
});

const byJob = (samples: Sample[]) => new Map(samples.map((s) => [s.labels.job, s.value]));

describe('VictoriaMetrics fed by Prometheus remote-write', () => {
  it('answers every signal per service as Prometheus does, within the engines’ difference', async () => {
    const options = { ...perServiceOptions(undefined), window: WINDOW };
    const rate = buildPromQL('http_request_rate', options);
    const at = () => Math.floor(Date.now() / 1000) - 5;
    await rig.waitFor(
      async () => (await vm.query(rate, at())).length === SERVICES,
      30_000,
      'every service in VictoriaMetrics'
    );
    const time = at();
    const rows: string[] = [];
    const missing: string[] = [];
    const apart: string[] = [];
    for (const signal of signals) {
      const expr = buildPromQL(signal, options);
      const [prom, victoria] = await Promise.all([rig.query(expr, time), vm.query(expr, time)]);
      const p = byJob(prom);
      const v = byJob(victoria);
      let worst = 0;
      const bound = BOUND[kind(expr)];
      for (const name of SERVICE_JOBS) {
        const [a, b] = [p.get(name), v.get(name)];
        if ((a === undefined) !== (b === undefined)) {
          missing.push(`${signal.id} ${name}: Prometheus ${a ?? 'no data'}, VictoriaMetrics ${b ?? 'no data'}`);
        } else if (a !== undefined && b !== undefined && !(Number.isNaN(a) && Number.isNaN(b))) {
          worst = Math.max(worst, relative(a, b));
          if (relative(a, b) > bound) {
            apart.push(`${signal.id} ${name}: Prometheus ${a}, VictoriaMetrics ${b}`);
          }
        }
      }
      rows.push(
        `  ${signal.id.padEnd(26)} ${kind(expr).padEnd(6)} ${p.size} services, largest difference ${(worst * 100).toFixed(1)} %`
      );
    }
    report.out(`\nsignals per service, Prometheus vs VictoriaMetrics (window ${WINDOW}, same samples):`);
    rows.forEach((r) => report.out(r));
    apart.forEach((line) => report.out(`  apart: ${line}`));
    expect(missing).toEqual([]);
    expect(apart).toEqual([]);
  }, 90_000);

  it("fires the faulted service's alert only when vmalert evaluates the rule files", async () => {
    const ruleFile = path.join(rulesDir, 'alerts.yml');
    fs.writeFileSync(
      ruleFile,
      JSON.stringify({ groups: buildPrometheusAlertGroups(SETTINGS, { catalog: { window: '15s' } }) })
    );
    const { url: vmalert, notified } = await vm.startVmalert(ruleFile);
    await rig.simulators[FLEET].setScenario('error-burst', FAULTED);
    const critical = alertName('http_error_rate', 'critical');
    type VmAlert = { name: string; labels: Record<string, string>; state: string; annotations: Record<string, string> };
    // vmalert answers `alerts: null` while none is active.
    const alerts = async () =>
      ((await (await fetch(`${vmalert}/api/v1/alerts`)).json()) as { data: { alerts: VmAlert[] | null } }).data
        .alerts ?? [];
    const started = Date.now();
    await rig.waitFor(
      async () => (await alerts()).some((a) => a.name === critical && a.state === 'firing'),
      90_000,
      `vmalert firing ${critical}`,
      1000
    );
    const firing = (await alerts()).filter((a) => a.state === 'firing');
    report.out(
      `vmalert: ${critical} firing ${Date.now() - started} ms after error-burst on ${FAULTED}; firing: ${firing.map((a) => `${a.name}{job=${a.labels.job}}`).join(', ')}`
    );
    expect([...new Set(firing.map((a) => a.labels.job))]).toEqual([FAULTED]);
    expect(firing.find((a) => a.name === critical)?.annotations.summary).toBe(
      `HTTP error rate is above 10 % in ${FAULTED} (critical)`
    );
    // Alertmanager hears of it, labelled with the service.
    await rig.waitFor(async () => notified.length > 0, 30_000, 'a notification to Alertmanager');
    expect(notified).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: expect.objectContaining({ alertname: critical, job: FAULTED }) }),
      ])
    );
    await rig.simulators[FLEET].setScenario('normal');
  }, 150_000);
});
