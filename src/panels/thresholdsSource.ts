/**
 * Where a Perfscope panel takes its threshold levels from, in the same words in both panels: the
 * app settings (the levels the alerts use, Perfscope's defaults until an admin changes them), the
 * panel's own, the panel's where set and the app settings' elsewhere, or none.
 */
import type { SelectableValue } from '@grafana/data';

export type ThresholdsSource = 'auto' | 'panel' | 'app' | 'none';

const CHOICES: Readonly<Record<ThresholdsSource, { label: string; description: string }>> = {
  auto: { label: 'Auto', description: "This panel's where set, else the app settings'" },
  panel: { label: 'Panel', description: "This panel's only" },
  app: { label: 'App settings', description: 'The levels the alerts use' },
  none: { label: 'None', description: 'No colours' },
};

/** The radio choices of a panel's `thresholdsSource` option, in the order given. */
export function thresholdsSourceChoices<T extends ThresholdsSource>(values: readonly T[]): Array<SelectableValue<T>> {
  return values.map((value) => ({ value, ...CHOICES[value] }));
}

/** The option's description: what each of the panel's choices means, with where the panel's own values are set. */
export function thresholdsSourceDescription(values: readonly ThresholdsSource[], panelValues: string): string {
  const meaning: Record<ThresholdsSource, string> = {
    auto: `this panel's values (${panelValues}) where set, the app settings' elsewhere`,
    panel: `this panel's values only (${panelValues})`,
    app: "the levels of the Perfscope app configuration, the ones the alerts use (Perfscope's defaults until an admin changes them)",
    none: 'no colours',
  };
  return values.map((v) => `${CHOICES[v].label}: ${meaning[v]}.`).join(' ');
}
