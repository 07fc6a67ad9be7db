/**
 * A fleet of 20 services (one simulator, `--services 20`, each service its own job) scraped by real
 * Prometheus with the Prometheus alert rules the catalog builds: every signal gives one series per
 * service, a fault on a service fires that service's alerts only, named in their summary, and a
 * service with its own levels (checkout tolerates errors up to 90 %) alerts at those and is scored
 * on them.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type PerfscopeSettings,
  alertName,
  alertSpecs,
  buildPrometheusAlertGroups,
  buildPrometheusRecordingGroups,
  buildPromQL,
  componentRecord,
  componentScore,
  getSignal,
  healthScoreConfig,
  perServiceOptions,
} from '@perfscope/catalog';
import { SERVICE_NAMES } from '@perfscope/simulator';
import { PrometheusRig } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

const SERVICES = 20;
const FLEET = 'fleet';
const FAULTED = 'payments';
/** A service with a critical level of its own for the error rate, far above the fleet's. */
const TOLERANT = 'checkout';
const WINDOW = '15s';

/** Every alert after 10 s instead of minutes: the test cannot wait for the catalog's `for`. */
const SETTINGS: PerfscopeSettings = {
  signals: Object.fromEntries(alertSpecs(undefined).map(({ signal }) => [signal.id, { for: '10s' }])),
  services: { [TOLERANT]: { signals: { http_error_rate: { critical: 0.9 } } } },
};

interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
}

const report = suiteReport('integration-fleet.txt');
let rig: PrometheusRig;
let rulesDir: string;

