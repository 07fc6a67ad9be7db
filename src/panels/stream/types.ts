export type StreamLayout = 'grid' | 'list';
/**
 * Where tile colours come from, in the health score panel's words: `panel` is this panel's own
 * thresholds (the field config), `app` the app settings' levels for a known signal (the catalog's
 * until an admin changes them, the ones the alerts use), `auto` the panel's where set and else the
 * app settings', `none` no colours.
 */
import type { ThresholdsSource } from '../thresholdsSource';

export type { ThresholdsSource };
/** The thresholds sources the stream panel offers: all of them. */
export const STREAM_SOURCES: readonly ThresholdsSource[] = ['auto', 'panel', 'app', 'none'];
/** What the status colour paints: the value text, the tile background, or nothing. */
export type ColorMode = 'value' | 'background' | 'none';
export type TextSize = 'auto' | 'sm' | 'md' | 'lg';

export interface Options {
  /** Tiles side by side (grid) or one per row (list). */
  layout: StreamLayout;
  /** Seconds of history each chart shows; 0 = the panel's time range. */
  windowSeconds: number;
  /** Regular expression on series names: only matching series get a tile. Empty shows all. */
  seriesFilter: string;
  showSparkline: boolean;
  thresholdsSource: ThresholdsSource;
  colorMode: ColorMode;
  textSize: TextSize;
  /** Most tiles drawn; the rest are counted and named as hidden. */
  maxTiles: number;
  /** Threshold legend under each tile. */
  showLegend: boolean;
  /** Whose levels the app settings give (see serviceLevels.ts): a service name or `$service`; empty for the settings'. */
  service: string;
}

export const defaultOptions: Options = {
  layout: 'grid',
  windowSeconds: 0,
  seriesFilter: '',
  showSparkline: true,
  thresholdsSource: 'auto',
  colorMode: 'value',
  textSize: 'auto',
  maxTiles: 48,
  showLegend: false,
  service: '',
};

/** The tile cap the options allow at most: beyond it no browser draws smoothly. */
export const MAX_TILES_LIMIT = 500;

/** A tile is stale when no new point arrived for this many of its intervals. */
export const STALE_INTERVALS = 3;
