/**
 * From a spike to its cause on real Prometheus, over a backfilled fortnight: a deploy that slows one
 * service's p95 by 30 % fires the week-over-week regression alert and its deploy marker sits at the
 * deploy; a signal with a daily rhythm stays inside its normal band (learnt from the same hour in the
 * past weeks), and an injected spike leaves it.
 *
 * History goes in as blocks (promtool): the raw requests of the last week and an hour (the regression
 * compares with a week ago), the build info, and the recorded p95 per service every 5 minutes for 15
 * days (the band rules' input, as `perfscope-signals-recording` would have written it). The band
 * rules themselves run on Prometheus, live, every second.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  BAND,
  bandRecordName,
  alertName,
  bandRules,
  buildPrometheusAlertGroups,
  buildPromQL,
  deployPromQL,
  getMetric,
  perServiceOptions,
  recordName,
} from '@perfscope/catalog';
import { bucketCounts } from '../../scripts/generate/promtool/fixtures';
import { type BackfillSeries, backfillRules, backfillSeries } from '../rig/backfill';
import { PrometheusRig } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

const MINUTE = 60;
const DAY = 86_400;
const WEEK = 7 * DAY;
/** The deploy: 40 minutes before the end, from 1.4.0 to 1.5.0, the p95 from 0.5 s to 0.65 s. */
const DEPLOY_AGE = 40 * MINUTE;
const P95 = { before: 0.5, after: 0.65 };
const PER_MINUTE = 600;

type Service = 'deployed' | 'steady';
const SERVICES: Service[] = ['deployed', 'steady'];

const report = suiteReport('integration-trends.txt');
let work: string;
let rig: PrometheusRig | undefined;
let end: number;

const p95Of = (job: Service, age: number) => (job === 'deployed' && age < DEPLOY_AGE ? P95.after : P95.before);
/** The deploy also triples the share of server errors, from 1 % to 3 %. */
const ERRORS = { before: 0.01, after: 0.03 };
const errorsOf = (job: Service, age: number) => (job === 'deployed' && age < DEPLOY_AGE ? ERRORS.after : ERRORS.before);

/** Requests and their duration histogram, a sample a minute, counters growing by a minute's requests at a time. */
function requests(start: number): BackfillSeries[] {
  const buckets = getMetric('http_request_duration_seconds').buckets!;
  const route = { method: 'GET', route: '/tracks/:id' };
  return SERVICES.flatMap((job) => {
    // Cumulative per-bucket counts: each minute adds the bucket counts that put the p95 at the profile's value.
    const cumulative = (perMinute: (age: number) => number) => {
      const memo = new Map<number, number>();
      let total = 0;
      for (let t = start; t <= end; t += MINUTE) {
        total += perMinute(end - t);
        memo.set(t, total);
      }
      return (t: number) => memo.get(t) ?? 0;
    };
    const le = [...buckets.map(String), '+Inf'];
    const bucketSeries = le.map((bound, j) => ({
      name: 'http_request_duration_seconds_bucket',
      labels: { job, ...route, status_code: '200', le: bound },
      value: cumulative((age) => (j < buckets.length ? bucketCounts(buckets, 0.95, p95Of(job, age))[j] : PER_MINUTE)),
    }));
    const all = cumulative(() => PER_MINUTE);
    const errors = cumulative((age) => PER_MINUTE * errorsOf(job, age));
    return [
      ...bucketSeries,
      { name: 'http_requests_total', labels: { job, ...route, status_code: '500' }, value: errors },
      { name: 'http_requests_total', labels: { job, ...route, status_code: '200' }, value: (t) => all(t) - errors(t) },
    ];
  });
}

/** The build each service runs: `deployed` moves to 1.5.0 at the deploy. */
function builds(): BackfillSeries[] {
  return [
    {
      name: 'app_build_info',
      labels: { job: 'deployed', version: '1.4.0', commit: 'a1b2c3d' },
      value: (t) => (end - t > DEPLOY_AGE ? 1 : undefined),
    },
    {
      name: 'app_build_info',
      labels: { job: 'deployed', version: '1.5.0', commit: 'e4f5a6b' },
      value: (t) => (end - t <= DEPLOY_AGE ? 1 : undefined),
    },
    { name: 'app_build_info', labels: { job: 'steady', version: '2.0.1', commit: '0f9e8d7' }, value: () => 1 },
  ];
}

