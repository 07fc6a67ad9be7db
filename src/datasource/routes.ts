import type { Options } from './types';

/**
 * plugin.json routes, one per combination of bearer token and tenant header, because a route's
 * headers are fixed: a header with an empty value (no tenant set) would still be sent. Grafana's
 * data-source proxy takes the FIRST route whose path is a prefix of the request path, so
 * `bearer-tenant` is listed before `bearer`. Basic auth and custom headers are Grafana's own
 * datasource settings (basicAuth, httpHeaderNameN): its proxy adds them to every request.
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

/** Which route Grafana's proxy picks for a request path: the first in order whose path is a prefix. */
export function matchRoute<R extends { path: string; method?: string }>(
  routes: readonly R[],
  requestPath: string,
  method = 'GET'
): R | undefined {
  const path = requestPath.replace(/^\/+/, '');
  return routes.find((r) => (!r.method || r.method === '*' || r.method === method) && path.startsWith(r.path));
}
