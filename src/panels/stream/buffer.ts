/**
 * The points of one tile, oldest first, in a fixed-capacity ring of two Float64Arrays: memory stays
 * constant however long the panel runs. Points must arrive in time order; a point at or before the
 * newest one held is refused (counted), so duplicates at a stream's seam and out-of-order samples
 * never reach the chart.
 */
export class SeriesBuffer {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;
  /** Points refused because they were not newer than the newest one held. */
  refused = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new Error(`A series buffer needs room for at least 2 points, got ${capacity}.`);
    }
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Time of the newest point, or -Infinity when empty. */
  get lastTime(): number {
    return this.count === 0 ? -Infinity : this.times[(this.start + this.count - 1) % this.capacity];
  }

  /** Appends a point; returns false (and counts it) when it is not newer than the newest held. */
  push(time: number, value: number): boolean {
    if (!(time > this.lastTime)) {
      this.refused++;
      return false;
    }
    const at = (this.start + this.count) % this.capacity;
    this.times[at] = time;
    this.values[at] = value;
    if (this.count < this.capacity) {
      this.count++;
    } else {
      this.start = (this.start + 1) % this.capacity;
    }
    return true;
  }

  /** Drops points older than `time`. */
  trimBefore(time: number): void {
    while (this.count > 0 && this.times[this.start] < time) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  /** Time of the i-th point, oldest first. */
  time(i: number): number {
    return this.times[(this.start + i) % this.capacity];
  }

  /** Value of the i-th point, oldest first (may be NaN or ±Infinity). */
  value(i: number): number {
    return this.values[(this.start + i) % this.capacity];
  }

  /** Index of the first point at or after `time` (binary search), `length` when none. */
  indexAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Newest finite value and the first finite value at or after `from`, for value and delta. */
  latestFinite(): { time: number; value: number } | undefined {
    for (let i = this.count - 1; i >= 0; i--) {
      const v = this.value(i);
      if (Number.isFinite(v)) {
        return { time: this.time(i), value: v };
      }
    }
    return undefined;
  }

  firstFiniteFrom(time: number): number | undefined {
    for (let i = this.indexAtOrAfter(time); i < this.count; i++) {
      const v = this.value(i);
      if (Number.isFinite(v)) {
        return v;
      }
    }
    return undefined;
  }

  /** Smallest and largest finite value at or after `from`; undefined when there is none. */
  extent(from: number): [number, number] | undefined {
    let min = Infinity;
    let max = -Infinity;
    for (let i = this.indexAtOrAfter(from); i < this.count; i++) {
      const v = this.value(i);
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    // NaN never wins a comparison; ±Infinity must not set the scale.
    if (!Number.isFinite(min) || !Number.isFinite(max)) {
      [min, max] = this.finiteExtent(from);
    }
    return Number.isFinite(min) && Number.isFinite(max) ? [min, max] : undefined;
  }

  private finiteExtent(from: number): [number, number] {
    let min = Infinity;
    let max = -Infinity;
    for (let i = this.indexAtOrAfter(from); i < this.count; i++) {
      const v = this.value(i);
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return [min, max];
  }

  /** Median gap between the last few points, ms: the series' own interval. Undefined below 2 points. */
  interval(): number | undefined {
    const n = Math.min(this.count - 1, 16);
    if (n < 1) {
      return undefined;
    }
    const gaps: number[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      gaps.push(this.time(i) - this.time(i - 1));
    }
    gaps.sort((a, b) => a - b);
    return gaps[gaps.length >> 1];
  }
}
