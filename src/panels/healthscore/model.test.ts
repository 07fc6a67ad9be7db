import { FieldType, toDataFrame } from '@grafana/data';
import { toHealthModel } from './model';

const frame = (refId: string, name: string, values: Array<number | null>) =>
  toDataFrame({
    refId,
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      { name, type: FieldType.number, values },
    ],
  });

describe('toHealthModel', () => {
  it('matches frames to catalog signals by refId or field name and evaluates their latest value', () => {
    const model = toHealthModel(
      [
        frame('http_error_rate', 'Value', [0.01, 0.12]),
        frame('B', 'cache_hit_ratio', [0.95]),
        frame('C', 'latency', [1]),
      ],
      2
    );
    expect(model.components).toEqual([
      { signalId: 'http_error_rate', title: 'HTTP error rate', value: 0.12, text: '12.00%', status: 'critical' },
      { signalId: 'cache_hit_ratio', title: 'Cache hit ratio', value: 0.95, text: '95.00%', status: 'ok' },
    ]);
    expect(model.unmatched).toEqual(['latency']);
  });

  it('reports a missing or NaN series as no data, never as healthy', () => {
    const model = toHealthModel([frame('http_latency_p95', 'Value', [null]), frame('db_query_avg', 'Value', [NaN])], 2);
    expect(model.components.map((c) => [c.signalId, c.status, c.text])).toEqual([
      ['http_latency_p95', 'no-data', 'No data'],
      ['db_query_avg', 'no-data', 'NaN'],
    ]);
  });

  it('shows infinities as such', () => {
    const model = toHealthModel([frame('http_latency_p95', 'Value', [Infinity])], 2);
    expect(model.components[0]).toMatchObject({ text: '+∞', status: 'critical' });
  });

  it('ignores signals without thresholds (they cannot be scored)', () => {
    expect(toHealthModel([frame('http_request_rate', 'Value', [10])], 2)).toEqual({
      components: [],
      unmatched: ['Value'],
    });
  });
});
