import { PENDING_REQUESTS, RequestCounter, RequestHistogram, RequestSeries } from './requestSeries';

const bounds = [0.1, 1];

/** A store labelled as the kit labels (upper-case methods, `__unmatched__` for no route), keeping its failures. */
function store(
  labels: (method: string, route: string, status: number) => Record<string, string> = (m, r, s) => ({
    method: m,
    route: r,
    status_code: String(s),
  })
) {
  const failures: unknown[] = [];
  const series = new RequestSeries(bounds, {
    method: (m) => (m ?? 'OTHER').toUpperCase(),
    route: (r) => r ?? '__unmatched__',
    labels,
    failed: (e) => failures.push(e),
  });
  return { series, failures };
}

const counts = async (series: RequestSeries) =>
  Object.fromEntries(
    (await new RequestCounter(series, 'http_requests_total', 'h', []).get()).values.map((v) => [
      `${v.labels.method} ${v.labels.route} ${v.labels.status_code}`,
      v.value,
    ])
  );

describe('RequestSeries', () => {
  it('adds every request, those added on a full buffer and those still waiting at a read', async () => {
    const { series } = store();
    const n = 2 * PENDING_REQUESTS + 3;
    for (let i = 0; i < n; i++) {
      series.add('get', i % 3 === 0 ? undefined : '/tracks/:id', i % 2 ? 500 : 200, i % 5 === 0 ? 2 : 0.05);
    }
    const expected: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const key = `GET ${i % 3 === 0 ? '__unmatched__' : '/tracks/:id'} ${i % 2 ? 500 : 200}`;
      expected[key] = (expected[key] ?? 0) + 1;
    }
    expect(await counts(series)).toEqual(expected);
    const histogram = (await new RequestHistogram(series, 'd', 'h', []).get()).values;
    const total = (name: string, le?: string) =>
      histogram
        .filter((v) => v.metricName === name && (le === undefined || String(v.labels.le) === le))
        .reduce((sum, v) => sum + v.value, 0);
    const slow = Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 === 0).length;
    expect(total('d_count')).toBe(n);
    expect(total('d_bucket', '0.1')).toBe(n - slow);
    expect(total('d_bucket', '+Inf')).toBe(n);
    expect(total('d_sum')).toBeCloseTo(slow * 2 + (n - slow) * 0.05, 9);
  });

  it('keeps a waiting request’s exemplar with the time it finished, not the time it was added up', async () => {
    const { series } = store();
    const before = Date.now() / 1000;
    series.add('GET', '/a', 200, 0.5, '0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331');
    const after = Date.now() / 1000;
    await new Promise((r) => setTimeout(r, 20));
    const values = (await new RequestHistogram(series, 'd', 'h', []).get()).values;
    const withExemplar = values.filter((v) => v.exemplar !== undefined);
    expect(withExemplar.map((v) => String(v.labels.le))).toEqual(['1']);
    const exemplar = withExemplar[0].exemplar!;
    expect(exemplar.labelSet).toEqual({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
    expect(exemplar.value).toBe(0.5);
    expect(exemplar.timestamp).toBeGreaterThanOrEqual(before);
    expect(exemplar.timestamp).toBeLessThanOrEqual(after);
  });

  it('hands a request whose labels fail to its failure handler and keeps the others', async () => {
    const { series, failures } = store((m, r, s) => {
      if (r === '/bad') {
        throw new Error('no labels for /bad');
      }
      return { method: m, route: r, status_code: String(s) };
    });
    series.add('GET', '/a', 200, 0.01);
    series.add('GET', '/bad', 200, 0.01);
    series.add('GET', '/a', 200, 0.01);
    expect(await counts(series)).toEqual({ 'GET /a 200': 2 });
    expect(failures.map((e) => (e as Error).message)).toEqual(['no labels for /bad']);
  });

  it('drops waiting requests on reset, and counts afresh after it', async () => {
    const { series } = store();
    series.add('GET', '/a', 200, 0.01);
    series.reset();
    expect(await counts(series)).toEqual({});
    series.add('GET', '/a', 200, 0.01);
    expect(await counts(series)).toEqual({ 'GET /a 200': 1 });
  });
});
