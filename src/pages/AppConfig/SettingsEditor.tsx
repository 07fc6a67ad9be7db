import React, { useState } from 'react';
import { DataSourcePicker } from '@grafana/runtime';
import {
  Alert,
  Button,
  Collapse,
  Field,
  FieldSet,
  FieldValidationMessage,
  Input,
  Stack,
  Switch,
  Text,
  useStyles2,
} from '@grafana/ui';
import { DATASOURCE_PLUGIN_ID, WEIGHABLE_COMPONENTS, adminUnit, findSignal, AREA_TITLES } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { getConfigStyles } from './styles';
import { TUNABLE_SIGNALS } from './settingsForm';
import { NamingEditor } from './NamingEditor';
import type { DetectionState } from './useDetection';
import type { SettingsFormState } from './useSettingsForm';

interface Props {
  /** The form's state, held by the page (useSettingsForm). */
  settings: SettingsFormState;
  /** Another write of the app settings is under way (the dashboard sync's record): saving waits. */
  writing?: boolean;
  /** Naming detection through the Perfscope datasource, held by the page (useDetection). */
  detection: DetectionState;
}

/**
 * Thresholds, health weights, datasources and metric naming. Every field is checked as it is typed;
 * nothing is saved while any field is wrong, and Grafana receives the whole jsonData (it replaces it).
 */
