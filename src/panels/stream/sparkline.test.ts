import { SeriesBuffer } from './buffer';
import { type View, scaleFor, timeAt, tracePath, xOf, yOf } from './sparkline';

const view = (over: Partial<View> = {}): View => ({
  width: 100,
  height: 50,
  windowMs: 100_000,
  min: 0,
  max: 10,
  right: 100,
  ...over,
});

function trace(buffer: SeriesBuffer, v: View) {
  const ops: Array<[string, number, number]> = [];
  tracePath(
    buffer,
    0,
    v,
    (x, y) => ops.push(['M', x, y]),
    (x, y) => ops.push(['L', x, y])
  );
  return ops;
}

describe('scaleFor', () => {
  it('pads the extent by 10 % and honours fixed bounds', () => {
    expect(scaleFor([0, 10])).toEqual([-1, 11]);
    expect(scaleFor([0, 10], 0, 100)).toEqual([0, 100]);
    expect(scaleFor([5, 5])).toEqual([4.5, 5.5]);
    expect(scaleFor([0, 0])).toEqual([-1, 1]);
    expect(scaleFor(undefined)).toEqual([-0.1, 1.1]);
  });
});

describe('pixel mapping', () => {
  it('puts the newest time at the right edge and maps back', () => {
    // 1000 ms per pixel, right edge at grid pixel 100 → time 100 000 at x = 99.
    const v = view();
    expect(xOf(v, 100_000)).toBe(99);
    expect(xOf(v, 50_000)).toBe(49);
    expect(timeAt(v, 49)).toBe(50_000);
  });

  it('shifting the right edge by whole pixels moves every point by whole pixels', () => {
    const a = view({ right: 100 });
    const b = view({ right: 103 });
    expect(xOf(a, 77_300) - xOf(b, 77_300)).toBe(3);
  });

  it('maps values to rows, top is max, and clamps outside a fixed range', () => {
    const v = view();
    expect(yOf(v, 10)).toBe(2);
    expect(yOf(v, 0)).toBe(48);
    expect(yOf(v, 1000)).toBe(0);
    expect(yOf(v, -1000)).toBe(49);
  });
});

describe('tracePath', () => {
  it('draws one vertex per point when points are pixels apart', () => {
    const b = new SeriesBuffer(10);
    [0, 5, 10].forEach((value, i) => b.push(98_000 + i * 1000, value));
    expect(trace(b, view())).toEqual([
      ['M', 97, 48],
      ['L', 98, 25],
      ['L', 99, 2],
    ]);
  });

  it('breaks the line at NaN and infinities', () => {
    const b = new SeriesBuffer(10);
    [1, NaN, 2, Infinity, 3].forEach((value, i) => b.push(90_000 + i * 2000, value));
    expect(trace(b, view()).map((op) => op[0])).toEqual(['M', 'M', 'M']);
  });

  it('decimates many points per column to at most four vertices, keeping min and max', () => {
    const b = new SeriesBuffer(2000);
    // 1000 points in 10 columns (100 per column), a spike of 10 in the middle of one column.
    for (let i = 0; i < 1000; i++) {
      b.push(90_000 + i * 10, i === 555 ? 10 : 5);
    }
    const ops = trace(b, view());
    expect(ops.length).toBeLessThanOrEqual(40);
    expect(Math.min(...ops.map((o) => o[2]))).toBe(yOf(view(), 10));
  });
});
