import { PART_GAP, ROW_GAP, ROW_HEIGHT, heightForRows, partSizes, rowsThatFit } from './layout';

const pitch = ROW_HEIGHT + ROW_GAP;

describe('rowsThatFit', () => {
  it('shows every row when they fit, to the pixel', () => {
    expect(rowsThatFit(9 * pitch - ROW_GAP, 9)).toEqual({ shown: 9, hidden: 0, line: false });
    expect(rowsThatFit(1000, 9)).toEqual({ shown: 9, hidden: 0, line: false });
  });

  it('shows only whole rows, keeping one row for the line that names the others', () => {
    // One pixel short of nine rows: eight fit, seven are shown and the line says two more.
    expect(rowsThatFit(9 * pitch - ROW_GAP - 1, 9)).toEqual({ shown: 7, hidden: 2, line: true });
    expect(rowsThatFit(3 * pitch + ROW_HEIGHT / 2, 9)).toEqual({ shown: 2, hidden: 7, line: true });
  });

  it('shows the worst row alone when only one line fits, and nothing when none does', () => {
    expect(rowsThatFit(ROW_HEIGHT, 9)).toEqual({ shown: 1, hidden: 8, line: false });
    expect(rowsThatFit(ROW_HEIGHT - 1, 9)).toEqual({ shown: 0, hidden: 9, line: false });
    expect(rowsThatFit(0, 0)).toEqual({ shown: 0, hidden: 0, line: false });
  });
});

describe('heightForRows', () => {
  it('is the lowest height whose breakdown holds every row', () => {
    for (const rows of [1, 9, 20]) {
      const height = heightForRows(rows);
      const room = (h: number) => {
        const { headline, trend } = partSizes(h, { compact: false, showTrend: true });
        return h - headline - trend - 2 * PART_GAP;
      };
      expect(rowsThatFit(room(height), rows)).toEqual({ shown: rows, hidden: 0, line: false });
      expect(rowsThatFit(room(height - 1), rows).hidden).toBeGreaterThan(0);
    }
  });
});
