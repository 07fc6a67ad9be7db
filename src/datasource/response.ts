import { type DataFrame, FieldType, type QueryResultMetaNotice, createDataFrame } from '@grafana/data';
import { type ScannedSeries, bodyText, isRawBytes, parseSampleValue, scanMatrix } from './scan';

export { parseSampleValue };

interface MatrixSeries {
  metric?: Record<string, string>;
  values?: Array<[number, string]>;
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

/** Most series one query returns to a panel; more would freeze the browser without telling anything more. */
export const MAX_SERIES = 1000;

export interface FrameOptions {
  refId: string;
  /** Grafana unit of the values (from the catalog signal). */
  unit?: string;
  /** Display name for a lone series (the signal's title). */
  displayName?: string;
}

type Body = {
  status?: string;
  error?: string;
  errorType?: string;
  warnings?: unknown;
  infos?: unknown;
  data?: { resultType?: string; result?: unknown };
};

/** Prometheus's warnings and infos as frame notices, so the panel shows them. */
function notices(body: Pick<Body, 'warnings' | 'infos'>): QueryResultMetaNotice[] {
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((t): t is string => typeof t === 'string') : []);
  return [
    ...list(body.warnings).map((text) => ({ severity: 'warning' as const, text })),
    ...list(body.infos).map((text) => ({ severity: 'info' as const, text })),
  ];
}

function valueField(
  values: number[],
  labels: Record<string, string> | undefined,
  unit: string | undefined,
  displayName: string | undefined
) {
  return { name: 'Value', type: FieldType.number, values, labels, config: { unit, displayNameFromDS: displayName } };
}

/** The notice for a result cut at MAX_SERIES. */
function capNotice(total: number): QueryResultMetaNotice {
  return {
    severity: 'warning',
    text: `Showing the first ${MAX_SERIES.toLocaleString('en')} of ${total.toLocaleString('en')} series: add label filters or aggregate (for example sum by (route)) to see them all.`,
  };
}

/** One time/value frame per series; a lone series gets the display name. */
function matrixFrames(series: ScannedSeries[], { refId, unit, displayName }: FrameOptions): DataFrame[] {
  const nameOfOnly = series.length === 1 ? displayName : undefined;
  return series.map((s) =>
    createDataFrame({
      refId,
      name: seriesName(s.labels),
      fields: [
        { name: 'Time', type: FieldType.time, values: s.times },
        valueField(s.values, s.labels, unit, nameOfOnly),
      ],
    })
  );
}

/** Notices on every frame (on an empty frame when there is none, so they are not lost). */
function withNotices(frames: DataFrame[], notices: QueryResultMetaNotice[], refId: string): DataFrame[] {
  if (notices.length === 0) {
    return frames;
  }
  const meta = { notices };
  const list = frames.length > 0 ? frames : [createDataFrame({ refId, fields: [] })];
  list.forEach((f) => (f.meta = { ...f.meta, ...meta }));
  return list;
}

/**
 * Frames for a Prometheus API body of any result type (matrix, vector, scalar, string). Throws an
 * Error with Prometheus's own message for an error body, and a clear one for a body that is not a
 * Prometheus response. Warnings and infos become notices on the frames (on an empty frame when the
 * result is empty, so they are not lost).
 */
