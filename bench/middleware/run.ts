/**
 * Middleware cost benchmark: bare Express vs @perfscope/metrics vs express-prom-bundle on the same
 * app. Each server runs in its own process; autocannon drives it from this process over loopback.
 * Rounds rotate the order of variants so drift (thermal, other load) spreads evenly.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as os from 'os';
import * as path from 'path';

export const VARIANTS = ['bare', 'perfscope', 'perfscope-app', 'prom-bundle'] as const;
type Variant = (typeof VARIANTS)[number];

export interface RoundResult {
  variant: Variant;
  round: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  errors: number;
}

const SERVER = path.join(__dirname, 'server.ts');

/**
 * With two or more cores and taskset available, the server gets core 0 and this process (the load
 * generator) core 1, so they do not steal each other's time and CPU-per-request is steadier.
 */
export function pinning(): { server: string[]; pinned: boolean } {
  if (os.cpus().length < 2) {
    return { server: [], pinned: false };
  }
  try {
    execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return { server: ['taskset', '-c', '0'], pinned: true };
  } catch {
    return { server: [], pinned: false };
  }
}
let pin: ReturnType<typeof pinning> | undefined;

async function startServer(variant: Variant): Promise<{ child: ChildProcess; url: string }> {
  pin ??= pinning();
  const command = [...pin.server, process.execPath, '--import', 'tsx', SERVER, variant];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) {
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${variant} server exited (code ${code}) before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

const cpu = async (url: string) => ((await (await fetch(`${url}/__cpu`)).json()) as { cpuMicros: number }).cpuMicros;

/** Offered load: well under saturation, so CPU per request measures work, not queueing. */
export const OFFERED_RATE = 2000;

function load(url: string, seconds: number, connections: number, rate: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
    requests: [
      { method: 'GET', path: '/tracks/42' },
      { method: 'GET', path: '/albums/7' },
    ],
  });
}

async function measure(
  variant: Variant,
  round: number,
  seconds: number,
  connections: number,
  rate: number
): Promise<RoundResult> {
  const { child, url } = await startServer(variant);
  try {
    await load(url, 2, connections, rate); // warm-up: JIT, caches, label children
    const cpuBefore = await cpu(url);
    const result = await load(url, seconds, connections, rate);
    const cpuAfter = await cpu(url);
    const requests = result.requests.total;
    return {
      variant,
      round,
      requests,
      requestsPerSecond: requests / seconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      cpuMicrosPerRequest: (cpuAfter - cpuBefore) / requests,
      errors: result.errors + result.non2xx,
    };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface MiddlewareSummary {
  variant: Variant;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  cpuRatioVsBare: number;
  throughputRatioVsBare: number;
}

/**
 * `rate`: requests per second offered (fixed load, for CPU per request), or 0 to saturate the
 * server (for its throughput ceiling).
 */
export async function runMiddlewareBench(
  { rounds = 7, seconds = 8, connections = 20, rate = OFFERED_RATE } = {},
  progress: (line: string) => void = () => {}
): Promise<{ rounds: RoundResult[]; summary: MiddlewareSummary[]; pinned: boolean }> {
  const results: RoundResult[] = [];
  pin ??= pinning();
  progress(
    pin.pinned ? 'server pinned to core 0, load generator to core 1' : 'no core pinning (one core or no taskset)'
  );
  for (let round = 0; round < rounds; round++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
    for (const variant of order) {
      progress(`middleware ${rate > 0 ? `at ${rate} req/s` : 'saturated'}, round ${round + 1}/${rounds}: ${variant}…`);
      const r = await measure(variant, round + 1, seconds, connections, rate);
      if (r.errors > 0) {
        throw new Error(`${variant} answered ${r.errors} requests with errors: the benchmark app is broken.`);
      }
      progress(
        `  ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.cpuMicrosPerRequest.toFixed(1)} µs CPU/request`
      );
      results.push(r);
    }
  }
  const of = (v: Variant) => results.filter((r) => r.variant === v);
  const bare = of('bare');
  const bareCpu = median(bare.map((r) => r.cpuMicrosPerRequest));
  const bareRps = median(bare.map((r) => r.requestsPerSecond));
  const summary = VARIANTS.map((variant) => {
    const rs = of(variant);
    const cpuMicrosPerRequest = median(rs.map((r) => r.cpuMicrosPerRequest));
    const requestsPerSecond = median(rs.map((r) => r.requestsPerSecond));
    return {
      variant,
      requestsPerSecond,
      p50Ms: median(rs.map((r) => r.p50Ms)),
      p99Ms: median(rs.map((r) => r.p99Ms)),
      cpuMicrosPerRequest,
      cpuRatioVsBare: cpuMicrosPerRequest / bareCpu,
      throughputRatioVsBare: requestsPerSecond / bareRps,
    };
  });
  return { rounds: results, summary, pinned: pin.pinned };
}
