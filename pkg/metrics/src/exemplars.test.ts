import { type Context, type ContextManager, ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'async_hooks';
import express from 'express';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { PerfscopeMetrics } from './kit';
import { expressMiddleware, instrumentHandler, metricsHandler } from './middleware';
import { OPENMETRICS_CONTENT_TYPE } from './openMetrics';
import { sample } from './testUtils';
import { EXEMPLAR_LABELS_MAX, type TraceRef, traceProblem } from './trace';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const BUILD = { version: '1.2.3', commit: 'abc1234' };

/** A kit with nothing but what the test records. */
const kit = (options: ConstructorParameters<typeof PerfscopeMetrics>[0] = {}) =>
  new PerfscopeMetrics({ defaultMetrics: false, loadAverage: false, build: BUILD, onError: () => {}, ...options });

interface Exemplar {
  sample: string;
  labels: Record<string, string>;
  value: number;
  timestamp: number;
}

/** The exemplars of an OpenMetrics exposition, with the sample each rides on. */
function exemplars(text: string): Exemplar[] {
  return [...text.matchAll(/^(\S+) \S+ # \{([^}]*)\} (\S+) (\S+)$/gm)].map((m) => ({
    sample: m[1],
    labels: Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]])),
    value: Number(m[3]),
    timestamp: Number(m[4]),
  }));
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: http.Server) => new Promise((resolve) => server.close(resolve));

