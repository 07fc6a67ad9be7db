import {
  SIGNALS,
  type SignalDef,
  type Status,
  buildPromQL,
  evaluate,
  getSignal,
  readsLastWeek,
} from '@perfscope/catalog';
import { SCENARIO_SIGNALS } from '@perfscope/simulator';
import { PrometheusRig } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

/**
 * Every catalog signal against real Prometheus fed by the simulator: healthy under `normal`, past
 * critical within a bounded number of scrapes under each fault, and back after `normal`.
 * Each scenario has its own simulator (job `sim-<scenario>`), so all run at once.
 */
const WINDOW = '15s';
const SPEED = '5';
const MAX_SCRAPES_TO_CRITICAL = 45;
const MAX_SCRAPES_TO_RECOVER = 60;

const FAULTS = Object.keys(SCENARIO_SIGNALS) as Array<keyof typeof SCENARIO_SIGNALS>;
const job = (scenario: string) => `sim-${scenario}`;
/**
 * The signals read from the simulators' metrics: not those that read a recording rule (the health
 * score, the distances from normal: proven where those rules run) nor those that compare with last
 * week (tests/integration/trends.test.ts, on a backfilled fortnight).
 */
const signals = (SIGNALS as readonly SignalDef[]).filter((s) => s.metrics.length > 0 && !readsLastWeek(buildPromQL(s)));
const expr = (signal: string | SignalDef, jobName: string, extra: object = {}) =>
  buildPromQL(signal, { window: WINDOW, matchers: [{ label: 'job', op: '=', value: jobName }], ...extra });

const report = suiteReport('integration-scenarios.txt');
const out = report.out;
const fmt = (v: number | undefined) =>
  v === undefined ? 'no data' : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);

let rig: PrometheusRig;

