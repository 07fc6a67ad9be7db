/**
 * Chart drawing in Chromium: the stream panel's incremental canvas against uPlot drawing the same
 * data in the same page, animation-frame paced, script and raster counted; plus the JS heap of the
 * panel's live path over a fast-forwarded hour.
 */
import * as esbuild from 'esbuild';
import * as path from 'path';
import { launchChromium } from '../../tests/browser/chromium';
import type { RenderBenchConfig } from './page';

export interface Stats {
  median: number;
  p95: number;
  p99: number;
  mean: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    median: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

export interface RenderBenchResult {
  config: RenderBenchConfig & { layout: string };
  perfscope: Stats;
  uplot: Stats;
  medianRatio: number;
  /** Animation-frame gaps while the benchmark ran (60 Hz → 16.7 ms). */
  frameGap: Stats;
  draws: { full: number; incremental: number };
  heap: { warmupTicks: number; ticks: number; beforeBytes: number; afterBytes: number; growthBytes: number };
  chromium: string;
}

async function bundle(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export async function runRenderBench(quick: boolean, log: (line: string) => void): Promise<RenderBenchResult> {
  const config: RenderBenchConfig = {
    series: 10,
    points: 3600,
    width: 400,
    height: 120,
    ticks: quick ? 120 : 600,
    stepMs: 1000,
  };
  log(`Render: bundling the page…`);
  const script = await bundle();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    // Nothing leaves the machine: the page is inline and has no network to use.
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><body style="margin:0;background:#111217"></body></html>');
    await page.addScriptTag({ content: script });
    log(
      `Render: ${config.series} charts of ${config.width}×${config.height}, ${config.points.toLocaleString('en')} points each, ${config.ticks} ticks each, alternating with uPlot…`
    );
    const draw = await page.evaluate((cfg) => window.renderBench.runDrawBench(cfg), config);
    if (errors.length) {
      throw new Error(`The benchmark page failed: ${errors.join('; ')}`);
    }

    log('Render: heap of the live path over a fast-forwarded hour…');
    const cdp = await context.newCDPSession(page);
    const heapUsed = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const warmupTicks = 600;
    const hourTicks = 3600;
    await page.evaluate(([cfg, n]) => window.renderBench.live(cfg, n), [config, warmupTicks] as const);
    const before = await heapUsed();
    for (let done = 0; done < hourTicks; done += 600) {
      await page.evaluate(([cfg, n]) => window.renderBench.live(cfg, n), [config, 600] as const);
      log(`  ${done + 600} / ${hourTicks} ticks`);
    }
    const after = await heapUsed();
    const perfscope = stats(draw.oursMs);
    const uplot = stats(draw.theirsMs);
    return {
      config: { ...config, layout: `${config.series} canvases, devicePixelRatio 1, software raster` },
      perfscope,
      uplot,
      medianRatio: perfscope.median / uplot.median,
      frameGap: stats(draw.frameGaps),
      draws: draw.draws,
      heap: { warmupTicks, ticks: hourTicks, beforeBytes: before, afterBytes: after, growthBytes: after - before },
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
  }
}
