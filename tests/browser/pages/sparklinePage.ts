/**
 * Page script for sparkline.test.ts: draws the same data incrementally (as the panel does on
 * every tick) and from scratch, and compares the pixels.
 */
import { SeriesBuffer } from '../../../src/panels/stream/buffer';
import { Sparkline } from '../../../src/panels/stream/sparkline';

export interface Comparison {
  painted: number;
  differing: number;
  incrementalDraws: number;
  fullDraws: number;
}

function alpha(canvas: HTMLCanvasElement): Uint8ClampedArray {
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
}

function compare(a: HTMLCanvasElement, b: HTMLCanvasElement): { painted: number; differing: number } {
  const x = alpha(a);
  const y = alpha(b);
  let painted = 0;
  let differing = 0;
  for (let i = 3; i < x.length; i += 4) {
    if (x[i] > 0 || y[i] > 0) {
      painted++;
      if (Math.abs(x[i] - y[i]) > 32) {
        differing++;
      }
    }
  }
  return { painted, differing };
}

function canvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  document.body.appendChild(c);
  return c;
}

/** Ticks of one point each, drawn incrementally; then the same buffer drawn once from scratch. */
export function incrementalVersusFull(options: {
  ticks: number;
  stepMs: number;
  windowMs: number;
  width: number;
  height: number;
  dpr: number;
  gapsEvery?: number;
}): Comparison {
  const buffer = new SeriesBuffer(Math.ceil(options.windowMs / options.stepMs) + 64);
  const live = new Sparkline(canvas(), options.dpr);
  live.resize(options.width, options.height, options.dpr);
  const style = { color: '#ff0000', lineWidth: 1.5 };
  let v = 50;
  for (let i = 0; i < options.ticks; i++) {
    v += Math.sin(i / 7) * 3 + Math.cos(i / 3);
    const gap = options.gapsEvery !== undefined && i % options.gapsEvery === 0;
    buffer.push(i * options.stepMs, gap ? NaN : v);
    buffer.trimBefore(i * options.stepMs - options.windowMs * 1.5);
    live.draw(buffer, options.windowMs, style);
  }
  const fresh = new Sparkline(canvas(), options.dpr);
  fresh.resize(options.width, options.height, options.dpr);
  // The live chart keeps its scale while the data fits it: draw the fresh one on the same scale.
  const view = live.currentView!;
  fresh.draw(buffer, options.windowMs, style, view.min, view.max);
  const liveCanvas = document.body.children[document.body.children.length - 2] as HTMLCanvasElement;
  const freshCanvas = document.body.children[document.body.children.length - 1] as HTMLCanvasElement;
  return { ...compare(liveCanvas, freshCanvas), incrementalDraws: live.incrementalDraws, fullDraws: live.fullDraws };
}

declare global {
  interface Window {
    sparklinePage: { incrementalVersusFull: typeof incrementalVersusFull };
  }
}

window.sparklinePage = { incrementalVersusFull };
