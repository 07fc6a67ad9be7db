import { type DataFrame, type GrafanaTheme2, dateTimeFormat } from '@grafana/data';
import { testIds } from '../../components/testIds';
import { SeriesBuffer } from './buffer';
import { type AnnotationMark, marksInWindow } from './annotations';
import { type MarkedExemplar, TileExemplars } from './exemplars';
import { type TileSpec, chartWindowMs, formatDelta, formatValue, statusOf } from './model';
import { Sparkline, type View, timeAt, xOf, yOf } from './sparkline';
import { type ColorMode, STALE_INTERVALS } from './types';

/** The DOM of one tile that the controller writes to; React renders it once per structure. */
export interface TileElements {
  root: HTMLElement;
  value: HTMLElement;
  delta: HTMLElement;
  stale: HTMLElement;
  note: HTMLElement;
  canvas?: HTMLCanvasElement | null;
  /** The marker of the slowest exemplar in the chart's window, over the canvas, and its text. */
  exemplar?: HTMLAnchorElement | null;
  exemplarText?: HTMLElement | null;
  /** Where the annotation markers go, over the canvas (the controller adds and places them). */
  annotations?: HTMLElement | null;
}

interface TileRuntime {
  spec: TileSpec;
  buffer: SeriesBuffer;
  /** Latest value of a frame without a time field. */
  untimed?: number;
  els?: TileElements;
  sparkline?: Sparkline;
  /** Wall-clock time a new point last arrived. */
  arrivedAt: number;
  dirty: boolean;
  stale: boolean;
  /** The tile's exemplars, once its query has any (bounded: EXEMPLAR_CAPACITY). */
  exemplars?: TileExemplars;
  /** What the marker shows now, and where (CSS px), so it is only written when it changes. */
  marked?: MarkedExemplar;
  markerX?: number;
  markerY?: number;
  /** The annotation markers as last written (label and place), so unchanged ones are not rewritten. */
  drawnMarks?: string;
}

/** Points a tile keeps at most; with 1 point a second that is over five hours. */
const MAX_CAPACITY = 20_000;
const MIN_CAPACITY = 1_024;
/** Exemplars a tile keeps at most (a live Perfscope query holds 200 over its window). */
export const EXEMPLAR_CAPACITY = 256;

/** Appends a field's points newer than the newest held; resets when the data went back in time. */
export function ingestField(buffer: SeriesBuffer, times: ArrayLike<unknown>, values: ArrayLike<unknown>): number {
  const n = Math.min(times.length, values.length);
  if (n === 0) {
    return 0;
  }
  const newest = Number(times[n - 1]);
  if (newest < buffer.lastTime) {
    // The source replaced its data with older data (time range moved back): start over.
    buffer.clear();
  }
  let i = n - 1;
  const last = buffer.lastTime;
  while (i >= 0 && Number(times[i]) > last) {
    i--;
  }
  let added = 0;
  for (let j = i + 1; j < n; j++) {
    const v = values[j];
    if (buffer.push(Number(times[j]), typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v))) {
      added++;
    }
  }
  return added;
}

/**
 * Keeps each tile's points and draws them without React: data updates append to ring buffers,
 * and one animation frame writes the texts and draws the charts of the tiles that changed.
 * Nothing is drawn while the panel is off-screen or the tab hidden; it catches up when shown.
 */
export class StreamController {
  private tiles = new Map<string, TileRuntime>();
  private marks: readonly AnnotationMark[] = [];
  private readonly attached = new Map<string, { els: TileElements; cssSize?: { width: number; height: number } }>();
  /** The panel's window option, ms; undefined: each chart shows all its data holds. */
  private panelWindowMs: number | undefined;
  /** The time range, ms: what data without a window of its own holds. */
  private rangeMs = 3_600_000;
  private colorMode: ColorMode = 'value';
  private showSparkline = true;
  private visible = true;
  private frameRequest?: number;
  private readonly dpr: number;

  constructor(
    private theme: GrafanaTheme2,
    private readonly now: () => number = () => Date.now(),
    private readonly requestFrame: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
    private readonly cancelFrame: (id: number) => void = (id) => cancelAnimationFrame(id)
  ) {
    this.dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  }

