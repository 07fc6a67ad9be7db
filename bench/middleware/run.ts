/**
 * Middleware cost benchmark: bare Express vs @perfscope/metrics vs express-prom-bundle on the same
 * app. Each server runs in its own process; autocannon drives it from this process over loopback.
 *
 * CPU time per request on a shared virtual machine drifts by ±20 % over minutes and jitters from one
 * second to the next, far more than the few per cent being measured. At a fixed load the servers are
 * therefore measured together: in a round every variant is offered an equal share of the load at the
 * same time, on the same core, so whatever slows the machine during a round slows them all alike, and
 * the cost of a variant is the median over rounds of its CPU per request divided by bare's in the
 * same round. Fresh processes for every block (started in a rotating order) spread the luck of one
 * process's layout. Saturated, each server has the core to itself in turn (rotating order), since a
 * throughput ceiling is a server's alone.
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

/**
 * One round: each server in `group` is offered its share of `rate` (0: as fast as it answers) over its
 * share of `connections`, all at once for `seconds`; each one's CPU time is read just before and after.
 */
async function measure(
  group: Server[],
  at: { block: number; cycle: number },
  seconds: number,
  connections: number,
  rate: number
): Promise<SliceResult[]> {
  const share = group.length;
  const cpuBefore = await Promise.all(group.map((s) => cpu(s.url)));
  const results = await Promise.all(
    group.map((s) => load(s.url, seconds, Math.max(1, Math.round(connections / share)), rate / share))
  );
  const cpuAfter = await Promise.all(group.map((s) => cpu(s.url)));
  return group.map((server, i) => {
    const result = results[i];
    const requests = result.requests.total;
    const r: SliceResult = {
      variant: server.variant,
      ...at,
      requests,
      requestsPerSecond: requests / seconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      cpuMicrosPerRequest: (cpuAfter[i].cpuMicros - cpuBefore[i].cpuMicros) / requests,
      userMicrosPerRequest: (cpuAfter[i].userMicros - cpuBefore[i].userMicros) / requests,
      errors: result.errors + result.non2xx,
    };
    if (r.errors > 0) {
      throw new Error(`${server.variant} answered ${r.errors} requests with errors: the benchmark app is broken.`);
    }
    return r;
  });
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
 * `rate`: requests per second offered (fixed load, for CPU per request: shared by the variants, which
 * are measured together), or 0 to saturate each server alone in turn (for its throughput ceiling).
 * `blocks` of fresh processes, `cycles` rounds each, of `seconds`.
 */
export async function runMiddlewareBench(
  { blocks = 12, cycles = 8, seconds = 5, connections = 20, rate = OFFERED_RATE } = {},
  progress: (line: string) => void = () => {}
): Promise<{ slices: SliceResult[]; summary: MiddlewareSummary[]; pinned: boolean; cycles: number }> {
  const slices: SliceResult[] = [];
  pin ??= pinning();
  progress(
    pin.pinned ? 'servers pinned to core 0, load generator to core 1' : 'no core pinning (one core or no taskset)'
  );
  const together = rate > 0;
  const mode = together ? `at ${rate} req/s shared by ${VARIANTS.length} servers at once` : 'saturated, one at a time';
  for (let block = 1; block <= blocks; block++) {
    const servers: Server[] = [];
    try {
      // Rotate the start order, so no variant is always the first (or last) process to start.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + block - 1) % VARIANTS.length]);
      for (const variant of order) {
        const server = await startServer(variant);
        servers.push(server);
        await load(server.url, 3, connections, rate); // warm-up, alone: JIT, caches, label children
      }
      if (together) {
        // A first round together, not kept: sharing the core is a new state for each process (its
        // first such round measured far off the others in a trial).
        await measure(servers, { block, cycle: 0 }, seconds, connections, rate);
      }
      for (let cycle = 1; cycle <= cycles; cycle++) {
        const at = { block, cycle };
        const results: SliceResult[] = [];
        if (together) {
          results.push(...(await measure(servers, at, seconds, connections, rate)));
        } else {
          const shift = cycle + block;
          for (const server of servers.map((_, i) => servers[(i + shift) % servers.length])) {
            results.push(...(await measure([server], at, seconds, connections, 0)));
          }
        }
        slices.push(...results);
        progress(
          `middleware ${mode}, block ${block}/${blocks}, round ${cycle}/${cycles}: µs CPU/request ${results.map((r) => `${r.variant} ${r.cpuMicrosPerRequest.toFixed(0)}`).join(', ')}`
        );
      }
    } finally {
      await Promise.all(servers.map(stop));
    }
  }
  return { slices, summary: summarize(slices), pinned: pin.pinned, cycles: blocks * cycles };
}
