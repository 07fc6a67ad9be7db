/**
 * One process of the parse benchmark (started by run.ts with --expose-gc):
 *   child.ts time <prometheus.json> <grafana.json> <rounds>   → timings of the approaches, alternated
 *   child.ts memory <prometheus.json> <grafana.json> <approach> → peak heap of one approach, alone
 * Prints one line `RESULT {json}` (other lines on stdout are library chatter).
 */
import * as fs from 'node:fs';
// node: prefixes: the tsconfig's baseUrl is src/, where a bare 'module' would be the plugin's module.tsx.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { JSDOM } from 'jsdom';

// @grafana/runtime 12.4 loads @grafana/ui, which wants much of a browser: a whole jsdom window as
// globals (as jest-environment-jsdom gives), its own Event classes, matchMedia, and stylesheets ignored.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
const g = globalThis as unknown as Record<string, unknown>;
const win = dom.window as unknown as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(win)) {
  if (!(key in g)) {
    try {
      g[key] = win[key];
    } catch {
      // read-only global: keep Node's
    }
  }
}
g.window = dom.window;
g.document = dom.window.document;
for (const key of ['Event', 'CustomEvent', 'EventTarget', 'KeyboardEvent', 'MouseEvent']) {
  g[key] = win[key];
}
g.matchMedia = () => ({
  matches: false,
  media: '',
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
});
const peerRequire = createRequire(path.resolve(__dirname, '..', 'peers', 'package.json'));
const extensions = (peerRequire as unknown as { extensions: Record<string, (m: { exports: unknown }) => void> })
  .extensions;
for (const ext of ['.css', '.scss', '.svg']) {
  extensions[ext] = (m) => {
    m.exports = {};
  };
}

type Frame = { fields: Array<{ values: ArrayLike<unknown> }> };
type Approach = 'ours' | 'oursText' | 'peer' | 'plain';

async function load() {
  const { framesFromBody } = await import('../../src/datasource/response');
  const { toDataQueryResponse } = peerRequire('@grafana/runtime') as {
    toDataQueryResponse: (res: { data: unknown }, queries: unknown[]) => { data: Frame[] };
  };
  const { transformV2 } = peerRequire('@grafana/prometheus') as {
    transformV2: (response: unknown, request: unknown, options: object) => { data: Frame[] };
  };
  const target = { refId: 'A', expr: 'rate(http_server_requests_total[5m])', range: true, instant: false };
  const request = { targets: [target], app: 'dashboard', requestId: 'A', interval: '15s', intervalMs: 15_000 };
  const options = { refId: 'A' };
  const run: Record<Approach, (body: string | ArrayBuffer) => Frame[]> = {
    // This datasource: the body as runOnce gets it (responseType 'arraybuffer') through its entry point.
    ours: (bytes) => framesFromBody(bytes, options),
    // The same from the body as text (encoded to UTF-8 first).
    oursText: (text) => framesFromBody(text, options),
    // Grafana's Prometheus datasource: the /api/ds/query JSON, toDataQueryResponse, transformV2.
    peer: (text) => transformV2(toDataQueryResponse({ data: JSON.parse(text as string) }, [target]), request, {}).data,
    // Before the scanner: JSON.parse of the Prometheus body and the conversion from objects.
    plain: (text) => framesFromBody(JSON.parse(text as string), options),
  };
  return run;
}

function points(frames: Frame[]): number {
  return frames.reduce((n, f) => n + (f.fields[1]?.values.length ?? 0), 0);
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main() {
  const [mode, prometheusFile, grafanaFile, arg] = process.argv.slice(2);
  const prometheus = fs.readFileSync(prometheusFile, 'utf8');
  const raw = fs.readFileSync(prometheusFile);
  const text: Record<Approach, string | ArrayBuffer> = {
    ours: raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer,
    oursText: prometheus,
    plain: prometheus,
    peer: fs.readFileSync(grafanaFile, 'utf8'),
  };
  const run = await load();
  if (mode === 'time') {
    const rounds = Number(arg);
    const order: Approach[] = ['ours', 'peer', 'oursText', 'plain'];
    const times: Record<Approach, number[]> = { ours: [], oursText: [], peer: [], plain: [] };
    const check: Record<Approach, { frames: number; points: number }> = {} as never;
    // Three warm-up rounds first: the JavaScript approaches reach their optimised code after a few
    // runs (JSON.parse is native and needs none), as they would after a dashboard's first queries.
    const warmUp = 3;
    for (let round = -warmUp; round < rounds; round++) {
      // Alternate the order so no approach always runs right after the same other one.
      const turn = order.map((_, i) => order[(i + Math.max(0, round)) % order.length]);
      for (const approach of turn) {
        gc();
        const t0 = performance.now();
        const frames = run[approach](text[approach]);
        const ms = performance.now() - t0;
        if (round >= 0) {
          times[approach].push(ms);
        } else {
          check[approach] = { frames: frames.length, points: points(frames) };
        }
      }
    }
    process.stdout.write(`RESULT ${JSON.stringify({ times, check })}\n`);
    return;
  }
  const approach = arg as Approach;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  // From here on V8 prints a line per collection with the heap in use before it: the peak is the
  // largest of those and the heap in use at the end (run.ts reads them from this process's output).
  v8.setFlagsFromString('--trace-gc');
  const frames = run[approach](text[approach]);
  const after = process.memoryUsage().heapUsed;
  v8.setFlagsFromString('--no-trace-gc');
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  process.stdout.write(
    `RESULT ${JSON.stringify({ baseHeapBytes: before, endHeapBytes: after, retainedHeapBytes: retained, frames: frames.length })}\n`
  );
}

main().catch((e) => {
  process.stderr.write(`parse bench child: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
