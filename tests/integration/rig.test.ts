import * as fs from 'fs';
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
});
