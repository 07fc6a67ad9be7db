import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RULE_BLOCK_SECONDS, backfillRules } from '../rig/backfill';
import { PrometheusRig, findPrometheus } from '../rig/prometheus';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('real-Prometheus rig', () => {
  it('starts Prometheus and a simulator, scrapes it, and stops both by PID removing its data', async () => {
    const rig = await PrometheusRig.start({ simulators: [{ job: 'sim-rig', args: ['--speed', '5'] }] });
    const pids = rig.pids;
    const dir = rig.dataDir;
    try {
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      expect(new URL(rig.url).hostname).toBe('127.0.0.1');
      expect(await rig.value('up{job="sim-rig"}')).toBe(1);
      await expect(rig.query('sum(')).rejects.toThrow(/Prometheus rejected sum\(: .*parse error/);
    } finally {
      await rig.stop();
    }
    expect(pids.some(alive)).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('says how to install Prometheus when the binary is missing', () => {
    expect(() => findPrometheus(['/nonexistent/prometheus'], false)).toThrow(/apt-get install -y prometheus/);
  });

  it('reports a simulator that cannot start, and leaves nothing running', async () => {
    await expect(
      PrometheusRig.start({ simulators: [{ job: 'bad', args: ['--scenario', 'meltdown'] }] })
    ).rejects.toThrow(/Simulator bad exited \(code 2\): perfscope-simulator: Unknown scenario "meltdown"/);
  });

  it('backfills rules from a start just before a 2-hour block boundary', async () => {
    // promtool breaks off when the first 2-hour block of the span holds no evaluation, which a start
    // a second before a boundary almost always does (prometheus/prometheus#19714).
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-rig-rules-'));
    const storage = path.join(work, 'tsdb');
    const boundary = Math.floor(Date.now() / 1000 / RULE_BLOCK_SECONDS) * RULE_BLOCK_SECONDS - RULE_BLOCK_SECONDS;
    let rig = await PrometheusRig.start({ simulators: [], storage });
    try {
      const file = path.join(work, 'rules.yml');
      fs.writeFileSync(
        file,
        JSON.stringify({ groups: [{ name: 'constant', rules: [{ record: 'perfscope_rig_one', expr: 'vector(1)' }] }] })
      );
      await backfillRules(file, { start: boundary - 1, end: boundary + 600, interval: '300s' }, rig.url, storage);
      // A span that ends on a boundary needs no second part (promtool refuses a start that is its end).
      const earlier = boundary - RULE_BLOCK_SECONDS;
      await backfillRules(file, { start: earlier - 600, end: earlier, interval: '300s' }, rig.url, storage);
      await rig.stop();
      rig = await PrometheusRig.start({ simulators: [], storage });
      const samples = await rig.query('count_over_time(perfscope_rig_one[10m])', boundary + 600);
      // Evaluations every 5 minutes over the 10 minutes after the boundary: two or three.
      expect(samples[0]?.value).toBeGreaterThanOrEqual(2);
    } finally {
      await rig.stop();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