beforeAll(async () => {
  rig = await PrometheusRig.start(
    {
      simulators: [
        { job: job('normal'), args: ['--speed', SPEED, '--seed', '1'] },
        ...FAULTS.map((f, i) => ({ job: job(f), args: ['--speed', SPEED, '--seed', String(i + 2)] })),
        { job: 'sim-seed002', args: ['--speed', SPEED, '--label-map', 'status_code=status'] },
        {
          job: 'sim-prefixed',
          args: ['--speed', SPEED, '--prefix', 'shop_', '--label-map', 'status_code=status,result=outcome'],
        },
      ],
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
}, 120_000);

afterAll(async () => {
  await rig?.stop();
  report.save();
});

/** Value and status of a signal for a job. */
async function measure(
  signal: SignalDef,
  jobName: string,
  extra: object = {}
): Promise<{ value?: number; status: Status }> {
  const value = await rig.value(expr(signal, jobName, extra));
  return { value, status: evaluate(signal, value) };
}

describe('without the metrics', () => {
  it('every signal reads No data for a job nobody scrapes, never a healthy 0', async () => {
    // The same Prometheus, the same moment: the normal job has data, a job with no series has none.
    await rig.waitFor(
      async () => (await measure(getSignal('http_request_rate'), job('normal'))).value !== undefined,
      60_000,
      'the normal job to have data'
    );
    const values = await Promise.all(
      signals.map(async (signal) => [signal.id, (await measure(signal, 'sim-nobody')).value] as const)
    );
    out(
      `\nwithout metrics: ${values.filter(([, v]) => v === undefined).length} of ${values.length} signals read no data`
    );
    expect(values.filter(([, v]) => v !== undefined)).toEqual([]);
  });
});

describe('under normal', () => {
  it('every signal returns a finite value on the ok side of its warning threshold', async () => {
    let last: Array<{ signal: SignalDef; value?: number; status: Status }> = [];
    await rig.waitFor(
      async () => {
        last = await Promise.all(
          signals.map(async (signal) => ({ signal, ...(await measure(signal, job('normal'))) }))
        );
        return last.every((r) => r.value !== undefined && Number.isFinite(r.value) && r.status === 'ok');
      },
      60_000,
      'every signal to be finite and ok under normal',
      1000
    );
    out(`\nnormal (window ${WINDOW}, speed ${SPEED}x): signal → value`);
    for (const r of last) {
      out(`  ${r.signal.id.padEnd(26)} ${fmt(r.value).padStart(12)}  ${r.status}`);
    }
    for (const r of last) {
      expect({ id: r.signal.id, finite: Number.isFinite(r.value), status: r.status }).toEqual({
        id: r.signal.id,
        finite: true,
        status: 'ok',
      });
    }
  }, 90_000);
});

describe('per service', () => {
  it("every signal gives one series per job, each the job's own value at the same moment", async () => {
    await rig.waitFor(
      async () => (await measure(getSignal('http_request_rate'), job('normal'))).value !== undefined,
      60_000,
      'the normal job to have data'
    );
    // One moment for every query, a little in the past, so each sees the same samples.
    const at = Math.floor(Date.now() / 1000) - 2;
    const jobs = [job('normal'), ...FAULTS.map(job)];
    const perJob = {
      window: WINDOW,
      matchers: [{ label: 'job', op: '=~' as const, value: 'sim-.*' }],
      groupBy: ['job'],
    };
    const mismatches: string[] = [];
    let compared = 0;
    for (const signal of signals) {
      const series = await rig.query(buildPromQL(signal, perJob), at);
      const byJob = new Map(series.map((s) => [s.labels.job, s.value]));
      // Nothing but the job survives the aggregation.
      expect(series.filter((s) => Object.keys(s.labels).join() !== 'job')).toEqual([]);
      for (const name of jobs) {
        const own = await rig.value(expr(signal, name), at);
        const grouped = byJob.get(name);
        const same =
          own === undefined
            ? grouped === undefined
            : grouped !== undefined &&
              (Object.is(own, grouped) || Math.abs(own - grouped) <= 1e-9 * Math.max(1, Math.abs(own)));
        compared += 1;
        if (!same) {
          mismatches.push(`${signal.id} ${name}: own ${fmt(own)}, per service ${fmt(grouped)}`);
        }
      }
    }
    out(`\nper service: ${compared - mismatches.length} of ${compared} (signal, job) values equal the job's own`);
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('fault scenarios', () => {
  it('each pushes its signals past critical within a bounded number of scrapes, and normal brings them back', async () => {
    const rows = await Promise.all(
      FAULTS.map(async (fault) => {
        const targets = SCENARIO_SIGNALS[fault].map((id) => SIGNALS.find((s) => s.id === id) as SignalDef);
        const before = await Promise.all(targets.map((t) => measure(t, job(fault))));
        await rig.simulators[job(fault)].setScenario(fault);
        let during: Array<{ value?: number; status: Status }> = [];
        const toCritical = await rig
          .waitFor(
            async () => {
              during = await Promise.all(targets.map((t) => measure(t, job(fault))));
              return during.every((d) => d.status === 'critical');
            },
            MAX_SCRAPES_TO_CRITICAL * 1000,
            `${fault} to make ${SCENARIO_SIGNALS[fault].join(', ')} critical`,
            1000
          )
          .catch((e: Error) => e);
        await rig.simulators[job(fault)].setScenario('normal');
        let after: Array<{ value?: number; status: Status }> = [];
        const toRecover = await rig
          .waitFor(
            async () => {
              after = await Promise.all(targets.map((t) => measure(t, job(fault))));
              return after.every((d) => d.status === 'ok');
            },
            MAX_SCRAPES_TO_RECOVER * 1000,
            `${fault} signals to recover after normal`,
            1000
          )
          .catch((e: Error) => e);
        return { fault, targets, before, during, after, toCritical, toRecover };
      })
    );
    out('\nfault scenarios: signal → value before / during / after (scrapes at 1 s)');
    for (const r of rows) {
      r.targets.forEach((t, i) => {
        const critical =
          typeof r.toCritical === 'number'
            ? `critical after ~${Math.ceil(r.toCritical / 1000)} scrapes`
            : 'NOT critical';
        const recovered =
          typeof r.toRecover === 'number'
            ? `ok again after ~${Math.ceil(r.toRecover / 1000)} scrapes`
            : 'NOT recovered';
        out(
          `  ${r.fault.padEnd(14)} ${t.id.padEnd(24)} ${fmt(r.before[i].value).padStart(9)} / ${fmt(r.during[i]?.value).padStart(9)} / ${fmt(r.after[i]?.value).padStart(9)}  (${t.thresholds?.direction} ${t.thresholds?.critical}) ${critical}, ${recovered}`
        );
      });
    }
    for (const r of rows) {
      expect({ fault: r.fault, critical: typeof r.toCritical === 'number' ? 'yes' : String(r.toCritical) }).toEqual({
        fault: r.fault,
        critical: 'yes',
      });
      expect({ fault: r.fault, recovered: typeof r.toRecover === 'number' ? 'yes' : String(r.toRecover) }).toEqual({
        fault: r.fault,
        recovered: 'yes',
      });
    }
  }, 240_000);
});

describe('teams that name things their own way', () => {
  it('seed-002 names (status instead of status_code) work through the label mapping', async () => {
    const errorRate = SIGNALS.find((s) => s.id === 'http_error_rate') as SignalDef;
    let mapped: number | undefined;
    await rig.waitFor(
      async () => {
        mapped = await rig.value(expr(errorRate, 'sim-seed002', { labelMap: { status_code: 'status' } }));
        return mapped !== undefined && Number.isFinite(mapped);
      },
      45_000,
      'the mapped error rate to have data',
      1000
    );
    expect((await rig.query('http_requests_total{job="sim-seed002",status="200"}')).length).toBeGreaterThan(0);
    // Without the mapping the 5xx selector matches nothing: the mapping is what makes it work.
    expect(await rig.query(`sum(rate(http_requests_total{job="sim-seed002",status_code=~"5.."}[${WINDOW}]))`)).toEqual(
      []
    );
    out(`\nseed-002 label mapping: http_error_rate = ${fmt(mapped)}`);
  });

  it('every signal returns data with a namespace prefix and label mapping', async () => {
    const options = { prefix: 'shop_', labelMap: { status_code: 'status', result: 'outcome' } };
    let values: Array<[string, number | undefined]> = [];
    await rig.waitFor(
      async () => {
        values = await Promise.all(
          signals.map(
            async (s) => [s.id, await rig.value(expr(s, 'sim-prefixed', options))] as [string, number | undefined]
          )
        );
        return values.every(([, v]) => v !== undefined && Number.isFinite(v));
      },
      45_000,
      'every prefixed signal to return a finite value',
      1000
    );
    out(`prefix shop_ + mapping: ${values.length} signals, all finite`);
    expect(values.filter(([, v]) => v === undefined || !Number.isFinite(v))).toEqual([]);
    expect(await rig.query(`http_requests_total{job="sim-prefixed"}`)).toEqual([]);
  }, 60_000);
});
