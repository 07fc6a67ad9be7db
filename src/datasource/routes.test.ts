import pluginJson from './plugin.json';
import { matchRoute, routeFor } from './routes';

const routes = pluginJson.routes as Array<{
  path: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}>;

describe('routeFor', () => {
  it.each([
    [{ authMethod: 'bearer' as const, tenant: 'team-a' }, 'bearer-tenant'],
    [{ authMethod: 'bearer' as const }, 'bearer'],
    [{ authMethod: 'bearer' as const, tenant: '  ' }, 'bearer'],
    [{ authMethod: 'basic' as const, tenant: 'team-a' }, 'tenant'],
    [{ authMethod: 'none' as const }, 'plain'],
    [{}, 'plain'],
  ])('%p → %s', (jsonData, route) => {
    expect(routeFor(jsonData)).toBe(route);
  });
});

describe('plugin.json routes as Grafana matches them (first prefix match wins)', () => {
  it.each(['bearer-tenant', 'bearer', 'tenant', 'plain'] as const)(
    'a request for route %s reaches that route',
    (path) => {
      expect(matchRoute(routes, `/${path}/api/v1/query_range`)?.path).toBe(path);
    }
  );

  it('sends the token only on bearer routes and the tenant only on tenant routes', () => {
    const headers = (path: string) => (routes.find((r) => r.path === path)?.headers ?? []).map((h) => h.name).sort();
    expect(headers('bearer-tenant')).toEqual(['Authorization', 'X-Scope-OrgID']);
    expect(headers('bearer')).toEqual(['Authorization']);
    expect(headers('tenant')).toEqual(['X-Scope-OrgID']);
    expect(headers('plain')).toEqual([]);
  });

  it('matches nothing outside its routes, and respects methods', () => {
    expect(matchRoute(routes, '/other/api')).toBeUndefined();
    expect(matchRoute([{ path: 'a', method: 'POST' }], '/a/x', 'GET')).toBeUndefined();
    expect(matchRoute([{ path: 'a', method: 'POST' }], '/a/x', 'POST')).toEqual({ path: 'a', method: 'POST' });
  });
});
