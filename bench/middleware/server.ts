/**
 * Express app for the middleware benchmark, one variant per process:
 *   bare        — no instrumentation
 *   perfscope   — @perfscope/metrics expressMiddleware (full contract: route templates, status codes, in-flight)
 *   perfscope-app — the same contract through instrumentExpress, wrapping the app (no middleware layer)
 *   prom-bundle — express-prom-bundle with method, path and status code
 *   empty-layer — an app.use middleware that only calls next(): what any Express middleware costs at least
 * GET /__cpu returns this process's CPU time so the runner can charge CPU per request.
 */
import express from 'express';
import * as http from 'http';
import type { AddressInfo } from 'net';
import promBundle from 'express-prom-bundle';
import { PerfscopeMetrics, expressMiddleware, instrumentExpress } from '@perfscope/metrics';

const variant = process.argv[2];
const app = express();
app.get('/__cpu', (_req, res) => {
  const { user, system } = process.cpuUsage();
  res.json({ cpuMicros: user + system, userMicros: user, systemMicros: system });
});
const metrics = variant === 'perfscope' || variant === 'perfscope-app' ? new PerfscopeMetrics() : undefined;
if (variant === 'perfscope') {
  app.use(expressMiddleware(metrics!));
} else if (variant === 'perfscope-app') {
  // instrumented around the app, below
} else if (variant === 'empty-layer') {
  app.use((_req, _res, next) => next());
} else if (variant === 'prom-bundle') {
  app.use(
    promBundle({
      includeMethod: true,
      includePath: true,
      includeStatusCode: true,
      promClient: { collectDefaultMetrics: {} },
    })
  );
} else if (variant !== 'bare') {
  process.stderr.write(
    `Unknown variant "${variant}": use bare, perfscope, perfscope-app, prom-bundle or empty-layer.\n`
  );
  process.exit(2);
}
const track = { id: 0, title: 'Blue in Green', artist: 'Miles Davis', album: 'Kind of Blue', seconds: 337 };
app.get('/tracks/:id', (req, res) => {
  res.json({ ...track, id: Number(req.params.id) });
});
app.get('/albums/:id', (req, res) => {
  res.json({ id: Number(req.params.id), tracks: 5 });
});

// The scrape endpoint comes after the app's routes, so requests to them do not first test it: the
// benchmark charges the middleware, not an extra route in front of every request.
if (metrics) {
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.expose());
  });
}

const server = http.createServer(variant === 'perfscope-app' ? instrumentExpress(metrics!, app) : app);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
