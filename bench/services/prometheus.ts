/**
 * Debian's Prometheus over a backfilled data directory, for the Services benchmark: the raw
 * series written by `promtool tsdb create-blocks-from openmetrics` (several files at once, one per
 * slice of the fleet), the catalog's recording rules by `promtool tsdb create-blocks-from rules`
 * (a pass per level of rules that read other rules' output, Prometheus restarted between passes so
 * the next pass sees the blocks), on 127.0.0.1, stopped by PID.
 */
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { findPrometheus, freePort, stopChild, track } from '../../tests/rig/prometheus';

/** Enough for the raw queries of a large fleet and for the rule backfill's range queries. */
const QUERY_MAX_SAMPLES = 2_000_000_000;
/** Prometheus's own default: what a raw query must stay under on a server left as installed. */
export const DEFAULT_MAX_SAMPLES = 50_000_000;

export function findPromtool(): string {
  const candidates = [process.env.PROMTOOL_BIN, path.join(path.dirname(findPrometheus()), 'promtool')];
  const found = candidates.find((c): c is string => Boolean(c && fs.existsSync(c)));
  if (!found) {
    throw new Error('promtool was not found beside prometheus: apt-get install -y prometheus, or set PROMTOOL_BIN.');
  }
  return found;
}

export interface HttpAnswer {
  status: number;
  body: Buffer;
  ms: number;
}

