/**
 * History for real Prometheus without waiting for it: raw series written as OpenMetrics text and
 * turned into TSDB blocks (`promtool tsdb create-blocks-from openmetrics`), and recording rules
 * evaluated over that history by a running Prometheus into more blocks (`promtool tsdb
 * create-blocks-from rules`). Prometheus reads new blocks when it starts.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** One series: its name, labels and a value at each timestamp (Unix seconds); undefined: no sample then. */
export interface BackfillSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: (timestampSeconds: number) => number | undefined;
}

/** Runs promtool and resolves with its output; rejects with it when promtool fails. */
function promtool(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (e) =>
      reject(new Error(`promtool could not start (${e.message}): install Debian's prometheus package.`))
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`promtool ${args.slice(0, 3).join(' ')} failed (${code}): ${output.slice(-1500)}`))
    );
  });
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Writes the series from `start` to `end` (Unix seconds) every `step` seconds into blocks in
 * `storage`, through an OpenMetrics file in `workDir`. Every family is typed `unknown`: each sample
 * name is its own family, so counters and histogram parts need no companion series.
 */
export async function backfillSeries(
  series: readonly BackfillSeries[],
  span: { start: number; end: number; step: number },
  dirs: { storage: string; workDir: string }
): Promise<{ samples: number }> {
  const file = path.join(dirs.workDir, 'history.om.txt');
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  let samples = 0;
  const byName = new Map<string, BackfillSeries[]>();
  for (const s of series) {
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  for (const [name, members] of byName) {
    await write(`# TYPE ${name} unknown\n`);
    for (const s of members) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escape(v)}"`)
        .join(',');
      let chunk = '';
      for (let t = span.start; t <= span.end; t += span.step) {
        const value = s.value(t);
        if (value === undefined) {
          continue;
        }
        chunk += `${name}{${labels}} ${value} ${t}\n`;
        samples += 1;
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
    }
  }
  await write('# EOF\n');
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  fs.mkdirSync(dirs.storage, { recursive: true });
  await promtool(['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dirs.storage]);
  fs.rmSync(file, { force: true });
  return { samples };
}

/** The span of the blocks promtool writes rule results into (its default and only size in 2.x). */
export const RULE_BLOCK_SECONDS = 2 * 3600;

/**
 * Evaluates the recording rules of `ruleFile` every `interval` from `start` to `end` (Unix seconds)
 * against the Prometheus at `url`, into blocks in `storage` (read when Prometheus next starts).
 * Rules that read other rules' series need them in storage already: one pass per level.
 *
 * promtool (cmd/promtool/rules.go, importRule) walks the span in 2-hour blocks aligned to the epoch
 * and stops at the first block that holds no evaluation of a group: a start in the last interval
 * before a boundary (where the group's evaluation offset, a hash of the rule file's path, puts no
 * evaluation) silently writes nothing at all (prometheus/prometheus#19714). So a span that crosses a
 * boundary goes to promtool in two parts, the lead-in up to the boundary and the rest from it (promtool
 * wants a start before the end, and both are inclusive: an evaluation at the boundary itself may be
 * written twice, the same sample, which Prometheus merges).
 */
export async function backfillRules(
  ruleFile: string,
  span: { start: number; end: number; interval: string },
  url: string,
  storage: string
): Promise<void> {
  const boundary = Math.ceil(span.start / RULE_BLOCK_SECONDS) * RULE_BLOCK_SECONDS;
  const parts =
    boundary > span.start && boundary < span.end
      ? [
          { start: span.start, end: boundary },
          { start: boundary, end: span.end },
        ]
      : [span];
  for (const part of parts) {
    await promtool([
      'tsdb',
      'create-blocks-from',
      'rules',
      '--quiet',
      `--start=${part.start}`,
      `--end=${part.end}`,
      `--url=${url}`,
      `--eval-interval=${span.interval}`,
      `--output-dir=${storage}`,
      ruleFile,
    ]);
  }
}