beforeAll(async () => {
  rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-fleet-rules-'));
  const rules = path.join(rulesDir, 'alerts.yml');
  // JSON is YAML: Prometheus reads the rule file as it is.
  const catalog = { window: WINDOW };
  fs.writeFileSync(
    rules,
    JSON.stringify({
      groups: [
        ...buildPrometheusRecordingGroups(SETTINGS, { catalog }),
        ...buildPrometheusAlertGroups(SETTINGS, { catalog }),
      ],
    })
  );
  rig = await PrometheusRig.start(
    {
      simulators: [
        { job: FLEET, args: ['--services', String(SERVICES), '--speed', '5', '--seed', '7'], honorLabels: true },
      ],
      ruleFiles: [rules],
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
  await rig.waitForScrapes(FLEET, 6);
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  fs.rmSync(rulesDir, { recursive: true, force: true });
  report.save();
});

async function alerts(): Promise<PrometheusAlert[]> {
  const response = await fetch(`${rig.url}/api/v1/alerts`);
  return ((await response.json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts;
}

describe('a fleet of services', () => {
  it('gives every signal one series per service', async () => {
    const names = SERVICE_NAMES.slice(0, SERVICES);
    const rate = buildPromQL('http_request_rate', { ...perServiceOptions(undefined), window: WINDOW });
    await rig.waitFor(async () => (await rig.query(rate)).length === SERVICES, 30_000, 'a request rate per service');
    const byService = new Map((await rig.query(rate)).map((s) => [s.labels.job, s.value]));
    expect([...byService.keys()].sort()).toEqual([...names].sort());
    // The services' own traffic: a quarter to twice the profile's, so the busiest has about 8× the quietest.
    const values = [...byService.values()];
    expect(Math.max(...values) / Math.min(...values)).toBeGreaterThan(4);
    report.out(`request rate per service: ${names.map((n) => `${n} ${byService.get(n)!.toFixed(1)}`).join(', ')}`);
  }, 60_000);

  it('fires the alerts of the faulted services only, naming each, at its own levels', async () => {
    // Healthy at first: nothing fires for any service.
    await rig.waitFor(
      async () =>
        (await rig.query(buildPromQL('http_error_rate', { ...perServiceOptions(undefined), window: WINDOW })))
          .length === SERVICES,
      30_000,
      'an error rate per service'
    );
    expect((await alerts()).filter((a) => a.state === 'firing')).toEqual([]);

    await rig.simulators[FLEET].setScenario('error-burst', FAULTED);
    await rig.simulators[FLEET].setScenario('error-burst', TOLERANT);
    const critical = alertName('http_error_rate', 'critical');
    const warning = alertName('http_error_rate', 'warning');
    const started = Date.now();
    const firingFor = (list: PrometheusAlert[], name: string, job: string) =>
      list.some((a) => a.labels.alertname === name && a.labels.job === job && a.state === 'firing');
    await rig.waitFor(
      async () => {
        const now = await alerts();
        return firingFor(now, critical, FAULTED) && firingFor(now, warning, TOLERANT);
      },
      90_000,
      `${critical} firing for ${FAULTED} and ${warning} for ${TOLERANT}`,
      1000
    );
    const firing = (await alerts()).filter((a) => a.state === 'firing');
    report.out(
      `error-burst on ${FAULTED} and ${TOLERANT}: ${critical} firing after ${Date.now() - started} ms; firing: ${firing.map((a) => `${a.labels.alertname}{job=${a.labels.job}}`).join(', ')}`
    );
    expect([...new Set(firing.map((a) => a.labels.job))].sort()).toEqual([TOLERANT, FAULTED].sort());
    const alert = firing.find((a) => a.labels.alertname === critical)!;
    expect(alert.labels).toMatchObject({ severity: 'critical', area: 'http', job: FAULTED });
    expect(alert.annotations.summary).toBe(`HTTP error rate is above 10 % in ${FAULTED} (critical)`);
    // Checkout's own critical level (90 %) holds: its error rate warns, and is not critical.
    expect(firing.filter((a) => a.labels.job === TOLERANT && a.labels.alertname === critical)).toEqual([]);
    // The recorded health score is per service: the two faulted services score lowest, the rest stay high.
    await rig.waitFor(
      async () => {
        const scores = await rig.query('perfscope:health_score');
        const low = scores
          .filter((x) => x.value < 90)
          .map((x) => x.labels.job)
          .sort();
        return scores.length === SERVICES && low.join() === [TOLERANT, FAULTED].sort().join();
      },
      60_000,
      `a health score per service, below 90 for ${FAULTED} and ${TOLERANT} only`,
      1000
    );
    const scores = new Map((await rig.query('perfscope:health_score')).map((x) => [x.labels.job, x.value]));
    report.out(`health score per service: ${[...scores].map(([job, v]) => `${job} ${v.toFixed(1)}`).join(', ')}`);
    expect(await rig.value(buildPromQL('health_score'))).toBe(Math.min(...scores.values()));
    // With a service matcher (a dashboard's service variable) it is that service's score, not the fleet's worst.
    const [healthy, healthyScore] = [...scores].find(([job]) => job !== TOLERANT && job !== FAULTED)!;
    expect(
      await rig.value(buildPromQL('health_score', { matchers: [{ label: 'job', op: '=~', value: healthy }] }))
    ).toBe(healthyScore);
    expect(firing.find((a) => a.labels.job === TOLERANT && a.labels.alertname === warning)?.annotations.summary).toBe(
      `HTTP error rate is above 5 % in ${TOLERANT} (warning)`
    );

    // Each faulted service's error-rate component is its curve at its error rate, the tolerant one on
    // its own levels: the same fault costs checkout far fewer points than payments.
    const record = componentRecord('http_error_rate');
    const errorRate = buildPromQL(getSignal('http_error_rate'), { ...perServiceOptions(SETTINGS), window: WINDOW });
    const components = new Map<string, number>();
    for (const job of [TOLERANT, FAULTED]) {
      // The rule's value and its evaluation time; the error rate at that time is what the rule read.
      const at = await rig.value(`timestamp(${record}{job="${job}"})`);
      const score = await rig.value(`${record}{job="${job}"}`);
      const rate = (await rig.query(errorRate, at)).find((x) => x.labels.job === job)?.value;
      const check = healthScoreConfig(SETTINGS, { service: job });
      const curve = check.ok
        ? check.config.components.find((c) => c.signal.id === 'http_error_rate')?.curve
        : undefined;
      expect(curve && rate !== undefined && score !== undefined).toBe(true);
      expect(score!).toBeCloseTo(componentScore(rate!, curve!)!, 6);
      components.set(job, score!);
      report.out(`${job}: error rate ${(rate! * 100).toFixed(1)} %, error-rate component ${score!.toFixed(1)}`);
    }
    expect(components.get(TOLERANT)!).toBeGreaterThan(components.get(FAULTED)! + 20);

    await rig.simulators[FLEET].setScenario('normal');
  }, 150_000);
});
