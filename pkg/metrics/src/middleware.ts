import type { IncomingMessage, ServerResponse } from 'http';
import type { PerfscopeMetrics } from './kit';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Seconds since a performance.now() reading. */
const since = (start: number) => (performance.now() - start) / 1000;

/**
 * Status for the histogram: the response's own, or 499 (client closed request, as nginx logs it)
 * when the client went away before the app ended the response. (`writableEnded` is a field read;
 * `writableFinished` would also ask the socket whether the last bytes left, on every request.)
 */
const statusOf = (res: ServerResponse) => (res.writableEnded ? res.statusCode : 499);

// Performance note: the handlers below never add properties to `req`/`res`. A new property
// changes the hidden class of Node's request/response objects and slows every later access to
// them (measured: about 25 µs per request); one small closure per request costs far less.

/**
 * Counts the request in flight and, when its response closes, records it under `templateOf(req)`.
 * One 'close' listener suffices: it follows 'finish', or comes alone when the client aborts.
 * The trace is read now, in the request's own context: when the client goes away, 'close' comes
 * from the socket, outside that context.
 */
function track<R extends IncomingMessage>(
  metrics: PerfscopeMetrics,
  req: R,
  res: ServerResponse,
  templateOf: (req: R) => string | undefined
): void {
  const start = performance.now();
  const trace = metrics.currentTrace(req);
  metrics.requestStarted();
  res.on('close', () => {
    metrics.requestFinished();
    metrics.recordRequest(req.method, templateOf(req), statusOf(res), since(start), trace);
  });
}

/**
 * Wraps a plain Node `http` request handler. Node has no router, so `route` must map a request to
 * its route template (e.g. `/tracks/42` → `/tracks/:id`); return undefined for unknown paths.
 */
export function instrumentHandler(
  metrics: PerfscopeMetrics,
  handler: Handler,
  route: (req: IncomingMessage) => string | undefined
): Handler {
  const template = (req: IncomingMessage) => {
    try {
      return route(req);
    } catch {
      return undefined;
    }
  };
  return (req, res) => {
    track(metrics, req, res, template);
    handler(req, res);
  };
}

interface ExpressRequest extends IncomingMessage {
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * Express middleware (Express 4 and 5). Mount it before the routes. The route label is the matched
 * route template (`req.baseUrl + req.route.path`); requests that match no route are `__unmatched__`.
 */
export function expressMiddleware(metrics: PerfscopeMetrics) {
  return function perfscopeMetrics(req: ExpressRequest, res: ServerResponse, next: () => void) {
    track(metrics, req, res, expressTemplate);
    next();
  };
}

/** The matched Express route template (`req.baseUrl + req.route.path`), undefined when none matched. */
function expressTemplate(req: ExpressRequest): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? (req.baseUrl ? `${req.baseUrl}${path}` : path) : undefined;
}

/**
 * The whole Express app wrapped as a Node request handler: `http.createServer(instrumentExpress(metrics, app))`.
 * Records exactly what expressMiddleware records, without adding a layer to Express's middleware
 * chain, which every request would otherwise pass through (the cheapest way to instrument Express).
 */
export function instrumentExpress(
  metrics: PerfscopeMetrics,
  app: (req: IncomingMessage, res: ServerResponse) => void
): Handler {
  return (req, res) => {
    track(metrics, req, res, expressTemplate);
    app(req, res);
  };
}

interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: any, reply: any, done: () => void) => void): unknown;
  addHook(name: 'onResponse', hook: (request: any, reply: any, done: () => void) => void): unknown;
}

/**
 * Fastify plugin (Fastify 4 and 5): `app.register(fastifyMetrics(metrics))`. It applies to the whole
 * app (not encapsulated). The route label is Fastify's route pattern (`/tracks/:id`).
 */
export function fastifyMetrics(metrics: PerfscopeMetrics) {
  const plugin = (app: FastifyLike, _opts: unknown, done: () => void) => {
    app.addHook('onRequest', (_request, _reply, next) => {
      metrics.requestStarted();
      next();
    });
    app.addHook('onResponse', (request, reply, next) => {
      metrics.requestFinished();
      const pattern: unknown = request.routeOptions?.url ?? request.routerPath;
      // Fastify times requests itself (elapsedTime from 4.8, getResponseTime before), in ms.
      const ms: number = reply.elapsedTime ?? reply.getResponseTime?.() ?? 0;
      // Fastify runs this hook in the request's context: its trace is the request's.
      metrics.recordRequest(
        request.method,
        typeof pattern === 'string' && reply.statusCode !== 404 ? pattern : undefined,
        reply.statusCode,
        ms / 1000,
        metrics.currentTrace(request.raw)
      );
      next();
    });
    done();
  };
  // Same effect as wrapping with fastify-plugin: hooks apply outside this plugin's scope.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}

/**
 * The scrape endpoint, for Node `http` and Express (`app.get('/metrics', metricsHandler(metrics))`):
 * OpenMetrics with exemplars to a scraper that prefers it (Prometheus does), the Prometheus text
 * format to any other.
 */
export function metricsHandler(metrics: PerfscopeMetrics): Handler {
  return (req, res) => {
    metrics.scrape(req.headers.accept).then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          `Perfscope metrics could not be exposed (${error instanceof Error ? error.message : String(error)}): a collect() of a custom metric in this registry failed; fix or remove it.\n`
        );
      }
    );
  };
}
