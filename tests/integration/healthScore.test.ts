/**
 * The health score's PromQL and its TypeScript model agree on real Prometheus: for each scenario, the
 * component values are queried at one instant, scored and weighed in TypeScript, and compared with
 * the composite expression evaluated at the same instant and with what the recording rule
 * `perfscope:health_score` recorded. Apdex is checked against the raw bucket counts too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type Bucket,
  type CatalogOptions,
  type HealthScoreConfig,
  type PerfscopeSettings,
  apdexFromBuckets,
  apdexTarget,
  buildPromQL,
  componentScore,
  componentValuePromQL,
  composite,
  compositePromQL,
  healthScoreConfig,
  healthScoreRecordingRule,
} from '@perfscope/catalog';
import { PrometheusRig, request } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

const WINDOW = '15s';
const SPEED = '5';
/** PromQL and TypeScript compute the same float operations in the same order: only rounding may differ. */
const TOLERANCE = 1e-9;
const SCENARIOS = ['normal', 'error-burst', 'latency-spike', 'db-down', 'cache-cold', 'overload'] as const;
const job = (scenario: string) => `sim-${scenario}`;
const optionsFor = (jobName: string): Partial<CatalogOptions> => ({
  window: WINDOW,
  matchers: [{ label: 'job', op: '=', value: jobName }],
});
/** Admin settings that change thresholds, weights and Apdex T, to prove they reach both forms. */
const TUNED: PerfscopeSettings = {
  signals: { http_error_rate: { warning: 0.01, critical: 0.03 }, cache_hit_ratio: { warning: 0.95 } },
  health: { weights: { http_error_rate: 5, system_load1: 0 }, apdexT: 0.25 },
};

let rig: PrometheusRig;
let rulesDir: string;
const report = suiteReport('integration-health-score.txt');
const out = report.out;

/** Every sample of an instant query evaluated at `time` (seconds). */
async function queryAt(expr: string, time: number): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const response = await request(
    `${rig.url}/api/v1/query?${new URLSearchParams({ query: expr, time: time.toFixed(3) })}`
  );
  const body = JSON.parse(response.text) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') {
    throw new Error(`Prometheus rejected ${expr}: ${body.error}`);
  }
  return body.data.result.map((r) => ({ labels: r.metric, value: parseValue(r.value[1]) }));
}

/** The raw samples `[time, value]` of a range selector with one series. */
async function recordedSamples(selector: string): Promise<Array<[number, string]>> {
  const response = await request(`${rig.url}/api/v1/query?${new URLSearchParams({ query: selector })}`);
  const body = JSON.parse(response.text) as { data: { result: Array<{ values: Array<[number, string]> }> } };
  return body.data.result[0]?.values ?? [];
}

const parseValue = (text: string) => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

async function valueAt(expr: string, time: number): Promise<number | undefined> {
  const samples = await queryAt(expr, time);
  if (samples.length > 1) {
    throw new Error(`${expr} returned ${samples.length} series.`);
  }
  return samples[0]?.value;
}

const configOf = (settings?: PerfscopeSettings): HealthScoreConfig => {
  const check = healthScoreConfig(settings);
  if (!check.ok) {
    throw new Error(check.errors.join(' '));
  }
  return check.config;
};

/** The TypeScript score from component values Prometheus returns at `time`. */
async function typescriptScore(config: HealthScoreConfig, jobName: string, time: number, prefix = '') {
  const options = { ...optionsFor(jobName), prefix };
  const parts = await Promise.all(
    config.components.map(async (c) => {
      const value = await valueAt(componentValuePromQL(c, config.apdex, options), time);
      return { id: c.signal.id, weight: c.weight, value, score: componentScore(value, c.curve) };
    })
  );
  return { parts, result: composite(parts) };
}

const fmt = (v: number | undefined) => (v === undefined ? 'no data' : Number(v.toPrecision(6)).toString());

