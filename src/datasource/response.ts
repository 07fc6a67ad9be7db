import { type DataFrame, FieldType, createDataFrame } from '@grafana/data';

interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Prometheus sample values are strings; "NaN", "+Inf" and "-Inf" must stay what they are. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  return Number(text);
}

/** Readable series name: `metric{a="b"}` or the label set alone. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  if (!__name__) {
    return inner ? `{${inner}}` : 'Value';
  }
  return inner ? `${__name__}{${inner}}` : __name__;
}

/**
 * Frames for a `query_range` body. Throws an Error with Prometheus's own message for an error body,
 * and a clear one for a body that is not a Prometheus response.
 */
export function matrixToFrames(body: unknown, refId: string, unit?: string, displayName?: string): DataFrame[] {
  const b = body as {
    status?: string;
    error?: string;
    errorType?: string;
    data?: { resultType?: string; result?: unknown };
  };
  if (!b || typeof b !== 'object' || typeof b.status !== 'string') {
    throw new Error(
      'The server answered, but not with a Prometheus API response: check the URL points at the Prometheus API root.'
    );
  }
  if (b.status !== 'success') {
    throw new Error(`Prometheus rejected the query (${b.errorType ?? 'error'}): ${b.error ?? 'no message given'}`);
  }
  if (b.data?.resultType !== 'matrix' || !Array.isArray(b.data.result)) {
    throw new Error(`Expected a range (matrix) result from Prometheus, got ${b.data?.resultType ?? 'nothing'}.`);
  }
  const result = b.data.result as MatrixSeries[];
  // A lone series takes the signal's title; several keep their label sets apart.
  const nameOfOnly = result.length === 1 ? displayName : undefined;
  return result.map((series) =>
    createDataFrame({
      refId,
      name: seriesName(series.metric),
      fields: [
        { name: 'Time', type: FieldType.time, values: series.values.map(([t]) => t * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          values: series.values.map(([, v]) => parseSampleValue(v)),
          labels: series.metric,
          config: { unit, displayNameFromDS: nameOfOnly },
        },
      ],
    })
  );
}

/** A message a person can act on for a failed request to the API through Grafana's proxy. */
export function describeFetchError(error: unknown, target: string): string {
  const e = error as { status?: number; statusText?: string; data?: unknown; message?: string };
  const data = e?.data as { error?: string; message?: string } | string | undefined;
  const serverMessage = typeof data === 'object' ? (data?.error ?? data?.message) : undefined;
  switch (e?.status) {
    case 401:
      return `Unauthorized (401) from ${target}: the credentials were missing or wrong. Check the token or password in the datasource settings.`;
    case 403:
      return `Forbidden (403) from ${target}: the credentials are valid but lack access. Check the token's permissions or the tenant.`;
    case 404:
      return `Not found (404) at ${target}: the URL is wrong. It should be the API root (e.g. http://prometheus:9090), without /api/v1.`;
    case 502:
    case 503:
    case 504:
      return `${target} is unreachable or unavailable (${e.status}${serverMessage ? `: ${serverMessage}` : ''}). Check the URL and that the server is up.`;
  }
  if (typeof e?.status === 'number' && e.status >= 400) {
    return `Request to ${target} failed with HTTP ${e.status}${serverMessage ? `: ${serverMessage}` : e.statusText ? ` ${e.statusText}` : ''}.`;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return `Request to ${target} failed: ${e?.message ?? 'no response'}. Check the datasource URL.`;
}
