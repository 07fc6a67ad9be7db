import React, { useMemo, useState } from 'react';
import { config } from '@grafana/runtime';
import {
  Alert,
  Button,
  Collapse,
  Combobox,
  Field,
  FieldValidationMessage,
  Input,
  Stack,
  Text,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import {
  AREA_TITLES,
  CANONICAL_LABELS,
  METRIC_AREAS,
  PERFSCOPE_DATASOURCE_UID,
  PRESETS,
  type PerfscopeSettings,
  type SignalState,
  buildPromQL,
  findPreset,
  namingOptions,
  presetAreas,
} from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { testIds } from '../../components/testIds';
import { getConfigStyles } from './styles';
import { EXPRESSION_SIGNALS, type JsonFormField } from './settingsForm';
import type { DetectionState } from './useDetection';
import type { SettingsFormState } from './useSettingsForm';

interface Props {
  settings: SettingsFormState;
  detection: DetectionState;
}

const STATES: Record<SignalState, string> = { data: 'Data', missing: 'Metric missing', 'no-traffic': 'No traffic' };
const KIT = '';

/** Offers a file to save, made in the browser. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** A setting edited as JSON text, with each problem the catalog finds in it named at its field. */
function JsonField(props: { field: JsonFormField; label: string; description: string; settings: SettingsFormState }) {
  const { field, label, description, settings } = props;
  const errors = Object.entries(settings.check.errors).filter(([f]) => f.startsWith(field));
  return (
    <>
      <Field label={`${label} (JSON)`} description={description} invalid={errors.length > 0}>
        <TextArea
          rows={4}
          value={settings.form[field]}
          aria-label={label}
          onChange={(e) => {
            const text = e.currentTarget.value;
            settings.setForm((f) => ({ ...f, [field]: text }));
          }}
        />
      </Field>
      {errors.map(([f, message]) => (
        <FieldValidationMessage key={f}>{`${f}: ${message}`}</FieldValidationMessage>
      ))}
    </>
  );
}

/**
 * How the team's metrics are named: the naming preset of each area (detected on the Perfscope
 * datasource's server, or chosen), a prefix and label names, metric sources for what no preset
 * covers, each signal's own PromQL, and the Prometheus rule file for these settings.
 */
export function NamingEditor({ settings, detection }: Props) {
  const styles = useStyles2(getConfigStyles);
  const { form, setForm, check } = settings;
  const [expressionsOpen, setExpressionsOpen] = useState(false);
  const datasourceUid = form.datasourceUid || PERFSCOPE_DATASOURCE_UID;
  // The catalog's PromQL under the naming typed so far, as each expression field's placeholder.
  const naming = useMemo(() => (check.settings ? namingOptions(check.settings) : {}), [check.settings]);

  const detected = detection.result;
  const detectedPresets = detected?.settings.presets ?? {};

  return (
    <div className={styles.body}>
      <Text element="p" color="secondary">
        Panels, the Perfscope datasource, the alert rules and the dashboards the Perfscope tools generate read the
        metrics under these names. Pick the instrumentation of each area, or let Perfscope detect it.
      </Text>

      <Stack alignItems="center" gap={2}>
        <Button
          data-testid={testIds.appConfig.detect}
          icon={detection.running ? 'spinner' : 'search'}
          disabled={detection.running}
          onClick={() => detection.run(datasourceUid)}
        >
          Detect naming
        </Button>
        <Text color="secondary">
          {detection.running
            ? (detection.step ?? 'Starting…')
            : 'Reads metric names and labels through the Perfscope datasource.'}
        </Text>
      </Stack>
      {detection.error && (
        <Alert title="Detection failed" severity="error">
          {detection.error}
        </Alert>
      )}
      {detected && (
        <div data-testid={testIds.appConfig.detection}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Area</th>
                <th>Found</th>
                <th>Fit</th>
              </tr>
            </thead>
            <tbody>
              {detected.areas.map((a) => (
                <tr key={a.area}>
                  <td>{AREA_TITLES[a.area]}</td>
                  <td>
                    {a.preset ? (findPreset(a.preset)?.title ?? a.preset) : <Text color="secondary">No metrics</Text>}
                  </td>
                  <td>{a.preset ? `${Math.round((a.fits[0]?.score ?? 0) * 100)} %` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Stack alignItems="center" gap={2}>
            <Button
              variant="secondary"
              onClick={() =>
                setForm((f) => ({
                  ...f,
                  presets: Object.fromEntries(
                    METRIC_AREAS.map((area) => [area, detectedPresets[area] ?? KIT])
                  ) as typeof f.presets,
                }))
              }
            >
              Use the detected presets
            </Button>
            <Text color="secondary">
              {detected.signals.filter((s) => s.state === 'data').length} of {detected.signals.length} signals have data
              with them.
            </Text>
          </Stack>
          <table className={styles.table} data-testid={testIds.appConfig.detectionSignals}>
            <thead>
              <tr>
                <th>Signal</th>
                <th>State</th>
                <th>Value</th>
                <th>PromQL</th>
              </tr>
            </thead>
            <tbody>
              {detected.signals.map((s) => (
                <tr key={s.signal.id} data-state={s.state}>
                  <td>{s.signal.title}</td>
                  <td>{STATES[s.state]}</td>
                  <td>{s.value === undefined ? '' : formatValue(s.signal.unit, s.value)}</td>
                  <td>
                    <code className={styles.promql}>{s.promql}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Stack wrap="wrap" gap={2}>
        {METRIC_AREAS.map((area) => {
          const error = check.errors[`presets.${area}`];
          const options = PRESETS.filter((p) => presetAreas(p).includes(area)).map((p) => ({
            value: p.id === 'kit' ? KIT : p.id,
            label: p.title,
          }));
          return (
            <Field key={area} label={`${AREA_TITLES[area]} metrics`} invalid={Boolean(error)} error={error}>
              <Combobox
                width={36}
                options={options}
                value={form.presets[area] ?? KIT}
                aria-label={`${AREA_TITLES[area]} naming preset`}
                onChange={(option) =>
                  setForm((f) => ({ ...f, presets: { ...f.presets, [area]: option?.value ?? KIT } }))
                }
              />
            </Field>
          );
        })}
      </Stack>

      <Field
        label="Namespace prefix"
        description="Put before every kit metric name, e.g. shop_ for shop_http_requests_total."
        invalid={Boolean(check.errors.prefix)}
        error={check.errors.prefix}
      >
        <Input
          width={24}
          value={form.prefix}
          onChange={(e) => {
            const prefix = e.currentTarget.value;
            setForm((f) => ({ ...f, prefix }));
          }}
        />
      </Field>
      <Stack wrap="wrap" gap={2}>
        {CANONICAL_LABELS.map((label) => (
          <Field
            key={label}
            label={`Label ${label}`}
            invalid={Boolean(check.errors[`labelMap.${label}`])}
            error={check.errors[`labelMap.${label}`]}
          >
            <Input
              width={18}
              placeholder={label}
              value={form.labelMap[label]}
              onChange={(e) => {
                const to = e.currentTarget.value;
                setForm((f) => ({ ...f, labelMap: { ...f.labelMap, [label]: to } }));
              }}
            />
          </Field>
        ))}
      </Stack>

      <JsonField
        field="metrics"
        label="Metric sources"
        description='Metric → how your instrumentation has it, over the area preset: name, labels, without, matchers, outcomes, scale, buckets. E.g. {"db_connection_up": {"name": "up", "matchers": [{"label": "job", "op": "=", "value": "postgres"}]}}'
        settings={settings}
      />
      <Field
        label="Service label"
        description="The label that names a service on every series: job (Prometheus's scrape job) unless your metrics carry another, e.g. service_name where OpenTelemetry's resource attributes become labels."
        invalid={Boolean(check.errors.serviceLabel)}
        error={check.errors.serviceLabel}
      >
        <Input
          width={24}
          placeholder="job"
          value={form.serviceLabel}
          aria-label="Service label"
          onChange={(e) => {
            const serviceLabel = e.currentTarget.value;
            setForm((f) => ({ ...f, serviceLabel }));
          }}
        />
      </Field>
      <JsonField
        field="services"
        label="Services' own levels and objectives"
        description='Service (its service label value) → levels of its own under "signals" (warning, critical, for, enabled) and objectives under "objectives", over the ones above. E.g. {"reports": {"signals": {"http_latency_p95": {"warning": 4, "critical": 5}}}}'
        settings={settings}
      />
      <JsonField
        field="objectives"
        label="Objectives"
        description="Every service's objectives: availability (no server error) and latency (within a threshold that is a bucket bound), each with enabled, target (0.999 for 99.9 %) and period (28d or 30d). Empty: 99.9 % available and 99 % within 1 s, over 30 days."
        settings={settings}
      />
      <JsonField
        field="customSignals"
        label="Custom signals"
        description="Signals of your own, listed, alerted on, weighed and charted like the catalog's: id (custom_…), title, area, unit, promql (with $filters and $window), direction, warning, critical, for, weight."
        settings={settings}
      />

      <Collapse
        label="Signal expressions"
        isOpen={expressionsOpen}
        onToggle={() => setExpressionsOpen(!expressionsOpen)}
      >
        <Text element="p" color="secondary">
          A signal&apos;s own PromQL in place of the catalog&apos;s. Put $filters inside each selector&apos;s braces and
          $window as the range, so the job and dashboard filters and the panel&apos;s window reach it.
        </Text>
        {EXPRESSION_SIGNALS.map((signal) => {
          const error = check.errors[`signals.${signal.id}.promql`];
          let placeholder = '';
          try {
            placeholder = buildPromQL(signal, naming);
          } catch {
            placeholder = '';
          }
          return (
            <Field key={signal.id} label={signal.title} invalid={Boolean(error)} error={error}>
              <Input
                value={form.expressions[signal.id] ?? ''}
                placeholder={placeholder}
                aria-label={`${signal.title} PromQL`}
                onChange={(e) => {
                  const promql = e.currentTarget.value;
                  setForm((f) => ({ ...f, expressions: { ...f.expressions, [signal.id]: promql } }));
                }}
              />
            </Field>
          );
        })}
      </Collapse>

      <Stack alignItems="center" gap={2}>
        <Button
          variant="secondary"
          icon="download-alt"
          disabled={!check.settings}
          onClick={async () => {
            if (check.settings) {
              // The YAML writer loads with the first download, not with the page.
              const { RULE_FILE_NAME, ruleFileText } = await import('./ruleFile');
              download(
                RULE_FILE_NAME,
                ruleFileText(check.settings as PerfscopeSettings, config.appUrl.replace(/\/$/, ''))
              );
            }
          }}
        >
          Download Prometheus rules
        </Button>
        <Text color="secondary">
          For alerting from Prometheus or Mimir: the recording, alert and error-budget rules for these settings.
        </Text>
      </Stack>
    </div>
  );
}
