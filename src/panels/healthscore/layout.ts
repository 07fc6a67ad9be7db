/** Height of one breakdown row and the gap between rows, px: rows are laid out at exactly this pitch. */
export const ROW_HEIGHT = 24;
export const ROW_GAP = 2;

/**
 * How many breakdown rows to show in `available` px so that no row is cut: all of them when they
 * fit, else as many whole rows as fit with one row's room kept for the line that names the rest
 * (`line`). Where only one line fits, it is the worst row: it matters more than a count.
 */
export function rowsThatFit(
  available: number,
  total: number,
  row = ROW_HEIGHT,
  gap = ROW_GAP
): { shown: number; hidden: number; line: boolean } {
  const fit = Math.max(0, Math.floor((available + gap) / (row + gap)));
  if (fit >= total) {
    return { shown: total, hidden: 0, line: false };
  }
  if (fit <= 1) {
    return { shown: fit, hidden: total - fit, line: false };
  }
  return { shown: fit - 1, hidden: total - fit + 1, line: true };
}

/** Gap between the panel's parts (headline, trend, breakdown, notes), px: theme.spacing(1). */
export const PART_GAP = 8;

/** Sizes of the headline and the trend for a panel height, px. */
export function partSizes(height: number, { compact, showTrend }: { compact: boolean; showTrend: boolean }) {
  const headline = compact ? 32 : Math.round(Math.min(140, Math.max(60, height * 0.3)));
  const trend = showTrend && !compact ? Math.round(Math.min(80, Math.max(24, height * 0.15))) : 0;
  return { headline, trend };
}

/** The smallest panel height (gauge and trend shown) at which `rows` breakdown rows all fit, px. */
export function heightForRows(rows: number): number {
  const needed = rows * (ROW_HEIGHT + ROW_GAP) - ROW_GAP;
  for (let height = 100; height < 4000; height++) {
    const { headline, trend } = partSizes(height, { compact: false, showTrend: true });
    if (height - headline - trend - 2 * PART_GAP >= needed) {
      return height;
    }
  }
  return 4000;
}
