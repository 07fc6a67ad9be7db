import { type DataFrame, FieldType, type QueryResultMetaNotice, createDataFrame } from '@grafana/data';
import { type ScannedSeries, bodyText, isRawBytes, isSampleText, parseSampleValue, scanMatrix } from './scan';

export { parseSampleValue };

interface MatrixSeries {
  metric?: unknown;
  values?: unknown;
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
 * The frames with notices added to those they have (on an empty frame of the query when there is
 * none, so they are not lost); the same frames when there are no notices.
 */
export function addNotices(frames: DataFrame[], notices: QueryResultMetaNotice[], refId: string): DataFrame[] {
  if (notices.length === 0) {
    return frames;
  }
  const list = frames.length > 0 ? frames : [createDataFrame({ refId, fields: [] })];
  return list.map((frame) => ({
    ...frame,
    meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), ...notices] },
  }));
}

/** A clear error for a body that says success but does not have the shape Prometheus's API gives. */
function malformed(what: string): Error {
  return new Error(
    `Prometheus answered with a result this datasource cannot read: ${what}. Check that the URL points at a Prometheus-compatible API.`
  );
}

function seriesOf(entry: unknown, i: number): MatrixSeries {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw malformed(`series ${i + 1} is ${entry === null ? 'null' : `not an object (${typeof entry})`}`);
  }
  return entry as MatrixSeries;
}

function labelsOf(metric: unknown, i: number): Record<string, string> {
  if (metric === undefined) {
    return {};
  }
  if (!metric || typeof metric !== 'object' || Array.isArray(metric)) {
    throw malformed(`series ${i + 1} has labels ("metric") that are not an object`);
  }
  return metric as Record<string, string>;
}

/**
 * One `[seconds, "value"]` sample. Prometheus always sends the value as a string ("NaN" and "+Inf"
 * included); a missing, null or empty value is a broken body, never a 0.
 */
function sampleOf(sample: unknown, i: number, j: number): [number, number] {
  const where = `sample ${j + 1} of series ${i + 1}`;
  if (!Array.isArray(sample) || sample.length < 2) {
    throw malformed(`${where} has no value`);
  }
  const [t, v] = sample as [unknown, unknown];
  if (typeof t !== 'number') {
    throw malformed(`${where} has no timestamp`);
  }
  if (typeof v !== 'string' || !isSampleText(v)) {
    throw malformed(`${where} has the value ${JSON.stringify(v)}, not a number`);
  }
  return [t, parseSampleValue(v)];
}

/** The series of parsed matrix rows, every sample checked (a blank or odd value is an error, never a 0). */
function parsedSeries(rows: unknown[]): ScannedSeries[] {
  return rows.map((s, i) => {
    const series = seriesOf(s, i);
    // A series may carry native histograms instead of float samples: it shows without points.
    const samples = series.values ?? [];
    if (!Array.isArray(samples)) {
      throw malformed(`series ${i + 1} has "values" that is not a list of samples`);
    }
    const times = new Array<number>(samples.length);
    const values = new Array<number>(samples.length);
    samples.forEach((sample, j) => {
      const [t, v] = sampleOf(sample, i, j);
      times[j] = t * 1000;
      values[j] = v;
    });
    return { labels: labelsOf(series.metric, i), times, values };
  });
}

/** The first MAX_SERIES rows, and a notice in `list` when there were more. */
function capped<T>(rows: T[], list: QueryResultMetaNotice[]): T[] {
  if (rows.length <= MAX_SERIES) {
    return rows;
  }
  list.push(capNotice(rows.length));
  return rows.slice(0, MAX_SERIES);
}

/** A range (matrix) result: at most MAX_SERIES series, and the notices for the panel. */
export interface RangeResult {
  series: ScannedSeries[];
  notices: QueryResultMetaNotice[];
}

/** A successful result of another type than matrix, as parsed. */
interface OtherResult {
  type?: string;
  result?: unknown;
  notices: QueryResultMetaNotice[];
}

/**
 * The one reader of response bodies. Raw bytes (an ArrayBuffer) or text go through the matrix
 * scanner; what it leaves is decoded and JSON.parse'd, and an already parsed body is taken as it is;
 * a parsed matrix gets the same strict sample checks as the scanner's. Throws an Error with
 * Prometheus's own message for an error body, and a clear one for a body that is not a Prometheus
 * response.
 */
function readBody(body: unknown): { range: RangeResult } | { other: OtherResult } {
  let parsed = body;
  if (typeof body === 'string' || isRawBytes(body)) {
    const scanned = scanMatrix(body);
    if (scanned) {
      const list = notices(scanned);
      return { range: { series: capped(scanned.series, list), notices: list } };
    }
    const text = bodyText(body);
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text; // not JSON (an HTML page, a cut-off body): explained below
    }
  }
  const b = parsed as Body;
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
  const list = notices(b);
  if (type === 'matrix' && Array.isArray(result)) {
    return { range: { series: parsedSeries(capped(result, list)), notices: list } };
  }
  return {
    other: { type, result: type === 'vector' && Array.isArray(result) ? capped(result, list) : result, notices: list },
  };
}

function unreadable(type: string | undefined): Error {
  return new Error(`Prometheus answered with a result this datasource cannot read (type ${type ?? 'missing'}).`);
}

/**
 * The series of a range-query body as received (bytes, text or parsed), for live queries: the same
 * reader, checks and errors as `framesFromBody`; any other result type is an error.
 */
export function readRange(body: unknown): RangeResult {
  const read = readBody(body);
  if ('other' in read) {
    throw unreadable(read.other.type);
  }
  return read.range;
}

/**
 * Frames for a Prometheus API body of any result type (matrix, vector, scalar, string), as the
 * datasource receives it: raw bytes, text, or already parsed (see readBody). Warnings and infos
 * become notices on the frames (on an empty frame when the result is empty, so they are not lost).
 */
export function framesFromBody(body: unknown, options: FrameOptions): DataFrame[] {
  const { refId, unit, displayName } = options;
  const read = readBody(body);
  if ('range' in read) {
    return withNotices(matrixFrames(read.range.series, options), read.range.notices, refId);
  }
  const { type, result } = read.other;
  let frames: DataFrame[];
  if (type === 'vector' && Array.isArray(result)) {
    const samples = result.map((s, i) => {
      const series = seriesOf(s, i) as { metric?: unknown; value?: unknown };
      const [t, v] = sampleOf(series.value, i, 0);
      return { metric: labelsOf(series.metric, i), t, v };
    });
    const nameOfOnly = samples.length === 1 ? displayName : undefined;
    frames = samples.map((s) =>
      createDataFrame({
        refId,
        name: seriesName(s.metric),
        fields: [
          { name: 'Time', type: FieldType.time, values: [s.t * 1000] },
          valueField([s.v], s.metric, unit, nameOfOnly),
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
            ? valueField([sampleOf(result, 0, 0)[1]], undefined, unit, displayName)
            : { name: 'Text', type: FieldType.string, values: [v] },
        ],
      }),
    ];
  } else {
    throw unreadable(type);
  }
  return withNotices(frames, read.other.notices, refId);
}
