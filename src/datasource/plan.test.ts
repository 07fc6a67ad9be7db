import { FieldType, createDataFrame } from '@grafana/data';
import { HEALTH_COMPONENTS } from '@perfscope/catalog';
import { decorate, expandHealth, healthComponentOf } from './plan';
import type { Query } from './types';

const frame = (labels: Record<string, string>) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'Time', type: FieldType.time, values: [1] },
      { name: 'Value', type: FieldType.number, values: [2], labels, config: { unit: 's' } },
    ],
  });

describe('expandHealth', () => {
  it('turns a health query into one signal query per component, keeping refId, filters and live settings', () => {
    const filters = [{ label: 'job', op: '=' as const, value: 'api' }];
    const health: Query = { refId: 'H', mode: 'health', filters, stream: true, pollSeconds: 2, legendFormat: 'x' };
    const expanded = expandHealth([health, { refId: 'B', mode: 'signal', signal: 'db_up' }]);
    expect(expanded).toHaveLength(HEALTH_COMPONENTS.length + 1);
    expect(expanded.slice(0, -1).map((q) => [q.mode, q.signal, healthComponentOf(q)])).toEqual(
      HEALTH_COMPONENTS.map((c) => ['signal', c.signal, c.signal])
    );
    expect(expanded[0]).toMatchObject({ refId: 'H', filters, stream: true, pollSeconds: 2, legendFormat: undefined });
    expect(healthComponentOf(expanded[expanded.length - 1])).toBeUndefined();
  });
});

describe('decorate', () => {
  it('leaves frames alone when nothing is asked', () => {
    const frames = [frame({ route: '/a' })];
    expect(decorate(frames, { refId: 'A', mode: 'signal', signal: 'db_up' })).toBe(frames);
  });

  it('names series by the legend format and keeps the field config', () => {
    const [out] = decorate([frame({ route: '/a' })], {
      refId: 'A',
      mode: 'promql',
      expr: 'x',
      legendFormat: '{{route}}',
    });
    expect(out.fields[1].config).toEqual({ unit: 's', displayNameFromDS: '/a' });
    expect(out.fields[1].name).toBe('Value');
  });

  it('names a health component value field after its signal', () => {
    const [component] = expandHealth([{ refId: 'H', mode: 'health' }]);
    const [out] = decorate([frame({})], component);
    expect(out.fields.map((f) => f.name)).toEqual(['Time', HEALTH_COMPONENTS[0].signal]);
  });
});
