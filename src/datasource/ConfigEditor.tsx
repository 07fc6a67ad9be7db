import React, { type ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, Input } from '@grafana/ui';
import type { Options } from './types';

/** Why a URL cannot be used, or undefined when it can. */
export function urlProblem(url: string | undefined): string | undefined {
  if (!url) {
    return 'Enter the URL of the Prometheus-compatible API, e.g. http://prometheus:9090.';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: start it with http:// or https://, e.g. http://prometheus:9090.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `Only http:// and https:// URLs can be used, not ${parsed.protocol}//.`;
  }
  if (parsed.username || parsed.password) {
    return 'Do not put credentials in the URL: they would be visible to every viewer.';
  }
  if (/\/api\/v1\/?$/.test(parsed.pathname)) {
    return 'Leave /api/v1 off: enter the API root, e.g. http://prometheus:9090.';
  }
  return undefined;
}

export function ConfigEditor({ options, onOptionsChange }: DataSourcePluginOptionsEditorProps<Options>) {
  const url = options.jsonData.url ?? '';
  const problem = url ? urlProblem(url) : undefined;
  const onUrlChange = (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, url: event.target.value.trim() } });

  return (
    <Field
      label="Prometheus URL"
      description="API root of Prometheus, Mimir, Thanos, Cortex or VictoriaMetrics, reached through Grafana's proxy."
      invalid={Boolean(problem)}
      error={problem}
      required
    >
      <Input id="perfscope-url" width={60} value={url} placeholder="http://prometheus:9090" onChange={onUrlChange} />
    </Field>
  );
}
