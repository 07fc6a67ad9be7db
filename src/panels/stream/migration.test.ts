import type { PanelModel } from '@grafana/data';
import { hasLegacyOptions, migrateOptions } from './migration';
import { plugin } from './module';

const saved = (options: Record<string, unknown>, pluginVersion?: string) =>
  ({ id: 1, options, fieldConfig: { defaults: {}, overrides: [] }, pluginVersion }) as unknown as PanelModel;

describe('stream panel option migration', () => {
  it.each([
    ['auto', 'auto'],
    ['field', 'panel'],
    ['catalog', 'app'],
    ['none', 'none'],
  ])('reads the saved thresholds source %s as %s, keeping the other options', (old, now) => {
    expect(migrateOptions(saved({ thresholdSource: old, layout: 'list', maxTiles: 12 }))).toEqual({
      thresholdsSource: now,
      layout: 'list',
      maxTiles: 12,
    });
  });

  it('keeps a value already saved under the new key, and drops an unknown old value', () => {
    expect(migrateOptions(saved({ thresholdSource: 'field', thresholdsSource: 'none' }))).toEqual({
      thresholdsSource: 'none',
    });
    expect(migrateOptions(saved({ thresholdSource: 'sometimes', colorMode: 'background' }))).toEqual({
      colorMode: 'background',
    });
  });

  it('leaves options in the new words as they are', () => {
    const options = { thresholdsSource: 'app', showLegend: true };
    expect(migrateOptions(saved(options))).toEqual(options);
    expect(migrateOptions(saved(undefined as never))).toEqual({});
  });

  it('runs for old options whatever version saved them, as Grafana asks the plugin', () => {
    // Grafana migrates when the saved pluginVersion differs, or when shouldMigrate says so.
    expect(plugin.onPanelMigration).toBe(migrateOptions);
    expect(plugin.shouldMigrate?.(saved({ thresholdSource: 'catalog' }, '0.1.0'))).toBe(true);
    expect(plugin.shouldMigrate?.(saved({ thresholdsSource: 'app' }, '0.1.0'))).toBe(false);
    expect(hasLegacyOptions(saved({}))).toBe(false);
  });
});
