import { FieldConfigProperty, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { ComponentsEditor } from './editors/ComponentsEditor';
import { MappingEditor } from './editors/MappingEditor';
import { HealthScorePanel } from './HealthScorePanel';
import { thresholdsSourceChoices, thresholdsSourceDescription } from '../thresholdsSource';
import { SERVICE_OPTION } from '../serviceLevels';
import { migrateOptions, needsMigration } from './migration';
import { HEALTH_SOURCES, defaultOptions, type Options } from './types';
import { HEALTHSCORE_PANEL_PLUGIN_ID } from '@perfscope/catalog';

initPluginTranslations(HEALTHSCORE_PANEL_PLUGIN_ID);

const GRADE_PATHS = [
  ['A', 'Grade A from'],
  ['B', 'Grade B from'],
  ['C', 'Grade C from'],
  ['D', 'Grade D from'],
] as const;

export const plugin = new PanelPlugin<Options>(HealthScorePanel)
  .setMigrationHandler(migrateOptions, needsMigration)
  .useFieldConfig({
    standardOptions: {
      // Only a base step: field thresholds count (with the panel as the source) once someone sets them.
      [FieldConfigProperty.Thresholds]: {
        defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }] },
      },
    },
  })
  .setPanelOptions((builder) => {
    builder
      .addRadio({
        path: 'display',
        name: 'Score display',
        defaultValue: defaultOptions.display,
        settings: {
          options: [
            { value: 'gauge', label: 'Gauge' },
            { value: 'number', label: 'Number' },
            { value: 'compact', label: 'Compact' },
          ],
        },
      })
      .addBooleanSwitch({
        path: 'showTrend',
        name: 'Trend',
        description: 'The score over the time range (needs a range query).',
        defaultValue: defaultOptions.showTrend,
      })
      .addBooleanSwitch({
        path: 'showBreakdown',
        name: 'Breakdown',
        description: 'Each component with its value, thresholds, score and the points it costs, worst first.',
        defaultValue: defaultOptions.showBreakdown,
      })
      .addNumberInput({
        path: 'decimals',
        name: 'Decimals',
        description: 'Decimals shown for component values.',
        defaultValue: defaultOptions.decimals,
        settings: { min: 0, max: 6, integer: true },
      })
      .addNumberInput({
        path: 'scoreDecimals',
        name: 'Score decimals',
        description: 'Decimals of the score and of the points each component costs; the score is rounded down.',
        defaultValue: defaultOptions.scoreDecimals,
        settings: { min: 0, max: 3, integer: true },
      })
      .addRadio({
        path: 'thresholdsSource',
        name: 'Thresholds, weights and Apdex T',
        description: thresholdsSourceDescription(
          HEALTH_SOURCES,
          'per component below, or Standard options → Thresholds; weights and Apdex T'
        ),
        category: ['Health score'],
        defaultValue: defaultOptions.thresholdsSource,
        settings: {
          options: thresholdsSourceChoices(HEALTH_SOURCES),
        },
      })
      .addTextInput({ ...SERVICE_OPTION, category: ['Health score'], defaultValue: '' })
      .addNumberInput({
        path: 'apdexT',
        name: 'Apdex T (seconds)',
        description:
          "Requests within T are satisfied, within 4T tolerating. Used for histogram buckets mapped to Apdex; empty keeps the app settings' T.",
        category: ['Health score'],
        defaultValue: defaultOptions.apdexT,
        settings: { min: 0, placeholder: 'app settings' },
        showIf: (options) => options.thresholdsSource === 'auto',
      })
      .addCustomEditor({
        id: 'components',
        path: 'components',
        name: 'Components',
        description: 'Which components are scored; with the panel as the source, their weights and thresholds.',
        category: ['Health score'],
        editor: ComponentsEditor,
        defaultValue: defaultOptions.components,
      })
      .addCustomEditor({
        id: 'mappings',
        path: 'mappings',
        name: 'Component mapping',
        description:
          'Map a query (refId) or series to a component. Series named after a component id, as the Health query names them, need no mapping.',
        category: ['Health score'],
        editor: MappingEditor,
        defaultValue: defaultOptions.mappings,
      });
    for (const [grade, name] of GRADE_PATHS) {
      builder.addNumberInput({
        path: `grades.${grade}`,
        name,
        category: ['Grades'],
        defaultValue: defaultOptions.grades[grade],
        settings: { min: 0, max: 100 },
      });
    }
    return builder;
  });
