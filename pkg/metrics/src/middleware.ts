import type { IncomingMessage, ServerResponse } from 'http';
import type { PerfscopeMetrics } from './kit';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Seconds since a process.hrtime.bigint() reading. */
const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Wraps a plain Node `http` request handler. Node has no router, so `route` must map a request to
 * its route template (e.g. `/tracks/42` → `/tracks/:id`); return undefined for unknown paths.
 */
export function instrumentHandler(
  metrics: PerfscopeMetrics,
  handler: Handler,
  route: (req: IncomingMessage) => string | undefined
): Handler {
  return (req, res) => {
    const start = process.hrtime.bigint();
    metrics.requestStarted();
    let done = false;
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      metrics.requestFinished();
      let template: string | undefined;
      try {
        template = route(req);
      } catch {
        template = undefined;
      }
      metrics.recordRequest(req.method, template, res.statusCode, since(start));
    };
    res.once('finish', finish);
    res.once('close', finish);
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
  return (req: ExpressRequest, res: ServerResponse, next: () => void) => {
    const start = process.hrtime.bigint();
    metrics.requestStarted();
    let done = false;
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      metrics.requestFinished();
      const path = req.route?.path;
      const template = typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : undefined;
      metrics.recordRequest(req.method, template, res.statusCode, since(start));
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}

interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: any, reply: any, done: () => void) => void): unknown;
  addHook(name: 'onResponse', hook: (request: any, reply: any, done: () => void) => void): unknown;
}

const START = Symbol('perfscope.start');

/**
 * Fastify plugin (Fastify 4 and 5): `app.register(fastifyMetrics(metrics))`. It applies to the whole
 * app (not encapsulated). The route label is Fastify's route pattern (`/tracks/:id`).
 */
export function fastifyMetrics(metrics: PerfscopeMetrics) {
  const plugin = (app: FastifyLike, _opts: unknown, done: () => void) => {
    app.addHook('onRequest', (request, _reply, next) => {
      request[START] = process.hrtime.bigint();
      metrics.requestStarted();
      next();
    });
    app.addHook('onResponse', (request, reply, next) => {
      metrics.requestFinished();
      const pattern: unknown = request.routeOptions?.url ?? request.routerPath;
      const started: bigint | undefined = request[START];
      metrics.recordRequest(
        request.method,
        typeof pattern === 'string' && reply.statusCode !== 404 ? pattern : undefined,
        reply.statusCode,
        started === undefined ? 0 : since(started)
      );
      next();
    });
    done();
  };
  // Same effect as wrapping with fastify-plugin: hooks apply outside this plugin's scope.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