export function toFrames(body: unknown, options: FrameOptions): DataFrame[] {
  const { refId, unit, displayName } = options;
  const b = body as Body;
  if (!b || typeof b !== 'object' || typeof b.status !== 'string') {
    throw new Error(
      'The server answered, but not with a Prometheus API response: check the URL points at the Prometheus API root.'
    );
  }
  if (b.status !== 'success') {
    throw new Error(`Prometheus rejected the query (${b.errorType ?? 'error'}): ${b.error ?? 'no message given'}`);
  }
  const type = b.data?.resultType;
  const result = b.data?.result;
  const meta = { notices: notices(b) };
  let frames: DataFrame[];
  const capped = Array.isArray(result) && type !== 'scalar' && type !== 'string' && result.length > MAX_SERIES;
  if (capped) {
    meta.notices.push(capNotice(result.length));
  }
  const rows = capped ? (result as unknown[]).slice(0, MAX_SERIES) : result;
  if (type === 'matrix' && Array.isArray(rows)) {
    frames = matrixFrames(
      (rows as MatrixSeries[]).map((s) => {
        // A series may carry native histograms instead of float samples: it shows without points.
        const samples = s.values ?? [];
        return {
          labels: s.metric ?? {},
          times: samples.map(([t]) => t * 1000),
          values: samples.map(([, v]) => parseSampleValue(v)),
        };
      }),
      options
    );
  } else if (type === 'vector' && Array.isArray(rows)) {
    const samples = rows as Array<{ metric: Record<string, string>; value: [number, string] }>;
    const nameOfOnly = samples.length === 1 ? displayName : undefined;
    frames = samples.map((s) =>
      createDataFrame({
        refId,
        name: seriesName(s.metric),
        fields: [
          { name: 'Time', type: FieldType.time, values: [s.value[0] * 1000] },
          valueField([parseSampleValue(s.value[1])], s.metric, unit, nameOfOnly),
        ],
      })
    );
  } else if ((type === 'scalar' || type === 'string') && Array.isArray(result) && result.length === 2) {
    const [t, v] = result as [number, string];
    frames = [
      createDataFrame({
        refId,
        name: displayName ?? (type === 'scalar' ? 'Value' : 'Text'),
        fields: [
          { name: 'Time', type: FieldType.time, values: [t * 1000] },
          type === 'scalar'
            ? valueField([parseSampleValue(v)], undefined, unit, displayName)
            : { name: 'Text', type: FieldType.string, values: [v] },
        ],
      }),
    ];
  } else {
    throw new Error(`Prometheus answered with a result this datasource cannot read (type ${type ?? 'missing'}).`);
  }
  return withNotices(frames, meta.notices, refId);
}

/**
 * Frames for a response body as the datasource receives it: raw bytes (an ArrayBuffer, read by the
 * matrix scanner, or decoded and JSON.parse'd for everything the scanner leaves), text (the same),
 * or an already parsed body. Same frames, notices and errors as `toFrames` of the parsed body.
 */
export function framesFromBody(body: unknown, options: FrameOptions): DataFrame[] {
  if (typeof body !== 'string' && !isRawBytes(body)) {
    return toFrames(body, options);
  }
  const scanned = scanMatrix(body);
  if (!scanned) {
    const text = bodyText(body);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an HTML page, a cut-off body): toFrames explains.
    }
    return toFrames(parsed, options);
  }
  const list = notices(scanned);
  const total = scanned.series.length;
  if (total > MAX_SERIES) {
    list.push(capNotice(total));
  }
  const frames = matrixFrames(total > MAX_SERIES ? scanned.series.slice(0, MAX_SERIES) : scanned.series, options);
  return withNotices(frames, list, options.refId);
}

/**
 * The body of a failed request, parsed when it is JSON: a request made with `responseType:
 * 'arraybuffer'` gets its error body as bytes, one made with 'text' as text, which Grafana's backend
 * service wraps as `{ message, error, response }`.
 */
export function fetchErrorBody(error: unknown): unknown {
  let data = (error as { data?: unknown } | undefined)?.data;
  if (isRawBytes(data)) {
    data = bodyText(data); // a request made with responseType 'arraybuffer'
  }
  const response = (data as { response?: unknown } | undefined)?.response;
  const text = typeof data === 'string' ? data : typeof response === 'string' ? response : undefined;
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') {
        return parsed;
      }
    } catch {
      // not JSON: keep the body as it came
    }
  }
  return data;
}

/** A message a person can act on for a failed request to the API through Grafana's proxy. */
export function describeFetchError(error: unknown, target: string): string {
  const e = error as {
    status?: number;
    statusText?: string;
    message?: string;
    timedOutAfterSeconds?: number;
  };
  if (e?.timedOutAfterSeconds) {
    return `No answer from ${target} within ${e.timedOutAfterSeconds} s: the server may be overloaded or the query too heavy. Narrow the query or raise the timeout in the datasource settings.`;
  }
  const data = fetchErrorBody(error) as { error?: string; message?: string } | string | undefined;
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
