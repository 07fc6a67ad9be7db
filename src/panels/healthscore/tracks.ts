import { type Bucket, type ApdexTarget, apdexFromBuckets } from '@perfscope/catalog';
import type { ComponentSeries } from './mapping';

/** A component's values over time (ascending), and its latest value. */
export interface Track {
  times: number[];
  values: Array<number | undefined>;
  /** The last value of the series (undefined when it has none). */
  latest: number | undefined;
}

const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A number series as a track; values without a time count for `latest` only. */
export function seriesTrack(series: ComponentSeries): Track {
  const values = series.field.values as unknown[];
  const latest = values.length > 0 ? asNumber(values[values.length - 1]) : undefined;
  if (!series.times) {
    return { times: [], values: [], latest };
  }
  const points = series.times
    .map((t, i) => [t, asNumber(values[i])] as const)
    .filter(([t]) => typeof t === 'number' && Number.isFinite(t))
    .sort((a, b) => a[0] - b[0]);
  return { times: points.map((p) => p[0]), values: points.map((p) => p[1]), latest };
}

/**
 * Apdex over time from histogram bucket series (one series per `le`, cumulative counts or rates):
 * at each time of the `+Inf` series, Apdex of the buckets' values at that time.
 */
export function apdexTrack(buckets: readonly ComponentSeries[], target: Pick<ApdexTarget, 't' | 'fourT'>): Track {
  const tracks = buckets.map((b) => ({ le: b.le as number, track: seriesTrack(b) }));
  const total = tracks.find((b) => b.le === Infinity);
  const at = (time: number | undefined) => {
    const counts: Bucket[] = [];
    for (const b of tracks) {
      const value = time === undefined ? b.track.latest : valueAt(b.track, time);
      if (value !== undefined) {
        counts.push({ le: b.le, count: value });
      }
    }
    return apdexFromBuckets(counts, target);
  };
  const times = total?.track.times ?? [];
  return { times, values: times.map((t) => at(t)), latest: at(undefined) };
}

/** The track's value at `time`: its last point at or before it (undefined before the first). */
export function valueAt(track: Track, time: number): number | undefined {
  let lo = 0;
  let hi = track.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (track.times[mid] <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 ? track.values[found] : undefined;
}

/** The worse of two values for a direction; a real number wins over NaN or undefined. */
export function worse(a: number | undefined, b: number | undefined, direction: 'above' | 'below') {
  const usable = (v: number | undefined) => v !== undefined && !Number.isNaN(v);
  if (!usable(a)) {
    return usable(b) ? b : (a ?? b);
  }
  if (!usable(b)) {
    return a;
  }
  return direction === 'above' ? Math.max(a!, b!) : Math.min(a!, b!);
}
