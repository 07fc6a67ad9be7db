/**
 * The Services page of the BUILT plugin in Chromium (the browser host of tests/browser), against
 * the benchmark's Prometheus: the time from mounting the page to a complete table, the bytes it
 * fetched, and the longest main-thread task from the mount until three seconds after the table
 * was complete. Its datasource reaches Prometheus through timeShift.ts, so the page reads the
 * backfilled window as the last one whenever it runs. One extra, traced run tells what the
 * longest task spent its time on.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID } from '@perfscope/catalog';
import { type BrowserHost, startBrowserHost } from '../../tests/browser/harness';
import { buildHostBundle } from '../../tests/browser/hostBundle';
import { DIST, checkDist } from '../../tests/browser/server';
import { testIds } from '../../src/components/testIds';
import { longTask } from './markdown';
import { STEP_SECONDS, median } from './queries';
import { startTimeShift } from './timeShift';
import { type ModuleOf, type TaskProfile, profileLongestTask } from './trace';

const ROOT = path.resolve(__dirname, '../..');
const DATASOURCE_UID = 'perfscope';
/** How long after the table is complete long tasks still count (rendering the rest, sparklines). */
export const AFTER_COMPLETE_MS = 3000;

export interface BrowserRun {
  /** Mount → the frame after the table was complete; undefined when it never was within the limit. */
  completeMs?: number;
  /** Mount → the last query's response before completion (resource timing). */
  queriesDoneMs?: number;
  rows: { services: number; complete: number; scored: number };
  /** Longest main-thread task from the mount until AFTER_COMPLETE_MS after completion, and how many tasks ran over 50 ms. */
  longestTaskMs: number;
  longTasks: number;
  /** The datasource's requests (through the data-source proxy): count, bytes over the wire (headers included, compressed) and body bytes. */
  queries: { requests: number; transferBytes: number; bodyBytes: number };
  /** Everything else the page fetched (app settings, datasource list, page code). */
  other: { requests: number; transferBytes: number };
  /** The first row (the worst service, unless the page sorted wrongly). */
  firstRow?: string;
  /** Errors the page showed or Chromium reported. */
  errors: string[];
}

export interface BrowserPhase {
  runs: BrowserRun[];
  completed: number;
  medianMs?: number;
  worstMs?: number;
  /** Longest task over every run, and the median of each run's longest. */
  longestTaskMs: number;
  medianLongestTaskMs: number;
  /** The traced run's longest task, broken down. */
  profile?: TaskProfile;
  /** Runs skipped because the first did not complete within the limit (the next would not either). */
  skipped: number;
}

/** Source files the built plugin is made of (tests excluded). */
function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if (!/\.test\.tsx?$/.test(entry.name)) {
        const { mtimeMs } = fs.statSync(full);
        if (mtimeMs > newest.mtimeMs) {
          newest = { file: path.relative(ROOT, full), mtimeMs };
        }
      }
    }
  };
  ['src', 'pkg/catalog/src', 'pkg/dashboards/src'].forEach((d) => visit(path.join(ROOT, d)));
  return newest;
}

