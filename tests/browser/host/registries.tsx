/**
 * Grafana's app, not the npm packages, fills the option-editor and standard field-config
 * registries that PanelPlugin defaults and applyFieldOverrides rely on. The host fills them the
 * same way: the field-config properties use @grafana/data's own override processors, so units,
 * min/max, decimals, display names, colour modes, value mappings and thresholds behave as in
 * Grafana. The editors are deliberately plain: the host renders panels, not the panel editor.
 */
import React from 'react';
import {
  type FieldConfigPropertyItem,
  FieldType,
  type StandardEditorProps,
  type StandardEditorsRegistryItem,
  ThresholdsMode,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';
import { Input, MultiSelect, RadioButtonGroup, Select, Switch, UnitPicker } from '@grafana/ui';

type Editor = StandardEditorsRegistryItem['editor'];
type Props = StandardEditorProps<unknown, { options?: Array<{ value: unknown; label?: string }> }>;

const TextEditor = ({ value, onChange }: Props) => (
  <Input value={String(value ?? '')} onChange={(e) => onChange(e.currentTarget.value)} />
);

const NumberEditor = ({ value, onChange }: Props) => (
  <Input
    type="number"
    value={value === undefined ? '' : String(value)}
    onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
  />
);

const BooleanEditor = ({ value, onChange }: Props) => (
  <Switch value={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} />
);

const RadioEditor = ({ value, onChange, item }: Props) => (
  <RadioButtonGroup value={value} options={item.settings?.options ?? []} onChange={onChange} />
);

const SelectEditor = ({ value, onChange, item }: Props) => (
  <Select value={value} options={item.settings?.options ?? []} onChange={(v) => onChange(v.value)} />
);

const MultiSelectEditor = ({ value, onChange, item }: Props) => (
  <MultiSelect
    value={value as unknown[]}
    options={item.settings?.options ?? []}
    onChange={(v) => onChange(v.map((o) => o.value))}
  />
);

const UnitEditor = ({ value, onChange }: Props) => (
  <UnitPicker value={value as string | undefined} onChange={(unit) => onChange(unit)} />
);

/** For structured values (thresholds, mappings, links…): shown, not edited. */
const ValueView = ({ value }: Props) => <pre>{JSON.stringify(value, null, 2)}</pre>;

function editor(id: string, name: string, component: (props: Props) => React.ReactElement) {
  return { id, name, description: name, editor: component as unknown as Editor };
}

/** The option editors Grafana registers, by the ids PanelOptionsEditorBuilder asks for. */
function optionEditors(): StandardEditorsRegistryItem[] {
  return [
    editor('text', 'Text', TextEditor),
    editor('number', 'Number', NumberEditor),
    editor('slider', 'Slider', NumberEditor),
    editor('boolean', 'Boolean', BooleanEditor),
    editor('radio', 'Radio', RadioEditor),
    editor('select', 'Select', SelectEditor),
    editor('multi-select', 'Multi select', MultiSelectEditor),
    editor('unit', 'Unit', UnitEditor),
    editor('color', 'Color', TextEditor),
    editor('links', 'Links', ValueView),
    editor('stats-picker', 'Stats picker', ValueView),
    editor('strings', 'String array', ValueView),
    editor('timezone', 'Time zone', TextEditor),
    editor('fieldColor', 'Field color', ValueView),
    editor('field-name', 'Field name', TextEditor),
    editor('dashboard-uid', 'Dashboard', TextEditor),
    editor('mappings', 'Mappings', ValueView),
    editor('thresholds', 'Thresholds', ValueView),
  ];
}

const STANDARD = ['Standard options'];

/** Grafana's standard field-config properties, with @grafana/data's processors. */
function standardFieldConfigs(): FieldConfigPropertyItem[] {
  const withEditor = (editorId: string) => {
    const { editor: component } = standardEditorsRegistry.get(editorId);
    return { editor: component, override: component };
  };
  const isNumber = (field: { type: FieldType }) => field.type === FieldType.number;
  const items: FieldConfigPropertyItem[] = [
    {
      id: 'unit',
      path: 'unit',
      name: 'Unit',
      ...withEditor('unit'),
      process: stringOverrideProcessor,
      settings: { placeholder: 'none' },
      shouldApply: () => true,
      category: STANDARD,
    },
    {
      id: 'min',
      path: 'min',
      name: 'Min',
      ...withEditor('number'),
      process: numberOverrideProcessor,
      settings: { placeholder: 'auto' },
      shouldApply: isNumber,
      category: STANDARD,
    },
    {
      id: 'max',
      path: 'max',
      name: 'Max',
      ...withEditor('number'),
      process: numberOverrideProcessor,
      settings: { placeholder: 'auto' },
      shouldApply: isNumber,
      category: STANDARD,
    },
    {
      id: 'decimals',
      path: 'decimals',
      name: 'Decimals',
      ...withEditor('number'),
      process: numberOverrideProcessor,
      settings: { placeholder: 'auto', min: 0, max: 15, integer: true },
      shouldApply: isNumber,
      category: STANDARD,
    },
    {
      id: 'displayName',
      path: 'displayName',
      name: 'Display name',
      ...withEditor('text'),
      process: displayNameOverrideProcessor,
      settings: { placeholder: 'none', expandTemplateVars: true },
      shouldApply: () => true,
      category: STANDARD,
    },
    {
      id: 'color',
      path: 'color',
      name: 'Color scheme',
      ...withEditor('fieldColor'),
      process: identityOverrideProcessor,
      settings: { byValueSupport: true, preferThresholdsMode: true },
      shouldApply: () => true,
      category: STANDARD,
    },
    {
      id: 'noValue',
      path: 'noValue',
      name: 'No value',
      ...withEditor('text'),
      process: stringOverrideProcessor,
      settings: { placeholder: '-' },
      shouldApply: () => true,
      category: STANDARD,
    },
    {
      id: 'links',
      path: 'links',
      name: 'Data links',
      ...withEditor('links'),
      process: dataLinksOverrideProcessor,
      settings: { placeholder: '-' },
      shouldApply: () => true,
      category: ['Data links'],
    },
    {
      id: 'mappings',
      path: 'mappings',
      name: 'Value mappings',
      ...withEditor('mappings'),
      process: valueMappingsOverrideProcessor,
      settings: {},
      defaultValue: [],
      shouldApply: (field) => field.type !== FieldType.time,
      category: ['Value mappings'],
    },
    {
      id: 'thresholds',
      path: 'thresholds',
      name: 'Thresholds',
      ...withEditor('thresholds'),
      process: thresholdsOverrideProcessor,
      settings: {},
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
      shouldApply: () => true,
      category: ['Thresholds'],
    },
  ];
  return items;
}

/** Fills both registries (lazily, on first use, as Grafana's app does at boot). */
export function registerStandardEditors(): void {
  standardEditorsRegistry.setInit(optionEditors);
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}
