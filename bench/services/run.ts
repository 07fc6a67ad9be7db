/**
 * The Services page on a large fleet: for 200 and 1,000 services (10 routes × 3 status classes × 5
 * instances each, backfilled into real Prometheus), without recording rules and with the catalog's,
 * the page's queries from Node (time, bytes, samples read) and the built page in Chromium (time to
 * a complete table, bytes fetched, the longest main-thread task).
 */
import { type ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findPrometheus } from '../../tests/rig/prometheus';
import { backfillFleet, backfillRules, chooseSpan } from './backfill';
import {
  AFTER_COMPLETE_MS,
  type BrowserPhase,
  type PageSession,
  checkBuilt,
  measurePage,
  openServicesPage,
} from './browser';
import { FLEET_SHAPE, serviceName, worstIndex } from './data';
import { BackfilledPrometheus } from './prometheus';
import { type PageQueries, STEP_SECONDS, WINDOW_SECONDS, timePageQueries } from './queries';

export { servicesMarkdown } from './markdown';

/** Minutes of samples backfilled: the page's 15-minute window and the 5-minute rate window before it, and some. */
const SPAN_MINUTES = 25;
/** The fleet's scrape interval: the datasource's finest step. */
const INTERVAL_SECONDS = 15;
/** How long a page load may take before the run counts as not complete. */
const LIMIT_MS = 90_000;

/** Timed repetitions of each query: fewer for the raw queries of a large fleet, which take minutes. */
const repetitionsFor = (services: number, quick: boolean) => ({
  recorded: quick ? 3 : 5,
  raw: quick ? 1 : services >= 1000 ? 2 : 3,
});
const chromiumRunsFor = (quick: boolean) => (quick ? 2 : 3);

export const GOALS = { completeMs: 2000, longestTaskMs: 200 } as const;

export interface Phase {
  /** The fleet signals the probe found recorded. */
  recordedSignals: string[];
  queries: PageQueries;
  browser: BrowserPhase;
  /** Prometheus's resident memory after the phase. */
  prometheusBytes?: number;
  /** The machine's 1-minute load average when the phase started (other work on it shows here). */
  loadAverage: number;
}

export interface SizeResult {
  services: number;
  /** The deliberately bad service (the table's worst row). */
  worst: string;
  data: {
    series: number;
    samples: number;
    textBytes: number;
    seconds: number;
    startSeconds: number;
    endSeconds: number;
  };
  rules: { rules: number; passes: number; series: number; samples: number; seconds: number; fromSeconds: number };
  raw: Phase;
  recorded: Phase;
}

export interface ServicesBench {
  config: {
    sizes: number[];
    routes: number;
    statusCodes: readonly string[];
    instances: number;
    intervalSeconds: number;
    spanMinutes: number;
    windowSeconds: number;
    stepSeconds: number;
    repetitions: { recorded: number; raw: Record<number, number> };
    chromiumRuns: number;
    limitMs: number;
    afterCompleteMs: number;
  };
  goals: typeof GOALS;
  prometheus: string;
  chromium?: string;
  /** The code measured: when dist/ was built, the commit, and how many files the working tree changes. */
  plugin: { builtAt: string; commit?: string; changedFiles?: number };
  sizes: SizeResult[];
  seconds: number;
}

/** The commit checked out and the files changed since (read only). */
function sourceState(): { commit?: string; changedFiles?: number } {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
  try {
    return {
      commit: git(['rev-parse', '--short', 'HEAD']).trim(),
      changedFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length,
    };
  } catch {
    return {};
  }
}

