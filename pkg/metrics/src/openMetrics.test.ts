import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OPENMETRICS_CONTENT_TYPE, prefersOpenMetrics, renderOpenMetrics } from './openMetrics';

/** What Prometheus 2.x sends when it scrapes (scrape.go, its default scrape protocols). */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('renderOpenMetrics', () => {
  it('writes each family once, counters without _total in the family, and ends with # EOF', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs run.', labelNames: ['queue'], registers: [registry] }).inc(
      { queue: 'mail' },
      3
    );
    new Gauge({ name: 'queue_depth', help: 'Jobs "waiting"\\queued\nnow.', registers: [registry] }).set(7);
    const text = await renderOpenMetrics(registry);
    expect(text.split('\n')).toEqual([
      '# HELP jobs Jobs run.',
      '# TYPE jobs counter',
      'jobs_total{queue="mail"} 3',
      '# HELP queue_depth Jobs \\"waiting\\"\\\\queued\\nnow.',
      '# TYPE queue_depth gauge',
      'queue_depth 7',
      '# EOF',
      '',
    ]);
    expect(text).not.toMatch(/\n\n/);
  });

  it('keeps the names of the Prometheus text format: a counter without _total is unknown, not renamed', async () => {
    const registry = new Registry();
    new Counter({ name: 'pg_xact_rollback', help: 'Rollbacks.', registers: [registry] }).inc(2);
    const text = await renderOpenMetrics(registry);
    expect(text).toContain('# TYPE pg_xact_rollback unknown\npg_xact_rollback 2\n');
  });

  it('leaves the registry as it was, so its Prometheus text keeps every counter name', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'Jobs run.', registers: [registry] }).inc();
    const before = await registry.metrics();
    await renderOpenMetrics(registry);
    expect(await registry.metrics()).toBe(before);
    expect(before).toContain('jobs_total 1');
  });

  it("adds the registry's default labels, escapes label values and writes infinities as OpenMetrics does", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ job: 'api' });
    new Gauge({ name: 'temperature', help: 'T.', labelNames: ['room'], registers: [registry] }).set(
      { room: 'a "b"\n' },
      -Infinity
    );
    new Histogram({ name: 'size', help: 'S.', buckets: [1], registers: [registry] }).observe(2);
    const text = await renderOpenMetrics(registry);
    expect(text).toContain('temperature{room="a \\"b\\"\\n",job="api"} -Inf');
    expect(text).toContain('size_bucket{le="+Inf",job="api"} 1');
  });
});

describe('prefersOpenMetrics', () => {
  it.each([
    [PROMETHEUS_ACCEPT, true],
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', true],
    ['text/plain;version=0.0.4;q=0.5,application/openmetrics-text;q=0.4', false],
    ['application/openmetrics-text;q=0', false],
    ['text/plain', false],
    ['*/*', false],
    ['', false],
    [undefined, false],
  ])('%p → %p', (accept, expected) => {
    expect(prefersOpenMetrics(accept)).toBe(expected);
  });

  it('names the content type of OpenMetrics 1.0.0', () => {
    expect(OPENMETRICS_CONTENT_TYPE).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  });
});
