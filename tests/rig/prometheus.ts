/**
 * Real-Prometheus test rig: starts Debian's `prometheus` on a free 127.0.0.1 port with a temporary
 * data directory, scraping simulators it also starts (each its own job), and always stops them all
 * by PID and removes the directory, also when a test fails, times out or the process exits.
 */
import { type ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const SIMULATOR_BIN = path.join(ROOT, 'pkg/simulator/bin/perfscope-simulator.js');

export interface SimulatorSpec {
  /** Prometheus job name for this simulator, e.g. `sim-normal`. */
  job: string;
  /** Extra simulator flags, e.g. ['--scenario', 'normal', '--speed', '5']. */
  args?: string[];
  /**
   * Keep the `job` labels the target exposes (`honor_labels: true`), as a fleet simulator
   * (`--services N`) labels each service's series with its own job.
   */
  honorLabels?: boolean;
}

export interface RigOptions {
  simulators: SimulatorSpec[];
  /** Scrape and rule-evaluation interval. Default 1s. */
  interval?: string;
  /** Rule files (absolute paths) to load. */
  ruleFiles?: string[];
  /** Extra static scrape targets: job → host:port. */
  extraTargets?: Record<string, string>;
  /** Extra Prometheus flags, e.g. ['--web.enable-admin-api']. */
  prometheusArgs?: string[];
  /** Remote-write endpoints Prometheus sends every scraped sample to (a VictoriaMetrics, a Mimir). */
  remoteWrite?: string[];
  /**
   * A TSDB directory of the caller's (e.g. blocks backfilled with promtool) instead of a fresh one:
   * kept when the rig stops, so another rig can start on it.
   */
  storage?: string;
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface RunningSimulator {
  job: string;
  url: string;
  /** The scenario of every service, or (a fleet) of the one named. */
  setScenario(name: string, service?: string): Promise<void>;
  /**
   * A deploy of every service, or (a fleet) of the one named: a new version in `app_build_info`
   * (the running one's last number up when none is given), and HTTP durations `slowdown` times the
   * profile's (1 when not given). Resolves with the version now running (of the service named).
   */
  deploy(options?: { version?: string; slowdown?: number; service?: string }): Promise<string>;
}

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
  for (const dir of tempDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The prometheus binary, or an error saying how to install it. */
export function findPrometheus(
  candidates = [process.env.PROMETHEUS_BIN, '/usr/bin/prometheus'],
  searchPath = true
): string {
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) {
      return candidate;
    }
  }
  try {
    if (!searchPath) {
      throw new Error('not searched');
    }
    return execFileSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'The prometheus binary was not found. Install it (Debian/Ubuntu: apt-get install -y prometheus; npm run test:all does it as root) or set PROMETHEUS_BIN.'
    );
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A plain HTTP request with Node's http module (the rig also runs under jsdom, which has no fetch).
 * Resolves with status and body text; rejects on connection errors.
 */
export function request(url: string, method = 'GET'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${method} ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Keeps a child's last output and stops it when the test process exits. */
export function track(child: ChildProcess, name: string) {
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
  child.once('exit', () => running.delete(child));
  return { output: () => output, name };
}

/** Stops a child: SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // SIGKILL only if SIGTERM has not ended it within 5 s; the timer must not outlive the child.
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

async function startSimulator(spec: SimulatorSpec): Promise<{ child: ChildProcess; sim: RunningSimulator }> {
  const child = spawn(process.execPath, [SIMULATOR_BIN, '--host', '127.0.0.1', '--port', '0', ...(spec.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = track(child, spec.job);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /serving (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(log.output());
    if (match) {
      const url = match[1];
      return {
        child,
        sim: {
          job: spec.job,
          url,
          async setScenario(name: string, service?: string) {
            const query = new URLSearchParams({ name, ...(service === undefined ? {} : { service }) });
            const response = await request(`${url}/scenario?${query}`, 'POST');
            if (response.status !== 200) {
              throw new Error(`Simulator ${spec.job} refused scenario ${name}: ${response.text}`);
            }
          },
          async deploy({ version, slowdown, service } = {}) {
            const query = new URLSearchParams({
              ...(version === undefined ? {} : { version }),
              ...(slowdown === undefined ? {} : { slowdown: String(slowdown) }),
              ...(service === undefined ? {} : { service }),
            });
            const response = await request(`${url}/deploy?${query}`, 'POST');
            if (response.status !== 200) {
              throw new Error(`Simulator ${spec.job} refused the deploy ${query}: ${response.text}`);
            }
            const body = JSON.parse(response.text) as {
              build?: { version: string };
              services?: Record<string, { version: string }>;
            };
            const running = body.build ?? (service === undefined ? undefined : body.services?.[service]);
            return running?.version ?? Object.values(body.services ?? {})[0]?.version ?? '';
          },
        },
      };
    }
    if (child.exitCode !== null) {
      throw new Error(`Simulator ${spec.job} exited (code ${child.exitCode}): ${log.output().trim()}`);
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`Simulator ${spec.job} did not start within 30 s: ${log.output().trim()}`);
}

export class PrometheusRig {
  readonly url: string;
  readonly simulators: Record<string, RunningSimulator>;
  private readonly children: ChildProcess[];
  private readonly dir: string;

  private constructor(
    url: string,
    simulators: Record<string, RunningSimulator>,
    children: ChildProcess[],
    dir: string
  ) {
    this.url = url;
    this.simulators = simulators;
    this.children = children;
    this.dir = dir;
  }

  /** Starts simulators and Prometheus and waits until every job has been scraped. */
  static async start(options: RigOptions, log: (line: string) => void = () => {}): Promise<PrometheusRig> {
    const binary = findPrometheus();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-rig-'));
    tempDirs.add(dir);
    const children: ChildProcess[] = [];
    const cleanup = async () => {
      await Promise.all(children.map(stopChild));
      fs.rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    };
    try {
      log(`starting ${options.simulators.length} simulator(s)…`);
      const started = await Promise.all(options.simulators.map(startSimulator));
      children.push(...started.map((s) => s.child));
      const simulators = Object.fromEntries(started.map((s) => [s.sim.job, s.sim]));

      const interval = options.interval ?? '1s';
      const targets: Record<string, string> = {
        ...Object.fromEntries(started.map((s) => [s.sim.job, new URL(s.sim.url).host])),
        ...(options.extraTargets ?? {}),
      };
      const config = [
        'global:',
        `  scrape_interval: ${interval}`,
        `  evaluation_interval: ${interval}`,
        ...(options.ruleFiles?.length
          ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]
          : []),
        ...(options.remoteWrite?.length
          ? [
              'remote_write:',
              ...options.remoteWrite.flatMap((u) => [
                `  - url: ${JSON.stringify(u)}`,
                '    queue_config: { batch_send_deadline: 1s }',
              ]),
            ]
          : []),
        'scrape_configs:',
        ...Object.entries(targets).flatMap(([job, target]) => [
          `  - job_name: ${JSON.stringify(job)}`,
          ...(options.simulators.find((s) => s.job === job)?.honorLabels ? ['    honor_labels: true'] : []),
          '    static_configs:',
          `      - targets: [${JSON.stringify(target)}]`,
        ]),
      ].join('\n');
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), `${config}\n`);

      const port = await freePort();
      log(`starting prometheus on 127.0.0.1:${port}…`);
      const prometheus = spawn(
        binary,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${options.storage ?? path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
          ...(options.prometheusArgs ?? []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      );
      children.push(prometheus);
      const promLog = track(prometheus, 'prometheus');
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (prometheus.exitCode !== null) {
          const text = promLog.output();
          throw new Error(
            /address already in use/.test(text)
              ? `Port ${port} on 127.0.0.1 was taken before Prometheus could use it: run the tests again.`
              : `Prometheus exited (code ${prometheus.exitCode}): ${text.trim().slice(-1500)}`
          );
        }
        try {
          if ((await request(`${url}/-/ready`)).status === 200) {
            break;
          }
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          throw new Error(`Prometheus did not become ready within 20 s: ${promLog.output().trim().slice(-1500)}`);
        }
        await sleep(100);
      }
      const rig = new PrometheusRig(url, simulators, children, dir);
      rig.cleanupFn = cleanup;
      log('waiting for the first scrape of every job…');
      await rig.waitFor(
        async () => {
          const up = await rig.query('up');
          return Object.keys(targets).every((job) => up.some((s) => s.labels.job === job && s.value === 1));
        },
        30_000,
        'every job to be scraped (up == 1)'
      );
      return rig;
    } catch (e) {
      await cleanup();
      throw e;
    }
  }

  private cleanupFn: () => Promise<void> = async () => {};

  /** Instant query (at `time`, Unix seconds, or now); throws with Prometheus's message on a bad query. */
  async query(expr: string, time?: number): Promise<Sample[]> {
    const params = new URLSearchParams({ query: expr, ...(time === undefined ? {} : { time: String(time) }) });
    const response = await request(`${this.url}/api/v1/query?${params}`);
    const body = JSON.parse(response.text) as {
      status: string;
      error?: string;
      data?: {
        resultType: string;
        result: Array<{ metric: Record<string, string>; value: [number, string] }> | [number, string];
      };
    };
    if (body.status !== 'success' || !body.data) {
      throw new Error(`Prometheus rejected ${expr}: ${body.error}`);
    }
    if (body.data.resultType === 'scalar') {
      const [, v] = body.data.result as [number, string];
      return [{ labels: {}, value: Number(v) }];
    }
    return (body.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      labels: r.metric,
      value: r.value[1] === '+Inf' ? Infinity : r.value[1] === '-Inf' ? -Infinity : Number(r.value[1]),
    }));
  }

  /** The single value of an expression, or undefined when it returns nothing. */
  async value(expr: string, time?: number): Promise<number | undefined> {
    const samples = await this.query(expr, time);
    if (samples.length > 1) {
      throw new Error(`${expr} returned ${samples.length} series; expected one.`);
    }
    return samples[0]?.value;
  }

  /** Polls every `everyMs` until `check` holds; throws naming what was awaited. */
  async waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 500): Promise<number> {
    const start = Date.now();
    for (;;) {
      if (await check()) {
        return Date.now() - start;
      }
      if (Date.now() - start > timeoutMs) {
        throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
      }
      await sleep(everyMs);
    }
  }

  /** Waits until Prometheus holds `count` scrapes of a job in the last minute (rate() then has points to use). */
  waitForScrapes(job: string, count: number, timeoutMs = 30_000): Promise<number> {
    return this.waitFor(
      async () => ((await this.value(`count_over_time(up{job="${job}"}[1m])`)) ?? 0) >= count,
      timeoutMs,
      `${count} scrapes of ${job}`
    );
  }

  /** Stops Prometheus and every simulator by PID and removes the temporary directory. */
  async stop(): Promise<void> {
    await this.cleanupFn();
  }

  /** PIDs of the processes the rig started (for tests of the rig itself). */
  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  get dataDir(): string {
    return this.dir;
  }
}
