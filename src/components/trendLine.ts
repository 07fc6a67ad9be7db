/**
 * A series as the path of a small line chart: x from the times (or the index), y from the values
 * within their range, gaps (null, NaN) left open. SVG path text, so a table can draw many of them
 * without a chart library per cell.
 */

/** The `d` of an SVG path through the points, in a `width` × `height` box with `pad` pixels above and below. */
export function trendPath(
  times: ArrayLike<number> | undefined,
  values: ArrayLike<number | null | undefined>,
  width: number,
  height: number,
  pad = 1
): string {
  const n = values.length;
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  }
  if (lo === Infinity) {
    return '';
  }
  const x0 = times ? times[0] : 0;
  const span = (times ? times[n - 1] - x0 : n - 1) || 1;
  // A flat line sits in the middle.
  const [bottom, top] = hi === lo ? [lo - 1, hi + 1] : [lo, hi];
  const x = (i: number) => (((times ? times[i] : i) - x0) / span) * width;
  const y = (v: number) => pad + (1 - (v - bottom) / (top - bottom)) * (height - 2 * pad);
  let d = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round(x(i))} ${round(y(v))}`;
    pen = true;
  }
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;