  /** New tiles keep the buffers of tiles with the same key; others are dropped. */
  setStructure(specs: readonly TileSpec[], frames: readonly DataFrame[]): void {
    const next = new Map<string, TileRuntime>();
    for (const spec of specs) {
      const old = this.tiles.get(spec.key);
      if (old) {
        old.spec = spec;
        old.dirty = true;
        old.sparkline?.invalidate();
        next.set(spec.key, old);
      } else {
        const length = frames[spec.frameIndex]?.length ?? 0;
        const capacity = Math.min(MAX_CAPACITY, Math.max(MIN_CAPACITY, length * 2, this.windowOf(spec) / 1000 + 64));
        next.set(spec.key, {
          spec,
          buffer: new SeriesBuffer(Math.ceil(capacity)),
          arrivedAt: this.now(),
          dirty: true,
          stale: false,
        });
      }
    }
    this.tiles = next;
    for (const [key, tile] of next) {
      const view = this.attached.get(key);
      if (view && tile.els !== view.els) {
        this.connect(tile, view.els, view.cssSize);
      }
    }
  }

  /**
   * `windowMs` is the panel's window option (undefined: each chart shows all its data holds),
   * `rangeMs` the time range; a chart never shows more than its data holds (chartWindowMs).
   */
  setDisplay(options: {
    windowMs: number | undefined;
    rangeMs: number;
    colorMode: ColorMode;
    showSparkline: boolean;
    theme: GrafanaTheme2;
  }): void {
    if (options.windowMs !== this.panelWindowMs || options.rangeMs !== this.rangeMs || options.theme !== this.theme) {
      this.tiles.forEach((t) => t.sparkline?.invalidate());
    }
    this.panelWindowMs = options.windowMs;
    this.rangeMs = options.rangeMs;
    this.colorMode = options.colorMode;
    this.showSparkline = options.showSparkline;
    this.theme = options.theme;
    this.markAllDirty();
  }

  /** Connects (or, with null, disconnects) a tile's DOM. */
  attach(key: string, els: TileElements | null, cssSize?: { width: number; height: number }): void {
    // Tiles mount before the panel's effects run: remember the DOM until the tile exists.
    if (els) {
      this.attached.set(key, { els, cssSize });
    } else {
      this.attached.delete(key);
    }
    const tile = this.tiles.get(key);
    if (tile) {
      this.connect(tile, els, cssSize);
    }
  }

  private connect(tile: TileRuntime, els: TileElements | null, cssSize?: { width: number; height: number }) {
    tile.els = els ?? undefined;
    if (els?.canvas && cssSize) {
      tile.sparkline = tile.sparkline ?? new Sparkline(els.canvas, this.dpr);
      tile.sparkline.resize(cssSize.width, cssSize.height, this.dpr);
    } else if (!els?.canvas) {
      tile.sparkline = undefined;
    }
    tile.dirty = true;
    this.schedule();
  }

  /** Takes the points that are new in the frames. */
  ingest(frames: readonly DataFrame[]): void {
    const now = this.now();
    for (const tile of this.tiles.values()) {
      const frame = frames[tile.spec.frameIndex];
      const field = frame?.fields[tile.spec.fieldIndex];
      if (!field) {
        continue;
      }
      if (tile.spec.timeIndex === undefined) {
        const v = field.values[field.values.length - 1];
        tile.untimed = typeof v === 'number' ? v : undefined;
        tile.dirty = true;
        continue;
      }
      const added = ingestField(tile.buffer, frame.fields[tile.spec.timeIndex].values, field.values);
      if (added > 0) {
        tile.buffer.trimBefore(tile.buffer.lastTime - this.windowOf(tile.spec) * 1.5);
        tile.arrivedAt = now;
        tile.dirty = true;
      }
    }
    this.schedule();
  }

  /**
   * Takes the exemplars of the frames (exemplar frames only): each tile those of its query and
   * series, for its marker.
   */
  ingestExemplars(frames: readonly DataFrame[]): void {
    for (const tile of this.tiles.values()) {
      if (!tile.exemplars && !frames.some((frame) => frame.refId === tile.spec.refId)) {
        continue;
      }
      tile.exemplars = tile.exemplars ?? new TileExemplars(EXEMPLAR_CAPACITY);
      if (tile.exemplars.load(frames, tile.spec)) {
        tile.dirty = true;
      }
    }
    this.schedule();
  }

  /** Takes the dashboard's annotations (oldest first): every chart marks those in its window. */
  setAnnotations(marks: readonly AnnotationMark[]): void {
    if (marks === this.marks) {
      return;
    }
    this.marks = marks;
    this.markAllDirty();
  }

  /** The exemplar a tile marks now (for tests). */
  markedExemplar(key: string): MarkedExemplar | undefined {
    return this.tiles.get(key)?.marked;
  }