/** GET with Node's http module (no compression asked for: the body's own size), timed. */
export function get(url: string, timeoutMs = 600_000): Promise<HttpAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - started })
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs / 1000} s: GET ${url}`)));
    req.on('error', reject);
  });
}

/** Runs a tool to its end; rejects with its last output when it fails. */
function runOnce(
  bin: string,
  args: string[],
  children: Set<ChildProcess>,
  env: Record<string, string>
): Promise<{ ok: true; output: string } | { ok: false; signal: NodeJS.Signals | null; error: Error }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(child);
    const log = track(child, path.basename(bin));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(
        code === 0
          ? { ok: true, output: log.output() }
          : {
              ok: false,
              signal,
              error: new Error(
                `${path.basename(bin)} ${args.slice(0, 3).join(' ')} failed (${signal ?? `exit ${code}`}): ${log.output().trim().slice(-1500)}`
              ),
            }
      );
    });
  });
}

/**
 * Runs a tool to its end; rejects with its last output when it fails. The benchmark never signals
 * the tools it waits for, so one stopped by a signal (from outside) runs once more.
 */
export async function runTool(
  bin: string,
  args: string[],
  children: Set<ChildProcess>,
  options: { env?: Record<string, string>; log?: (line: string) => void } = {}
): Promise<string> {
  const first = await runOnce(bin, args, children, options.env ?? {});
  if (first.ok) {
    return first.output;
  }
  if (!first.signal) {
    throw first.error;
  }
  options.log?.(`  ${path.basename(bin)} was stopped by ${first.signal} from outside the benchmark: running it again`);
  const second = await runOnce(bin, args, children, options.env ?? {});
  if (!second.ok) {
    throw second.error;
  }
  return second.output;
}

export interface BlockStats {
  blocks: number;
  series: number;
  samples: number;
}

/** A block's folder: its ULID (a folder being written has a suffix). */
const BLOCK = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The blocks in a directory (folders with a meta.json), with their series and samples. */
export function blockStats(dir: string): BlockStats {
  const stats = { blocks: 0, series: 0, samples: 0 };
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const meta = path.join(dir, entry, 'meta.json');
    if (BLOCK.test(entry) && fs.existsSync(meta)) {
      const { stats: s } = JSON.parse(fs.readFileSync(meta, 'utf8')) as {
        stats?: { numSeries?: number; numSamples?: number };
      };
      stats.blocks++;
      stats.series += s?.numSeries ?? 0;
      stats.samples += s?.numSamples ?? 0;
    }
  }
  return stats;
}

/** Moves every block of `from` into `to`; returns how many. */
export function moveBlocks(from: string, to: string): number {
  let moved = 0;
  for (const entry of fs.readdirSync(from)) {
    if (BLOCK.test(entry) && fs.existsSync(path.join(from, entry, 'meta.json'))) {
      fs.renameSync(path.join(from, entry), path.join(to, entry));
      moved++;
    }
  }
  return moved;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prometheus over a data directory, nothing scraped: it serves what the blocks hold. */
export class BackfilledPrometheus {
  private child?: ChildProcess;
  private output: () => string = () => '';
  readonly url: string;

  private constructor(
    private readonly dataDir: string,
    private readonly configFile: string,
    private readonly port: number
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(dataDir: string, configFile: string): Promise<BackfilledPrometheus> {
    fs.writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n');
    const prometheus = new BackfilledPrometheus(dataDir, configFile, await freePort());
    await prometheus.restart();
    return prometheus;
  }

  /** (Re)starts the server on the same port: it reads every block in the directory on start. */
  async restart(): Promise<void> {
    await this.stop();
    const child = spawn(
      findPrometheus(),
      [
        `--config.file=${this.configFile}`,
        `--storage.tsdb.path=${this.dataDir}`,
        `--web.listen-address=127.0.0.1:${this.port}`,
        '--log.level=warn',
        `--query.max-samples=${QUERY_MAX_SAMPLES}`,
        '--query.timeout=10m',
        '--storage.tsdb.retention.time=30d',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    this.child = child;
    this.output = track(child, 'prometheus').output;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`Prometheus exited (code ${child.exitCode}): ${this.output().trim().slice(-1500)}`);
      }
      const ready = await get(`${this.url}/-/ready`, 2000).catch(() => undefined);
      if (ready?.status === 200) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`Prometheus did not become ready within 120 s: ${this.output().trim().slice(-1500)}`);
      }
      await sleep(200);
    }
  }

  /** A number from Prometheus's own /metrics (summed over its series), or undefined. */
  async selfMetric(name: string): Promise<number | undefined> {
    const text = (await get(`${this.url}/metrics`, 10_000)).body.toString('utf8');
    const values = text
      .split('\n')
      .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
      .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  }

  /**
   * Waits until the blocks are compacted into `blocks` (overlapping blocks, from several files or
   * passes, are merged a minute or so after start) and no query runs, so nothing else takes CPU
   * while the page's queries are timed.
   */
  async settle(blocks: number, log: (line: string) => void, timeoutMs = 900_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let said = false;
    for (;;) {
      const loaded = await this.selfMetric('prometheus_tsdb_blocks_loaded');
      const busy = (await this.selfMetric('prometheus_engine_queries')) ?? 0;
      const partial = fs.readdirSync(this.dataDir).some((e) => e.endsWith('.tmp-for-creation'));
      if (loaded === blocks && busy === 0 && !partial) {
        return;
      }
      if (!said && loaded !== blocks) {
        log(`  waiting for Prometheus to merge ${loaded} overlapping blocks into ${blocks}…`);
        said = true;
      }
      if (Date.now() > deadline) {
        throw new Error(`Prometheus still had ${loaded} blocks (not ${blocks}) after ${timeoutMs / 1000} s.`);
      }
      await sleep(1000);
    }
  }

  /** Waits until no query runs (one the page abandoned may still be evaluated). */
  async idle(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (((await this.selfMetric('prometheus_engine_queries')) ?? 0) > 0 && Date.now() < deadline) {
      await sleep(250);
    }
  }

  /** Resident memory of the server, bytes. */
  residentBytes(): Promise<number | undefined> {
    return this.selfMetric('process_resident_memory_bytes');
  }

  async stop(): Promise<void> {
    if (this.child) {
      await stopChild(this.child);
      this.child = undefined;
    }
  }
}