/**
 * The recorded p95 with a daily rhythm (0.3 s ± 0.1 s, at its peak at the end) and a small,
 * repeatable ripple; `spiking` triples it for the last 15 minutes.
 */
const rhythm = (t: number) =>
  0.3 + 0.1 * Math.cos((2 * Math.PI * (t - end)) / DAY) + 0.005 * Math.sin((2 * Math.PI * (t - end)) / 1500);
const BANDED = { rhythmic: rhythm, spiking: (t: number) => rhythm(t) * (end - t < 15 * MINUTE ? 3 : 1) };

function recordedP95(): BackfillSeries[] {
  return Object.entries(BANDED).map(([job, value]) => ({
    name: recordName('http_latency_p95'),
    labels: { job },
    value,
  }));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-trends-'));
  const storage = path.join(work, 'tsdb');
  // A whole minute a little ago: the newest samples are within the instant queries' 5-minute lookback.
  end = Math.floor(Date.now() / 1000 / MINUTE) * MINUTE - MINUTE;
  const started = Date.now();
  const raw = await backfillSeries(
    requests(end - WEEK - 3600),
    { start: end - WEEK - 3600, end, step: MINUTE },
    {
      storage,
      workDir: work,
    }
  );
  const build = await backfillSeries(
    builds(),
    { start: end - WEEK - 3600, end, step: MINUTE },
    {
      storage,
      workDir: work,
    }
  );
  const recorded = await backfillSeries(
    recordedP95(),
    { start: end - 15 * DAY, end, step: 5 * MINUTE },
    {
      storage,
      workDir: work,
    }
  );
  report.out(
    `backfilled ${raw.samples.toLocaleString('en')} raw, ${build.samples.toLocaleString('en')} build and ${recorded.samples.toLocaleString('en')} recorded samples in ${Date.now() - started} ms`
  );
  // The band's rules over the last 10 minutes, by level (promtool evaluates each rule alone): the
  // expected value and spread from the history, then the bounds and the distance from them.
  const rules = bandRules('http_latency_p95');
  const passes = [rules.slice(0, 2), rules.slice(2)];
  for (const [i, pass] of passes.entries()) {
    const file = path.join(work, `bands-${i + 1}.yml`);
    fs.writeFileSync(file, JSON.stringify({ groups: [{ name: 'perfscope-anomaly-bands', rules: pass }] }));
    rig = await startRig(storage);
    const t0 = Date.now();
    await backfillRules(file, { start: end - 600, end, interval: '60s' }, rig.url, storage);
    report.out(
      `band rules backfilled (pass ${i + 1}: ${pass.map((r) => r.record).join(', ')}) in ${Date.now() - t0} ms`
    );
    await rig.stop();
    rig = undefined;
  }
  rig = await startRig(storage);
}, 600_000);

function startRig(storage: string): Promise<PrometheusRig> {
  // Keep the fortnight whatever the default retention.
  return PrometheusRig.start({ simulators: [], storage, prometheusArgs: ['--storage.tsdb.retention.time=90d'] });
}

afterAll(async () => {
  await rig?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  report.save();
});

const byJob = (samples: Array<{ labels: Record<string, string>; value: number }>) =>
  Object.fromEntries(samples.map((s) => [s.labels.job, s.value]));

