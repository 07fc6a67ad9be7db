import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { DataSourcePluginOptionsEditorProps, GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import {
  Alert,
  Button,
  Field,
  FieldSet,
  IconButton,
  Input,
  RadioButtonGroup,
  SecretInput,
  Stack,
  useStyles2,
} from '@grafana/ui';
import {
  type SecretKey,
  type Settings,
  configProblems,
  customHeaders,
  withAuthMethod,
  withNewHeader,
  withSecret,
  withoutHeader,
  withoutSecret,
  withUrl,
} from './ConfigEditor.utils';
import { readOptions } from './options';
import {
  type AuthMethod,
  DEFAULT_SCRAPE_INTERVAL,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_TRACE_ID_LABEL,
  MAX_CUSTOM_HEADERS,
  type Options,
  type SecureOptions,
} from './types';

const AUTH_METHODS: Array<{ label: string; value: AuthMethod; description: string }> = [
  { label: 'None', value: 'none', description: 'The API needs no credentials.' },
  { label: 'Bearer token', value: 'bearer', description: 'Authorization: Bearer <token>, added by Grafana.' },
  { label: 'Basic', value: 'basic', description: 'User and password, added by Grafana.' },
];

type Props = DataSourcePluginOptionsEditorProps<Options, SecureOptions>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  const settings = options as Settings;
  const problems = configProblems(settings, (uid) => getDataSourceSrv().getInstanceSettings(uid));
  // Whether Grafana has any tracing datasource to choose (none: say how to get one).
  const tracingCount = useMemo(() => getDataSourceSrv().getList({ tracing: true }).length, []);
  // Stored jsonData may hold anything (provisioning, the API): the fields show only values of the right type.
  const j = readOptions(settings.jsonData).options;
  const auth = j.authMethod ?? 'none';
  const [movedCredentials, setMovedCredentials] = useState(false);
  const setJson = (patch: Partial<Options>) =>
    onOptionsChange({ ...settings, jsonData: { ...settings.jsonData, ...patch } });

  const secret = (key: SecretKey, label: string, description?: string) => (
    <Field label={label} description={description} invalid={Boolean(problems[key])} error={problems[key]} required>
      <SecretInput
        id={`perfscope-${key}`}
        width={60}
        isConfigured={Boolean(settings.secureJsonFields?.[key])}
        value={settings.secureJsonData?.[key] ?? ''}
        onChange={(e) => onOptionsChange(withSecret(settings, key, e.currentTarget.value))}
        onReset={() => onOptionsChange(withoutSecret(settings, key))}
      />
    </Field>
  );

  return (
    <div className={styles.body}>
      <FieldSet label="Connection">
        <Field
          label="Prometheus URL"
          description="API root of Prometheus, Mimir, Thanos, Cortex or VictoriaMetrics, reached through Grafana's proxy."
          invalid={Boolean(problems.url) && settings.jsonData.url !== undefined}
          error={settings.jsonData.url !== undefined ? problems.url : undefined}
          required
        >
          <Input
            id="perfscope-url"
            width={60}
            value={j.url ?? ''}
            placeholder="http://prometheus:9090"
            onChange={(e) => {
              const next = withUrl(settings, e.currentTarget.value);
              // The note stays while basic authentication holds what was moved.
              setMovedCredentials((shown) => shown || next.moved);
              onOptionsChange(next.settings);
            }}
          />
        </Field>
        {movedCredentials && auth === 'basic' && (
          <Alert severity="info" title="Credentials moved out of the URL">
            The user and password typed into the URL are now under Basic authentication below: the password is stored
            encrypted, and the URL that every viewer can read carries none.
          </Alert>
        )}
        <Field
          label="Tenant"
          description="Sent as X-Scope-OrgID for multi-tenant backends such as Mimir or Cortex. Leave empty otherwise."
          invalid={Boolean(problems.tenant)}
          error={problems.tenant}
        >
          <Input
            id="perfscope-tenant"
            width={40}
            value={j.tenant ?? ''}
            placeholder="team-a"
            onChange={(e) => setJson({ tenant: e.currentTarget.value })}
          />
        </Field>
        <Stack gap={2}>
          <Field
            label="Timeout (seconds)"
            description="Grafana's proxy applies it upstream (without it, the server's [dataproxy] timeout, 30 s by default); a proxy in front of Grafana may cut requests sooner."
            invalid={Boolean(problems.timeout)}
            error={problems.timeout}
          >
            <Input
              id="perfscope-timeout"
              type="number"
              width={20}
              value={j.timeout ?? ''}
              placeholder={String(DEFAULT_TIMEOUT_SECONDS)}
              onChange={(e) =>
                setJson({
                  timeout: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value),
                  timeoutSeconds: undefined,
                })
              }
            />
          </Field>
          <Field
            label="Scrape interval"
            description="How often Prometheus scrapes the targets."
            invalid={Boolean(problems.scrapeInterval)}
            error={problems.scrapeInterval}
          >
            <Input
              id="perfscope-scrape"
              width={20}
              value={j.scrapeInterval ?? ''}
              placeholder={DEFAULT_SCRAPE_INTERVAL}
              onChange={(e) => setJson({ scrapeInterval: e.currentTarget.value.trim() || undefined })}
            />
          </Field>
        </Stack>
      </FieldSet>

      <FieldSet label="Authentication">
        <Field label="Method" description={AUTH_METHODS.find((m) => m.value === auth)?.description}>
          <RadioButtonGroup<AuthMethod>
            options={AUTH_METHODS}
            value={auth}
            onChange={(m) => onOptionsChange(withAuthMethod(settings, m))}
          />
        </Field>
        {auth === 'bearer' &&
          secret('bearerToken', 'Token', 'Stored encrypted by Grafana; the browser never sees it again.')}
        {auth === 'basic' && (
          <>
            <Field label="User" invalid={Boolean(problems.basicAuthUser)} error={problems.basicAuthUser} required>
              <Input
                id="perfscope-basic-user"
                width={40}
                value={settings.basicAuthUser ?? ''}
                onChange={(e) => onOptionsChange({ ...settings, basicAuthUser: e.currentTarget.value })}
              />
            </Field>
            {secret('basicAuthPassword', 'Password')}
          </>
        )}
      </FieldSet>

      <FieldSet label="Exemplars">
        <Field
          label="Tracing datasource"
          description="Exemplars of latency queries link to their traces in this datasource (Tempo, Jaeger or Zipkin). Without one they show without links."
          invalid={Boolean(problems.tracingDatasourceUid)}
          error={problems.tracingDatasourceUid}
        >
          <DataSourcePicker
            inputId="perfscope-tracing-datasource"
            tracing
            noDefault
            width={40}
            placeholder="Choose a tracing datasource"
            current={j.tracingDatasourceUid || null}
            invalid={Boolean(problems.tracingDatasourceUid)}
            onChange={(ds) => setJson({ tracingDatasourceUid: ds.uid })}
            onClear={() => setJson({ tracingDatasourceUid: undefined })}
          />
        </Field>
        {tracingCount === 0 && !j.tracingDatasourceUid && (
          <Alert severity="info" title="No tracing datasource yet">
            Add Tempo, Jaeger or Zipkin under Connections → Data sources, then choose it here. Until then exemplars show
            without links to their traces.
          </Alert>
        )}
        <Field
          label="Trace id label"
          description="The exemplar label that holds the trace id; OpenTelemetry and the Perfscope kit use trace_id."
          invalid={Boolean(problems.exemplarTraceIdLabel)}
          error={problems.exemplarTraceIdLabel}
        >
          <Input
            id="perfscope-trace-id-label"
            width={30}
            value={j.exemplarTraceIdLabel ?? ''}
            placeholder={DEFAULT_TRACE_ID_LABEL}
            onChange={(e) => setJson({ exemplarTraceIdLabel: e.currentTarget.value.trim() || undefined })}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Custom headers">
        {customHeaders(j).map(({ index, name }) => (
          <Stack key={index} gap={1} alignItems="flex-start">
            <Field
              label="Header"
              invalid={Boolean(problems[`httpHeaderName${index}`])}
              error={problems[`httpHeaderName${index}`]}
            >
              <Input
                id={`perfscope-header-name-${index}`}
                width={30}
                value={name}
                placeholder="X-Api-Key"
                onChange={(e) => setJson({ [`httpHeaderName${index}`]: e.currentTarget.value })}
              />
            </Field>
            {secret(`httpHeaderValue${index}`, 'Value')}
            <IconButton
              name="trash-alt"
              tooltip={`Remove ${name || 'this header'}`}
              onClick={() => onOptionsChange(withoutHeader(settings, index))}
              className={styles.remove}
            />
          </Stack>
        ))}
        <Button
          variant="secondary"
          icon="plus"
          disabled={customHeaders(j).length >= MAX_CUSTOM_HEADERS}
          onClick={() => onOptionsChange(withNewHeader(settings))}
        >
          Add header
        </Button>
      </FieldSet>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  remove: css({
    marginTop: theme.spacing(3.5),
  }),
});
