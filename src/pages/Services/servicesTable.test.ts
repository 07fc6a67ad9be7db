import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';
import {
  HEALTH_REF,
  RECORDED_PROBE,
  filterRows,
  gradeCounts,
  pageOf,
  recordedSignals,
  serviceQueries,
  serviceRows,
  sortRows,
} from './servicesTable';

/** A frame as the datasource answers a per-service query: one series, labelled with its service. */
const frame = (refId: string, service: string, values: Array<number | null>, label = 'job'): DataFrame =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => 1000 * i) },
      { name: 'Value', type: FieldType.number, values, labels: { [label]: service } },
    ],
  });

const fleet = (): DataFrame[] => [
  frame('http_request_rate', 'checkout', [10, 12]),
  frame('http_error_rate', 'checkout', [0.01, 0.2]),
  frame('http_latency_p95', 'checkout', [0.3, 0.4]),
  frame(HEALTH_REF, 'checkout', [80, 55]),
  frame('http_request_rate', 'search', [50, 48]),
  frame('http_error_rate', 'search', [0, 0.001]),
  frame('http_latency_p95', 'search', [0.2, null]),
  frame(HEALTH_REF, 'search', [99, 98]),
  // A batch service with no traffic now: its request rate is there, its ratios are not.
  frame('http_request_rate', 'reports', [0, 0]),
];

describe('the services table', () => {
  it('asks for each signal per service in the settings naming, and the recorded health score', () => {
    const queries = serviceQueries({ serviceLabel: 'service_name', prefix: 'shop_' });
    expect(queries.map((q) => q.refId)).toEqual([
      'http_request_rate',
      'http_error_rate',
      'http_latency_p95',
      'http_apdex',
      HEALTH_REF,
    ]);
    expect(queries[0]).toMatchObject({
      mode: 'promql',
      expr: 'sum by (service_name) (rate(shop_http_requests_total[5m]))',
      legendFormat: '{{service_name}}',
    });
    expect(queries[4].expr).toBe('min by (service_name) (perfscope:health_score)');
  });

  it('reads the recorded series of the signals Prometheus records, and computes the others', () => {
    // The probe's answer: one series per recorded name present (count by (__name__)).
    const probe = (name: string) =>
      toDataFrame({
        refId: RECORDED_PROBE.refId,
        fields: [{ name: 'Value', type: FieldType.number, values: [20], labels: { __name__: name } }],
      });
    expect(RECORDED_PROBE).toMatchObject({ instant: true, mode: 'promql' });
    expect(RECORDED_PROBE.expr).toContain('perfscope:http_request_rate|perfscope:http_error_rate');
    const recorded = recordedSignals([probe('perfscope:http_error_rate'), probe('perfscope:http_apdex')]);
    expect([...recorded].sort()).toEqual(['http_apdex', 'http_error_rate']);
    const exprs = Object.fromEntries(serviceQueries({ serviceLabel: 'app' }, recorded).map((q) => [q.refId, q.expr]));
    expect(exprs.http_error_rate).toBe('max by (app) (perfscope:http_error_rate)');
    expect(exprs.http_apdex).toBe('max by (app) (perfscope:http_apdex)');
    // Not recorded: the raw expression, per service.
    expect(exprs.http_request_rate).toBe('sum by (app) (rate(http_requests_total[5m]))');
    expect(recordedSignals([])).toEqual(new Set());
  });

  it('has a row per service with the latest values, their status, the score and its grade', () => {
    const rows = serviceRows(fleet(), undefined);
    const byName = Object.fromEntries(rows.map((r) => [r.service, r]));
    expect(Object.keys(byName).sort()).toEqual(['checkout', 'reports', 'search']);
    expect(byName.checkout).toMatchObject({
      score: 55,
      grade: 'D',
      status: 'critical',
      cells: { http_error_rate: { value: 0.2, status: 'critical' }, http_latency_p95: { value: 0.4, status: 'ok' } },
    });
    // The latest number of a series, skipping a gap at its end.
    expect(byName.search.cells.http_latency_p95).toMatchObject({ value: 0.2, status: 'ok' });
    // The whole series, for the sparkline.
    expect(Array.from(byName.search.cells.http_latency_p95.trend!.y.values)).toEqual([0.2, null]);
    expect(Array.from(byName.search.cells.http_latency_p95.trend!.x!.values)).toEqual([0, 1000]);
    // No data where a service has none: never a healthy 0, and no score without the recording rule.
    expect(byName.reports).toMatchObject({
      score: undefined,
      grade: undefined,
      status: 'no-data',
      cells: { http_request_rate: { value: 0, status: 'ok' }, http_error_rate: { status: 'no-data' } },
    });
    expect(byName.reports.cells.http_error_rate.value).toBeUndefined();
  });

  it('judges each service by its own levels where it has them', () => {
    const settings = { services: { checkout: { signals: { http_error_rate: { critical: 0.5 } } } } };
    const checkout = serviceRows(fleet(), settings).find((r) => r.service === 'checkout')!;
    expect(checkout.cells.http_error_rate.status).toBe('warning');
  });

  it('reads the service from the settings service label', () => {
    const rows = serviceRows([frame('http_request_rate', 'api', [3], 'service_name')], {
      serviceLabel: 'service_name',
    });
    expect(rows.map((r) => r.service)).toEqual(['api']);
    expect(serviceRows([frame('http_request_rate', 'api', [3], 'service_name')], undefined)).toEqual([]);
  });

  it('puts the worst first, sorts by any column with the rows without a value last, and filters', () => {
    const rows = serviceRows(fleet(), undefined);
    expect(sortRows(rows).map((r) => r.service)).toEqual(['checkout', 'search', 'reports']);
    expect(sortRows(rows, 'http_request_rate', true).map((r) => r.service)).toEqual(['search', 'checkout', 'reports']);
    expect(sortRows(rows, 'http_error_rate').map((r) => r.service)).toEqual(['search', 'checkout', 'reports']);
    expect(sortRows(rows, 'http_error_rate', true).map((r) => r.service)).toEqual(['checkout', 'search', 'reports']);
    expect(sortRows(rows, 'service', true).map((r) => r.service)).toEqual(['search', 'reports', 'checkout']);
    expect(filterRows(rows, ' SEA ').map((r) => r.service)).toEqual(['search']);
    expect(filterRows(rows, '', 'critical').map((r) => r.service)).toEqual(['checkout']);
  });

  it('counts the services of each grade, and those without a score', () => {
    expect(gradeCounts(serviceRows(fleet(), undefined))).toEqual({ A: 1, B: 0, C: 0, D: 1, F: 0, none: 1 });
    expect(gradeCounts([])).toEqual({ A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 });
  });
});

describe('pageOf', () => {
  const services = Array.from({ length: 53 }, (_, i) => `svc-${i}`);

  it('cuts the page asked for, the last one shorter', () => {
    expect(pageOf(services, 1, 25)).toEqual({ rows: services.slice(0, 25), page: 1, pages: 3 });
    expect(pageOf(services, 3, 25)).toEqual({ rows: ['svc-50', 'svc-51', 'svc-52'], page: 3, pages: 3 });
  });

  it('keeps the page within the pages there are when the rows shrink (a search, a filter)', () => {
    expect(pageOf(services.slice(0, 10), 3, 25)).toEqual({ rows: services.slice(0, 10), page: 1, pages: 1 });
    expect(pageOf(services, 0, 25).page).toBe(1);
    expect(pageOf([], 2, 25)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});
