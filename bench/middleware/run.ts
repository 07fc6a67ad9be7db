/**
 * Middleware cost benchmark: bare Express vs @perfscope/metrics vs express-prom-bundle on the same
 * app. Each server runs in its own process; autocannon drives it from this process over loopback.
 *
 * CPU time per request on a shared virtual machine drifts by ±20 % over minutes, far more than the
 * few per cent being measured. So the servers stay up for a block and take turns in short slices: a
 * cycle gives each variant one slice, back to back, in rotating order, and the cost of a variant is
 * the median over all cycles of its CPU per request divided by bare's in the same cycle. Drift slower
 * than a cycle cancels out; fresh processes for every block spread the luck of one process's layout.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { type SliceResult, type Variant, VARIANTS, type MiddlewareSummary, summarize } from './stats';

export { VARIANTS, type MiddlewareSummary, type SliceResult };

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

async function startServer(variant: Variant): Promise<Server> {
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
  return { variant, child, url: `http://127.0.0.1:${port}` };
}

interface Cpu {
  cpuMicros: number;
  userMicros: number;
  systemMicros: number;
}
const cpu = async (url: string) => (await (await fetch(`${url}/__cpu`)).json()) as Cpu;

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

interface Server {
  variant: Variant;
  child: ChildProcess;
  url: string;
}

async function slice(server: Server, block: number, cycle: number, seconds: number, connections: number, rate: number) {
  const cpuBefore = await cpu(server.url);
  const result = await load(server.url, seconds, connections, rate);
  const cpuAfter = await cpu(server.url);
  const requests = result.requests.total;
  const r: SliceResult = {
    variant: server.variant,
    block,
    cycle,
    requests,
    requestsPerSecond: requests / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMicrosPerRequest: (cpuAfter.cpuMicros - cpuBefore.cpuMicros) / requests,
    userMicrosPerRequest: (cpuAfter.userMicros - cpuBefore.userMicros) / requests,
    errors: result.errors + result.non2xx,
  };
  if (r.errors > 0) {
    throw new Error(`${server.variant} answered ${r.errors} requests with errors: the benchmark app is broken.`);
  }
  return r;
}

async function stop(server: Server) {
  if (server.child.exitCode !== null) {
    return;
  }
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * `rate`: requests per second offered (fixed load, for CPU per request), or 0 to saturate the
 * server (for its throughput ceiling). `blocks` × `cycles` slices of `seconds` per variant.
 */
export async function runMiddlewareBench(
  { blocks = 10, cycles = 10, seconds = 2, connections = 20, rate = OFFERED_RATE } = {},
  progress: (line: string) => void = () => {}
): Promise<{ slices: SliceResult[]; summary: MiddlewareSummary[]; pinned: boolean; cycles: number }> {
  const slices: SliceResult[] = [];
  pin ??= pinning();
  progress(
    pin.pinned ? 'server pinned to core 0, load generator to core 1' : 'no core pinning (one core or no taskset)'
  );
  const mode = rate > 0 ? `at ${rate} req/s` : 'saturated';
  for (let block = 1; block <= blocks; block++) {
    const servers: Server[] = [];
    try {
      for (const variant of VARIANTS) {
        const server = await startServer(variant);
        servers.push(server);
        await load(server.url, 3, connections, rate); // warm-up: JIT, caches, label children
      }
      for (let cycle = 1; cycle <= cycles; cycle++) {
        const shift = cycle + block;
        const order = servers.map((_, i) => servers[(i + shift) % servers.length]);
        const line: string[] = [];
        for (const server of order) {
          const r = await slice(server, block, cycle, seconds, connections, rate);
          slices.push(r);
          line.push(`${r.variant} ${r.cpuMicrosPerRequest.toFixed(0)}`);
        }
        progress(
          `middleware ${mode}, block ${block}/${blocks}, cycle ${cycle}/${cycles}: µs CPU/request ${line.join(', ')}`
        );
      }
    } finally {
      await Promise.all(servers.map(stop));
    }
  }
  return { slices, summary: summarize(slices), pinned: pin.pinned, cycles: blocks * cycles };
}
