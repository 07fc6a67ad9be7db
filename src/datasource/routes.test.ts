import pluginJson from './plugin.json';
import { READ_API, pluginRoutes, routeFor } from './routes';
import { type Route, matchRoute } from '../../tests/rig/routeProxy';

const routes = pluginJson.routes as Route[];

describe('routeFor', () => {
  it.each([
    [{ authMethod: 'bearer' as const, tenant: 'team-a' }, 'bearer-tenant'],
    [{ authMethod: 'bearer' as const }, 'bearer'],
    [{ authMethod: 'bearer' as const, tenant: '  ' }, 'bearer'],
    [{ authMethod: 'basic' as const, tenant: 'team-a' }, 'tenant'],
    [{ authMethod: 'none' as const }, 'plain'],
    [{ tenant: 42 as unknown as string }, 'plain'],
    [{}, 'plain'],
  ])('%p → %s', (jsonData, route) => {
    expect(routeFor(jsonData)).toBe(route);
  });
});

describe("plugin.json routes as Grafana's proxy matches them (ds_proxy.go validateRequest)", () => {
  it('are the ones routes.ts defines (npm run generate writes them)', () => {
    expect(routes).toEqual(pluginRoutes());
  });

  it.each(['bearer-tenant', 'bearer', 'tenant', 'plain'] as const)(
    'send each read call of route %s to the same call upstream, with that route’s headers',
    (prefix) => {
      for (const [call, api] of [
        ['api/v1/query_range', 'api/v1/query_range'],
        ['api/v1/query_exemplars', 'api/v1/query_exemplars'],
        ['api/v1/query', 'api/v1/query'],
        ['api/v1/labels', 'api/v1/labels'],
        ['api/v1/label/job/values', 'api/v1/label'],
        ['api/v1/status/buildinfo', 'api/v1/status/buildinfo'],
      ]) {
        const route = matchRoute(routes, `${prefix}/${call}`, 'GET');
        expect(route?.url).toBe(`{{ .JsonData.url }}/${api}`);
        expect(route?.path.startsWith(`${prefix}/`)).toBe(true);
      }
    }
  );

  it('send the token only on bearer routes and the tenant only on tenant routes', () => {
    const headers = (prefix: string) =>
      new Set(
        routes.filter((r) => r.path.startsWith(`${prefix}/`)).map((r) => (r.headers ?? []).map((h) => h.name).join())
      );
    expect(headers('bearer-tenant')).toEqual(new Set(['Authorization,X-Scope-OrgID']));
    expect(headers('bearer')).toEqual(new Set(['Authorization']));
    expect(headers('tenant')).toEqual(new Set(['X-Scope-OrgID']));
    expect(headers('plain')).toEqual(new Set(['']));
  });

  it.each([
    ['POST', 'plain/api/v1/admin/tsdb/delete_series'],
    ['PUT', 'bearer/api/v1/admin/tsdb/snapshot'],
    ['PUT', 'plain/-/quit'],
    ['POST', 'bearer-tenant/-/reload'],
    ['GET', 'plain/api/v1/status/config'],
    ['GET', 'plain/api/v1/targets'],
    ['POST', 'plain/api/v1/query'],
    ['DELETE', 'plain/api/v1/series'],
    ['GET', 'plain/api/v1/label/../../admin/tsdb/delete_series'],
    ['GET', 'plain/federate'],
  ])('match no route for %s %s, so Grafana forwards it nowhere', (method, path) => {
    expect(matchRoute(routes, path, method)).toBeUndefined();
  });

  it('list the longer calls before the ones they start with', () => {
    for (const [i, api] of READ_API.entries()) {
      const shadowing = READ_API.slice(0, i).find((earlier) => api.startsWith(earlier));
      expect(shadowing).toBeUndefined();
    }
  });
});
