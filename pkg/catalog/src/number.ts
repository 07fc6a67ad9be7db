/** Shortest exact decimal form of a number for PromQL and messages (avoids 0.0010000000000000009). */
export function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}
