import { PanelPlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { StreamPanel } from './StreamPanel';
import { defaultOptions, type Options } from './types';

initPluginTranslations('perfscope-stream-panel');

export const plugin = new PanelPlugin<Options>(StreamPanel).setPanelOptions((builder) =>
  builder.addRadio({
    path: 'layout',
    name: 'Layout',
    description: 'Tiles side by side, or one per row.',
    defaultValue: defaultOptions.layout,
    settings: {
      options: [
        { value: 'grid', label: 'Grid' },
        { value: 'list', label: 'List' },
      ],
    },
  })
);
