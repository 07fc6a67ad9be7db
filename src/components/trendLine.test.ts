import { trendPath } from './trendLine';

describe('trendPath', () => {
  it('spans the box: the first time at the left, the last at the right, the lowest value at the bottom', () => {
    expect(trendPath([0, 10, 20], [1, 3, 2], 100, 20)).toBe('M0 19L50 1L100 10');
  });

  it('leaves gaps open and draws a flat series in the middle', () => {
    expect(trendPath([0, 1, 2, 3], [5, null, Number.NaN, 5], 30, 10, 0)).toBe('M0 5M30 5');
    expect(trendPath(undefined, [2, 2], 10, 10, 0)).toBe('M0 5L10 5');
  });

  it('draws nothing without a number', () => {
    expect(trendPath([0, 1], [null, undefined], 10, 10)).toBe('');
    expect(trendPath([], [], 10, 10)).toBe('');
  });
});
