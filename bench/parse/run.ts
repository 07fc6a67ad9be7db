/**
 * Bytes → DataFrames for a ~1M-sample range query, three ways:
 * - ours: the Prometheus body as bytes (an ArrayBuffer, as runOnce fetches it) through framesFromBody
 *   (the matrix scanner); also from the body as text;
 * - peer: Grafana's own path, JSON.parse of the /api/ds/query data-frame JSON its backend sends,
 *   toDataQueryResponse (@grafana/runtime) and transformV2 (@grafana/prometheus), both 12.4.0;
 * - plain: JSON.parse of the Prometheus body and the conversion from parsed objects (framesFromBody of
 *   the parsed body).
 * Timings alternate them in one child process; peak memory runs each alone in a fresh one.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bodies, CASES } from './bodies';

const PEERS = path.resolve(__dirname, '..', 'peers');
const CHILD = path.resolve(__dirname, 'child.ts');
const APPROACHES = ['ours', 'oursText', 'peer', 'plain'] as const;
type Approach = (typeof APPROACHES)[number];

export interface ParseCaseResult {
  name: string;
  series: number;
  points: number;
  samples: number;
  prometheusBytes: number;
  grafanaBytes: number;
  rounds: number;
  medianMs: Record<Approach, number>;
  p95Ms: Record<Approach, number>;
  /** ours ÷ peer, medians; the goal is ≤ 1. */
  ratio: number;
  ratioTextToPeer: number;
  ratioToPlain: number;
  peakBytes: Record<Approach, number>;
  retainedHeapBytes: Record<Approach, number>;
  check: Record<Approach, { frames: number; points: number }>;
  timesMs: Record<Approach, number[]>;
}

export interface ParseBenchResult {
  peers: { prometheus: string; runtime: string };
  cases: ParseCaseResult[];
}

/** Installs bench/peers (@grafana/prometheus and what it pins) once, from its lock file. */
function ensurePeers(log: (line: string) => void) {
  if (fs.existsSync(path.join(PEERS, 'node_modules', '@grafana', 'prometheus'))) {
    return;
  }
  log('parse: installing the bench-only peers (npm ci --prefix bench/peers, about 1–3 minutes, ~650 MB)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', PEERS, '--no-audit', '--no-fund', '--ignore-scripts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error('npm ci --prefix bench/peers failed (see above)');
  }
}

