/**
 * Test-only stand-in for Grafana's data-source proxy (`/api/datasources/proxy/uid/<uid>/…`), doing
 * what pkg/api/pluginproxy/ds_proxy.go does with a plugin's plugin.json `routes`:
 * - validateRequest: routes are tried in order; a route fits when its method is empty, "*" or the
 *   request's, and its cleaned path is a prefix of the cleaned request path; the first fit wins, and
 *   a route whose reqRole the user lacks answers 403 "plugin proxy route access denied" (no later
 *   route is tried);
 * - no route fits: the request goes to the datasource's own URL, which a Perfscope datasource does
 *   not have, so nothing is reached: 502 with an empty body (proxyutil's errorHandler);
 * - ds_auth_provider.go ApplyRoute: the route URL and header contents are Go templates over
 *   `.JsonData` / `.SecureJsonData`, where a missing key prints "<no value>"; the request path minus
 *   the route path (a plain prefix trim) is joined to the route URL as util.JoinURLFragments does;
 * - the director adds the datasource's basic auth before the route's headers; the datasource's custom
 *   headers (httpHeaderNameN) come from the HTTP client's middleware, last, so they win;
 * - the browser's Cookie, Authorization, Origin and Referer headers are dropped, X-Forwarded-For is
 *   set (proxyutil.PrepareProxyRequest, ClearCookieHeader);
 * - modifyResponse: an upstream 401 becomes 400 with the text "Authentication to data source
 *   failed" and no upstream headers; Set-Cookie, Server, Alt-Svc and Strict-Transport-Security are
 *   removed from every response (proxyutil's deletedHeaders);
 * - the upstream request times out after jsonData.timeout seconds (a number or numeric string), else
 *   Grafana's [dataproxy] timeout of 30 s (pkg/services/datasources/service/datasource.go,
 *   getTimeout), while waiting for the response headers: 504 with an empty body.
 * Listens on 127.0.0.1 only.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

export interface Route {
  path: string;
  method?: string;
  url?: string;
  /** Grafana's org role names: Viewer, Editor, Admin. */
  reqRole?: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface ProxiedDatasource {
  uid: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  basicAuth?: boolean;
  basicAuthUser?: string;
  /** The datasource's own URL (`url` of the datasource, not jsonData): a Perfscope datasource has none. */
  url?: string;
}

export interface RouteProxyOptions {
  /** The org role of the signed-in user (default Admin). */
  role?: 'Viewer' | 'Editor' | 'Admin';
  /** Grafana's [dataproxy] timeout, seconds (default 30). */
  dataProxyTimeoutSeconds?: number;
}

