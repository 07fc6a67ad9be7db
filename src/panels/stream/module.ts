import { FieldConfigProperty, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { hasLegacyOptions, migrateOptions } from './migration';
import { StreamPanel } from './StreamPanel';
import { thresholdsSourceChoices, thresholdsSourceDescription } from '../thresholdsSource';
import { SERVICE_OPTION } from '../serviceLevels';
import { MAX_TILES_LIMIT, STREAM_SOURCES, defaultOptions, type Options } from './types';
import { STREAM_PANEL_PLUGIN_ID } from '@perfscope/catalog';

initPluginTranslations(STREAM_PANEL_PLUGIN_ID);

export const plugin = new PanelPlugin<Options>(StreamPanel)
  // Saved options in older words; also when the same version saved them (shouldMigrate).
  .setMigrationHandler(migrateOptions, hasLegacyOptions)
  .useFieldConfig({
    standardOptions: {
      // Only a base step: "auto" thresholds then fall back to the catalog's for known signals.
      [FieldConfigProperty.Thresholds]: {
        defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] },
      },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addRadio({
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
      .addNumberInput({
        path: 'windowSeconds',
        name: 'Window (seconds)',
        description:
          "History each chart shows. 0: all the query keeps (the time range, or a live query's stream window); a chart never shows more than that, so it is full from the start.",
        defaultValue: defaultOptions.windowSeconds,
        settings: { min: 0, integer: true },
      })
      .addTextInput({
        path: 'seriesFilter',
        name: 'Series to show',
        description: 'Regular expression on series names; empty shows all.',
        defaultValue: defaultOptions.seriesFilter,
        settings: { placeholder: 'e.g. latency|error' },
      })
      .addBooleanSwitch({
        path: 'showSparkline',
        name: 'Chart',
        description: 'A live line of the window under each value.',
        defaultValue: defaultOptions.showSparkline,
      })
      .addRadio({
        path: 'thresholdsSource',
        name: 'Thresholds',
        description: `Where the colours come from. ${thresholdsSourceDescription(STREAM_SOURCES, 'Standard options → Thresholds')} App settings apply to Perfscope signals.`,
        defaultValue: defaultOptions.thresholdsSource,
        settings: { options: thresholdsSourceChoices(STREAM_SOURCES) },
      })
      .addTextInput({
        ...SERVICE_OPTION,
        defaultValue: defaultOptions.service,
        showIf: (options) => options.thresholdsSource !== 'panel' && options.thresholdsSource !== 'none',
      })
      .addRadio({
        path: 'colorMode',
        name: 'Colour',
        defaultValue: defaultOptions.colorMode,
        settings: {
          options: [
            { value: 'value', label: 'Value' },
            { value: 'background', label: 'Background' },
            { value: 'none', label: 'None' },
          ],
        },
      })
      .addRadio({
        path: 'textSize',
        name: 'Text size',
        defaultValue: defaultOptions.textSize,
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'sm', label: 'S' },
            { value: 'md', label: 'M' },
            { value: 'lg', label: 'L' },
          ],
        },
      })
      .addNumberInput({
        path: 'maxTiles',
        name: 'Max tiles',
        description: `Most series drawn (1–${MAX_TILES_LIMIT}); the panel says how many more are hidden.`,
        defaultValue: defaultOptions.maxTiles,
        settings: { min: 1, max: MAX_TILES_LIMIT, integer: true },
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Threshold legend',
        description: 'The warning and critical levels under each value.',
        defaultValue: defaultOptions.showLegend,
      })
  );
