/**
 * A scale-out backend for the integration tests: Debian's VictoriaMetrics single-node server (which
 * takes Prometheus remote-write and answers the Prometheus query API with MetricsQL) and vmalert (which
 * evaluates Prometheus rule files against it), on 127.0.0.1 with a temporary data directory, stopped
 * by PID.
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { type Sample, freePort, request, stopChild, track } from './prometheus';

/** The binaries of the Debian package, or an error saying how to install them. */
export function checkVictoriaMetrics(): void {
  for (const bin of ['victoria-metrics', 'vmalert']) {
    if (spawnSync(bin, ['--version']).error) {
      throw new Error(
        `${bin} is not installed: apt-get install -y victoria-metrics (npm run test:all installs it as root).`
      );
    }
  }
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function start(bin: string, args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, output: track(child, bin).output };
}

export class VictoriaMetrics {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly rules: Array<{ child: ChildProcess; url: string; alertmanager: http.Server }> = []
  ) {}

  /** Starts the server; every sample is visible to queries at once (no latency offset). */
  static async start(): Promise<VictoriaMetrics> {
    checkVictoriaMetrics();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-victoriametrics-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = start('victoria-metrics', [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${dir}`,
      '-retentionPeriod=1d',
      '-search.latencyOffset=0s',
      '-search.disableCache',
    ]);
    try {
      await waitUntil(async () => (await request(`${url}/health`)).status === 200, 'VictoriaMetrics to start');
    } catch (e) {
      await stopChild(server.child);
      throw new Error(`${(e as Error).message} VictoriaMetrics said: ${server.output().trim()}`);
    }
    return new VictoriaMetrics(url, server.child, dir);
  }

  /** Where Prometheus remote-writes to it. */
  get writeUrl(): string {
    return `${this.url}/api/v1/write`;
  }

  /** Instant query at `time` (Unix seconds), as the rig's Prometheus answers it. */
  async query(expr: string, time?: number): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expr, ...(time === undefined ? {} : { time: String(time) }) });
    const response = await request(`${this.url}/api/v1/query?${params}`);
    const body = JSON.parse(response.text) as {
      status: string;
      error?: string;
      data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    if (body.status !== 'success' || !body.data) {
      throw new Error(`VictoriaMetrics rejected ${expr}: ${body.error}`);
    }
    return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  }

  /**
   * Starts vmalert on a rule file against this server, evaluating every `interval`, with an
   * Alertmanager stand-in that takes its notifications (POST /api/v2/alerts, the body kept in
   * `notified`); answers vmalert's URL.
   */
  async startVmalert(ruleFile: string, interval = '1s'): Promise<{ url: string; notified: unknown[] }> {
    const notified: unknown[] = [];
    const alertmanager = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url?.startsWith('/api/v2/alerts')) {
          notified.push(...(JSON.parse(body) as unknown[]));
        }
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => alertmanager.listen(0, '127.0.0.1', resolve));
    const am = `http://127.0.0.1:${(alertmanager.address() as { port: number }).port}`;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const vmalert = start('vmalert', [
      `-rule=${ruleFile}`,
      `-datasource.url=${this.url}`,
      `-notifier.url=${am}`,
      `-evaluationInterval=${interval}`,
      `-httpListenAddr=127.0.0.1:${port}`,
    ]);
    this.rules.push({ child: vmalert.child, url, alertmanager });
    try {
      await waitUntil(async () => (await request(`${url}/health`)).status === 200, 'vmalert to start');
    } catch (e) {
      throw new Error(`${(e as Error).message} vmalert said: ${vmalert.output().trim()}`);
    }
    return { url, notified };
  }

  async stop(): Promise<void> {
    for (const { child, alertmanager } of this.rules) {
      await stopChild(child);
      alertmanager.closeAllConnections();
      await new Promise((r) => alertmanager.close(r));
    }
    await stopChild(this.child);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
