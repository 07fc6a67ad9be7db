import { type PrometheusReader, instantValues, metricSelector } from '@perfscope/catalog';

export interface HttpReaderOptions {
  /** Per request, milliseconds. */
  timeoutMs?: number;
  /** How far back names and labels are looked for (the labels API reads all time otherwise). */
  lookbackMs?: number;
  /** Sent with every request (Authorization, X-Scope-OrgID). */
  headers?: Record<string, string>;
  /** Called before each request, for progress. */
  onRequest?: (path: string) => void;
}

type ApiBody = { status?: string; data?: unknown; error?: string; errorType?: string };

/**
 * A reader of a Prometheus-compatible HTTP API (Prometheus, Mimir, Thanos, VictoriaMetrics) at
 * `url` (the base before `/api/v1`). Every error says what failed and what to check.
 */
export function httpReader(url: string, options: HttpReaderOptions = {}): PrometheusReader {
  let base: URL;
  try {
    base = new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw new Error(
      `--url ${JSON.stringify(url)} is not a URL: give the server's address, e.g. http://127.0.0.1:9090.`
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`--url must be an http or https address, got ${base.protocol}//.`);
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  const lookbackMs = options.lookbackMs ?? 3_600_000;
  const range = () => {
    const end = Date.now() / 1000;
    return { start: String(end - lookbackMs / 1000), end: String(end) };
  };

  async function get(path: string, params: Array<[string, string]>): Promise<unknown> {
    const target = new URL(`api/v1/${path}`, base);
    for (const [key, value] of params) {
      target.searchParams.append(key, value);
    }
    options.onRequest?.(path);
    let response: Response;
    try {
      response = await fetch(target, { headers: options.headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const error = e as Error;
      const why =
        error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : ((error.cause as Error)?.message ?? error.message);
      throw new Error(`Cannot reach ${base.origin} (${why}): check --url and that the server is running.`);
    }
    const text = await response.text();
    let body: ApiBody | undefined;
    try {
      body = JSON.parse(text) as ApiBody;
    } catch {
      body = undefined;
    }
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `${base.origin} refused the request (HTTP ${response.status}): pass credentials with --header "Authorization: Bearer TOKEN".`
      );
    }
    if (!body || typeof body !== 'object' || !('status' in body)) {
      throw new Error(
        `${target.origin}${target.pathname} answered HTTP ${response.status} with no Prometheus API response: check that --url is the server's base address (the part before /api/v1).`
      );
    }
    if (body.status !== 'success') {
      throw new Error(
        `${target.pathname} failed (HTTP ${response.status}): ${body.error ?? body.errorType ?? 'no reason given'}.`
      );
    }
    return body.data;
  }

  const strings = (data: unknown, what: string): string[] => {
    if (!Array.isArray(data) || !data.every((x) => typeof x === 'string')) {
      throw new Error(`The server's ${what} are not a list of names.`);
    }
    return data;
  };
  const withMatch = (match?: string) => (match ? ([['match[]', match]] as Array<[string, string]>) : []);

  return {
    metricNames: async (match) => {
      const { start, end } = range();
      return strings(
        await get('label/__name__/values', [...withMatch(match), ['start', start], ['end', end]]),
        'metric names'
      );
    },
    labelNames: async (metric, match) => {
      const { start, end } = range();
      return strings(
        await get('labels', [
          ['match[]', metricSelector(metric, match)],
          ['start', start],
          ['end', end],
        ]),
        'label names'
      );
    },
    query: async (expr) => instantValues(await get('query', [['query', expr]]), expr),
  };
}
