/**
 * The objectives' recording rules over a backfilled month on real Prometheus, compared with the
 * catalog's arithmetic on hand-computed shares: each recorded error ratio, the budget left and the
 * burn rate. History goes in as blocks (promtool): the last days as raw counters, from which promtool
 * evaluates the base rules (the 5-minute rates); the weeks before as the base rules' own series,
 * written as they would have recorded them (rebuilding a month of blocks from raw samples takes
 * promtool many minutes here). The rules reading rules then run over the last minutes, one pass
 * per level. Rules are evaluated every 5 minutes, as a month-long history's would be.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  type ObjectiveKind,
  buildSloRuleGroups,
  budgetRemaining,
  burnRate,
  objectivesOf,
  sloRecord,
  SLO_BUDGET_RECORD,
  timeToExhaustion,
} from '@perfscope/catalog';
import { type BackfillSeries, backfillRules, backfillSeries } from '../rig/backfill';
import { PrometheusRig } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

const DAY = 86_400;
const PERIOD = 30 * DAY;
/** Raw samples a minute apart; rules (and the base rules' history) every 5 minutes. */
const STEP = 60;
const EVAL = 300;
/** Raw counters for the last days (the 3-day burn window's and more). */
const RAW = 4 * DAY;
/** Requests a minute per service. */
const PER_MINUTE = 600;

/**
 * Each service's shares of bad requests: `steady` the same all month; `burning` calm for 29 days
 * and then, for the last day, 2 % server errors (20× its budget) and more slow requests.
 */
const PROFILES = {
  steady: { errors: () => 0.0005, slow: () => 0.005 },
  burning: {
    errors: (age: number) => (age < DAY ? 0.02 : 0.0001),
    slow: (age: number) => (age < DAY ? 0.004 : 0.002),
  },
} as const;
type Service = keyof typeof PROFILES;

const report = suiteReport('integration-slo-budget.txt');
let work: string;
let rig: PrometheusRig | undefined;
let end: number;

/** The share of bad requests of a kind at an age (seconds before the end). */
const shareOf = (job: Service, kind: ObjectiveKind) =>
  kind === 'availability' ? PROFILES[job].errors : PROFILES[job].slow;

/** Raw counters for the last RAW seconds: they grow by each minute's requests, at the profile's shares. */
function rawHistory(endSeconds: number): BackfillSeries[] {
  const route = { method: 'GET', route: '/tracks/:id' };
  const start = endSeconds - RAW - 600;
  return (Object.keys(PROFILES) as Service[]).flatMap((job) => {
    const cumulative = (share: (age: number) => number) => {
      const memo = new Map<number, number>();
      let total = 0;
      for (let t = start; t <= endSeconds; t += STEP) {
        total += PER_MINUTE * share(endSeconds - t);
        memo.set(t, total);
      }
      return (t: number) => memo.get(t) ?? 0;
    };
    const errors = cumulative(shareOf(job, 'availability'));
    const slow = cumulative(shareOf(job, 'latency'));
    const all = cumulative(() => 1);
    return [
      { name: 'http_requests_total', labels: { job, ...route, status_code: '500' }, value: errors },
      { name: 'http_requests_total', labels: { job, ...route, status_code: '200' }, value: (t) => all(t) - errors(t) },
      {
        name: 'http_request_duration_seconds_bucket',
        labels: { job, ...route, le: '1' },
        value: (t) => all(t) - slow(t),
      },
      { name: 'http_request_duration_seconds_count', labels: { job, ...route }, value: all },
    ];
  });
}

/** The base rules' series before the raw days: the per-second rates the rules record, per objective. */
function recordedHistory(): BackfillSeries[] {
  const rate = PER_MINUTE / 60;
  return (Object.keys(PROFILES) as Service[]).flatMap((job) =>
    (['availability', 'latency'] as ObjectiveKind[]).flatMap((objective) => [
      { name: sloRecord('requests', '5m'), labels: { job, objective }, value: () => rate },
      {
        name: sloRecord('errors', '5m'),
        labels: { job, objective },
        value: (t: number) => rate * shareOf(job, objective)(end - t),
      },
    ])
  );
}

/** The share of bad requests over the last `seconds` before the end, by hand from the profile. */
function expectedRatio(job: Service, kind: ObjectiveKind, seconds: number): number {
  const share = shareOf(job, kind);
  let bad = 0;
  let n = 0;
  for (let age = 0; age < seconds; age += EVAL) {
    bad += share(age);
    n += 1;
  }
  return bad / n;
}