export function SettingsEditor({ settings, detection, writing = false }: Props) {
  const styles = useStyles2(getConfigStyles);
  const { form, setForm, setRow, check, dirty, errorCount, saving, saveError, save, reset } = settings;
  // Whether the naming section is open: the component's own view state, not the page's.
  const [naming, setNaming] = useState(false);

  const cell = (id: string, field: 'warning' | 'critical' | 'for', width: number) => {
    const error = check.errors[`signals.${id}.${field}`];
    const signal = findSignal(id);
    // An up/down signal has one level, "down": nothing to type.
    if (signal?.unit === 'bool' && field !== 'for') {
      const level = form.signals[id][field];
      return <td>{level === '' ? <Text color="secondary">—</Text> : <Text>when down</Text>}</td>;
    }
    const suffix = field === 'for' ? undefined : adminUnit(signal?.unit).suffix || undefined;
    return (
      <td>
        <Input
          // A long suffix (queries/s) gets its own room: the number must stay readable.
          width={width + Math.max(0, (suffix?.length ?? 0) - 2)}
          value={form.signals[id][field]}
          invalid={Boolean(error)}
          suffix={suffix}
          aria-label={`${signal?.title} ${field}`}
          onChange={(e) => setRow(id, { [field]: e.currentTarget.value })}
        />
      </td>
    );
  };

  return (
    <div data-testid={testIds.appConfig.settings} className={styles.body}>
      <FieldSet label="Thresholds and alert rules">
        <Text element="p" color="secondary">
          Panels colour by these levels, the health score is computed from them, and the alert rules fire on them. Clear
          a level to drop it (a signal needs at least one); switch a signal off to remove its alert rules.
        </Text>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Signal</th>
              <th>Alerts</th>
              <th>Warning</th>
              <th>Critical</th>
              <th>For</th>
            </tr>
          </thead>
          <tbody>
            {TUNABLE_SIGNALS.map((signal) => {
              const messages = ['warning', 'critical', 'for']
                .map((f) => check.errors[`signals.${signal.id}.${f}`])
                .filter(Boolean);
              const direction = signal.thresholds?.direction === 'below' ? 'below' : 'above';
              return (
                <React.Fragment key={signal.id}>
                  <tr data-testid={testIds.appConfig.signalRow(signal.id)}>
                    <td>
                      <div>{signal.title}</div>
                      <Text variant="bodySmall" color="secondary">
                        {AREA_TITLES[signal.area]} · alerts when {direction === 'above' ? 'higher' : 'lower'}
                      </Text>
                    </td>
                    <td>
                      <Switch
                        value={form.signals[signal.id].enabled}
                        aria-label={`${signal.title} alerts`}
                        onChange={(e) => setRow(signal.id, { enabled: e.currentTarget.checked })}
                      />
                    </td>
                    {cell(signal.id, 'warning', 12)}
                    {cell(signal.id, 'critical', 12)}
                    {cell(signal.id, 'for', 8)}
                  </tr>
                  {messages.length > 0 && (
                    <tr>
                      <td colSpan={5}>
                        {messages.map((m) => (
                          <FieldValidationMessage key={m}>{m}</FieldValidationMessage>
                        ))}
                      </td>
                    </tr>
                  )}
                </React.Fragment>
              );
            })}
          </tbody>
        </table>
      </FieldSet>

      <FieldSet label="Health score">
        <Stack wrap="wrap" gap={2}>
          {WEIGHABLE_COMPONENTS.map((c) => (
            <Field
              key={c.signal}
              label={`${findSignal(c.signal)?.title ?? c.signal} weight`}
              invalid={Boolean(check.errors[`health.weights.${c.signal}`])}
              error={check.errors[`health.weights.${c.signal}`]}
            >
              <Input
                width={10}
                value={form.weights[c.signal]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setForm((f) => ({ ...f, weights: { ...f.weights, [c.signal]: value } }));
                }}
              />
            </Field>
          ))}
        </Stack>
        {check.errors['health.weights'] && (
          <FieldValidationMessage>{check.errors['health.weights']}</FieldValidationMessage>
        )}
        <Field
          label="Apdex T (seconds)"
          description="Requests up to T are satisfied, up to 4T tolerating. T and 4T must be histogram bucket boundaries."
          invalid={Boolean(check.errors['health.apdexT'])}
          error={check.errors['health.apdexT']}
        >
          <Input
            width={10}
            value={form.apdexT}
            onChange={(e) => {
              const apdexT = e.currentTarget.value;
              setForm((f) => ({ ...f, apdexT }));
            }}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Datasources">
        <Field
          label="Prometheus for alert rules"
          description="A core Prometheus datasource: Grafana evaluates alert rules through it, not through the Perfscope datasource."
          invalid={Boolean(check.errors.alertDatasourceUid)}
          error={check.errors.alertDatasourceUid}
        >
          <DataSourcePicker
            type="prometheus"
            width={40}
            current={form.alertDatasourceUid || null}
            noDefault
            onChange={(ds) => setForm((f) => ({ ...f, alertDatasourceUid: ds.uid }))}
          />
        </Field>
        <Field label="Perfscope datasource" description="Used by the app pages.">
          <DataSourcePicker
            type={DATASOURCE_PLUGIN_ID}
            width={40}
            current={form.datasourceUid || null}
            onChange={(ds) => setForm((f) => ({ ...f, datasourceUid: ds.uid }))}
          />
        </Field>
      </FieldSet>

      <Collapse label="Metric naming" isOpen={naming} onToggle={() => setNaming(!naming)}>
        <NamingEditor settings={settings} detection={detection} />
      </Collapse>

      {saveError && (
        <Alert title="Settings not saved" severity="error" data-testid={testIds.appConfig.error}>
          {saveError}
        </Alert>
      )}
      <Stack alignItems="center" gap={2}>
        <Button
          data-testid={testIds.appConfig.save}
          disabled={saving || writing || !dirty || errorCount > 0}
          onClick={save}
        >
          Save settings
        </Button>
        <Button variant="secondary" onClick={reset}>
          Reset to defaults
        </Button>
        <span data-testid={testIds.appConfig.status}>
          {errorCount > 0 ? (
            <Text color="error">
              {errorCount} {errorCount === 1 ? 'field needs' : 'fields need'} fixing before saving.
            </Text>
          ) : dirty ? (
            <Text color="warning">Unsaved changes</Text>
          ) : (
            <Text color="secondary">Saved</Text>
          )}
        </span>
      </Stack>
    </div>
  );
}
