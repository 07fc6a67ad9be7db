import { SeriesBuffer } from './buffer';

describe('SeriesBuffer', () => {
  it('keeps the newest points up to its capacity, oldest first', () => {
    const b = new SeriesBuffer(3);
    for (let t = 1; t <= 5; t++) {
      b.push(t * 1000, t);
    }
    expect(b.length).toBe(3);
    expect([b.time(0), b.time(1), b.time(2)]).toEqual([3000, 4000, 5000]);
    expect([b.value(0), b.value(2)]).toEqual([3, 5]);
    expect(b.lastTime).toBe(5000);
  });

  it('refuses points that are not newer than the newest held, and counts them', () => {
    const b = new SeriesBuffer(4);
    expect(b.push(2000, 1)).toBe(true);
    expect(b.push(2000, 9)).toBe(false);
    expect(b.push(1000, 9)).toBe(false);
    expect(b.length).toBe(1);
    expect(b.refused).toBe(2);
  });

  it('keeps NaN and infinities but scales on finite values only', () => {
    const b = new SeriesBuffer(8);
    [1, NaN, Infinity, 5, -Infinity, 3].forEach((v, i) => b.push(i, v));
    expect(b.value(1)).toBeNaN();
    expect(b.value(2)).toBe(Infinity);
    expect(b.extent(0)).toEqual([1, 5]);
    expect(b.latestFinite()).toEqual({ time: 5, value: 3 });
    expect(b.firstFiniteFrom(1)).toBe(5);
  });

  it('has no extent without finite values', () => {
    const b = new SeriesBuffer(4);
    b.push(1, NaN);
    expect(b.extent(0)).toBeUndefined();
  });

  it('finds the first point at or after a time and trims older ones', () => {
    const b = new SeriesBuffer(10);
    [10, 20, 30, 40].forEach((t) => b.push(t, t));
    expect(b.indexAtOrAfter(25)).toBe(2);
    expect(b.indexAtOrAfter(5)).toBe(0);
    expect(b.indexAtOrAfter(99)).toBe(4);
    b.trimBefore(30);
    expect(b.length).toBe(2);
    expect(b.time(0)).toBe(30);
  });

  it('measures its interval as the median gap', () => {
    const b = new SeriesBuffer(10);
    [0, 1000, 2000, 9000, 10000].forEach((t) => b.push(t, 1));
    expect(b.interval()).toBe(1000);
    expect(new SeriesBuffer(2).interval()).toBeUndefined();
  });

  it('rejects a capacity that cannot hold a line', () => {
    expect(() => new SeriesBuffer(1)).toThrow('A series buffer needs room for at least 2 points, got 1.');
  });
});