/** Waits until every request has been recorded (the close handlers run just after the response). */
async function settle(metrics: PerfscopeMetrics) {
  const deadline = Date.now() + 10_000;
  while ((await sample(metrics, 'http_requests_in_flight')) !== 0) {
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for every request to be recorded');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('exemplars in the OpenMetrics exposition', () => {
  it("put a request's and a query's trace on the bucket of their duration, with trace_id and span_id", async () => {
    const metrics = kit();
    const before = Date.now() / 1000;
    metrics.recordRequest('GET', '/tracks/:id', 200, 0.3, { traceId: TRACE, spanId: SPAN });
    metrics.recordRequest('GET', '/tracks/:id', 200, 0.02);
    metrics.observeQuery('select', 'tracks', 0.004, false, { traceId: TRACE.replace(/^4/, '5') });
    const text = await metrics.exposeOpenMetrics();
    const found = exemplars(text);
    expect(found.map(({ sample: s, labels, value }) => ({ sample: s, labels, value }))).toEqual([
      {
        sample: 'db_query_duration_seconds_bucket{le="0.005",operation="select",table="tracks"}',
        labels: { trace_id: `5${TRACE.slice(1)}` },
        value: 0.004,
      },
      {
        sample: 'http_request_duration_seconds_bucket{method="GET",route="/tracks/:id",status_code="200",le="0.5"}',
        labels: { trace_id: TRACE, span_id: SPAN },
        value: 0.3,
      },
    ]);
    for (const e of found) {
      expect(e.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(e.timestamp).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    }
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('keep the latest trace of a bucket, and one per bucket', async () => {
    const metrics = kit();
    const second = 'a'.repeat(32);
    metrics.recordRequest('GET', '/a', 200, 0.3, { traceId: TRACE });
    metrics.recordRequest('GET', '/a', 200, 0.4, { traceId: second });
    metrics.recordRequest('GET', '/a', 200, 7, { traceId: TRACE });
    const found = exemplars(await metrics.exposeOpenMetrics());
    expect(found.map((e) => [e.sample.match(/le="([^"]+)"/)?.[1], e.labels.trace_id, e.value])).toEqual([
      ['0.5', second, 0.4],
      ['10', TRACE, 7],
    ]);
  });

  it('are absent when nothing was traced', async () => {
    const metrics = kit();
    metrics.recordRequest('GET', '/a', 200, 0.3);
    metrics.observeQuery('select', 'tracks', 0.004);
    await metrics.timeQuery('select', 'tracks', () => 1);
    const text = await metrics.exposeOpenMetrics();
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/a",status_code="200"} 1');
    expect(text).not.toContain(' # {');
  });

  it.each([
    ['upper-case hex', { traceId: TRACE.toUpperCase() }],
    ['31 digits', { traceId: TRACE.slice(1) }],
    ['all zeros', { traceId: '0'.repeat(32) }],
    ['not hex', { traceId: `${TRACE.slice(0, 31)}g` }],
    ['a bad span id', { traceId: TRACE, spanId: '00f067aa0ba902b' }],
    ['an all-zero span id', { traceId: TRACE, spanId: '0'.repeat(16) }],
    ['no trace id', { spanId: SPAN } as unknown as TraceRef],
  ])('reject a trace with %s, keeping the observation and reporting it once', async (_what, bad) => {
    const errors: string[] = [];
    const metrics = kit({ onError: (e) => errors.push(e.message) });
    metrics.recordRequest('GET', '/a', 200, 0.3, bad);
    metrics.recordRequest('GET', '/a', 200, 0.3, bad);
    metrics.observeQuery('select', 'tracks', 0.004, false, bad);
    expect(exemplars(await metrics.exposeOpenMetrics())).toEqual([]);
    expect(await sample(metrics, 'http_requests_total', { route: '/a' })).toBe(2);
    expect(await sample(metrics, 'db_query_duration_seconds_count', { operation: 'select' })).toBe(1);
    expect(await sample(metrics, 'perfscope_metrics_errors_total', { kind: 'exemplar' })).toBe(3);
    expect(errors).toEqual([
      expect.stringMatching(/recording exemplar failed \(a (trace|span) id must be .*the request is kept without/),
      expect.stringMatching(/the observation is kept without its exemplar/),
    ]);
  });

  it('fit the OpenMetrics limit of 128 characters of label names and values', () => {
    expect(traceProblem({ traceId: TRACE, spanId: SPAN })).toBeUndefined();
    expect('trace_id'.length + TRACE.length + 'span_id'.length + SPAN.length).toBeLessThanOrEqual(EXEMPLAR_LABELS_MAX);
  });

  it('leave the Prometheus text format exactly as it is without them', async () => {
    const traced = kit();
    const plain = kit();
    for (const [metrics, traceRef] of [
      [traced, { traceId: TRACE, spanId: SPAN }],
      [plain, undefined],
    ] as const) {
      metrics.recordRequest('GET', '/a', 200, 0.3, traceRef);
      metrics.recordRequest('POST', '/b', 503, 1.7, traceRef);
      metrics.observeQuery('select', 'tracks', 0.004, false, traceRef);
    }
    const text = await traced.expose();
    expect(text).toBe(await plain.expose());
    expect(text).not.toContain(' # {');
    expect(text).not.toContain(TRACE);
    expect(text).toContain('http_requests_total{method="GET",route="/a",status_code="200"} 1');
    expect(traced.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

/** A context manager over AsyncLocalStorage, as an OpenTelemetry SDK registers one. */
class LocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

/** Runs `fn` with a span of this trace active, as OpenTelemetry's HTTP instrumentation runs a handler. */
const inSpan = <T>(traceId: string, spanId: string, sampled: boolean, fn: () => T): T =>
  context.with(
    trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext({ traceId, spanId, traceFlags: sampled ? 1 : 0 })),
    fn
  );

describe('the trace of a request', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new LocalContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it("comes from OpenTelemetry's active span through the middleware, sampled spans only", async () => {
    const metrics = kit();
    const app = express();
    app.use(expressMiddleware(metrics));
    app.get('/tracks/:id', (_req, res) => {
      // The response ends later, outside the span's context: the middleware read the trace at the start.
      setImmediate(() => res.json({ ok: true }));
    });
    const server = http.createServer((req, res) => {
      const sampled = req.url !== '/tracks/unsampled';
      inSpan(sampled ? TRACE : 'b'.repeat(32), SPAN, sampled, () => app(req, res));
    });
    const base = await listen(server);
    try {
      await fetch(`${base}/tracks/1`);
      await fetch(`${base}/tracks/unsampled`);
      await settle(metrics);
    } finally {
      await close(server);
    }
    const found = exemplars(await metrics.exposeOpenMetrics());
    expect(found.map((e) => e.labels)).toEqual([{ trace_id: TRACE, span_id: SPAN }]);
    expect(await sample(metrics, 'http_requests_total', { route: '/tracks/:id' })).toBe(2);
  });

  it('is read at the start of a request, so a request the client gave up on keeps it', async () => {
    const metrics = kit();
    const app = express();
    app.use(expressMiddleware(metrics));
    app.get('/slow', () => {
      // never answers: the client gives up, and the socket's close records the request
    });
    const server = http.createServer((req, res) => inSpan(TRACE, SPAN, true, () => app(req, res)));
    const base = await listen(server);
    try {
      await expect(fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
      const deadline = Date.now() + 10_000;
      while ((await sample(metrics, 'http_requests_total', { status_code: '499' })) !== 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      server.closeAllConnections();
      await close(server);
    }
    const found = exemplars(await metrics.exposeOpenMetrics());
    expect(found.map((e) => [e.sample.match(/status_code="(\d+)"/)?.[1], e.labels.trace_id])).toEqual([['499', TRACE]]);
  });

  it('comes from the active span for a timed query, and not at all with traceContext: false', async () => {
    const traced = kit();
    const off = kit({ traceContext: false });
    await inSpan(TRACE, SPAN, true, async () => {
      await traced.timeQuery('select', 'tracks', () => 1);
      await off.timeQuery('select', 'tracks', () => 1);
    });
    expect(exemplars(await traced.exposeOpenMetrics()).map((e) => e.labels)).toEqual([
      { trace_id: TRACE, span_id: SPAN },
    ]);
    expect(exemplars(await off.exposeOpenMetrics())).toEqual([]);
    expect(off.currentTrace()).toBeUndefined();
  });

  it('comes from a traceContext function given the request (a traceparent header here)', async () => {
    const errors: string[] = [];
    const metrics = kit({
      onError: (e) => errors.push(e.message),
      traceContext: (req) => {
        const header = req?.headers.traceparent;
        if (header === 'boom') {
          throw new Error('cannot parse');
        }
        return typeof header === 'string' ? header.split('-')[1] : undefined;
      },
    });
    const server = http.createServer(
      instrumentHandler(
        metrics,
        (_req, res) => res.end('ok'),
        () => '/a'
      )
    );
    const base = await listen(server);
    try {
      await fetch(`${base}/a`, { headers: { traceparent: `00-${TRACE}-${SPAN}-01` } });
      await fetch(`${base}/a`, { headers: { traceparent: 'boom' } });
      await fetch(`${base}/a`);
      await settle(metrics);
    } finally {
      await close(server);
    }
    expect(exemplars(await metrics.exposeOpenMetrics()).map((e) => e.labels)).toEqual([{ trace_id: TRACE }]);
    expect(await sample(metrics, 'http_requests_total', { route: '/a' })).toBe(3);
    expect(errors).toEqual([expect.stringMatching(/the traceContext function threw \(cannot parse\)/)]);
  });

  it('rejects a traceContext that is neither a function nor a known source, at setup', () => {
    expect(() => kit({ traceContext: 'zipkin' as never })).toThrow(
      /traceContext must be 'opentelemetry', a function returning the trace or false/
    );
  });
});

describe('metricsHandler', () => {
  it('serves OpenMetrics with exemplars to Prometheus and the Prometheus text format to others', async () => {
    const metrics = kit();
    metrics.recordRequest('GET', '/a', 200, 0.3, { traceId: TRACE });
    const server = http.createServer(metricsHandler(metrics));
    const base = await listen(server);
    try {
      const prometheus = await fetch(`${base}/metrics`, {
        headers: {
          accept:
            'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
        },
      });
      expect(prometheus.headers.get('content-type')).toBe(OPENMETRICS_CONTENT_TYPE);
      const om = await prometheus.text();
      expect(exemplars(om).map((e) => e.labels)).toEqual([{ trace_id: TRACE }]);
      expect(om).toContain('# TYPE http_requests counter');

      const curl = await fetch(`${base}/metrics`, { headers: { accept: '*/*' } });
      expect(curl.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await curl.text();
      expect(text).toBe(await metrics.expose());
      expect(text).toContain('# TYPE http_requests_total counter');
    } finally {
      await close(server);
    }
  });
});
