import type { PanelModel } from '@grafana/data';
import type { Options, ThresholdsSource } from './types';

/** The thresholds option as saved before both Perfscope panels used the same words. */
const LEGACY_KEY = 'thresholdSource';
const LEGACY_VALUES: Readonly<Record<string, ThresholdsSource>> = {
  auto: 'auto',
  field: 'panel',
  catalog: 'app',
  none: 'none',
};

/** Whether saved options still use the old thresholds key (whatever plugin version saved them). */
export function hasLegacyOptions(panel: Pick<PanelModel, 'options'>): boolean {
  return panel.options !== null && typeof panel.options === 'object' && LEGACY_KEY in panel.options;
}

/**
 * Saved options in today's words: `thresholdSource` becomes `thresholdsSource`, `field` → `panel`
 * and `catalog` → `app`. A value already under the new key wins; an unknown old value is dropped
 * (the default applies). Other options are kept as they are.
 */
export function migrateOptions(panel: Pick<PanelModel, 'options'>): Partial<Options> {
  const options: Record<string, unknown> = { ...(panel.options ?? {}) };
  if (!(LEGACY_KEY in options)) {
    return options as Partial<Options>;
  }
  const legacy = options[LEGACY_KEY];
  delete options[LEGACY_KEY];
  const mapped = typeof legacy === 'string' ? LEGACY_VALUES[legacy] : undefined;
  if (options.thresholdsSource === undefined && mapped) {
    options.thresholdsSource = mapped;
  }
  return options as Partial<Options>;
}
