import type { ScopedVars, TimeRange } from '@grafana/data';
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

  it("replaces a data link's value and data macros from its data context, as Grafana's dataMacros do", () => {
    const frame = {
      fields: [
        { name: 'Time', type: 'time', values: [10, 20] },
        { name: 'trace_id', type: 'string', values: ['aaa', 'bbb'] },
        { name: 'span_id', type: 'string', values: ['s1', 's2'] },
      ],
    };
    const scoped = {
      __dataContext: { text: '', value: { data: [frame], frame, field: frame.fields[1], rowIndex: 1 } },
    } as unknown as ScopedVars;
    expect(srv.replace('${__value.raw}', scoped)).toBe('bbb');
    expect(srv.replace('${__value.time}', scoped)).toBe('20');
    expect(srv.replace('${__data.fields["span_id"]}', scoped)).toBe('s2');
    // Without a data context they stay as written.
    expect(srv.replace('${__value.raw}')).toBe('${__value.raw}');
  });
});
