import React, { useCallback, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Combobox,
  type ComboboxOption,
  FieldValidationMessage,
  IconButton,
  InlineField,
  InlineFieldRow,
  Button,
  useStyles2,
} from '@grafana/ui';
import type { LabelMatcher } from '@perfscope/catalog';
import type { DataSource } from './datasource';
import { filterProblems } from './filters';
import { testIds } from '../components/testIds';

const OPERATORS: Array<ComboboxOption<LabelMatcher['op']>> = [
  { value: '=', label: '=', description: 'equals' },
  { value: '!=', label: '!=', description: 'does not equal' },
  { value: '=~', label: '=~', description: 'matches regex' },
  { value: '!~', label: '!~', description: 'does not match regex' },
];

interface Props {
  datasource: Pick<DataSource, 'signalLabels' | 'signalLabelValues'>;
  /** The signal whose series the label names and values come from. */
  signal: string;
  filters: LabelMatcher[];
  onChange: (filters: LabelMatcher[]) => void;
}

const asOptions = (values: string[], typed: string) =>
  values
    .filter((v) => v.toLowerCase().includes(typed.toLowerCase()))
    .slice(0, 500)
    .map((value) => ({ value, label: value }));

/**
 * Label filters (job, route, …) added to every selector of a signal. Names and values are loaded
 * from the API for the signal's own series; any value may be typed, including `$variables`.
 */
export function LabelFilters({ datasource, signal, filters, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const [loadError, setLoadError] = useState<string>();

  const load = useCallback(async (fetcher: () => Promise<string[]>, typed: string) => {
    try {
      const values = await fetcher();
      setLoadError(undefined);
      return asOptions(values, typed);
    } catch (e) {
      setLoadError(`Could not load suggestions: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }, []);

  const update = (index: number, patch: Partial<LabelMatcher>) =>
    onChange(filters.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const problems = filterProblems(filters);

  return (
    <div data-testid={testIds.queryEditor.filters}>
      {filters.map((filter, index) => (
        <InlineFieldRow key={index}>
          <InlineField label={index === 0 ? 'Filter' : 'and'} labelWidth={10}>
            <Combobox<string>
              width={24}
              placeholder="label"
              createCustomValue
              value={filter.label || null}
              options={(typed) => load(() => datasource.signalLabels(signal), typed)}
              onChange={(o) => update(index, { label: o.value })}
            />
          </InlineField>
          <Combobox<LabelMatcher['op']>
            width={10}
            value={filter.op}
            options={OPERATORS}
            onChange={(o) => update(index, { op: o.value })}
          />
          <div className={styles.value}>
            <Combobox<string>
              width={32}
              placeholder="value or $variable"
              createCustomValue
              value={filter.value || null}
              disabled={!filter.label}
              options={(typed) =>
                filter.label
                  ? load(() => datasource.signalLabelValues(signal, filter.label), typed)
                  : Promise.resolve([])
              }
              onChange={(o) => update(index, { value: o.value })}
            />
          </div>
          <IconButton
            name="times"
            tooltip="Remove this filter"
            onClick={() => onChange(filters.filter((_, i) => i !== index))}
          />
        </InlineFieldRow>
      ))}
      {problems.length > 0 && <FieldValidationMessage>{problems.join(' ')}</FieldValidationMessage>}
      {loadError && <FieldValidationMessage>{loadError}</FieldValidationMessage>}
      <Button
        variant="secondary"
        size="sm"
        icon="plus"
        fill="text"
        onClick={() => onChange([...filters, { label: '', op: '=', value: '' }])}
      >
        Add label filter
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  value: css({ marginRight: theme.spacing(0.5) }),
});
