/**
 * Test-only stand-in for Grafana's data-source proxy (`/api/datasources/proxy/uid/<uid>/…`), applying
 * a plugin's plugin.json `routes` as Grafana does: routes are tried in order and the first whose
 * path is a prefix of the request path (and whose method fits) is used; the route URL and header
 * contents are templated with `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}`; the datasource's own
 * basic auth and custom headers (httpHeaderNameN / httpHeaderValueN) are added to every request;
 * cookies and the browser's Authorization header are not forwarded. Listens on 127.0.0.1 only.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Route {
  path: string;
  method?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
}

export interface ProxiedDatasource {
  uid: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  basicAuth?: boolean;
  basicAuthUser?: string;
}

export interface RouteProxy {
  /** Base of Grafana's API, e.g. http://127.0.0.1:PORT; the datasource URL is `${url}/api/datasources/proxy/uid/${uid}`. */
  url: string;
  /** Every request that reached the proxy from the "browser": method, path with query, headers. */
  received: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
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

/** Grafana-style template: unknown keys become empty strings. */
export function template(text: string, ds: ProxiedDatasource): string {
  return text
    .replace(/\{\{\s*\.SecureJsonData\.(\w+)\s*\}\}/g, (_m, key: string) => ds.secureJsonData[key] ?? '')
    .replace(/\{\{\s*\.JsonData\.(\w+)\s*\}\}/g, (_m, key: string) => String(ds.jsonData[key] ?? ''));
}

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'authorization',
  'content-length',
];

export async function startRouteProxy(routes: readonly Route[], ds: ProxiedDatasource): Promise<RouteProxy> {
  const received: RouteProxy['received'] = [];
  const prefix = `/api/datasources/proxy/uid/${ds.uid}/`;
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? 'GET', path: req.url ?? '', headers: { ...req.headers } });
    const url = new URL(req.url ?? '/', 'http://proxy');
    const reply = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message }));
    };
    if (!url.pathname.startsWith(prefix)) {
      return reply(404, 'Data source not found');
    }
    const proxyPath = url.pathname.slice(prefix.length);
    const route = routes.find(
      (r) => (!r.method || r.method === '*' || r.method === req.method) && proxyPath.startsWith(r.path)
    );
    if (!route || !route.url) {
      return reply(502, 'Bad Gateway: no route matches');
    }
    let target: URL;
    try {
      target = new URL(template(route.url, ds));
    } catch {
      return reply(502, 'Bad Gateway: the route URL is not a URL');
    }
    const rest = proxyPath.slice(route.path.length).replace(/^\/+/, '');
    target.pathname = `${target.pathname.replace(/\/+$/, '')}/${rest}`;
    target.search = url.search;

    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.includes(k.toLowerCase()) && v !== undefined) {
        headers[k] = v;
      }
    }
    if (ds.basicAuth) {
      headers.authorization = `Basic ${Buffer.from(`${ds.basicAuthUser ?? ''}:${ds.secureJsonData.basicAuthPassword ?? ''}`).toString('base64')}`;
    }
    for (let i = 1; i <= 20; i++) {
      const name = ds.jsonData[`httpHeaderName${i}`];
      if (typeof name === 'string' && name) {
        headers[name.toLowerCase()] = ds.secureJsonData[`httpHeaderValue${i}`] ?? '';
      }
    }
    for (const h of route.headers ?? []) {
      headers[h.name.toLowerCase()] = template(h.content, ds);
    }
    const upstream = http.request(target, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => reply(502, `Bad Gateway: ${e.message}`));
    req.pipe(upstream);
  });
  return { ...(await onLoopback(server)), received };
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
