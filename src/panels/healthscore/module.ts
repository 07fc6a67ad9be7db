import { PanelPlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { HealthScorePanel } from './HealthScorePanel';
import { defaultOptions, type Options } from './types';

initPluginTranslations('perfscope-healthscore-panel');

export const plugin = new PanelPlugin<Options>(HealthScorePanel).setPanelOptions((builder) =>
  builder.addNumberInput({
    path: 'decimals',
    name: 'Decimals',
    description: 'Decimals shown for component values.',
    defaultValue: defaultOptions.decimals,
    settings: { min: 0, max: 6, integer: true },
  })
);
