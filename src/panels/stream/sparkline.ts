import type { SeriesBuffer } from './buffer';

/** How a sparkline maps data to device pixels. */
export interface View {
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** Time span shown, ms; the newest point sits at the right edge. */
  windowMs: number;
  /** Value at the bottom and top edges (padding included). */
  min: number;
  max: number;
  /** Right edge on the absolute pixel grid: ceil(newest time / ms per pixel). */
  right: number;
}

/** Vertical padding, device pixels, so the line never touches the edges. */
const PAD = 2;

/** Value range to draw: the data's extent (or the fixed bounds), padded, never zero-height. */
export function scaleFor(extent: [number, number] | undefined, fixedMin?: number, fixedMax?: number): [number, number] {
  let [lo, hi] = extent ?? [0, 1];
  if (fixedMin !== undefined) {
    lo = fixedMin;
  }
  if (fixedMax !== undefined) {
    hi = fixedMax;
  }
  if (hi < lo) {
    [lo, hi] = [hi, lo];
  }
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [fixedMin ?? lo - d, fixedMax ?? hi + d];
  }
  const pad = (hi - lo) * 0.1;
  return [fixedMin ?? lo - pad, fixedMax ?? hi + pad];
}

export const msPerPixel = (view: Pick<View, 'windowMs' | 'width'>) => view.windowMs / view.width;

/** Device-pixel x of a time: a fixed grid, so shifting by whole pixels equals redrawing. */
export function xOf(view: View, time: number): number {
  return view.width - 1 - view.right + time / msPerPixel(view);
}

export function yOf(view: View, value: number): number {
  const span = view.max - view.min;
  const y = view.height - PAD - ((value - view.min) / span) * (view.height - 2 * PAD);
  // Values outside a fixed min/max are drawn at the edge, not off the canvas.
  return Math.min(view.height - 1, Math.max(0, y));
}

/** Time at a device-pixel x (for the hover tooltip). */
export function timeAt(view: View, x: number): number {
  return (x - view.width + 1 + view.right) * msPerPixel(view);
}

/**
 * The polyline of the points from index `from` on, decimated per pixel column (first, min, max,
 * last: the line looks the same as drawing every point, at most four vertices a column). A NaN or
 * infinite value breaks the line. Calls `move`/`line` with device-pixel coordinates.
 */
export function tracePath(
  buffer: SeriesBuffer,
  from: number,
  view: View,
  move: (x: number, y: number) => void,
  line: (x: number, y: number) => void
): void {
  let penDown = false;
  let column = NaN;
  let colX = 0;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  const flush = () => {
    if (Number.isNaN(column)) {
      return;
    }
    if (!penDown) {
      move(colX, first);
      penDown = true;
    } else {
      line(colX, first);
    }
    if (lo !== first || hi !== first || last !== first) {
      line(colX, lo);
      line(colX, hi);
      line(colX, last);
    }
    column = NaN;
  };
  for (let i = from; i < buffer.length; i++) {
    const v = buffer.value(i);
    if (!Number.isFinite(v)) {
      flush();
      penDown = false;
      continue;
    }
    const x = xOf(view, buffer.time(i));
    const y = yOf(view, v);
    const col = Math.floor(x);
    if (col !== column) {
      flush();
      column = col;
      colX = x;
      first = lo = hi = last = y;
    } else {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
      last = y;
    }
  }
  flush();
}

export interface SparklineStyle {
  color: string;
  /** CSS pixels. */
  lineWidth: number;
}

/**
 * A live line chart on one canvas, drawn incrementally: when points are appended and the scale
 * still fits, the old image is shifted left by whole device pixels and only the newest segment is
 * drawn; anything else (resize, new scale, new colour, a reset) redraws from the buffer.
 */