function prometheusVersion(): string {
  try {
    return execFileSync(findPrometheus(), ['--version'], { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'prometheus';
  }
}

async function measureSize(
  services: number,
  options: { quick: boolean },
  children: Set<ChildProcess>,
  log: (line: string) => void,
  onChromium: (version: string) => void
): Promise<SizeResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-services-bench-'));
  const dirs = { dataDir: path.join(root, 'data'), workDir: path.join(root, 'work') };
  fs.mkdirSync(dirs.dataDir);
  fs.mkdirSync(dirs.workDir);
  let prometheus: BackfilledPrometheus | undefined;
  let session: PageSession | undefined;
  try {
    const span = chooseSpan(Date.now(), SPAN_MINUTES, INTERVAL_SECONDS);
    const endMs = span.endSeconds * 1000;
    const free = fs.statfsSync(os.tmpdir());
    log(
      `services ${services}: backfilling ${SPAN_MINUTES} minutes at ${span.intervalSeconds} s up to ${new Date(endMs).toISOString()} (${(Number(free.bavail * free.bsize) / 1e9).toFixed(0)} GB free in ${os.tmpdir()}, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB of memory free)…`
    );
    const dataStarted = Date.now();
    const loaded = await backfillFleet(services, span, dirs, children, log);
    const dataSeconds = (Date.now() - dataStarted) / 1000;
    log(
      `services ${services}: loaded ${loaded.series.toLocaleString('en')} series, ${loaded.samples.toLocaleString('en')} samples in ${loaded.blocks} block(s) (${dataSeconds.toFixed(0)} s)`
    );
    prometheus = await BackfilledPrometheus.start(dirs.dataDir, path.join(root, 'prometheus.yml'));
    const server = prometheus;
    log(`services ${services}: Prometheus on ${server.url}`);
    await server.settle(1, log);

    const between = () => server.idle();
    const repetitions = repetitionsFor(services, options.quick);
    const chromiumRuns = chromiumRunsFor(options.quick);
    const phase = async (mode: 'raw' | 'recorded'): Promise<Phase> => {
      const loadAverage = os.loadavg()[0];
      log(
        `services ${services}, ${mode === 'raw' ? 'without recording rules' : 'with recording rules'}: the page's queries from Node…`
      );
      const queries = await timePageQueries(server.url, endMs, repetitions[mode], log);
      log(
        `  probe + queries ${queries.totalMs.toFixed(0)} ms one after another, page load ${queries.pageLoadMs.toFixed(0)} ms; recorded: ${queries.recordedSignals.join(', ') || 'none'}`
      );
      if (!session) {
        session = await openServicesPage(server.url);
        onChromium(session.host.browser.version());
        await session.warmUp();
        await server.idle();
      }
      log(`  the page in Chromium (${chromiumRuns} runs, then a traced one)…`);
      const browser = await measurePage(
        session,
        { services, scored: mode === 'recorded', endMs, limitMs: LIMIT_MS, runs: chromiumRuns },
        between,
        log
      );
      const prometheusBytes = await server.residentBytes();
      log(
        `  Prometheus holds ${((prometheusBytes ?? 0) / 2 ** 30).toFixed(1)} GiB; the load average was ${loadAverage.toFixed(2)} when the phase started`
      );
      return { recordedSignals: queries.recordedSignals, queries, browser, prometheusBytes, loadAverage };
    };

    const raw = await phase('raw');

    const rulesStarted = Date.now();
    // The recorded series the page reads: its window, from a minute before its first step.
    const fromSeconds = span.endSeconds - WINDOW_SECONDS - 60;
    log(
      `services ${services}: backfilling the catalog's recording rules from ${new Date(fromSeconds * 1000).toISOString()}…`
    );
    const rules = await backfillRules(
      server,
      { startSeconds: fromSeconds, endSeconds: span.endSeconds, intervalSeconds: span.intervalSeconds },
      dirs,
      children,
      log
    );
    await server.settle(1, log);
    const rulesSeconds = (Date.now() - rulesStarted) / 1000;
    log(
      `services ${services}: ${rules.rules} rules in ${rules.passes} passes, ${rules.series.toLocaleString('en')} recorded series (${rulesSeconds.toFixed(0)} s)`
    );
    const recorded = await phase('recorded');
    return {
      services,
      worst: serviceName(worstIndex(services)),
      data: {
        series: loaded.series,
        samples: loaded.samples,
        textBytes: loaded.textBytes,
        seconds: dataSeconds,
        startSeconds: span.startSeconds,
        endSeconds: span.endSeconds,
      },
      rules: { ...rules, seconds: rulesSeconds, fromSeconds },
      raw,
      recorded,
    };
  } finally {
    await (session as PageSession | undefined)?.close().catch(() => undefined);
    await prometheus?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the benchmark; `sizes` defaults to 200 and 1,000 services (200 only with `quick`). */
export async function runServicesBench(
  log: (line: string) => void,
  options: { quick: boolean; sizes?: number[] }
): Promise<ServicesBench> {
  // Before the long part: say what is missing.
  const builtAt = checkBuilt();
  const started = Date.now();
  const sizes = options.sizes ?? (options.quick ? [200] : [200, 1000]);
  const children = new Set<ChildProcess>();
  // Ctrl-C or a kill: stop what runs and leave no data behind (the rig stops its own on exit).
  const interrupted = (signal: NodeJS.Signals) => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('perfscope-services-bench-'))) {
      fs.rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true });
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let chromium: string | undefined;
  const results: SizeResult[] = [];
  try {
    for (const services of sizes) {
      results.push(await measureSize(services, options, children, log, (v) => (chromium = v)));
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const child of children) {
      child.kill('SIGKILL');
    }
  }
  return {
    config: {
      sizes,
      routes: FLEET_SHAPE.routes,
      statusCodes: FLEET_SHAPE.statusCodes,
      instances: FLEET_SHAPE.instances,
      intervalSeconds: INTERVAL_SECONDS,
      spanMinutes: SPAN_MINUTES,
      windowSeconds: WINDOW_SECONDS,
      stepSeconds: STEP_SECONDS,
      repetitions: {
        recorded: repetitionsFor(0, options.quick).recorded,
        raw: Object.fromEntries(sizes.map((n) => [n, repetitionsFor(n, options.quick).raw])),
      },
      chromiumRuns: chromiumRunsFor(options.quick),
      limitMs: LIMIT_MS,
      afterCompleteMs: AFTER_COMPLETE_MS,
    },
    goals: GOALS,
    prometheus: prometheusVersion(),
    chromium,
    plugin: { builtAt: builtAt.toISOString(), ...sourceState() },
    sizes: results,
    seconds: (Date.now() - started) / 1000,
  };
}
