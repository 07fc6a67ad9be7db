import type { TimeRange } from '@grafana/data';
import { HostTemplateSrv } from './templateSrv';

describe('HostTemplateSrv', () => {
  const srv = new HostTemplateSrv();
  srv.setVariables([
    { name: 'job', value: 'api' },
    { name: 'route', value: ['/a', '/b.c'], text: ['A', 'B'] },
  ]);

  it("replaces Grafana's four syntaxes, scoped variables first", () => {
    expect(srv.replace('$job ${job} [[job]] ${job:raw}')).toBe('api api api api');
    expect(srv.replace('$job', { job: { text: 'web', value: 'web' } })).toBe('web');
  });

  it('formats multi-value variables: glob by default, named formats, formatter functions', () => {
    expect(srv.replace('$route')).toBe('{/a,/b.c}');
    expect(srv.replace('${route:regex}')).toBe('(\\/a|\\/b\\.c)');
    expect(srv.replace('${route:pipe} ${route:csv} ${route:text}')).toBe('/a|/b.c /a,/b.c A + B');
    expect(srv.replace('$route', {}, (value: string[]) => value.join('+'))).toBe('/a+/b.c');
  });

  it('leaves unknown variables as written and reports interpolations', () => {
    const interpolations: Parameters<HostTemplateSrv['replace']>[3] = [];
    expect(srv.replace('$nope and $job', {}, undefined, interpolations)).toBe('$nope and api');
    expect(interpolations.map((i) => [i.variableName, i.found])).toEqual([
      ['nope', false],
      ['job', true],
    ]);
    expect(srv.containsTemplate('$nope')).toBe(false);
    expect(srv.containsTemplate('x ${job}')).toBe(true);
  });

  it('knows __from and __to from the last time range', () => {
    // Only valueOf() is read: no need for @grafana/data (which needs a window) in this Node test.
    srv.updateTimeRange({ from: { valueOf: () => 1000 }, to: { valueOf: () => 2000 } } as unknown as TimeRange);
    expect(srv.replace('$__from-$__to')).toBe('1000-2000');
  });
});
