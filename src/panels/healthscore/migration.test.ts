import { migrateOptions, needsMigration } from './migration';

describe('health panel option migration', () => {
  it("reads a saved 'panel' source as today's 'auto', keeping every other option", () => {
    const saved = { options: { thresholdsSource: 'panel', apdexT: 0.25, decimals: 1 } };
    expect(needsMigration(saved)).toBe(true);
    expect(migrateOptions(saved)).toEqual({ thresholdsSource: 'auto', apdexT: 0.25, decimals: 1 });
  });

  it("leaves options in today's words alone", () => {
    for (const options of [{ thresholdsSource: 'app' }, { thresholdsSource: 'auto' }, {}]) {
      expect(needsMigration({ options })).toBe(false);
      expect(migrateOptions({ options })).toEqual(options);
    }
  });
});
