import { HEALTH_COMPONENTS, healthSignals } from './health';

describe('HEALTH_COMPONENTS', () => {
  it('names signals that exist and have thresholds to score against', () => {
    const signals = healthSignals();
    expect(signals.map((s) => s.id)).toEqual(HEALTH_COMPONENTS.map((c) => c.signal));
    for (const signal of signals) {
      expect(signal.thresholds).toBeDefined();
    }
  });

  it('has positive weights and no duplicates', () => {
    expect(new Set(HEALTH_COMPONENTS.map((c) => c.signal)).size).toBe(HEALTH_COMPONENTS.length);
    for (const c of HEALTH_COMPONENTS) {
      expect(c.weight).toBeGreaterThan(0);
    }
  });

  it('does not score the health score itself', () => {
    expect(HEALTH_COMPONENTS.map((c) => c.signal)).not.toContain('health_score');
  });
});
