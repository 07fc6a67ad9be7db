/**
 * `npm run bench`: runs Perfscope's benchmarks and writes their results to bench-results/.
 * Options: --quick (fewer, shorter rounds, for a smoke run); --only stream|parse|render|middleware|detect|services (one of them).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OFFERED_RATE, VARIANTS, runMiddlewareBench } from './middleware/run';

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const runs = (bench: string) => !only || only === bench;
const outDir = path.resolve(__dirname, '..', 'bench-results');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  if (only && !['stream', 'parse', 'render', 'middleware', 'detect', 'services'].includes(only)) {
    throw new Error(`--only takes stream, parse, render, middleware, detect or services, not ${only}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    date: new Date().toISOString(),
  };
  log(`Perfscope benchmarks on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (quick)' : ''}`);

  // Datasource code needs a browser-like window: load it after providing one.
  await import('./browserGlobals');
  if (runs('stream')) {
    const { runStreamBench } = await import('./stream/run');
    const stream = await runStreamBench(log);
    fs.writeFileSync(path.join(outDir, 'stream.json'), `${JSON.stringify({ machine, ...stream }, null, 2)}\n`);
    const streamLines = [
      '# Streaming: bytes fetched',
      '',
      `One simulated hour at ${stream.ticks} ticks of 5 s, ${stream.series} series, one-hour window.`,
      '',
      '| approach | bytes | ratio |',
      '| --- | ---: | ---: |',
      `| incremental stream (this datasource) | ${stream.incrementalBytes.toLocaleString('en')} | ${(stream.ratio * 100).toFixed(2)} % |`,
      `| re-query the whole window each tick | ${stream.fullRequeryBytes.toLocaleString('en')} | 100 % |`,
      '',
      'Goal: ≤ 5 %.',
    ];
    fs.writeFileSync(path.join(outDir, 'stream.md'), `${streamLines.join('\n')}\n`);
    log(`\n${streamLines.join('\n')}\n`);
  }

  if (runs('parse')) {
    const { parseMarkdown, runParseBench } = await import('./parse/run');
    const parse = await runParseBench(log, { quick });
    fs.writeFileSync(path.join(outDir, 'parse.json'), `${JSON.stringify({ machine, ...parse }, null, 2)}\n`);
    const parseLines = parseMarkdown(parse, machine);
    fs.writeFileSync(path.join(outDir, 'parse.md'), `${parseLines.join('\n')}\n`);
    log(`\n${parseLines.join('\n')}\n\nWritten: ${path.join(outDir, 'parse.md')} and parse.json`);
  }

  if (runs('detect')) {
    const { detectMarkdown, runDetectBench } = await import('./detect/run');
    const detect = await runDetectBench(log);
    fs.writeFileSync(path.join(outDir, 'detect.json'), `${JSON.stringify({ machine, ...detect }, null, 2)}\n`);
    const detectLines = detectMarkdown(detect, machine);
    fs.writeFileSync(path.join(outDir, 'detect.md'), `${detectLines.join('\n')}\n`);
    log(`\n${detectLines.join('\n')}\n\nWritten: ${path.join(outDir, 'detect.md')} and detect.json`);
  }

  if (runs('services')) {
    const { runServicesBench, servicesMarkdown } = await import('./services/run');
    const services = await runServicesBench(log, { quick });
    fs.writeFileSync(path.join(outDir, 'services.json'), `${JSON.stringify({ machine, ...services }, null, 2)}\n`);
    const servicesLines = servicesMarkdown(services, machine);
    fs.writeFileSync(path.join(outDir, 'services.md'), `${servicesLines.join('\n')}\n`);
    log(`\n${servicesLines.join('\n')}\n\nWritten: ${path.join(outDir, 'services.md')} and services.json`);
  }

  if (runs('render')) {
    const { runRenderBench } = await import('./render/run');
    const render = await runRenderBench(quick, log);
    fs.writeFileSync(path.join(outDir, 'render.json'), `${JSON.stringify({ machine, ...render }, null, 2)}\n`);
    const ms = (v: number) => v.toFixed(2);
    const row = (name: string, st: typeof render.perfscope) =>
      `| ${name} | ${ms(st.median)} | ${ms(st.p95)} | ${ms(st.p99)} | ${ms(st.mean)} |`;
    const growthMb = render.heap.growthBytes / 1024 / 1024;
    const renderLines = [
      '# Live chart drawing in Chromium',
      '',
      `${machine.date} · Chromium ${render.chromium} (headless, software raster) · ${machine.cpus} × ${machine.cpu}`,
      '',
      `${render.config.series} charts of ${render.config.width}×${render.config.height} CSS px (devicePixelRatio 1), ${render.config.points.toLocaleString('en')} points each (one per second: an hour), one new point per chart per tick, ${render.config.ticks} ticks each, paced by requestAnimationFrame with the two drawers alternating frame by frame in one page. A tick counts the script and the raster: after drawing, one pixel of every canvas is read with getImageData(0, 0, 1, 1), which makes Chromium rasterise the canvas inside the measured time; uPlot draws inside \`u.batch()\` so its draw is not deferred past the measurement.`,
      '',
      '| per-tick cost, ms | median | p95 | p99 | mean |',
      '| --- | ---: | ---: | ---: | ---: |',
      row('Perfscope stream panel chart (incremental canvas)', render.perfscope),
      row('uPlot 1.6 (setData, same data and canvas size)', render.uplot),
      '',
      `Median ratio Perfscope ÷ uPlot: **${render.medianRatio.toFixed(3)}** (goal ≤ 0.5). Perfscope p99: **${ms(render.perfscope.p99)} ms** (goal ≤ 16.7 ms, one 60 Hz frame).`,
      `Draws: ${render.draws.incremental.toLocaleString('en')} incremental, ${render.draws.full.toLocaleString('en')} full (new scale).`,
      '',
      `## Memory over an hour`,
      '',
      `The panel's whole live path without React (ingest of the new points from the frames, value, delta and status texts, charts) for ${render.config.series} series: ${render.heap.warmupTicks} ticks of warm-up, then ${render.heap.ticks.toLocaleString('en')} ticks (an hour at one point per second) as fast as possible; JS heap in use after a forced full GC (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage) before and after.`,
      '',
      `Heap before ${(render.heap.beforeBytes / 1024 / 1024).toFixed(2)} MB, after ${(render.heap.afterBytes / 1024 / 1024).toFixed(2)} MB: growth **${growthMb.toFixed(3)} MB** (goal < 2 MB).`,
    ];
    fs.writeFileSync(path.join(outDir, 'render.md'), `${renderLines.join('\n')}\n`);
    log(`\n${renderLines.join('\n')}\n\nWritten: ${path.join(outDir, 'render.md')} and render.json`);
  }

  if (runs('middleware')) {
    const fixed = await runMiddlewareBench(quick ? { blocks: 1, cycles: 6, seconds: 2 } : {}, log);
    const saturated = await runMiddlewareBench(
      quick
        ? { blocks: 1, cycles: 2, seconds: 1, connections: 50, rate: 0 }
        : { blocks: 2, cycles: 4, seconds: 2, connections: 50, rate: 0 },
      log
    );
    fs.writeFileSync(
      path.join(outDir, 'middleware.json'),
      `${JSON.stringify({ machine, offeredRate: OFFERED_RATE, fixed, saturated }, null, 2)}\n`
    );
    const table = (summary: typeof fixed.summary) => [
      '| variant | req/s served | p50 ms | p99 ms | CPU µs/request | CPU vs bare (95 % CI) | per block of fresh processes | throughput vs bare |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
      ...summary.map(
        (s) =>
          `| ${s.variant} | ${s.requestsPerSecond.toFixed(0)} | ${s.p50Ms} | ${s.p99Ms} | ${s.cpuMicrosPerRequest.toFixed(1)} | ${s.cpuRatioVsBare.toFixed(3)}×${s.cpuRatioInterval ? ` (${s.cpuRatioInterval.map((x) => x.toFixed(3)).join('–')})` : ''} | ${s.blockRatios.map((x) => x.toFixed(3)).join(', ')} | ${s.throughputRatioVsBare.toFixed(3)}× |`
      ),
    ];
    const lines = [
      '# Express middleware cost',
      '',
      `${machine.date} · ${machine.cpus} × ${machine.cpu} · Node ${machine.node}${fixed.pinned ? ' · server and load generator on separate cores' : ''} · medians`,
      '',
      `## At a fixed ${OFFERED_RATE} req/s (${fixed.cycles} rounds): the cost of instrumentation`,
      '',
      `Server CPU time per request, with the same requests offered to each server. In a round the ${VARIANTS.length} servers`,
      `are measured together, on one core, each offered ${OFFERED_RATE / VARIANTS.length} req/s; a ratio is the median over rounds of the`,
      'variant ÷ bare in the same round, so whatever slows a shared machine during a round cancels out (95 %',
      'confidence interval of that median). Each block is a set of fresh processes.',
      '',
      ...table(fixed.summary),
      '',
      `## Saturated (${saturated.cycles} rounds, 50 connections): the throughput ceiling`,
      '',
      'Each server in turn has the whole core to itself; fewer rounds, so read these as orientation.',
      '',
      ...table(saturated.summary),
      '',
      "Variants: bare Express; `perfscope`, the kit as Express middleware (`app.use(expressMiddleware(metrics))`); `perfscope-app`, the same contract by wrapping the app (`http.createServer(instrumentExpress(metrics, app))`, no layer in Express's chain); `prom-bundle`, express-prom-bundle with method, path and status code; `empty-layer`, for reference, an `app.use` middleware that only calls `next()`: the least any Express middleware costs.",
      '',
      'Goal: @perfscope/metrics ≤ 1.05× bare Express CPU per request (fixed load), recording the full contract.',
      '',
      ...fixed.summary
        .filter((s) => s.variant === 'perfscope' || s.variant === 'perfscope-app')
        .map(
          (s) =>
            `- \`${s.variant}\`: ${s.cpuRatioVsBare.toFixed(3)}× — ${s.cpuRatioVsBare <= 1.05 ? 'within the goal' : 'over the goal'}.`
        ),
    ];
    fs.writeFileSync(path.join(outDir, 'middleware.md'), `${lines.join('\n')}\n`);
    log(`\n${lines.join('\n')}\n\nWritten: ${path.join(outDir, 'middleware.md')} and middleware.json`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
