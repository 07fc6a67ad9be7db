import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import { SIGNALS } from '@perfscope/catalog';
import { AREA_TITLES } from '../components/SignalTable/SignalTable.utils';
import type { DataSource } from './datasource';
import type { Options, Query, QueryMode } from './types';

const MODES: Array<{ label: string; value: QueryMode }> = [
  { label: 'Signal', value: 'signal' },
  { label: 'PromQL', value: 'promql' },
];

export function QueryEditor({ query, onChange, onRunQuery }: QueryEditorProps<DataSource, Query, Options>) {
  const signalOptions = useMemo<Array<ComboboxOption<string>>>(
    () =>
      SIGNALS.map((s) => ({ value: s.id, label: s.title, description: `${AREA_TITLES[s.area]} · ${s.description}` })),
    []
  );
  const mode = query.mode ?? 'signal';

  return (
    <InlineFieldRow>
      <InlineField label="Mode">
        <RadioButtonGroup<QueryMode> options={MODES} value={mode} onChange={(m) => onChange({ ...query, mode: m })} />
      </InlineField>
      {mode === 'signal' ? (
        <InlineField label="Signal" grow>
          <Combobox<string>
            options={signalOptions}
            value={query.signal ?? null}
            onChange={(option) => {
              onChange({ ...query, signal: option.value });
              onRunQuery();
            }}
          />
        </InlineField>
      ) : (
        <InlineField label="PromQL" grow>
          <Input
            value={query.expr ?? ''}
            placeholder="sum(rate(http_requests_total[5m]))"
            onChange={(e) => onChange({ ...query, expr: e.currentTarget.value })}
            onBlur={onRunQuery}
          />
        </InlineField>
      )}
    </InlineFieldRow>
  );
}
