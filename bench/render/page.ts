/**
 * Runs in Chromium (bundled by bench/render/run.ts): the stream panel's chart drawing against
 * uPlot on the same data, canvas sizes and page; and the heap of the panel's live path over a
 * fast-forwarded hour.
 */
import uPlot from 'uplot';
import { type DataFrame, FieldType, createTheme } from '@grafana/data';
import { SeriesBuffer } from '../../src/panels/stream/buffer';
import { Sparkline } from '../../src/panels/stream/sparkline';
import { StreamController } from '../../src/panels/stream/controller';
import { buildStructure } from '../../src/panels/stream/model';
import { defaultOptions } from '../../src/panels/stream/types';

export interface RenderBenchConfig {
  series: number;
  points: number;
  width: number;
  height: number;
  ticks: number;
  stepMs: number;
}

/** Deterministic random walk, one generator per series. */
function walk(seed: number) {
  let s = seed >>> 0;
  let v = 50;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    v = Math.max(0, v + (r - 0.5) * 4);
    return v;
  };
}

function canvasIn(parent: HTMLElement, width: number, height: number) {
  const box = document.createElement('div');
  box.style.cssText = `width:${width}px;height:${height}px;display:inline-block;margin:2px`;
  parent.appendChild(box);
  return box;
}

/** Forces Chromium to rasterise pending canvas work now (it would otherwise do it lazily). */
function flush(ctx: CanvasRenderingContext2D) {
  ctx.getImageData(0, 0, 1, 1);
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

export async function runDrawBench(cfg: RenderBenchConfig) {
  const root = document.body;
  const windowMs = cfg.points * cfg.stepMs;
  const ours: Array<{ buffer: SeriesBuffer; chart: Sparkline; ctx: CanvasRenderingContext2D; next: () => number }> = [];
  const theirs: Array<{ u: uPlot; data: [number[], number[]]; next: () => number }> = [];
  let t = 0;

  for (let s = 0; s < cfg.series; s++) {
    const canvas = document.createElement('canvas');
    canvasIn(root, cfg.width, cfg.height).appendChild(canvas);
    const chart = new Sparkline(canvas, window.devicePixelRatio);
    chart.resize(cfg.width, cfg.height, window.devicePixelRatio);
    const buffer = new SeriesBuffer(cfg.points + 64);
    const next = walk(s + 1);
    const nextTheirs = walk(s + 1);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < cfg.points; i++) {
      buffer.push(i * cfg.stepMs, next());
      xs.push((i * cfg.stepMs) / 1000);
      ys.push(nextTheirs());
    }
    ours.push({ buffer, chart, ctx: canvas.getContext('2d')!, next });
    const u = new uPlot(
      {
        width: cfg.width,
        height: cfg.height,
        pxAlign: 0,
        legend: { show: false },
        cursor: { show: false },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false } },
        series: [{}, { stroke: '#73bf69', width: 1.5 }],
      },
      [xs, ys],
      canvasIn(root, cfg.width, cfg.height)
    );
    theirs.push({ u, data: [xs, ys], next: nextTheirs });
  }
  t = cfg.points;

  const style = { color: '#73bf69', lineWidth: 1.5 };
  const oursTick = () => {
    const time = t * cfg.stepMs;
    for (const o of ours) {
      o.buffer.push(time, o.next());
      o.chart.draw(o.buffer, windowMs, style);
    }
    for (const o of ours) {
      flush(o.ctx);
    }
  };
  const theirsTick = () => {
    const x = (t * cfg.stepMs) / 1000;
    for (const p of theirs) {
      p.data[0].push(x);
      p.data[1].push(p.next());
      p.data[0].shift();
      p.data[1].shift();
      // batch(): draw now, not in a microtask after the measurement.
      p.u.batch(() => p.u.setData(p.data));
    }
    for (const p of theirs) {
      flush(p.u.ctx);
    }
  };

  // Warm-up: both draw fully once and JIT their paths.
  for (let i = 0; i < 30; i++) {
    oursTick();
    theirsTick();
    t++;
  }

  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  const frameGaps: number[] = [];
  let last = await nextFrame();
  for (let i = 0; i < cfg.ticks * 2; i++) {
    const now = await nextFrame();
    frameGaps.push(now - last);
    last = now;
    // Alternate who draws on each animation frame, so both see the same conditions.
    const start = performance.now();
    if (i % 2 === 0) {
      oursTick();
      oursMs.push(performance.now() - start);
    } else {
      theirsTick();
      theirsMs.push(performance.now() - start);
      t++;
    }
  }
  const counts = ours.reduce(
    (acc, o) => ({ full: acc.full + o.chart.fullDraws, incremental: acc.incremental + o.chart.incrementalDraws }),
    { full: 0, incremental: 0 }
  );
  theirs.forEach((p) => p.u.destroy());
  root.innerHTML = '';
  return { oursMs, theirsMs, frameGaps, draws: counts };
}