export class Sparkline {
  private view?: View;
  private style?: SparklineStyle;
  /** Time of the newest point drawn. */
  private drawnTime = -Infinity;
  fullDraws = 0;
  incrementalDraws = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private dpr = 1
  ) {}

  /** Sets the canvas's CSS size; the bitmap follows devicePixelRatio so lines stay crisp. */
  resize(cssWidth: number, cssHeight: number, dpr: number): void {
    this.dpr = dpr;
    const width = Math.max(1, Math.round(cssWidth * dpr));
    const height = Math.max(1, Math.round(cssHeight * dpr));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${cssWidth}px`;
      this.canvas.style.height = `${cssHeight}px`;
      this.view = undefined;
    }
  }

  /** Forces the next draw to start from scratch. */
  invalidate(): void {
    this.view = undefined;
  }

  /** The current mapping (for hover), undefined before the first draw. */
  get currentView(): View | undefined {
    return this.view;
  }

  draw(buffer: SeriesBuffer, windowMs: number, style: SparklineStyle, fixedMin?: number, fixedMax?: number): void {
    const ctx = this.canvas.getContext('2d');
    // No 2D context (a non-browser environment): nothing to draw on.
    if (!ctx || typeof ctx.clearRect !== 'function') {
      return;
    }
    const width = this.canvas.width;
    const height = this.canvas.height;
    const newest = buffer.lastTime;
    if (buffer.length === 0) {
      ctx.clearRect(0, 0, width, height);
      this.view = undefined;
      return;
    }
    const from = newest - windowMs;
    const right = Math.ceil(newest / (windowMs / width));
    const old = this.view;
    const sameFrame =
      old !== undefined &&
      old.width === width &&
      old.height === height &&
      old.windowMs === windowMs &&
      this.style?.color === style.color &&
      this.style?.lineWidth === style.lineWidth &&
      newest >= this.drawnTime;
    const [min, max] = scaleFor(buffer.extent(from), fixedMin, fixedMax);
    // Keep the old scale while the data still fits it and fills a fair part of it.
    const keepScale = sameFrame && min >= old.min && max <= old.max && max - min >= 0.6 * (old.max - old.min);
    if (sameFrame && keepScale && right - old.right < width) {
      this.appendDraw(ctx, buffer, { ...old, right }, right - old.right, style);
      this.incrementalDraws++;
    } else {
      this.fullDraw(ctx, buffer, { width, height, windowMs, min, max, right }, from, style);
      this.fullDraws++;
    }
    this.style = style;
    this.drawnTime = newest;
  }

  private stroke(ctx: CanvasRenderingContext2D, style: SparklineStyle) {
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.lineWidth * this.dpr;
    ctx.lineJoin = 'round';
    ctx.stroke();
  }

  private fullDraw(
    ctx: CanvasRenderingContext2D,
    buffer: SeriesBuffer,
    view: View,
    from: number,
    style: SparklineStyle
  ) {
    ctx.clearRect(0, 0, view.width, view.height);
    ctx.beginPath();
    // One point before the window, so the line enters from the left edge.
    tracePath(
      buffer,
      Math.max(0, buffer.indexAtOrAfter(from) - 1),
      view,
      (x, y) => ctx.moveTo(x, y),
      (x, y) => ctx.lineTo(x, y)
    );
    this.stroke(ctx, style);
    this.view = view;
  }

  private appendDraw(
    ctx: CanvasRenderingContext2D,
    buffer: SeriesBuffer,
    view: View,
    shift: number,
    style: SparklineStyle
  ) {
    if (shift > 0) {
      ctx.save();
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(this.canvas, -shift, 0);
      ctx.restore();
    }
    // Redraw the column of the last point drawn and everything right of it, exactly as a full draw
    // would: clear that strip, and trace from a few columns earlier (column-aligned, so the
    // decimation is the same) with the strip as the clip.
    // A stroke reaches `reach` columns beyond its own: columns that far left of the last one drawn
    // are redrawn too, so each column is final only once its neighbours are.
    const reach = Math.ceil((style.lineWidth * this.dpr) / 2) + 2;
    const lastDrawn = Math.min(buffer.indexAtOrAfter(this.drawnTime), buffer.length - 1);
    const clipX = Math.max(0, Math.floor(xOf(view, buffer.time(lastDrawn))) - reach);
    // One point earlier still: the segment coming into the strip from a point left of it.
    const from = Math.max(0, buffer.indexAtOrAfter(timeAt(view, clipX - reach)) - 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(clipX, 0, view.width - clipX, view.height);
    ctx.clip();
    ctx.clearRect(clipX, 0, view.width - clipX, view.height);
    ctx.beginPath();
    tracePath(
      buffer,
      from,
      view,
      (x, y) => ctx.moveTo(x, y),
      (x, y) => ctx.lineTo(x, y)
    );
    this.stroke(ctx, style);
    ctx.restore();
    this.view = view;
  }
}
