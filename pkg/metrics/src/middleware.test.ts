import express from 'express';
import Fastify from 'fastify';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { PerfscopeMetrics, UNMATCHED_ROUTE } from './kit';
import { expressMiddleware, fastifyMetrics, instrumentExpress, instrumentHandler } from './middleware';
import { sample } from './testUtils';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: http.Server) => new Promise((resolve) => server.close(resolve));

/** Polls until `check` holds (the close handlers run just after the response is sent). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits until every request has been recorded (the in-flight gauge is back to 0). */
const settle = (kit: PerfscopeMetrics) =>
  until(async () => (await sample(kit, 'http_requests_in_flight')) === 0, 'every request to be recorded');

/** An Express app with a top-level route and a mounted router, behind `middleware` when given. */
function musicApp(middleware?: express.RequestHandler) {
  const app = express();
  if (middleware) {
    app.use(middleware);
  }
  app.get('/tracks/:id', (_req, res) => {
    res.json({ ok: true });
  });
  const albums = express.Router();
  albums.get('/:id', (_req, res) => {
    res.status(503).send('down');
  });
  app.use('/albums', albums);
  return app;
}

describe.each([
  ['Express middleware', (kit: PerfscopeMetrics) => musicApp(expressMiddleware(kit))],
  // The same series without a middleware layer in Express's chain.
  ['Express app wrapper', (kit: PerfscopeMetrics) => instrumentExpress(kit, musicApp())],
])('%s', (_name, handlerFor) => {
  it('labels requests with the route template, the mount path and the status; 404s as unmatched', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const server = http.createServer(handlerFor(kit));
    const base = await listen(server);
    try {
      await fetch(`${base}/tracks/42`);
      await fetch(`${base}/tracks/43`);
      await fetch(`${base}/albums/7`);
      await fetch(`${base}/no/such/path`);
      await settle(kit);
    } finally {
      await close(server);
    }
    expect(await sample(kit, 'http_requests_total', { route: '/tracks/:id', status_code: '200', method: 'GET' })).toBe(
      2
    );
    expect(await sample(kit, 'http_requests_total', { route: '/albums/:id', status_code: '503' })).toBe(1);
    expect(await sample(kit, 'http_requests_total', { route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
    expect(await sample(kit, 'http_requests_total', { route: '/tracks/42' })).toBeUndefined();
    expect(await sample(kit, 'http_requests_in_flight')).toBe(0);
  });
});

describe('client aborts', () => {
  it('records a request the client abandoned as 499 and keeps in-flight right', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const app = express();
    app.use(expressMiddleware(kit));
    app.get('/slow', () => {
      // never answers: the client gives up
    });
    const server = http.createServer(app);
    const base = await listen(server);
    try {
      await expect(fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
      await until(
        async () => (await sample(kit, 'http_requests_total', { route: '/slow', status_code: '499' })) === 1,
        'the abandoned request to be recorded'
      );
    } finally {
      server.closeAllConnections();
      await close(server);
    }
    expect(await sample(kit, 'http_requests_total', { route: '/slow', status_code: '499' })).toBe(1);
    expect(await sample(kit, 'http_requests_in_flight')).toBe(0);
  });
});

describe('Fastify plugin', () => {
  it('labels requests with the route pattern and 404s as unmatched', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const app = Fastify();
    await app.register(fastifyMetrics(kit));
    app.get('/tracks/:id', async () => ({ ok: true }));
    app.post('/upload', async (_req, reply) => reply.code(201).send({}));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await fetch(`${base}/tracks/1`);
      await fetch(`${base}/upload`, { method: 'POST' });
      await fetch(`${base}/nowhere`);
      await settle(kit);
    } finally {
      await app.close();
    }
    expect(await sample(kit, 'http_requests_total', { route: '/tracks/:id', status_code: '200' })).toBe(1);
    expect(await sample(kit, 'http_requests_total', { route: '/upload', status_code: '201', method: 'POST' })).toBe(1);
    // Durations come from Fastify's own timing.
    expect(await sample(kit, 'http_request_duration_seconds_sum', { route: '/tracks/:id' })).toBeGreaterThan(0);
    expect(await sample(kit, 'http_requests_total', { route: UNMATCHED_ROUTE, status_code: '404' })).toBe(1);
  });
});

describe('Node http handler', () => {
  it('uses the route mapper, and a throwing mapper only loses the route label', async () => {
    const kit = new PerfscopeMetrics({ defaultMetrics: false });
    const handler = instrumentHandler(
      kit,
      (_req, res) => {
        res.statusCode = 200;
        res.end('ok');
      },
      (req) => {
        if (req.url === '/boom') {
          throw new Error('mapper bug');
        }
        return req.url?.startsWith('/tracks/') ? '/tracks/:id' : undefined;
      }
    );
    const server = http.createServer(handler);
    const base = await listen(server);
    try {
      await fetch(`${base}/tracks/9`);
      const boom = await fetch(`${base}/boom`);
      expect(boom.status).toBe(200);
      await settle(kit);
    } finally {
      await close(server);
    }
    expect(await sample(kit, 'http_requests_total', { route: '/tracks/:id' })).toBe(1);
    expect(await sample(kit, 'http_requests_total', { route: UNMATCHED_ROUTE })).toBe(1);
  });
});
