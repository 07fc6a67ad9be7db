/**
 * The benchmark's data, backfilled: the fleet's raw series (OpenMetrics text from data.ts, a file
 * per slice of services, each turned into blocks by its own promtool while the next slice is
 * written) and the catalog's recording rules evaluated over the page's window.
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildPrometheusRecordingGroups } from '@perfscope/catalog';
import { FLEET_SHAPE, type FleetSpan, writeFleet } from './data';
import {
  type BackfilledPrometheus,
  type BlockStats,
  blockStats,
  findPromtool,
  moveBlocks,
  runTool,
} from './prometheus';

/** Services per OpenMetrics file: about 4 GB of text, 1.5 GB of promtool memory. */
const SLICE = 100;
/** promtool processes at once (one per core; the writer shares them). */
const WORKERS = 2;
/** Less garbage collection for promtool (about 15 % faster here, for some more memory). */
const PROMTOOL_ENV = { GOGC: '400' };
/** Blocks cover aligned 2-hour windows (promtool's default): the span stays inside one. */
const BLOCK_SECONDS = 7200;

/** The span to backfill: `minutes` of samples every `interval` up to about now, inside one block window. */
export function chooseSpan(nowMs: number, minutes: number, intervalSeconds: number): FleetSpan {
  let end = Math.floor(nowMs / 1000 / intervalSeconds) * intervalSeconds;
  const length = minutes * 60;
  if (Math.floor((end - length) / BLOCK_SECONDS) !== Math.floor(end / BLOCK_SECONDS)) {
    end = Math.floor(end / BLOCK_SECONDS) * BLOCK_SECONDS - intervalSeconds;
  }
  return { startSeconds: end - length, endSeconds: end, intervalSeconds };
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * Writes the raw series of `services` into blocks in `dataDir`, through text files in `workDir`
 * (each deleted once promtool has read it); returns what the blocks hold.
 */
export async function backfillFleet(
  services: number,
  span: FleetSpan,
  dirs: { dataDir: string; workDir: string },
  children: Set<ChildProcess>,
  log: (line: string) => void
): Promise<BlockStats & { textBytes: number }> {
  const promtool = findPromtool();
  const slices = Math.ceil(services / SLICE);
  const running = new Set<Promise<void>>();
  let textBytes = 0;
  let done = 0;
  const failures: Error[] = [];
  for (let s = 0; s < slices && failures.length === 0; s++) {
    while (running.size >= WORKERS) {
      await Promise.race(running);
    }
    const file = path.join(dirs.workDir, `slice-${s}.om`);
    const out = path.join(dirs.workDir, `blocks-${s}`);
    const written = await writeFleet(file, { ...FLEET_SHAPE, services }, span, {
      from: s * SLICE,
      to: (s + 1) * SLICE,
    });
    textBytes += written.bytes;
    log(
      `  ${services} services: slice ${s + 1}/${slices} written (${written.series.toLocaleString('en')} series, ${gb(written.bytes)} of OpenMetrics), promtool reading it…`
    );
    const job: Promise<void> = runTool(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, out], children, {
      env: PROMTOOL_ENV,
      log,
    })
      .then(() => {
        moveBlocks(out, dirs.dataDir);
        done++;
        log(`  ${services} services: slice ${done}/${slices} in blocks`);
      })
      .catch((e: Error) => {
        failures.push(e);
      })
      .finally(() => {
        fs.rmSync(file, { force: true });
        fs.rmSync(out, { recursive: true, force: true });
        running.delete(job);
      });
    running.add(job);
  }
  await Promise.all(running);
  if (failures.length > 0) {
    throw failures[0];
  }
  return { ...blockStats(dirs.dataDir), textBytes };
}

interface Rule {
  record: string;
  expr: string;
}

/**
 * The catalog's recording groups split into passes: a rule goes one pass after the latest rule it
 * reads (the health components read raw series, perfscope:health_present reads the components,
 * perfscope:health_score both), since each pass queries what the previous ones wrote.
 */
export function rulePasses(groups = buildPrometheusRecordingGroups(undefined)) {
  const rules = groups.flatMap((g) => g.rules as Rule[]).filter((r) => r.record);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reads = (rule: Rule, other: Rule) =>
    other !== rule && new RegExp(`(?<![\\w:])${escape(other.record)}(?![\\w:])`).test(rule.expr);
  const level = new Map<string, number>();
  const levelOf = (rule: Rule, seen: string[] = []): number => {
    const known = level.get(rule.record);
    if (known !== undefined) {
      return known;
    }
    if (seen.includes(rule.record)) {
      throw new Error(`Recording rules read each other in a cycle: ${[...seen, rule.record].join(' → ')}`);
    }
    const own = Math.max(0, ...rules.filter((o) => reads(rule, o)).map((o) => 1 + levelOf(o, [...seen, rule.record])));
    level.set(rule.record, own);
    return own;
  };
  const passes = Math.max(...rules.map((r) => levelOf(r))) + 1;
  return Array.from({ length: passes }, (_, pass) =>
    groups
      .map((g) => ({ ...g, rules: (g.rules as Rule[]).filter((r) => r.record && level.get(r.record) === pass) }))
      .filter((g) => g.rules.length > 0)
  );
}

/**
 * Evaluates the recording rules over [start, end] into blocks in `dataDir`, pass by pass against
 * the running server (restarted after each pass, so the next pass reads the new blocks).
 */
export async function backfillRules(
  prometheus: BackfilledPrometheus,
  window: { startSeconds: number; endSeconds: number; intervalSeconds: number },
  dirs: { dataDir: string; workDir: string },
  children: Set<ChildProcess>,
  log: (line: string) => void
): Promise<BlockStats & { passes: number; rules: number }> {
  const promtool = findPromtool();
  const passes = rulePasses();
  let series = 0;
  let samples = 0;
  for (const [i, groups] of passes.entries()) {
    const file = path.join(dirs.workDir, `rules-${i}.yml`);
    const out = path.join(dirs.workDir, `rule-blocks-${i}`);
    // JSON is YAML.
    fs.writeFileSync(file, JSON.stringify({ groups }));
    const names = groups.flatMap((g) => g.rules.map((r) => r.record));
    log(
      `  recording rules, pass ${i + 1}/${passes.length}: ${names.length} rules (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})…`
    );
    const started = Date.now();
    await runTool(
      promtool,
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${window.startSeconds}`,
        `--end=${window.endSeconds}`,
        `--eval-interval=${window.intervalSeconds}s`,
        `--url=${prometheus.url}`,
        `--output-dir=${out}`,
        file,
      ],
      children,
      { log }
    );
    const stats = blockStats(out);
    series += stats.series;
    samples += stats.samples;
    moveBlocks(out, dirs.dataDir);
    fs.rmSync(out, { recursive: true, force: true });
    log(
      `  pass ${i + 1} done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${stats.series.toLocaleString('en')} recorded series, ${stats.samples.toLocaleString('en')} samples; restarting Prometheus to load them`
    );
    await prometheus.restart();
  }
  return { blocks: 0, series, samples, passes: passes.length, rules: passes.flat().flatMap((g) => g.rules).length };
}