  setVisible(visible: boolean): void {
    if (visible && !this.visible) {
      this.visible = true;
      this.tiles.forEach((t) => t.sparkline?.invalidate());
      this.markAllDirty();
      return;
    }
    this.visible = visible;
  }

  /**
   * Shows or hides each tile's stale badge: no new point for STALE_INTERVALS of its interval, the
   * longer of the points' spacing and how often its live query polls (a poll every 5 s brings five
   * 1-s points at once: the series is not stale between polls).
   */
  checkStale(): void {
    const now = this.now();
    for (const tile of this.tiles.values()) {
      const interval = tile.buffer.interval();
      const stale =
        tile.spec.timeIndex !== undefined &&
        tile.buffer.length > 0 &&
        now - tile.arrivedAt > STALE_INTERVALS * Math.max(1000, interval ?? 1000, tile.spec.updateMs ?? 0);
      if (stale !== tile.stale) {
        tile.stale = stale;
        if (tile.els) {
          tile.els.stale.hidden = !stale;
        }
      }
    }
  }

  /** Value and time under the pointer, for the tooltip. */
  hover(key: string, cssX: number): { text: string; x: number } | undefined {
    const tile = this.tiles.get(key);
    const view = tile?.sparkline?.currentView;
    if (!tile || !view || tile.buffer.length === 0) {
      return undefined;
    }
    const t = timeAt(view, cssX * this.dpr);
    let i = tile.buffer.indexAtOrAfter(t);
    if (i >= tile.buffer.length || (i > 0 && t - tile.buffer.time(i - 1) < tile.buffer.time(i) - t)) {
      i = Math.max(0, i - 1);
    }
    const time = tile.buffer.time(i);
    return {
      text: `${formatValue(tile.spec, tile.buffer.value(i))} at ${dateTimeFormat(time, { format: 'HH:mm:ss' })}`,
      x: cssX,
    };
  }

  /** Draws now (the animation-frame callback; also for tests and benchmarks). */
  drawNow(): void {
    this.frameRequest = undefined;
    if (!this.visible) {
      return;
    }
    for (const tile of this.tiles.values()) {
      if (tile.dirty && tile.els) {
        this.drawTile(tile, tile.els);
        tile.dirty = false;
      }
    }
  }

  dispose(): void {
    if (this.frameRequest !== undefined) {
      this.cancelFrame(this.frameRequest);
      this.frameRequest = undefined;
    }
    this.tiles.clear();
    this.attached.clear();
  }

  /** The span a tile's chart shows, ms. */
  windowOf(spec: Pick<TileSpec, 'dataWindowMs'>): number {
    return chartWindowMs(this.panelWindowMs, spec.dataWindowMs ?? this.rangeMs);
  }

  /** Points held by a tile (for tests). */
  bufferOf(key: string): SeriesBuffer | undefined {
    return this.tiles.get(key)?.buffer;
  }

  private markAllDirty() {
    this.tiles.forEach((t) => (t.dirty = true));
    this.schedule();
  }

  private schedule() {
    if (this.frameRequest === undefined && this.visible) {
      this.frameRequest = this.requestFrame(() => this.drawNow());
    }
  }

  private drawTile(tile: TileRuntime, els: TileElements) {
    const { spec, buffer } = tile;
    const timed = spec.timeIndex !== undefined;
    const latest = timed ? (buffer.length ? buffer.value(buffer.length - 1) : undefined) : tile.untimed;
    const { status, color } = statusOf(spec, latest, this.theme);
    els.value.textContent = formatValue(spec, latest);
    const windowMs = this.windowOf(spec);
    const from = buffer.lastTime - windowMs;
    const first = timed ? buffer.firstFiniteFrom(from) : undefined;
    els.delta.textContent =
      timed && latest !== undefined && first !== undefined ? formatDelta(spec, latest - first) : '';
    els.root.dataset.status = status;
    els.value.style.color = this.colorMode === 'value' ? color : '';
    els.root.style.background = this.colorMode === 'background' && status !== 'no-data' ? color : '';
    els.root.style.color =
      this.colorMode === 'background' && status !== 'no-data' ? this.theme.colors.getContrastText(color) : '';
    const refused = buffer.refused;
    els.note.textContent = refused > 0 ? `${refused} out-of-order or repeated points ignored` : '';
    if (tile.sparkline && this.showSparkline && timed) {
      const lineColor = this.colorMode === 'background' ? this.theme.colors.getContrastText(color) : color;
      tile.sparkline.draw(buffer, windowMs, { color: lineColor, lineWidth: 1.5 }, spec.min, spec.max);
    }
    const view = this.showSparkline && timed ? tile.sparkline?.currentView : undefined;
    if (els.exemplar) {
      this.drawExemplar(tile, els.exemplar, els.exemplarText ?? els.exemplar, view, windowMs);
    }
    if (els.annotations) {
      this.drawAnnotations(tile, els.annotations, view, windowMs);
    }
  }