beforeAll(async () => {
  rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-health-rules-'));
  const rules = SCENARIOS.map((scenario) => ({
    ...healthScoreRecordingRule(undefined, optionsFor(job(scenario))),
    labels: { scenario },
  }));
  // JSON is YAML: Prometheus reads this rule file as is.
  const ruleFile = path.join(rulesDir, 'health.rules.yml');
  fs.writeFileSync(ruleFile, JSON.stringify({ groups: [{ name: 'perfscope-health', interval: '1s', rules }] }));
  rig = await PrometheusRig.start(
    {
      simulators: [
        ...SCENARIOS.map((scenario, i) => ({
          job: job(scenario),
          args: ['--speed', SPEED, '--seed', String(i + 11), '--scenario', scenario],
        })),
        { job: 'sim-prefixed', args: ['--speed', SPEED, '--prefix', 'shop_'] },
      ],
      ruleFiles: [ruleFile],
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
  // Enough scrapes for every rate over the window to have two points, on every job.
  await rig.waitFor(
    async () =>
      ((await rig.value(`min(count_over_time(up{job=~"sim-.*"}[1m]))`)) ?? 0) >= 6 &&
      (await rig.query('perfscope:health_score')).length === SCENARIOS.length,
    60_000,
    'six scrapes of every simulator and a recorded score per scenario',
    1000
  );
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  if (rulesDir) {
    fs.rmSync(rulesDir, { recursive: true, force: true });
  }
  report.save();
});

describe('health score: PromQL and TypeScript agree on real Prometheus', () => {
  it.each([
    ['catalog defaults', undefined],
    ['tuned settings', TUNED],
  ])('the composite expression equals the TypeScript score under every scenario (%s)', async (name, settings) => {
    const config = configOf(settings);
    const time = Date.now() / 1000 - 1;
    out(`\ncomposite at one instant, ${name}: scenario → PromQL / TypeScript, then each component value→score`);
    const rows = await Promise.all(
      SCENARIOS.map(async (scenario) => {
        const promql = await valueAt(compositePromQL(config, optionsFor(job(scenario))), time);
        const ts = await typescriptScore(config, job(scenario), time);
        return { scenario, promql, ts };
      })
    );
    for (const { scenario, promql, ts } of rows) {
      const parts = ts.parts.map((p) => `${p.id}=${fmt(p.value)}→${fmt(p.score)}`).join(' ');
      out(`  ${scenario.padEnd(14)} ${fmt(promql).padStart(9)} / ${fmt(ts.result.score).padStart(9)}   ${parts}`);
    }
    for (const { scenario, promql, ts } of rows) {
      expect({ scenario, missing: ts.result.missing }).toEqual({ scenario, missing: [] });
      expect(promql).toBeDefined();
      expect({ scenario, diff: Math.abs(promql! - ts.result.score!) < TOLERANCE }).toEqual({ scenario, diff: true });
    }
    if (!settings) {
      const by = Object.fromEntries(rows.map((r) => [r.scenario, r.promql!]));
      expect(by.normal).toBeGreaterThanOrEqual(90);
      expect(by['error-burst']).toBeLessThan(70);
      for (const fault of SCENARIOS.filter((s) => s !== 'normal')) {
        expect({ fault, below: by[fault] < by.normal }).toEqual({ fault, below: true });
      }
    }
  });

  it('the recorded perfscope:health_score equals the TypeScript score at the instant it was recorded', async () => {
    const config = configOf();
    out('\nrecording rule perfscope:health_score: scenario → recorded / TypeScript at the same instant');
    for (const scenario of SCENARIOS) {
      const series = await recordedSamples(`perfscope:health_score{scenario="${scenario}"}[10s]`);
      expect(series.length).toBeGreaterThan(0);
      const [time, text] = series[series.length - 1];
      const recorded = parseValue(text);
      const ts = await typescriptScore(config, job(scenario), time);
      out(`  ${scenario.padEnd(14)} ${fmt(recorded).padStart(9)} / ${fmt(ts.result.score).padStart(9)}  (at ${time})`);
      expect({ scenario, diff: Math.abs(recorded - ts.result.score!) < TOLERANCE }).toEqual({ scenario, diff: true });
    }
  });

  it('reports missing components and renormalises, in both forms; with no component at all there is no score', async () => {
    // Queried without the prefix, only node_load1 (never prefixed) has data on the prefixed simulator.
    const config = configOf();
    const time = Date.now() / 1000 - 1;
    const promql = await valueAt(compositePromQL(config, optionsFor('sim-prefixed')), time);
    const ts = await typescriptScore(config, 'sim-prefixed', time);
    out(
      `\nprefixed simulator read without the prefix: PromQL ${fmt(promql)}, TypeScript ${fmt(ts.result.score)}, missing ${ts.result.missing.join(', ')}`
    );
    expect(ts.result.missing).toEqual(config.components.map((c) => c.signal.id).filter((id) => id !== 'system_load1'));
    expect(ts.result.weightWithData).toBe(0.5);
    expect(Math.abs(promql! - ts.result.score!)).toBeLessThan(TOLERANCE);

    expect(await valueAt(compositePromQL(config, optionsFor('no-such-job')), time)).toBeUndefined();
    expect((await typescriptScore(config, 'no-such-job', time)).result.score).toBeUndefined();
  });
});

describe('Apdex from real bucket data', () => {
  it.each([[0.5], [0.25], [0.3]])('T = %p s: the PromQL equals the Apdex of the bucket counts', async (t) => {
    const check = apdexTarget(t);
    if (!check.ok) {
      throw new Error(check.message);
    }
    const time = Date.now() / 1000 - 1;
    const options = optionsFor(job('latency-spike'));
    const buckets: Bucket[] = (
      await queryAt(
        `sum by (le) (rate(http_request_duration_seconds_bucket{job="${job('latency-spike')}"}[${WINDOW}]))`,
        time
      )
    ).map((s) => ({ le: parseValue(s.labels.le), count: s.value }));
    const fromBuckets = apdexFromBuckets(buckets, check.target);
    const promql = await valueAt(buildPromQL('http_apdex', { ...options, apdexT: t }), time);
    out(
      `\nApdex T=${t} (buckets ${check.target.t}/${check.target.fourT}) under latency-spike: buckets ${fmt(fromBuckets)}, PromQL ${fmt(promql)}${check.target.notes.length ? `; ${check.target.notes.join(' ')}` : ''}`
    );
    expect(fromBuckets).toBeDefined();
    expect(Math.abs(promql! - fromBuckets!)).toBeLessThan(TOLERANCE);
    expect(fromBuckets!).toBeGreaterThan(0);
    expect(fromBuckets!).toBeLessThan(1);
  });
});