export interface RouteProxy {
  /** Base of Grafana's API, e.g. http://127.0.0.1:PORT; the datasource URL is `${url}/api/datasources/proxy/uid/${uid}`. */
  url: string;
  /** Every request that reached the proxy from the "browser": method, path with query, headers. */
  received: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  /** Every request the proxy sent upstream: method and full URL. */
  forwarded: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port; returns the base URL and a close that drops open connections. */
async function onLoopback(server: http.Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Go's text/template over {JsonData, SecureJsonData}: a missing key prints "<no value>" (text/template printableValue). */
export function template(text: string, ds: Pick<ProxiedDatasource, 'jsonData' | 'secureJsonData'>): string {
  const value = (v: unknown) => (v === undefined || v === null ? '<no value>' : String(v));
  return text
    .replace(/\{\{\s*\.SecureJsonData\.(\w+)\s*\}\}/g, (_m, key: string) => value(ds.secureJsonData[key]))
    .replace(/\{\{\s*\.JsonData\.(\w+)\s*\}\}/g, (_m, key: string) => value(ds.jsonData[key]));
}

/** plugins.CleanRelativePath: path.Clean of the path made absolute, then relative again ("" for the root). */
export function cleanRelativePath(p: string): string {
  const cleaned = path.posix.normalize(`/${p}`).replace(/^\/+/, '').replace(/\/+$/, '');
  return cleaned === '.' ? '' : cleaned;
}

/** The route Grafana's proxy picks for a request (ds_proxy.go validateRequest), or undefined. */
export function matchRoute<R extends Route>(routes: readonly R[], proxyPath: string, method = 'GET'): R | undefined {
  const requested = cleanRelativePath(proxyPath);
  return routes.find(
    (r) => (!r.method || r.method === '*' || r.method === method) && requested.startsWith(cleanRelativePath(r.path))
  );
}

/** util.JoinURLFragments. */
export function joinUrlFragments(a: string, b: string): string {
  if (b === '') {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  if (!aSlash && !bSlash) {
    return `${a}/${b}`;
  }
  return a + b;
}

const ROLE_RANK: Record<string, number> = { None: 0, Viewer: 1, Editor: 2, Admin: 3 };

/** Request headers Grafana's proxy does not pass on (cookies, the browser's own auth, origin). */
const DROPPED_REQUEST = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'authorization',
  'origin',
  'referer',
  'content-length',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
];
/** proxyutil's deletedHeaders, removed from every upstream response. */
const DROPPED_RESPONSE = ['alt-svc', 'close', 'server', 'set-cookie', 'strict-transport-security'];
const AUTH_FAILED = 'Authentication to data source failed';

/** getTimeout: jsonData.timeout in seconds (a number, or a string of digits), else the [dataproxy] timeout. */
function timeoutSeconds(jsonData: Record<string, unknown>, fallback: number): number {
  const raw = jsonData.timeout;
  const seconds = typeof raw === 'number' ? Math.trunc(raw) : typeof raw === 'string' ? Number.parseInt(raw, 10) : 0;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : fallback;
}

export async function startRouteProxy(
  routes: readonly Route[],
  ds: ProxiedDatasource,
  options: RouteProxyOptions = {}
): Promise<RouteProxy> {
  const received: RouteProxy['received'] = [];
  const forwarded: RouteProxy['forwarded'] = [];
  const prefix = `/api/datasources/proxy/uid/${ds.uid}`;
  const role = options.role ?? 'Admin';
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? 'GET', path: req.url ?? '', headers: { ...req.headers } });
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://proxy');
    const empty = (status: number) => {
      res.writeHead(status);
      res.end();
    };
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: 'Unable to find datasource' }));
    }
    const proxyPath = url.pathname.slice(prefix.length).replace(/^\//, '');
    const route = matchRoute(routes, proxyPath, method);
    if (route?.reqRole && (ROLE_RANK[role] ?? 0) < (ROLE_RANK[route.reqRole] ?? 0)) {
      res.writeHead(403, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: 'plugin proxy route access denied' }));
    }
    let target: URL;
    try {
      if (route?.url) {
        const routeUrl = new URL(template(route.url, ds));
        routeUrl.pathname = joinUrlFragments(
          routeUrl.pathname,
          proxyPath.startsWith(route.path) ? proxyPath.slice(route.path.length) : proxyPath
        );
        target = routeUrl;
      } else {
        // No route: the datasource's own URL, which has no host here ("http://" → no Host in request URL).
        target = new URL(joinUrlFragments(ds.url ?? '', proxyPath));
      }
    } catch {
      return empty(502);
    }
    target.search = url.search;

    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!DROPPED_REQUEST.includes(k.toLowerCase()) && v !== undefined) {
        headers[k] = v;
      }
    }
    headers['x-forwarded-for'] = '127.0.0.1';
    if (ds.basicAuth) {
      headers.authorization = `Basic ${Buffer.from(`${ds.basicAuthUser ?? ''}:${ds.secureJsonData.basicAuthPassword ?? ''}`).toString('base64')}`;
    }
    for (const h of route?.headers ?? []) {
      headers[h.name.toLowerCase()] = template(h.content, ds);
    }
    for (let i = 1; i <= 20; i++) {
      const name = ds.jsonData[`httpHeaderName${i}`];
      if (typeof name === 'string' && name) {
        headers[name.toLowerCase()] = ds.secureJsonData[`httpHeaderValue${i}`] ?? '';
      }
    }
    forwarded.push({ method, url: target.toString() });
    const seconds = timeoutSeconds(ds.jsonData, options.dataProxyTimeoutSeconds ?? 30);
    const upstream = http.request(target, { method, headers }, (up) => {
      clearTimeout(timer);
      if (up.statusCode === 401) {
        up.resume();
        res.writeHead(400, { 'content-length': Buffer.byteLength(AUTH_FAILED) });
        res.end(AUTH_FAILED);
        return;
      }
      const kept = Object.fromEntries(
        Object.entries(up.headers).filter(([name]) => !DROPPED_RESPONSE.includes(name.toLowerCase()))
      );
      res.writeHead(up.statusCode ?? 502, kept);
      up.pipe(res);
    });
    // The transport's ResponseHeaderTimeout: no headers within the timeout → 504.
    const timer = setTimeout(() => {
      upstream.destroy();
      if (!res.headersSent) {
        empty(504);
      }
    }, seconds * 1000);
    upstream.on('error', () => {
      clearTimeout(timer);
      if (!res.headersSent) {
        empty(502);
      }
    });
    req.pipe(upstream);
  });
  return { ...(await onLoopback(server)), received, forwarded };
}

export interface GuardRules {
  /** Exact Authorization header required (401 otherwise). */
  authorization?: string;
  /** Exact X-Scope-OrgID required (403 otherwise). */
  tenant?: string;
  /** Other headers required with exact values (401 otherwise). */
  headers?: Record<string, string>;
}

/**
 * A tiny upstream on 127.0.0.1 that checks credentials before forwarding to Prometheus, as an
 * authenticating gateway in front of Mimir or Cortex would. Records what it saw.
 */
export async function startAuthGuard(prometheusUrl: string, rules: GuardRules) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ ...req.headers });
    const deny = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    if (rules.authorization !== undefined && req.headers.authorization !== rules.authorization) {
      return deny(401, 'unauthorized');
    }
    for (const [name, value] of Object.entries(rules.headers ?? {})) {
      if (req.headers[name.toLowerCase()] !== value) {
        return deny(401, `missing or wrong ${name}`);
      }
    }
    if (rules.tenant !== undefined && req.headers['x-scope-orgid'] !== rules.tenant) {
      return deny(403, 'tenant not allowed');
    }
    const target = new URL(req.url ?? '/', prometheusUrl);
    const upstream = http.request(target, { method: req.method }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => deny(502, e.message));
    req.pipe(upstream);
  });
  return { ...(await onLoopback(server)), seen };
}
