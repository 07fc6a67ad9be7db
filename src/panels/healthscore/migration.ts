import type { PanelModel } from '@grafana/data';
import type { Options } from './types';

/**
 * Whether saved options still call the panel's own values `panel`: the health panel's word for
 * "this panel's values where set, the app settings' elsewhere" before both Perfscope panels used
 * the same words (that is `auto`; `panel` means the panel's values only, which this panel does not offer).
 */
export function needsMigration(panel: Pick<PanelModel, 'options'>): boolean {
  return (panel.options as { thresholdsSource?: unknown } | undefined)?.thresholdsSource === 'panel';
}

/** Saved options in today's words: thresholdsSource `panel` becomes `auto`; everything else is kept. */
export function migrateOptions(panel: Pick<PanelModel, 'options'>): Partial<Options> {
  const options = { ...(panel.options ?? {}) } as Record<string, unknown>;
  if (options.thresholdsSource === 'panel') {
    options.thresholdsSource = 'auto';
  }
  return options as Partial<Options>;
}