describe('a deploy that slows the p95 by 30 %', () => {
  it('reads 30 % worse than last week for that service only', async () => {
    const wow = byJob(await rig!.query(buildPromQL('http_latency_p95_wow', perServiceOptions(undefined)), end));
    report.out(
      `p95 vs last week: deployed ${(wow.deployed * 100).toFixed(1)} %, steady ${(wow.steady * 100).toFixed(1)} %`
    );
    expect(wow.deployed).toBeCloseTo(P95.after / P95.before - 1, 6);
    expect(wow.steady).toBeCloseTo(0, 6);
  });

  it('reads its error rate 200 % higher than last week (three times as many errors), the other service’s unchanged', async () => {
    const wow = byJob(await rig!.query(buildPromQL('http_error_rate_wow', perServiceOptions(undefined)), end));
    report.out(
      `error rate vs last week: deployed ${(wow.deployed * 100).toFixed(1)} %, steady ${(wow.steady * 100).toFixed(1)} %`
    );
    expect(wow.deployed).toBeCloseTo(ERRORS.after / ERRORS.before - 1, 6);
    expect(wow.steady).toBeCloseTo(0, 6);
  });

  it('fires the regression alert for that service: its condition holds for longer than its `for`', async () => {
    const name = alertName('http_latency_p95_wow', 'warning');
    const alert = buildPrometheusAlertGroups(undefined)
      .flatMap((g) => g.rules)
      .find((r) => 'alert' in r && r.alert === name);
    if (!alert || !('alert' in alert)) {
      throw new Error(`The generated rules have no ${name}.`);
    }
    const holdFor = 15 * MINUTE;
    expect(alert.for).toBe('15m');
    // Every minute from the first rate window wholly after the deploy to the end: the deployed service only.
    for (let t = end - DEPLOY_AGE + 6 * MINUTE; t <= end; t += MINUTE) {
      expect(Object.keys(byJob(await rig!.query(alert.expr, t)))).toEqual(['deployed']);
    }
    expect(DEPLOY_AGE - 6 * MINUTE).toBeGreaterThan(holdFor);
    // Before the deploy the condition is false for both.
    expect(await rig!.query(alert.expr, end - DEPLOY_AGE - MINUTE)).toEqual([]);
  });

  it('has its deploy marker at the deploy, and none for the service that did not deploy', async () => {
    const expr = deployPromQL(perServiceOptions(undefined));
    const marks: Array<{ t: number; job: string; version: string }> = [];
    for (let t = end - 2 * 3600; t <= end; t += MINUTE) {
      for (const s of await rig!.query(expr, t)) {
        marks.push({ t, job: s.labels.job, version: s.labels.version });
      }
    }
    report.out(`deploy marks: ${marks.map((m) => `${m.job} ${m.version} at -${(end - m.t) / 60} min`).join(', ')}`);
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks.map((m) => `${m.job} ${m.version}`))).toEqual(new Set(['deployed 1.5.0']));
    // The first mark is the deploy's minute.
    expect(end - Math.min(...marks.map((m) => m.t))).toBe(DEPLOY_AGE);
  });
});

describe('normal bands learnt from the past weeks', () => {
  const band = async (job: string) => {
    const part = async (p: 'expected' | 'upper' | 'lower' | 'anomaly') =>
      (await rig!.query(`${bandRecordName('http_latency_p95', p)}{job="${job}"}`, end))[0]?.value;
    return {
      value: (await rig!.query(`${recordName('http_latency_p95')}{job="${job}"}`, end))[0]?.value,
      expected: await part('expected'),
      upper: await part('upper'),
      lower: await part('lower'),
      anomaly: await part('anomaly'),
    };
  };

  it('keep the daily rhythm inside the band, at the level of this hour (not the day’s mean)', async () => {
    const b = await band('rhythmic');
    report.out(
      `rhythmic: value ${b.value?.toFixed(3)} s, band ${b.lower?.toFixed(3)}–${b.upper?.toFixed(3)} s, anomaly ${b.anomaly?.toFixed(2)}`
    );
    expect(b.value).toBeGreaterThan(b.lower!);
    expect(b.value).toBeLessThan(b.upper!);
    expect(Math.abs(b.anomaly!)).toBeLessThan(BAND.width);
    // At the daily peak (0.4 s) the expected value follows the hour, far from the day's mean (0.3 s).
    expect(b.expected!).toBeGreaterThan(0.38);
  });

  it('put an injected spike outside the band, and the anomaly signal past its threshold', async () => {
    const b = await band('spiking');
    report.out(
      `spiking: value ${b.value?.toFixed(3)} s, band ${b.lower?.toFixed(3)}–${b.upper?.toFixed(3)} s, anomaly ${b.anomaly?.toFixed(2)}`
    );
    expect(b.value).toBeGreaterThan(b.upper!);
    expect(b.anomaly!).toBeGreaterThan(BAND.width);
    const signal = byJob(await rig!.query(buildPromQL('http_latency_p95_anomaly', perServiceOptions(undefined)), end));
    expect(signal.spiking).toBeGreaterThan(3);
    expect(signal.rhythmic).toBeLessThan(3);
  });
});
