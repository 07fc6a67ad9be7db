/**
 * Bad outcomes at a steady share (error diffusion): every draw adds its ratio to what is owed, and a
 * draw is bad whenever a whole bad outcome is owed. From the start, N draws at ratio p give
 * floor(N × p) bad outcomes, and any N consecutive draws fewer than N × p + 1, so the share seen over
 * a rate window differs from the ratio by less than 1/N. Drawing each outcome by chance instead lets a
 * window with few events (a handful of WebSocket connections) stray past a warning level.
 *
 * Each key (a route, a cache) keeps its own account, so breakdowns by that label hold the share too.
 */
export class SteadyShare {
  private readonly owed = new Map<string, number>();

  /** Whether this draw is a bad outcome, for a ratio between 0 and 1. */
  draw(ratio: number, key = ''): boolean {
    const owed = (this.owed.get(key) ?? 0) + Math.min(1, Math.max(0, ratio));
    // The tolerance keeps sums such as 50 × 0.02 from falling short of 1 by rounding.
    const bad = owed >= 1 - 1e-9;
    this.owed.set(key, bad ? owed - 1 : owed);
    return bad;
  }
}
