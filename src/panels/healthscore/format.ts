/**
 * A score with `decimals`, rounded down so the text never shows a grade boundary the score has not
 * reached (69.96 shows as 69 with 0 decimals, not 70, next to grade D).
 */
export function formatScore(score: number, decimals: number): string {
  const factor = 10 ** decimals;
  return (Math.floor(score * factor + 1e-9) / factor).toFixed(decimals);
}
