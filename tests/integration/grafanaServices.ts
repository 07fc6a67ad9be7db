/**
 * Stand-ins for the Grafana services the datasource calls in the browser, for suites that run it
 * under jsdom against real servers behind the route-proxy stand-in (tests/rig/routeProxy.ts).
 */
import { from } from 'rxjs';
import type { BackendSrvRequest } from '@grafana/runtime';
import * as http from 'http';

/** What the "browser" sent and how it was answered, for suites that check it. */
export interface BrowserLog {
  /** `METHOD url headers` of every request, to prove no secret ever leaves Grafana's server side. */
  requests: string[];
  /** Responses handed over as bytes (the datasource's range and instant queries ask for them). */
  arrayBufferResponses: number;
}

export const browserLog = (): BrowserLog => ({ requests: [], arrayBufferResponses: 0 });

/** The base URL of the stand-in serving a request: the one given, or the one of its datasource uid. */
function grafanaFor(grafana: string | Readonly<Record<string, string>>, path: string): string {
  if (typeof grafana === 'string') {
    return grafana;
  }
  const uid = /^\/api\/datasources\/proxy\/uid\/([^/]+)/.exec(path)?.[1];
  const url = uid === undefined ? undefined : grafana[uid];
  if (url === undefined) {
    throw new Error(`No stand-in Grafana serves ${path}.`);
  }
  return url;
}

/**
 * BackendSrv for the tests, as public/app/core/services/backend_srv.ts `BackendSrv.fetch` behaves:
 * plain HTTP to the stand-in Grafana, the body parsed as `parseResponseBody` does (bytes or text when
 * asked, else JSON when it parses), and errors shaped as `processRequestError` shapes a FetchError.
 * `grafana` is the stand-in's base URL, or one per datasource uid (Grafana serves every datasource's
 * proxy under /api/datasources/proxy/uid/<uid>), so that several datasources can be used at once.
 */
export function backendSrvFor(grafana: string | Readonly<Record<string, string>>, log: BrowserLog = browserLog()) {
  const request = async (options: BackendSrvRequest) => {
    const url = new URL(options.url, grafanaFor(grafana, options.url));
    for (const [k, v] of Object.entries(options.params ?? {})) {
      url.searchParams.set(k, String(v));
    }
    log.requests.push(`${options.method ?? 'GET'} ${url} ${JSON.stringify(options.headers ?? {})}`);
    const { status, statusText, text } = await new Promise<{ status: number; statusText: string; text: string }>(
      (resolve, reject) => {
        const req = http.request(url, { method: options.method ?? 'GET', timeout: 10_000 }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: body })
          );
        });
        req.on('error', reject);
        req.end();
      }
    );
    // parseResponseBody: the body as bytes or text when asked, else parsed JSON.
    let data: unknown = text;
    if (options.responseType === 'arraybuffer') {
      const bytes = new TextEncoder().encode(text);
      data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      log.arrayBufferResponses++;
    } else if (options.responseType !== 'text') {
      try {
        data = JSON.parse(text);
      } catch {
        // not JSON: keep the text, as Grafana does
      }
    }
    if (status >= 400) {
      // processRequestError wraps a text body.
      throw {
        status,
        statusText,
        data: typeof data === 'string' ? { message: data, error: statusText, response: data } : data,
      };
    }
    return {
      data,
      status,
      statusText,
      ok: true,
      headers: new Headers(),
      redirected: false,
      type: 'basic',
      url: String(url),
      config: options,
    };
  };
  return { fetch: (options: BackendSrvRequest) => from(request(options)) };
}

/**
 * TemplateSrv for the tests: `replace` fills in the variables passed as scopedVars (the built-in
 * ones the datasource passes), as public/app/features/templating/template_srv.ts `TemplateSrv.replace`
 * does for them; other variables stay as written.
 */
export const templateSrv = {
  replace: (text: string, scoped: Record<string, { value: unknown }> = {}) =>
    text.replace(/\$(\w+)|\$\{(\w+)\}/g, (match, a?: string, b?: string) =>
      scoped[(a ?? b)!] ? String(scoped[(a ?? b)!].value) : match
    ),
};