async function startRig(storage: string): Promise<PrometheusRig> {
  // Keep the month: Prometheus's default retention (15 days) would drop half of it.
  return PrometheusRig.start({ simulators: [], storage, prometheusArgs: ['--storage.tsdb.retention.time=90d'] });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-slo-month-'));
  const storage = path.join(work, 'tsdb');
  // A whole minute, some minutes ago: the last samples are history, not the head block.
  end = Math.floor(Date.now() / 1000 / STEP) * STEP - 5 * STEP;
  const started = Date.now();
  const raw = await backfillSeries(
    rawHistory(end),
    { start: end - RAW - 600, end, step: STEP },
    { storage, workDir: work }
  );
  const recordedBefore = await backfillSeries(
    recordedHistory(),
    // Up to the first evaluation over the raw days, every EVAL seconds like the rules.
    { start: end - PERIOD, end: end - RAW - EVAL, step: EVAL },
    { storage, workDir: work }
  );
  report.out(
    `backfilled ${raw.samples.toLocaleString('en')} raw and ${recordedBefore.samples.toLocaleString('en')} recorded samples over 30 days in ${Date.now() - started} ms`
  );

  // The rules by level: the 5-minute rates over the month, then the windows and the period from
  // them, then the budget left from the period (promtool evaluates each rule alone).
  const groups = buildSloRuleGroups(undefined);
  const level = (record: (name: string) => boolean) =>
    groups.map((g) => ({
      ...g,
      rules: g.rules.filter((r) => 'record' in r && record(r.record)),
    }));
  const base = (name: string) => name.endsWith(':rate5m');
  const passes: Array<{ name: string; rules: ReturnType<typeof level>; start: number }> = [
    { name: 'base rates', rules: level(base), start: end - RAW },
    { name: 'windows and period', rules: level((n) => !base(n) && n !== SLO_BUDGET_RECORD), start: end - 600 },
    { name: 'budget', rules: level((n) => n === SLO_BUDGET_RECORD), start: end - 600 },
  ];
  for (const pass of passes) {
    const file = path.join(work, `${pass.name.replace(/\W+/g, '-')}.yml`);
    fs.writeFileSync(file, JSON.stringify({ groups: pass.rules.filter((g) => g.rules.length > 0) }));
    rig = await startRig(storage);
    const t0 = Date.now();
    await backfillRules(file, { start: pass.start, end, interval: `${EVAL}s` }, rig.url, storage);
    report.out(`rules backfilled (${pass.name}) in ${Date.now() - t0} ms`);
    await rig.stop();
    rig = undefined;
  }
  rig = await startRig(storage);
}, 600_000);

afterAll(async () => {
  await rig?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  report.save();
});

/** A recorded value at the end of the month. */
async function recorded(name: string, job: Service, kind: ObjectiveKind): Promise<number | undefined> {
  const samples = await rig!.query(`${name}{job="${job}",objective="${kind}"}`, end);
  return samples[0]?.value;
}

describe('error budgets over a backfilled month', () => {
  it.each([
    ['steady', 'availability'],
    ['burning', 'availability'],
    ['steady', 'latency'],
    ['burning', 'latency'],
  ] as Array<[Service, ObjectiveKind]>)(
    '%s %s: the recorded ratios, budget left and burn rate are the arithmetic of its shares',
    async (job, kind) => {
      const objective = objectivesOf(undefined).find((o) => o.kind === kind)!;
      const periodRatio = expectedRatio(job, kind, PERIOD);
      const hourRatio = expectedRatio(job, kind, 3600);
      const ratio = await recorded(sloRecord('error_ratio', objective.period), job, kind);
      const budget = await recorded(SLO_BUDGET_RECORD, job, kind);
      const hour = await recorded(sloRecord('error_ratio', '1h'), job, kind);
      if ([ratio, budget, hour].some((v) => v === undefined)) {
        const names = await rig!.query(`count by (__name__) ({objective="${kind}",job="${job}"})`, end);
        throw new Error(
          `No recorded ${[ratio === undefined ? 'period ratio' : '', budget === undefined ? 'budget' : '', hour === undefined ? '1-hour ratio' : ''].filter(Boolean).join(', ')} for ${job} ${kind}; recorded at the end: ${names.map((n) => n.labels.__name__).join(', ') || 'nothing'}.`
        );
      }
      // The rates of the month's first minutes and the edges of a window differ by a few samples.
      expect(ratio!).toBeCloseTo(periodRatio, 5);
      expect(Math.abs(ratio! / periodRatio - 1)).toBeLessThan(0.01);
      // The budget rule's own input: the period ratio at the budget's evaluation.
      const at = (await rig!.query(`timestamp(${SLO_BUDGET_RECORD}{job="${job}",objective="${kind}"})`, end))[0]?.value;
      const ratioThen = (
        await rig!.query(`${sloRecord('error_ratio', objective.period)}{job="${job}",objective="${kind}"}`, at)
      )[0]?.value;
      expect(budget!).toBeCloseTo(budgetRemaining(ratioThen, objective.target)!, 9);
      expect(Math.abs(budget! - budgetRemaining(periodRatio, objective.target)!)).toBeLessThan(0.01);
      const burn = burnRate(hour!, objective.target)!;
      expect(Math.abs(burn / burnRate(hourRatio, objective.target)! - 1)).toBeLessThan(0.01);
      const left = timeToExhaustion(budget, burn, objective.periodSeconds);
      report.out(
        `${job} ${kind}: ${objective.period} ratio ${(ratio! * 100).toFixed(4)} % (by hand ${(periodRatio * 100).toFixed(4)} %), budget left ${(budget! * 100).toFixed(2)} %, burn ${burn.toFixed(2)}×, gone in ${left === undefined ? 'never' : `${(left / 3600).toFixed(1)} h`}`
      );
    },
    60_000
  );

  it('spends the burning service’s budget a day before the steady one’s', async () => {
    const burning = await recorded(SLO_BUDGET_RECORD, 'burning', 'availability');
    const steady = await recorded(SLO_BUDGET_RECORD, 'steady', 'availability');
    // Steady: 0.05 % errors spend half of a 0.1 % budget. Burning: 29 calm days and one at 2 %.
    expect(steady!).toBeCloseTo(0.5, 2);
    // Within 1 % of the budget, as above: the period's first and last evaluations fall where they may.
    expect(Math.abs(burning! - (1 - (29 * 0.0001 + 0.02) / 30 / 0.001))).toBeLessThan(0.01);
    // At 20× the budget left lasts hours, not days.
    const hours = timeToExhaustion(burning, 20, PERIOD)! / 3600;
    expect(hours).toBeGreaterThan(6);
    expect(hours).toBeLessThan(12);
  });
});
