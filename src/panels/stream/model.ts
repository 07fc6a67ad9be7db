import {
  type DataFrame,
  type Field,
  FieldType,
  type GrafanaTheme2,
  type Threshold,
  getActiveThreshold,
  getFieldDisplayName,
  sortThresholds,
} from '@grafana/data';
import {
  type PerfscopeSettings,
  type SignalDef,
  type Status,
  SIGNALS,
  evaluate,
  findSignal,
  withSettings,
} from '@perfscope/catalog';
import { formatLevel, formatThresholds, formatValue as formatUnitValue } from '../../components/format';
import { MAX_TILES_LIMIT, type Options } from './types';

/** Where a tile's colour comes from. */
export type TileThresholds =
  { source: 'field'; steps: Threshold[] } | { source: 'catalog'; signal: SignalDef } | { source: 'none' };

/** What a tile shows and where its data is: fixed while the data's structure stays the same. */
export interface TileSpec {
  /** Stable identity across ticks: refId, series name and labels. */
  key: string;
  title: string;
  frameIndex: number;
  fieldIndex: number;
  /** Index of the frame's time field; undefined when the frame has none (value only, no chart). */
  timeIndex?: number;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  thresholds: TileThresholds;
  /** How far back the frame's data reaches by design (a live query's window), ms; undefined: the time range. */
  dataWindowMs?: number;
  /** How often new points arrive by design (a live query's poll), ms; undefined: as often as its points are apart. */
  updateMs?: number;
  /** The query and series labels of the tile, which its exemplars are matched by. */
  refId?: string;
  labels?: Readonly<Record<string, string>>;
}

export interface Structure {
  tiles: TileSpec[];
  /** Series left out by the tile cap. */
  hidden: number;
  /** Readable notes about the data (no time field, non-numeric fields, …). */
  notes: string[];
}

/** Options problems, as sentences for the panel. */
export function optionProblems(options: Partial<Options>): string[] {
  const problems: string[] = [];
  if (options.seriesFilter) {
    try {
      new RegExp(options.seriesFilter);
    } catch {
      problems.push(`Series filter "${options.seriesFilter}" is not a valid regular expression.`);
    }
  }
  const w = options.windowSeconds;
  if (w !== undefined && (!Number.isFinite(w) || w < 0)) {
    problems.push(`Window must be 0 (the time range) or a positive number of seconds, got ${w}.`);
  }
  const m = options.maxTiles;
  if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > MAX_TILES_LIMIT)) {
    problems.push(`Max tiles must be a whole number from 1 to ${MAX_TILES_LIMIT}, got ${m}.`);
  }
  return problems;
}

/** Where a live query's frames say how much history they hold (Perfscope's stream sets it). */
export function dataWindowOf(frame: DataFrame): number | undefined {
  const ms: unknown = frame.meta?.custom?.streamWindowMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** How often a live query's frames get new points, ms (Perfscope's stream polls; undefined for other data). */
export function updateIntervalOf(frame: DataFrame): number | undefined {
  const ms: unknown = frame.meta?.custom?.streamPollMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The span a chart shows, ms: the panel's window where set, never more than the data holds, so it is full from its first draw. */
export function chartWindowMs(panelWindowMs: number | undefined, heldMs: number): number {
  return Math.max(1000, panelWindowMs !== undefined && panelWindowMs > 0 ? Math.min(panelWindowMs, heldMs) : heldMs);
}

/** A note when the panel's window is longer than what some series' data holds (their charts show less). */
export function windowNote(
  windowSeconds: number,
  tiles: ReadonlyArray<Pick<TileSpec, 'dataWindowMs'>>,
  rangeMs: number
): string | undefined {
  if (!(windowSeconds > 0) || tiles.length === 0) {
    return undefined;
  }
  const held = Math.min(...tiles.map((t) => t.dataWindowMs ?? rangeMs));
  if (windowSeconds * 1000 <= held) {
    return undefined;
  }
  return `Charts show ${durationText(held)}, not the ${durationText(windowSeconds * 1000)} of the panel's window: that is all the query keeps (its time range, or the stream window of a live query).`;
}

function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) {
    return `${s / 3600} h`;
  }
  if (s % 60 === 0) {
    return `${s / 60} min`;
  }
  return `${s} s`;
}

const TITLES: ReadonlyMap<string, SignalDef> = new Map(SIGNALS.map((s) => [s.title, s]));

/** The catalog signal a field shows: by field name (Health queries), display name or refId. */
export function signalOf(frame: DataFrame, field: Field): SignalDef | undefined {
  return (
    findSignal(field.name) ??
    (field.config.displayNameFromDS ? TITLES.get(field.config.displayNameFromDS) : undefined) ??
    (frame.refId ? findSignal(frame.refId) : undefined)
  );
}