function child(args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.stderr.on('data', (c) => (err += c));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) {
        reject(
          new Error(`parse bench child ${args[0]} exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`)
        );
        return;
      }
      // V8's --trace-gc lines: "… ms: Scavenge 45.2 (60.1) -> 40.1 (61.2) MB, …", heap in use before first.
      const gcHeapBefore = [...out.matchAll(/ms: [^\d\n]*?([\d.]+) \([\d.]+\) -> /g)].map(
        (m) => Number(m[1]) * 2 ** 20
      );
      resolve({ ...(JSON.parse(line.slice('RESULT '.length)) as object), gcHeapBefore });
    });
  });
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function version(pkg: string): string {
  return (
    JSON.parse(fs.readFileSync(path.join(PEERS, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

export async function runParseBench(
  log: (line: string) => void = () => {},
  { quick = false }: { quick?: boolean } = {}
): Promise<ParseBenchResult> {
  ensurePeers(log);
  const rounds = quick ? 5 : 21;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-parse-'));
  const cases: ParseCaseResult[] = [];
  try {
    for (const benchCase of CASES) {
      const { prometheus, grafana, samples } = bodies(benchCase);
      const files = [path.join(dir, 'prometheus.json'), path.join(dir, 'grafana.json')];
      fs.writeFileSync(files[0], prometheus);
      fs.writeFileSync(files[1], grafana);
      const mb = (s: string) => (Buffer.byteLength(s) / 1e6).toFixed(1);
      log(
        `parse: ${benchCase.name}: Prometheus body ${mb(prometheus)} MB, Grafana frames ${mb(grafana)} MB, ${rounds} rounds…`
      );
      const timing = (await child(['time', ...files, String(rounds)])) as {
        times: Record<Approach, number[]>;
        check: Record<Approach, { frames: number; points: number }>;
      };
      for (const approach of APPROACHES) {
        const { frames, points } = timing.check[approach];
        if (frames !== benchCase.series || points !== samples) {
          throw new Error(
            `parse: ${approach} gave ${frames} frames and ${points} points, expected ${benchCase.series} and ${samples}`
          );
        }
      }
      const peakBytes = {} as Record<Approach, number>;
      const retainedHeapBytes = {} as Record<Approach, number>;
      for (const approach of APPROACHES) {
        const memory = (await child(['memory', ...files, approach])) as {
          baseHeapBytes: number;
          endHeapBytes: number;
          retainedHeapBytes: number;
          gcHeapBefore: number[];
        };
        peakBytes[approach] = Math.max(memory.endHeapBytes, ...memory.gcHeapBefore) - memory.baseHeapBytes;
        retainedHeapBytes[approach] = memory.retainedHeapBytes;
      }
      const medianMs = {} as Record<Approach, number>;
      const p95Ms = {} as Record<Approach, number>;
      for (const approach of APPROACHES) {
        medianMs[approach] = quantile(timing.times[approach], 0.5);
        p95Ms[approach] = quantile(timing.times[approach], 0.95);
      }
      const result: ParseCaseResult = {
        ...benchCase,
        samples,
        prometheusBytes: Buffer.byteLength(prometheus),
        grafanaBytes: Buffer.byteLength(grafana),
        rounds,
        medianMs,
        p95Ms,
        ratio: medianMs.ours / medianMs.peer,
        ratioTextToPeer: medianMs.oursText / medianMs.peer,
        ratioToPlain: medianMs.ours / medianMs.plain,
        peakBytes,
        retainedHeapBytes,
        check: timing.check,
        timesMs: timing.times,
      };
      log(
        `parse: ${benchCase.name}: ours ${medianMs.ours.toFixed(0)} ms, Grafana ${medianMs.peer.toFixed(0)} ms, plain ${medianMs.plain.toFixed(0)} ms (ratio ${result.ratio.toFixed(2)})`
      );
      cases.push(result);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { peers: { prometheus: version('@grafana/prometheus'), runtime: version('@grafana/runtime') }, cases };
}

/** The results as the Markdown written to bench-results/parse.md. */
export function parseMarkdown(
  result: ParseBenchResult,
  machine: { cpus: number; cpu?: string; node: string; date: string }
): string[] {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const ms = (c: ParseCaseResult, a: Approach) => `${c.medianMs[a].toFixed(0)} (${c.p95Ms[a].toFixed(0)})`;
  const names: Record<Approach, string> = {
    ours: 'ours, body as bytes',
    oursText: 'ours, body as text',
    peer: 'Grafana',
    plain: 'plain JSON.parse',
  };
  return [
    '# Range query: bytes → DataFrames',
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpu} · Node ${machine.node}`,
    '',
    'From the response body to frames, JSON parsing included:',
    "- **ours, body as bytes**: the Prometheus `query_range` body as the datasource fetches it (responseType 'arraybuffer'), through `framesFromBody`, the matrix scanner;",
    '- **ours, body as text**: the same from the text of the body (encoded to UTF-8 first);',
    `- **Grafana**: its Prometheus datasource's path — JSON.parse of the data-frame JSON Grafana's backend sends from \`/api/ds/query\` for the same result (text in: the decoding a browser does for it is not counted), \`toDataQueryResponse\` (@grafana/runtime ${result.peers.runtime}) and \`transformV2\` (@grafana/prometheus ${result.peers.prometheus}), the legend as the backend names it (\`displayNameFromDS\`);`,
    '- **plain JSON.parse**: JSON.parse of the Prometheus body text and the conversion from parsed objects (this datasource before the scanner).',
    '',
    'Same data each way: six labels per series, 15 s steps; values are integers (counters), short decimals, full-precision doubles (three series in five) and doubles with 5 % NaN.',
    '',
    `| case | body MB (Prometheus / Grafana) | ${APPROACHES.map((a) => `${names[a]}: median (p95) ms`).join(' | ')} | ours ÷ Grafana | ours (text) ÷ Grafana | ours ÷ plain |`,
    `| --- | ---: | ${APPROACHES.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
    ...result.cases.map(
      (c) =>
        `| ${c.name} | ${mb(c.prometheusBytes)} / ${mb(c.grafanaBytes)} | ${APPROACHES.map((a) => ms(c, a)).join(' | ')} | **${c.ratio.toFixed(2)}** | ${c.ratioTextToPeer.toFixed(2)} | ${c.ratioToPlain.toFixed(2)} |`
    ),
    '',
    `| case | ${APPROACHES.map((a) => `${names[a]}: peak heap MB`).join(' | ')} | ${APPROACHES.map((a) => `${names[a]}: frames kept MB`).join(' | ')} |`,
    `| --- | ${APPROACHES.map(() => '---:').join(' | ')} | ${APPROACHES.map(() => '---:').join(' | ')} |`,
    ...result.cases.map(
      (c) =>
        `| ${c.name} | ${APPROACHES.map((a) => mb(c.peakBytes[a])).join(' | ')} | ${APPROACHES.map((a) => mb(c.retainedHeapBytes[a])).join(' | ')} |`
    ),
    '',
    `Timings: ${result.cases[0]?.rounds} rounds after three warm-up rounds, the approaches alternated in one process (\`--expose-gc\`, a full GC before each run), median and p95 of wall time.`,
    "Peak heap: each approach alone in a fresh process, the body already in memory and a full GC done; V8's `--trace-gc`, switched on for the run only, reports the heap in use before each collection: the peak is the largest of those and the heap in use at the end, minus the heap in use at the start. It counts every JS object and string the run makes, garbage not yet collected included; ArrayBuffer contents (the body's bytes, the UTF-8 copy the text variant makes) live outside the heap and are not counted. Frames kept: heap in use after a full GC with the frames still referenced.",
    '',
    'Goal: ours ÷ Grafana ≤ 1.0 in both cases. A shared 2-core machine is noisy: compare ratios within a run rather than milliseconds across runs.',
  ];
}
