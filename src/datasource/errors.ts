import { bodyText, isRawBytes } from './scan';

/**
 * A failed request, in words a person can act on. `permanent` errors (a query Prometheus rejects,
 * refused credentials, a wrong URL) come back the same however often they are retried, so a live
 * stream shows them and stops; the others (unreachable, overloaded, timed out) are worth retrying.
 */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** `https://user:secret@host` → `https://host`, wherever a URL with credentials appears in a text. */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']+@/gi, '$1');
}

/** A URL as messages may show it: never with credentials; a placeholder when there is none. */
export function displayUrl(url: unknown): string {
  return typeof url === 'string' && url.trim() ? redactCredentials(url.trim()) : 'the configured URL';
}

/**
 * The body of a failed request, parsed when it is JSON: a request made with `responseType:
 * 'arraybuffer'` gets its error body as bytes, one made with 'text' as text, which Grafana's backend
 * service wraps as `{ message, error, response }` (public/app/core/services/backend_srv.ts,
 * parseResponseBody).
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

/**
 * Grafana's data-source proxy turns an upstream 401 into 400 with this text as the body, so that a
 * refused data source does not log the Grafana user out (pkg/api/pluginproxy/ds_proxy.go,
 * HandleRequest's modifyResponse).
 */
export const PROXY_AUTH_FAILED = 'Authentication to data source failed';

interface PromErrorBody {
  status: 'error';
  errorType?: string;
  error?: string;
}

const isPromError = (body: unknown): body is PromErrorBody =>
  typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'error';

/** Error types of Prometheus's API (web/api/v1/api.go) a retry cannot fix. */
const PERMANENT_PROM_ERRORS = new Set(['bad_data', 'execution', 'not_found', 'not_acceptable']);

function textOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    // A short plain-text body (Grafana's own messages); an HTML error page says nothing useful.
    const text = body.trim();
    return text && text.length <= 300 && !text.startsWith('<') ? text : undefined;
  }
  if (body && typeof body === 'object') {
    // A text body as Grafana wraps it ({ message, error: statusText, response }): the body itself first.
    const { response, error, message } = body as { response?: unknown; error?: unknown; message?: unknown };
    for (const candidate of [response, error, message]) {
      const text = typeof candidate === 'string' ? textOf(candidate) : undefined;
      if (text) {
        return text;
      }
    }
  }
  return undefined;
}

/**
 * One wording for every failed request to the API, for one-off queries, streams, variable and label
 * lookups and the connection test alike. `timeoutSeconds` is the datasource's own timeout, quoted
 * when Grafana's proxy gave up first.
 */
export function requestError(error: unknown, target: string, timeoutSeconds?: number): RequestError {
  const e = (error ?? {}) as { status?: number; statusText?: string; message?: string; timedOutAfterSeconds?: number };
  const done = (message: string, permanent: boolean) => new RequestError(redactCredentials(message), permanent);
  const cap = 'a proxy in front of Grafana may cut requests sooner.';
  if (e.timedOutAfterSeconds) {
    return done(
      `No answer from ${target} within ${e.timedOutAfterSeconds} s: the server may be overloaded or the query too heavy. Narrow the query or raise the timeout in the datasource settings (${cap})`,
      false
    );
  }
  const body = fetchErrorBody(error);
  if (isPromError(body)) {
    const type = body.errorType ?? 'error';
    const message = body.error ?? 'no message given';
    if (type === 'timeout') {
      return done(
        `Prometheus stopped the query at its own time limit (timeout): ${message}. Narrow the query (a shorter range or fewer series), or raise Prometheus's --query.timeout.`,
        false
      );
    }
    // VictoriaMetrics writes the HTTP status as its error type (errorType "422"): a client error
    // other than 408 or 429 stays the same on every retry.
    const status = /^\d{3}$/.test(type) ? Number(type) : undefined;
    if (status !== undefined) {
      return done(
        `The server rejected the query (HTTP ${status}): ${message}`,
        status >= 400 && status < 500 && status !== 408 && status !== 429
      );
    }
    return done(`Prometheus rejected the query (${type}): ${message}`, PERMANENT_PROM_ERRORS.has(type));
  }
  const serverMessage = textOf(body);
  const status = e.status;
  if (status === 400 && serverMessage === PROXY_AUTH_FAILED) {
    return done(
      `${target} refused the credentials (Grafana reports the server's 401 as "${PROXY_AUTH_FAILED}"). Check the token, password or custom headers in the datasource settings.`,
      true
    );
  }
  switch (status) {
    case 401:
      return done(
        `Unauthorized (401) from ${target}: the credentials were missing or wrong. Check the token or password in the datasource settings.`,
        true
      );
    case 403:
      return done(
        serverMessage && /proxy route access denied|permission/i.test(serverMessage)
          ? `Grafana refused the request (403: ${serverMessage}): this datasource only forwards Prometheus's read API.`
          : `Forbidden (403) from ${target}: the credentials are valid but lack access. Check the token's permissions or the tenant.`,
        true
      );
    case 404:
      return done(
        `Not found (404) at ${target}: the URL is wrong. It should be the API root (e.g. http://prometheus:9090), without /api/v1.`,
        true
      );
    case 504:
      return done(
        `${target} did not answer before Grafana's data-source proxy gave up (504 Gateway Timeout). Narrow the query${timeoutSeconds ? `; the datasource allows ${timeoutSeconds} s, and ${cap}` : `, or raise the timeout in the datasource settings (${cap})`}`,
        false
      );
    case 502:
    case 503:
      return done(
        `${target} is unreachable or unavailable (${status}${serverMessage ? `: ${serverMessage}` : ''}). Check the URL and that the server is up.`,
        false
      );
  }
  if (typeof status === 'number' && status >= 400) {
    const detail = serverMessage ? `: ${serverMessage}` : e.statusText ? ` ${e.statusText}` : '';
    // 408 and 429 ask to come back later; other client errors stay the same on every retry.
    return done(
      `Request to ${target} failed with HTTP ${status}${detail}.`,
      status < 500 && status !== 408 && status !== 429
    );
  }
  if (error instanceof RequestError) {
    return error;
  }
  if (error instanceof Error) {
    return done(error.message, false);
  }
  return done(`Request to ${target} failed: ${e.message ?? 'no response'}. Check the datasource URL.`, false);
}

/** A request that succeeded, from a server that does not answer like Prometheus's API (a wrong URL, a login page). */
export function notPrometheusError(target: string): RequestError {
  return new RequestError(
    `${target} answered, but not like a Prometheus API: check the URL points at the API root.`,
    true
  );
}