  /**
   * Places a thin marker at each annotation in the chart's window (a region spans its width), with
   * its label as the marker's title and accessible name. Writes to the DOM only when a marker's
   * label or place changed; reuses the marker elements it made before.
   */
  private drawAnnotations(tile: TileRuntime, container: HTMLElement, view: View | undefined, windowMs: number) {
    const newest = tile.buffer.lastTime;
    const shown = view ? marksInWindow(this.marks, newest - windowMs, newest) : [];
    const width = view ? view.width / this.dpr : 0;
    const place = (ms: number) => (view ? Math.min(width, Math.max(0, xOf(view, ms) / this.dpr)) : 0);
    const placed = shown.map((m) => {
      const x = place(m.time);
      return { mark: m, x: Math.round(x), span: m.timeEnd === undefined ? 0 : Math.round(place(m.timeEnd) - x) };
    });
    const key = placed.map((p) => `${p.mark.time}|${p.x}|${p.span}|${p.mark.label}|${p.mark.color ?? ''}`).join('\n');
    if (key === tile.drawnMarks) {
      return;
    }
    tile.drawnMarks = key;
    const doc = container.ownerDocument;
    while (container.children.length < placed.length) {
      const marker = doc.createElement('span');
      marker.setAttribute('role', 'img');
      marker.setAttribute('data-testid', testIds.streamPanel.annotation);
      container.appendChild(marker);
    }
    for (let i = 0; i < container.children.length; i++) {
      const marker = container.children[i] as HTMLElement;
      const p = placed[i];
      marker.hidden = !p;
      if (!p) {
        continue;
      }
      marker.title = p.mark.label;
      marker.setAttribute('aria-label', p.mark.label);
      marker.style.transform = `translateX(${p.x}px)`;
      marker.style.width = p.span > 1 ? `${p.span}px` : '';
      marker.dataset.region = p.span > 1 ? 'true' : 'false';
      marker.style.setProperty(
        '--perfscope-mark',
        this.theme.visualization.getColorByName(p.mark.color ?? this.theme.colors.info.main)
      );
    }
  }

  /**
   * Places the marker of the slowest exemplar in the chart's window on the chart, with its value
   * and trace id, linking to the trace; hides it when there is none. Writes to the DOM only what
   * changed: the text and link when another exemplar is marked, the position when it moved.
   */
  private drawExemplar(
    tile: TileRuntime,
    marker: HTMLAnchorElement,
    text: HTMLElement,
    view: View | undefined,
    windowMs: number
  ) {
    const newest = tile.buffer.lastTime;
    // Exemplars a little newer than the newest point (stored before it was) still count.
    const i = view && tile.exemplars ? tile.exemplars.slowestIn(newest - windowMs, newest + windowMs / 50) : -1;
    if (!view || i < 0) {
      marker.hidden = true;
      tile.marked = undefined;
      return;
    }
    const marked = tile.exemplars!.markedAt(i);
    if (marked !== tile.marked) {
      tile.marked = marked;
      const value = formatValue(tile.spec, marked.value);
      const trace = marked.traceId || 'no trace id';
      text.textContent = `${value} · ${trace}`;
      const { link } = marked;
      if (link?.href) {
        marker.href = link.href;
        marker.target = link.target ?? '_self';
        marker.rel = link.target === '_blank' ? 'noopener noreferrer' : '';
      } else {
        marker.removeAttribute('href');
      }
      marker.onclick = link?.onClick ? (event) => link.onClick!(event) : null;
      marker.title = `Slowest exemplar in the window: ${value}, trace ${trace}. ${
        link
          ? `Opens the trace (${link.title}).`
          : 'To open its trace, choose a tracing datasource in the datasource settings.'
      }`;
      tile.markerX = undefined;
    }
    const x = Math.min(view.width - 1, Math.max(0, xOf(view, marked.time))) / this.dpr;
    const y = yOf(view, marked.value) / this.dpr;
    if (x !== tile.markerX || y !== tile.markerY) {
      tile.markerX = x;
      tile.markerY = y;
      marker.style.transform = `translate(${x}px, ${y}px)`;
      marker.dataset.side = x > view.width / this.dpr / 2 ? 'left' : 'right';
    }
    marker.hidden = false;
  }
}