function thresholdsFor(
  frame: DataFrame,
  field: Field,
  source: Options['thresholdsSource'],
  settings: PerfscopeSettings | undefined,
  service: string
): TileThresholds {
  const steps = field.config.thresholds?.steps ?? [];
  // Only a base step means nobody set thresholds on the field.
  const fieldSet = steps.length > 1;
  const known = signalOf(frame, field);
  // The admin's levels from the app settings, the same ones the alert rules use (a service's own over them).
  const signal = known ? withSettings(known, settings, service || undefined) : undefined;
  if ((source === 'panel' || (source === 'auto' && fieldSet)) && steps.length > 0) {
    return { source: 'field', steps: sortThresholds([...steps]) };
  }
  if ((source === 'app' || source === 'auto') && signal?.thresholds) {
    return { source: 'catalog', signal };
  }
  return { source: 'none' };
}

/**
 * The frames in the order of the panel's queries (by refId), whatever order their responses came in:
 * live queries answer independently, and tiles must not swap places between page loads. Frames of
 * one query, or of no listed query (last), keep their order. The same array when already in order.
 */
export function inQueryOrder(frames: DataFrame[], refIds: readonly string[] | undefined): DataFrame[] {
  if (!refIds || refIds.length < 2 || frames.length < 2) {
    return frames;
  }
  const rank = new Map(refIds.map((refId, i) => [refId, i]));
  const rankOf = (frame: DataFrame) => rank.get(frame.refId ?? '') ?? refIds.length;
  if (frames.every((frame, i) => i === 0 || rankOf(frames[i - 1]) <= rankOf(frame))) {
    return frames;
  }
  return frames
    .map((frame, i) => ({ frame, i, rank: rankOf(frame) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.frame);
}

/**
 * Cheap fingerprint of everything that decides the tiles (frames, fields, names, labels, config),
 * but not the data: when it is unchanged, the tiles are not rebuilt or re-rendered.
 */
export function structureKey(frames: readonly DataFrame[], options: Options, settings?: PerfscopeSettings): string {
  let key = `${options.seriesFilter}|${options.maxTiles}|${options.thresholdsSource}|${options.service}|${JSON.stringify(settings?.signals ?? {})}|${JSON.stringify(settings?.services ?? {})}`;
  for (const frame of frames) {
    key += `#${frame.refId ?? ''}/${frame.name ?? ''}/${dataWindowOf(frame) ?? ''}`;
    for (const field of frame.fields) {
      key += `|${field.name}:${field.type}:${JSON.stringify(field.labels ?? {})}:${JSON.stringify(field.config)}`;
    }
  }
  return key;
}

/** The tiles for the data: one per numeric field, filtered and capped. */
export function buildStructure(
  frames: readonly DataFrame[],
  options: Options,
  settings?: PerfscopeSettings
): Structure {
  const notes: string[] = [];
  const all: TileSpec[] = [];
  let filter: RegExp | undefined;
  try {
    filter = options.seriesFilter ? new RegExp(options.seriesFilter) : undefined;
  } catch {
    filter = undefined;
  }
  let withoutTime = 0;
  let nonNumeric = 0;
  frames.forEach((frame, frameIndex) => {
    const timeIndex = frame.fields.findIndex((f) => f.type === FieldType.time);
    frame.fields.forEach((field, fieldIndex) => {
      if (field.type === FieldType.time) {
        return;
      }
      if (field.type !== FieldType.number) {
        nonNumeric++;
        return;
      }
      const title = getFieldDisplayName(field, frame, frames as DataFrame[]);
      if (filter && !filter.test(title)) {
        return;
      }
      if (timeIndex < 0) {
        withoutTime++;
      }
      all.push({
        key: `${frame.refId ?? ''}\u0000${frame.name ?? ''}\u0000${field.name}\u0000${JSON.stringify(field.labels ?? {})}`,
        title,
        frameIndex,
        fieldIndex,
        timeIndex: timeIndex < 0 ? undefined : timeIndex,
        unit: field.config.unit,
        decimals: field.config.decimals ?? undefined,
        min: field.config.min ?? undefined,
        max: field.config.max ?? undefined,
        thresholds: thresholdsFor(frame, field, options.thresholdsSource, settings, options.service ?? ''),
        dataWindowMs: dataWindowOf(frame),
        updateMs: updateIntervalOf(frame),
        refId: frame.refId,
        labels: field.labels,
      });
    });
  });
  if (withoutTime > 0) {
    notes.push(`${withoutTime} series have no time field: they show their last value, without a chart.`);
  }
  if (nonNumeric > 0) {
    notes.push(`${nonNumeric} non-numeric fields are not shown.`);
  }
  const cap = Math.max(1, Math.min(MAX_TILES_LIMIT, Math.floor(options.maxTiles) || 1));
  const tiles = all.slice(0, cap);
  const hidden = all.length - tiles.length;
  if (hidden > 0) {
    notes.push(
      `${hidden} more series are hidden (showing ${cap}): raise "Max tiles", filter the series, or aggregate the query.`
    );
  }
  return { tiles, hidden, notes };
}

/** A value in the tile's unit; NaN and infinities are shown as such. */
export function formatValue(spec: Pick<TileSpec, 'unit' | 'decimals'>, value: number | undefined): string {
  return formatUnitValue(spec.unit, value, spec.decimals);
}

/** Change since the start of the window, signed, in the tile's unit ("+1.20 s", "−3 req/s", "±0"). */
export function formatDelta(spec: Pick<TileSpec, 'unit' | 'decimals'>, delta: number | undefined): string {
  if (delta === undefined || !Number.isFinite(delta)) {
    return '';
  }
  if (delta === 0) {
    return '±0';
  }
  return `${delta > 0 ? '+' : '−'}${formatValue(spec, Math.abs(delta))}`;
}

export interface TileStatus {
  status: Status;
  /** CSS colour for the status. */
  color: string;
}

/** Status and colour of a value under a tile's thresholds. */
export function statusOf(
  spec: Pick<TileSpec, 'thresholds'>,
  value: number | undefined,
  theme: GrafanaTheme2
): TileStatus {
  if (value === undefined || Number.isNaN(value)) {
    return { status: 'no-data', color: theme.colors.text.secondary };
  }
  const t = spec.thresholds;
  if (t.source === 'catalog') {
    const status = evaluate(t.signal, value);
    const color =
      status === 'critical'
        ? theme.colors.error.text
        : status === 'warning'
          ? theme.colors.warning.text
          : status === 'ok'
            ? theme.colors.success.text
            : theme.colors.text.secondary;
    return { status, color };
  }
  if (t.source === 'field') {
    const active = getActiveThreshold(value, t.steps);
    const index = t.steps.indexOf(active);
    const status: Status = index <= 0 ? 'ok' : index === t.steps.length - 1 ? 'critical' : 'warning';
    return { status, color: theme.visualization.getColorByName(active.color) };
  }
  return { status: 'ok', color: theme.colors.text.primary };
}

/**
 * One line describing the thresholds (the legend), as people write them: "warning > 1.2 s ·
 * critical > 2 s" in the signal's unit (the one its levels are kept in), "red ≥ 5 %".
 */
export function legendText(spec: TileSpec): string {
  const t = spec.thresholds;
  if (t.source === 'catalog' && t.signal.thresholds) {
    return formatThresholds(t.signal.unit, t.signal.thresholds);
  }
  if (t.source === 'field') {
    return t.steps
      .slice(1)
      .map((s) => `${s.color} ≥ ${formatLevel(s.value, spec.unit)}`)
      .join(' · ');
  }
  return '';
}

/** Tile grid: columns, rows and tile size for n tiles in a width × height panel. */
export interface Layout {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

const GAP = 8;
const MIN_TILE_HEIGHT = 64;
const MIN_TILE_WIDTH = 140;

export function layoutTiles(n: number, width: number, height: number, layout: Options['layout']): Layout {
  if (n <= 0) {
    return { columns: 1, rows: 0, tileWidth: width, tileHeight: 0 };
  }
  if (layout === 'list') {
    const tileHeight = Math.max(MIN_TILE_HEIGHT, Math.floor((height - GAP * (n - 1)) / n));
    return { columns: 1, rows: n, tileWidth: width, tileHeight: Math.min(tileHeight, 160) };
  }
  let best: Layout | undefined;
  let bestScore = -Infinity;
  const maxColumns = Math.max(1, Math.min(n, Math.floor((width + GAP) / (MIN_TILE_WIDTH + GAP))));
  for (let columns = 1; columns <= maxColumns; columns++) {
    const rows = Math.ceil(n / columns);
    const tileWidth = Math.floor((width - GAP * (columns - 1)) / columns);
    const tileHeight = Math.max(MIN_TILE_HEIGHT, Math.floor((height - GAP * (rows - 1)) / rows));
    // Largest tiles that keep a chart-friendly shape (about 2:1); overflowing rows scroll.
    const score = Math.min(tileWidth / 2, tileHeight) - (rows * (tileHeight + GAP) > height + GAP ? 1000 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  return best!;
}
