import { PrometheusRig } from '../rig/prometheus';

/**
 * A simulated deploy seen by real Prometheus: `app_build_info` switches to the new version (the old
 * series goes stale, so one build is 1 at any time), and a deploy that slows requests raises the
 * service's p95 by about its factor.
 */
const JOB = 'sim-deploys';
const SLOWDOWN = 3;
/** The p95 over this window, as the HTTP dashboard reads it (speed 5: 75 simulated seconds). */
const WINDOW = '15s';
const p95 = `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{job="${JOB}"}[${WINDOW}])))`;

let rig: PrometheusRig | undefined;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: JOB, args: ['--speed', '5', '--seed', '3'] }] }, (line) =>
    process.stdout.write(`rig: ${line}\n`)
  );
  await rig.waitForScrapes(JOB, 16);
}, 120_000);

afterAll(async () => {
  await rig?.stop();
});

/** Each build series of the job now, by version. */
async function builds(): Promise<Record<string, number>> {
  const series = await rig!.query(`app_build_info{job="${JOB}"}`);
  return Object.fromEntries(series.map((s) => [s.labels.version, s.value]));
}

describe('a deploy', () => {
  it('switches app_build_info to the new version and slows p95 by its factor', async () => {
    expect(await builds()).toEqual({ '1.0.0': 1 });
    const before = await rig!.value(p95);
    expect(before).toBeGreaterThan(0);

    const version = await rig!.simulators[JOB].deploy({ version: '1.1.0', slowdown: SLOWDOWN });
    expect(version).toBe('1.1.0');
    await rig!.waitFor(async () => (await builds())['1.1.0'] === 1, 20_000, 'the new build in Prometheus');
    // The old series is stale from the first scrape without it: never two builds at once.
    expect(await builds()).toEqual({ '1.1.0': 1 });
    const commits = await rig!.query(`app_build_info{job="${JOB}"}`);
    expect(commits[0].labels.commit).toMatch(/^[0-9a-f]{12}$/);

    // A whole window after the deploy, p95 is the slower build's alone.
    await new Promise((r) => setTimeout(r, 16_000));
    const after = await rig!.value(p95);
    const ratio = after! / before!;
    process.stdout.write(`p95 before ${before} s, after ${after} s: ${ratio.toFixed(2)}× (slowdown ${SLOWDOWN})\n`);
    // Bucket interpolation moves each estimate within its bucket: the ratio is near the factor, not on it.
    expect(ratio).toBeGreaterThan(SLOWDOWN * 0.66);
    expect(ratio).toBeLessThan(SLOWDOWN * 1.5);

    // A rollback: the previous version again, at full speed.
    expect(await rig!.simulators[JOB].deploy({ version: '1.0.0' })).toBe('1.0.0');
    await rig!.waitFor(async () => (await builds())['1.0.0'] === 1, 20_000, 'the rollback in Prometheus');
    expect(Object.keys(await builds())).toEqual(['1.0.0']);
  }, 120_000);
});