function newestBuilt(dir = DIST): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestBuilt(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Throws, saying what to run, when dist/ is missing or older than a source it is built from;
 * returns when it was built.
 */
export function checkBuilt(): Date {
  checkDist();
  const source = newestSource();
  const built = newestBuilt();
  if (source.mtimeMs > built) {
    const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    throw new Error(
      `The built plugin in dist/ (${at(built)} UTC) is older than ${source.file} (${at(source.mtimeMs)} UTC): run npm run build first, so the benchmark measures the current code.`
    );
  }
  return new Date(built);
}

/**
 * Where a position in the host bundle comes from: esbuild wraps each module in `__esm({"<path>"…`
 * or `__commonJS({"<path>"…`, so the nearest such path before it names the package and file.
 */
async function hostModules(): Promise<ModuleOf> {
  const file = path.join((await buildHostBundle()).dir, 'host.js');
  let lines: string[] | undefined;
  const known = new Map<string, string | undefined>();
  return (url, line, column) => {
    if (!/\/host\/host\.js/.test(url)) {
      return undefined;
    }
    const key = `${line}:${column}`;
    if (!known.has(key)) {
      lines ??= fs.readFileSync(file, 'utf8').split('\n');
      let found: string | undefined;
      for (let l = Math.min(line, lines.length - 1); l >= 0 && !found; l--) {
        const text = l === line ? lines[l].slice(0, column) : lines[l];
        const at = Math.max(text.lastIndexOf('__esm({"'), text.lastIndexOf('__commonJS({"'));
        found = at >= 0 ? /\{"([^"]+)"/.exec(text.slice(at))?.[1] : undefined;
      }
      known.set(key, found?.replace(/^node_modules\//, '').replace('/dist/esm/', '/…/'));
    }
    return known.get(key);
  };
}

interface BenchState {
  start: number;
  seen: boolean;
  complete?: number;
  rows: BrowserRun['rows'];
  tasks: Array<{ start: number; duration: number }>;
  resources: Array<{ name: string; start: number; end: number; transfer: number; body: number }>;
}

type BenchWindow = Window & {
  perfscopeBench?: { state: BenchState; stop: () => void };
  perfscopeHost?: { mountAppPage(id: string, path: string): Promise<void> };
};

export interface PageSession {
  host: BrowserHost;
  /** Opens the page and closes it once its code is loaded, so measured runs do not count the download. */
  warmUp(): Promise<void>;
  /** One measured run. `scored`: wait for a health score in every row too. */
  run(options: {
    services: number;
    scored: boolean;
    endMs: number;
    limitMs: number;
    trace?: boolean;
  }): Promise<BrowserRun & { profile?: TaskProfile }>;
  close(): Promise<void>;
}

/** Starts Chromium with the built plugin and a Perfscope datasource for `prometheusUrl`. */
export async function openServicesPage(prometheusUrl: string): Promise<PageSession> {
  // Whether dist/ is current was checked when the benchmark started (sources may change since).
  checkDist();
  const shift = await startTimeShift(prometheusUrl);
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      datasources: [{ uid: DATASOURCE_UID, name: 'Perfscope', jsonData: { url: shift.url, scrapeInterval: '15s' } }],
      viewport: { width: 1400, height: 900 },
    });
  } catch (e) {
    await shift.close();
    throw e;
  }
  const { page } = host;
  let moduleOf: ModuleOf;
  try {
    moduleOf = await hostModules();
    host.server.setPluginSettings(APP_PLUGIN_ID, { enabled: true, jsonData: { datasourceUid: DATASOURCE_UID } });
    // tsx compiles the functions handed to page.evaluate with esbuild's keepNames, which calls a
    // helper `__name` the page does not have: a stand-in that keeps the function as it is.
    await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  } catch (e) {
    await host.close();
    await shift.close();
    throw e;
  }
  const container = `[data-testid="${testIds.services.container}"]`;

  const mount = (need: { complete: number; scored: number }) =>
    page.evaluate(
      async ({ app, selector, want }) => {
        const w = window as unknown as BenchWindow;
        w.perfscopeBench?.stop();
        const state: BenchState = {
          start: 0,
          seen: false,
          rows: { services: 0, complete: 0, scored: 0 },
          tasks: [],
          resources: [],
        };
        const tasks = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            state.tasks.push({ start: e.startTime, duration: e.duration });
          }
        });
        tasks.observe({ type: 'longtask' });
        const resources = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as PerformanceResourceTiming[]) {
            state.resources.push({
              name: e.name,
              start: e.startTime,
              end: e.responseEnd,
              transfer: e.transferSize,
              body: e.decodedBodySize,
            });
          }
        });
        resources.observe({ type: 'resource' });
        const check = () => {
          const el = document.querySelector(selector);
          if (!el || state.seen) {
            return;
          }
          const n = (name: string) => Number(el.getAttribute(name) ?? 0);
          state.rows = {
            services: n('data-services'),
            complete: n('data-complete-rows'),
            scored: n('data-scored-rows'),
          };
          if (
            state.rows.services >= want.complete &&
            state.rows.complete >= want.complete &&
            state.rows.scored >= want.scored
          ) {
            state.seen = true;
            // Complete once the frame that shows it is done.
            requestAnimationFrame(() => setTimeout(() => (state.complete = performance.now()), 0));
          }
        };
        const mutations = new MutationObserver(check);
        mutations.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-services', 'data-complete-rows', 'data-scored-rows'],
        });
        w.perfscopeBench = {
          state,
          stop: () => {
            tasks.disconnect();
            resources.disconnect();
            mutations.disconnect();
          },
        };
        performance.mark('perfscope-bench-start');
        state.start = performance.now();
        await w.perfscopeHost!.mountAppPage(app, 'services');
      },
      { app: APP_PLUGIN_ID, selector: container, want: need }
    );

  // Read the data's window as the last one: back by whole steps, so the page's steps fall on the samples' grid.
  const shiftTo = (endMs: number) =>
    shift.setShift(Math.ceil((Date.now() - endMs) / 1000 / STEP_SECONDS) * STEP_SECONDS);

  return {
    host,
    async warmUp() {
      await mount({ complete: Infinity, scored: Infinity });
      await page.locator(container).waitFor({ timeout: 60_000 });
      await host.host.unmountAppPage();
      host.problems.take();
    },
    async run({ services, scored, endMs, limitMs, trace }) {
      host.problems.take();
      await shiftTo(endMs);
      if (trace) {
        await host.browser.startTracing(page, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'disabled-by-default-v8.cpu_profiler',
            'v8.execute',
            'blink.user_timing',
            'toplevel',
          ],
        });
      }
      await mount({ complete: services, scored: scored ? services : 0 });
      const completed = await page
        .waitForFunction(
          () => (window as unknown as BenchWindow).perfscopeBench?.state.complete !== undefined,
          undefined,
          {
            timeout: limitMs,
            polling: 100,
          }
        )
        .then(
          () => true,
          () => false
        );
      if (completed) {
        await page.waitForTimeout(AFTER_COMPLETE_MS);
      }
      const state = await page.evaluate(() => {
        performance.mark('perfscope-bench-end');
        const bench = (window as unknown as BenchWindow).perfscopeBench!;
        bench.stop();
        return bench.state;
      });
      const traceBuffer = trace ? await host.browser.stopTracing() : undefined;
      const [firstRow, shown] = await page.evaluate(
        ([table]) => [
          (document.querySelector(`[data-testid="${table}"] tbody tr`) as HTMLElement | null)?.innerText
            .replace(/\s+/g, ' ')
            .trim(),
          Array.from(document.querySelectorAll('[data-testid^="data-testid Alert"]')).map((a) =>
            (a as HTMLElement).innerText.replace(/\s+/g, ' ').trim()
          ),
        ],
        [testIds.services.table] as const
      );
      await host.host.unmountAppPage();
      const end = state.complete !== undefined ? state.complete + AFTER_COMPLETE_MS : Infinity;
      const tasks = state.tasks.filter((t) => t.start >= state.start && t.start < end);
      const fetched = state.resources.filter((r) => r.start >= state.start && r.start < end);
      const isQuery = (r: BenchState['resources'][number]) => r.name.includes('/api/datasources/proxy/');
      const queries = fetched.filter(isQuery);
      const other = fetched.filter((r) => !isQuery(r));
      const beforeComplete = state.complete === undefined ? [] : queries.filter((r) => r.end <= state.complete!);
      const sum = (rs: typeof fetched, key: 'transfer' | 'body') => rs.reduce((s, r) => s + r[key], 0);
      return {
        completeMs: state.complete === undefined ? undefined : state.complete - state.start,
        queriesDoneMs: beforeComplete.length ? Math.max(...beforeComplete.map((r) => r.end)) - state.start : undefined,
        rows: state.rows,
        longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
        longTasks: tasks.length,
        queries: { requests: queries.length, transferBytes: sum(queries, 'transfer'), bodyBytes: sum(queries, 'body') },
        other: { requests: other.length, transferBytes: sum(other, 'transfer') },
        firstRow: typeof firstRow === 'string' ? firstRow : undefined,
        errors: [...(shown as string[]), ...host.problems.take()],
        profile: traceBuffer ? profileLongestTask(traceBuffer, moduleOf) : undefined,
      };
    },
    async close() {
      await host.close();
      await shift.close();
    },
  };
}

