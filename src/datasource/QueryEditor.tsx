import React, { useMemo } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import {
  Combobox,
  type ComboboxOption,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  RadioButtonGroup,
} from '@grafana/ui';
import { SIGNALS } from '@perfscope/catalog';
import { AREA_TITLES } from '../components/SignalTable/SignalTable.utils';
import type { DataSource } from './datasource';
import { DEFAULT_POLL_SECONDS, type Options, type Query, type QueryMode } from './types';

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
  const change = (patch: Partial<Query>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const pollProblem =
    query.pollSeconds !== undefined && (!Number.isFinite(query.pollSeconds) || query.pollSeconds < 1)
      ? 'Poll every 1 second or more.'
      : undefined;

  return (
    <>
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
      <InlineFieldRow>
        <InlineField label="Instant" tooltip="One value at the end of the time range instead of a series over it.">
          <InlineSwitch
            value={Boolean(query.instant)}
            onChange={(e) => change({ instant: e.currentTarget.checked, stream: false })}
          />
        </InlineField>
        <InlineField
          label="Stream"
          tooltip="Keep the panel live: ask for new points every few seconds, over the panel's time range."
        >
          <InlineSwitch
            value={Boolean(query.stream)}
            disabled={Boolean(query.instant)}
            onChange={(e) => change({ stream: e.currentTarget.checked })}
          />
        </InlineField>
        {query.stream && (
          <InlineField label="Every (s)" invalid={Boolean(pollProblem)} error={pollProblem}>
            <Input
              type="number"
              width={8}
              value={query.pollSeconds ?? DEFAULT_POLL_SECONDS}
              onChange={(e) => onChange({ ...query, pollSeconds: Number(e.currentTarget.value) })}
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </>
  );
}
