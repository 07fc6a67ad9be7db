import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, QueryEditorProps } from '@grafana/data';
import {
  Combobox,
  type ComboboxOption,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import {
  type Area,
  HEALTH_COMPONENTS,
  SIGNALS,
  type SignalDef,
  buildPromQL,
  checkDuration,
  findSignal,
  AREA_TITLES,
} from '@perfscope/catalog';
import { testIds } from '../components/testIds';
import type { DataSource } from './datasource';
import { LabelFilters } from './LabelFilters';
import { wantsExemplars } from './exemplars';
import { legendProblem } from './legend';
import { PromQLField } from './PromQLField';
import { DEFAULT_POLL_SECONDS, type Options, type Query, type QueryMode } from './types';

const MODES: Array<{ label: string; value: QueryMode; description: string }> = [
  { label: 'Signal', value: 'signal', description: 'A catalog signal: PromQL, unit and thresholds built in.' },
  { label: 'PromQL', value: 'promql', description: 'Any PromQL expression.' },
  { label: 'Health', value: 'health', description: 'Every health-score component, one query each.' },
];

const ALL_AREAS = 'all';
type AreaChoice = Area | typeof ALL_AREAS;

const AREA_OPTIONS: Array<ComboboxOption<AreaChoice>> = [
  { value: ALL_AREAS, label: 'All areas' },
  ...[...new Set(SIGNALS.map((s) => s.area))].map((area) => ({ value: area, label: AREA_TITLES[area] })),
];

/** The problem with the poll interval, or undefined. */
export function pollProblem(pollSeconds: number | undefined): string | undefined {
  return pollSeconds !== undefined && (!Number.isFinite(pollSeconds) || pollSeconds < 1)
    ? 'Poll every 1 second or more.'
    : undefined;
}

/** The problem with the stream window, or undefined (empty means the panel's time range). */
export function windowProblem(window: string | undefined): string | undefined {
  if (!window) {
    return undefined;
  }
  const check = checkDuration(window, 'Window');
  return check.ok ? undefined : check.message;
}

/** The catalog's signals at once, then with the app settings' custom signals once they are read. */
function useSignals(datasource: DataSource): readonly SignalDef[] {
  const [signals, setSignals] = React.useState<readonly SignalDef[]>(SIGNALS);
  React.useEffect(() => {
    let live = true;
    datasource.signalList().then((list) => live && setSignals(list));
    return () => {
      live = false;
    };
  }, [datasource]);
  return signals;
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: QueryEditorProps<DataSource, Query, Options>) {
  const styles = useStyles2(getStyles);
  const mode = query.mode ?? 'signal';
  const signals = useSignals(datasource);
  const signal = query.signal ? signals.find((s) => s.id === query.signal) : undefined;
  const area: AreaChoice = signal?.area ?? ALL_AREAS;
  const [areaChoice, setAreaChoice] = React.useState<AreaChoice>(area);

  const signalOptions = useMemo<Array<ComboboxOption<string>>>(
    () =>
      signals
        .filter((s) => areaChoice === ALL_AREAS || s.area === areaChoice)
        .map((s) => ({
          value: s.id,
          label: s.title,
          description: `${AREA_TITLES[s.area]} · ${s.description}`,
        })),
    [areaChoice, signals]
  );

  const change = (patch: Partial<Query>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const poll = pollProblem(query.pollSeconds);
  const window = windowProblem(query.streamWindow);
  const legend = legendProblem(query.legendFormat);
  // What the datasource does with the switch unset: exemplars for latency signals.
  const exemplars = useMemo(() => {
    const expr = mode === 'signal' && signal ? buildPromQL(signal) : (query.expr ?? '');
    return wantsExemplars({ mode, exemplars: query.exemplars }, mode === 'signal' ? signal : undefined, expr);
  }, [mode, signal, query.expr, query.exemplars]);

  return (
    <Stack direction="column" gap={0.5}>
      <InlineFieldRow>
        <InlineField label="Mode" labelWidth={10}>
          <RadioButtonGroup<QueryMode> options={MODES} value={mode} onChange={(m) => change({ mode: m })} />
        </InlineField>
      </InlineFieldRow>

      {mode === 'signal' && (
        <InlineFieldRow>
          <InlineField label="Area" labelWidth={10}>
            <Combobox<AreaChoice>
              width={22}
              options={AREA_OPTIONS}
              value={areaChoice}
              onChange={(o) => setAreaChoice(o.value)}
            />
          </InlineField>
          <InlineField label="Signal" grow>
            <Combobox<string>
              options={signalOptions}
              value={query.signal ?? null}
              onChange={(o) => change({ signal: o.value })}
            />
          </InlineField>
        </InlineFieldRow>
      )}

      {mode === 'promql' && (
        <PromQLField
          value={query.expr ?? ''}
          onChange={(expr) => onChange({ ...query, expr })}
          onRunQuery={onRunQuery}
        />
      )}

      {mode === 'health' && (
        <div className={styles.health} data-testid={testIds.queryEditor.health}>
          <Text color="secondary">
            One query per health-score component, with the label filters below:{' '}
            {HEALTH_COMPONENTS.map((c) => `${findSignal(c.signal)?.title ?? c.signal} (weight ${c.weight})`).join(', ')}
            .
          </Text>
        </div>
      )}

      {mode !== 'promql' && (
        <LabelFilters
          datasource={datasource}
          // Health mode: any component's series carry the labels worth filtering on (job, instance…).
          signal={mode === 'health' ? HEALTH_COMPONENTS[0].signal : (query.signal ?? 'http_request_rate')}
          filters={query.filters ?? []}
          onChange={(filters) => change({ filters })}
        />
      )}

      <InlineFieldRow>
        {mode !== 'health' && (
          <InlineField
            label="Legend"
            labelWidth={10}
            tooltip="Series names from labels, e.g. {{route}} {{status_code}}. Empty: the signal's title or the label set."
            invalid={Boolean(legend)}
            error={legend}
          >
            <Input
              width={30}
              value={query.legendFormat ?? ''}
              placeholder="{{route}}"
              onChange={(e) => onChange({ ...query, legendFormat: e.currentTarget.value || undefined })}
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
        <InlineField label="Instant" tooltip="One value at the end of the time range instead of a series over it.">
          <InlineSwitch
            value={Boolean(query.instant)}
            onChange={(e) => change({ instant: e.currentTarget.checked, stream: false })}
          />
        </InlineField>
        <InlineField
          label="Stream"
          tooltip="Keep the panel live: ask only for new points every few seconds, over the window."
          // On the field: InlineField hands its own `disabled` to its child.
          disabled={Boolean(query.instant)}
        >
          <InlineSwitch value={Boolean(query.stream)} onChange={(e) => change({ stream: e.currentTarget.checked })} />
        </InlineField>
        {mode !== 'health' && (
          <InlineField
            label="Exemplars"
            tooltip={
              query.instant
                ? 'Exemplars are shown on charts over time: turn Instant off to see them.'
                : 'Sample requests of the series with their trace ids, shown as markers that open the trace (on by default for latency signals).'
            }
            disabled={Boolean(query.instant)}
          >
            <InlineSwitch
              aria-label="Exemplars"
              value={exemplars && !query.instant}
              onChange={(e) => change({ exemplars: e.currentTarget.checked })}
            />
          </InlineField>
        )}
        {query.stream && (
          <>
            <InlineField label="Every (s)" invalid={Boolean(poll)} error={poll}>
              <Input
                type="number"
                width={8}
                value={query.pollSeconds ?? DEFAULT_POLL_SECONDS}
                onChange={(e) => onChange({ ...query, pollSeconds: Number(e.currentTarget.value) })}
                onBlur={onRunQuery}
              />
            </InlineField>
            <InlineField
              label="Window"
              tooltip="How much history the live view keeps, e.g. 15m. Empty: the panel's time range."
              invalid={Boolean(window)}
              error={window}
            >
              <Input
                width={10}
                value={query.streamWindow ?? ''}
                placeholder="time range"
                onChange={(e) => onChange({ ...query, streamWindow: e.currentTarget.value || undefined })}
                onBlur={onRunQuery}
              />
            </InlineField>
          </>
        )}
      </InlineFieldRow>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  health: css({ maxWidth: 720, padding: theme.spacing(0.5, 0) }),
});