/**
 * `runs` measured page loads (fewer when one does not complete within `limitMs`: the next would
 * not either), then one traced load for the longest task's breakdown.
 */
export async function measurePage(
  session: PageSession,
  options: { services: number; scored: boolean; endMs: number; limitMs: number; runs: number },
  between: () => Promise<void>,
  log: (line: string) => void
): Promise<BrowserPhase> {
  const runs: BrowserRun[] = [];
  let skipped = 0;
  for (let r = 0; r < options.runs; r++) {
    const { profile: _none, ...run } = await session.run(options);
    runs.push(run);
    log(
      `    Chromium run ${r + 1}/${options.runs}: ${run.completeMs === undefined ? `not complete within ${options.limitMs / 1000} s (${run.rows.complete} of ${options.services} rows complete)` : `complete in ${run.completeMs.toFixed(0)} ms`}, longest task ${longTask(run.longestTaskMs)}, ${(run.queries.transferBytes / 1024).toFixed(0)} KiB of queries${run.errors.length ? `; ${run.errors.length} error(s): ${run.errors[0].slice(0, 200)}` : ''}`
    );
    await between();
    if (run.completeMs === undefined) {
      skipped = options.runs - r - 1;
      break;
    }
  }
  // Traced even when the page does not complete: its longest tasks are then the ones to explain.
  const { profile } = await session.run({ ...options, trace: true });
  log(
    `    traced run: longest task ${profile?.durationMs.toFixed(0) ?? '?'} ms${profile?.topFunctions[0] ? `, most of it in ${profile.topFunctions[0].name}` : ''}`
  );
  await between();
  const done = runs.map((r) => r.completeMs).filter((v): v is number => v !== undefined);
  return {
    runs,
    completed: done.length,
    medianMs: median(done),
    worstMs: done.length === runs.length && done.length ? Math.max(...done) : undefined,
    longestTaskMs: Math.max(0, ...runs.map((r) => r.longestTaskMs)),
    medianLongestTaskMs: median(runs.map((r) => r.longestTaskMs)) ?? 0,
    profile,
    skipped,
  };
}
