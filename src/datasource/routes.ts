import type { Options } from './types';

/**
 * plugin.json routes, one set per combination of bearer token and tenant header, because a route's
 * headers are fixed: a header with an empty value (no tenant set) would still be sent. Basic auth
 * and custom headers are Grafana's own datasource settings (basicAuth, httpHeaderNameN): its proxy
 * adds them to every request.
 */
export type RoutePath = 'bearer-tenant' | 'bearer' | 'tenant' | 'plain';

/** The route a datasource's requests go through, from its settings. */
export function routeFor(jsonData: Pick<Options, 'authMethod' | 'tenant'>): RoutePath {
  const tenant = typeof jsonData.tenant === 'string' && jsonData.tenant.trim() !== '';
  if (jsonData.authMethod === 'bearer') {
    return tenant ? 'bearer-tenant' : 'bearer';
  }
  return tenant ? 'tenant' : 'plain';
}

/**
 * The only parts of Prometheus's HTTP API the datasource uses, all read with GET. Grafana's proxy
 * forwards a request only through a route whose method and path fit (pkg/api/pluginproxy/
 * ds_proxy.go, validateRequest); anything else (`POST api/v1/admin/tsdb/delete_series`, `PUT
 * -/quit`, `GET api/v1/status/config`) matches no route, and with no datasource URL of its own it
 * reaches nothing. Grafana matches by prefix, first route first: `query_range` and
 * `query_exemplars` come before `query`, `labels` before `label` (label values:
 * `api/v1/label/<name>/values`).
 */
export const READ_API: readonly string[] = [
  'api/v1/query_range',
  'api/v1/query_exemplars',
  'api/v1/query',
  'api/v1/series',
  'api/v1/labels',
  'api/v1/label',
  'api/v1/metadata',
  'api/v1/status/buildinfo',
];

/** The method of every route: the datasource reads with GET only. */
export const READ_METHOD = 'GET';

interface PluginRoute {
  path: string;
  method: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}

const BEARER = { name: 'Authorization', content: 'Bearer {{ .SecureJsonData.bearerToken }}' };
const TENANT = { name: 'X-Scope-OrgID', content: '{{ .JsonData.tenant }}' };

const HEADERS: Record<RoutePath, PluginRoute['headers']> = {
  'bearer-tenant': [BEARER, TENANT],
  bearer: [BEARER],
  tenant: [TENANT],
  plain: undefined,
};

/** Every route of the datasource's plugin.json (written there by `npm run generate`). */
export function pluginRoutes(): PluginRoute[] {
  return (Object.keys(HEADERS) as RoutePath[]).flatMap((prefix) =>
    READ_API.map((api) => ({
      path: `${prefix}/${api}`,
      method: READ_METHOD,
      url: `{{ .JsonData.url }}/${api}`,
      ...(HEADERS[prefix] ? { headers: HEADERS[prefix] } : {}),
    }))
  );
}