/** A frame as a streaming source keeps it: fixed-length arrays, oldest dropped as points come. */
function liveFrame(name: string, points: number): { frame: DataFrame; times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  const frame: DataFrame = {
    refId: 'A',
    name,
    length: points,
    fields: [
      { name: 'Time', type: FieldType.time, values: times, config: {} },
      { name: 'Value', type: FieldType.number, values, config: { displayNameFromDS: name, unit: 'reqps' } },
    ],
  };
  return { frame, times, values };
}

/**
 * The panel's whole live path without React's panel render: structure, ingest of the new points,
 * value/delta/status texts and the chart, for `ticks` ticks as fast as possible.
 */
export function runLivePath(cfg: RenderBenchConfig, ticks: number, state?: LiveState): LiveState {
  if (!state) {
    const theme = createTheme();
    const controller = new StreamController(
      theme,
      () => performance.now(),
      () => 0,
      () => undefined
    );
    const series = Array.from({ length: cfg.series }, (_, s) => ({
      ...liveFrame(`series ${s}`, cfg.points),
      next: walk(s + 7),
    }));
    for (let i = 0; i < cfg.points; i++) {
      for (const s of series) {
        s.times.push(i * cfg.stepMs);
        s.values.push(s.next());
      }
    }
    const frames = series.map((s) => s.frame);
    const { tiles } = buildStructure(frames, defaultOptions);
    controller.setStructure(tiles, frames);
    controller.setDisplay({
      windowMs: cfg.points * cfg.stepMs,
      rangeMs: cfg.points * cfg.stepMs,
      colorMode: 'value',
      showSparkline: true,
      theme,
    });
    tiles.forEach((spec) => {
      const box = canvasIn(document.body, cfg.width, cfg.height + 40);
      const make = () => box.appendChild(document.createElement('div'));
      const canvas = document.createElement('canvas');
      const els = { root: box, value: make(), delta: make(), stale: make(), note: make(), canvas };
      box.appendChild(canvas);
      controller.attach(spec.key, els, { width: cfg.width, height: cfg.height });
    });
    state = { controller, series, frames, t: cfg.points };
  }
  const s = state;
  for (let k = 0; k < ticks; k++) {
    for (const x of s.series) {
      x.times.push(s.t * cfg.stepMs);
      x.values.push(x.next());
      x.times.shift();
      x.values.shift();
    }
    s.t++;
    s.controller.ingest(s.frames);
    s.controller.drawNow();
  }
  return s;
}

interface LiveState {
  controller: StreamController;
  series: Array<{ times: number[]; values: number[]; next: () => number }>;
  frames: DataFrame[];
  t: number;
}

declare global {
  interface Window {
    renderBench: {
      runDrawBench: typeof runDrawBench;
      live: (cfg: RenderBenchConfig, ticks: number) => number;
    };
  }
}

let live: LiveState | undefined;
window.renderBench = {
  runDrawBench,
  live: (cfg, ticks) => {
    live = runLivePath(cfg, ticks, live);
    return live.t;
  },
};
