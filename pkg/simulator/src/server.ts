import * as http from 'http';
import type { AddressInfo } from 'net';
import { Fleet } from './fleet';
import { SCENARIO_NAMES } from './scenarios';
import type { DeployOptions, Simulator } from './simulator';

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The most a control request's body may hold; more is refused with 413. */
const MAX_BODY = 10_000;

/** A request the simulator refuses, with the HTTP status to answer and what to do instead. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) {
      throw new RequestError(
        413,
        `The body is over ${MAX_BODY.toLocaleString('en')} characters: send the fields as a small JSON object or in the query.`
      );
    }
  }
  return body;
}

/**
 * The fields of a control request, the same way for every endpoint: a JSON object body's, with the
 * query's over them. `plainText` names the field a body that is not JSON stands for (POST /scenario
 * takes a scenario name alone). Throws naming the endpoint's form.
 */
function requestFields(
  url: URL,
  body: string,
  form: { endpoint: string; example: string; plainText?: string }
): Record<string, unknown> {
  const text = body.trim();
  let fields: Record<string, unknown> = {};
  if (form.plainText !== undefined && text !== '' && !text.startsWith('{')) {
    fields = { [form.plainText]: text };
  } else if (text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RequestError(
        400,
        `The body of POST ${form.endpoint} must be a JSON object, e.g. ${form.example}${form.plainText ? `, a ${form.plainText} alone` : ''}, or empty (the fields may go in the query instead).`
      );
    }
    fields = { ...(parsed as Record<string, unknown>) };
  }
  for (const [key, value] of url.searchParams) {
    fields[key] = value;
  }
  return fields;
}

/** A text field, or undefined when it is not there; throws when it is there and is not text. */
function textField(fields: Record<string, unknown>, name: string, example: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RequestError(400, `The ${name} must be non-empty text, e.g. ${example} (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/**
 * POST /scenario: the scenario `name` (query, JSON body or a plain-text body) and, for a fleet, the
 * `service` it is for (undefined: every service).
 */
export function scenarioFromRequest(url: URL, body: string): { name: unknown; service: string | undefined } {
  const fields = requestFields(url, body, {
    endpoint: '/scenario',
    example: '{"name": "error-burst"}',
    plainText: 'name',
  });
  return { name: fields.name, service: textField(fields, 'service', '"checkout"') };
}

/**
 * POST /deploy: `version` and `slowdown` and, for a fleet, the `service` deployed (query or JSON
 * body, the query first); throws naming what is wrong.
 */
export function deployFromRequest(url: URL, body: string): { deploy: DeployOptions; service: string | undefined } {
  const fields = requestFields(url, body, { endpoint: '/deploy', example: '{"version": "1.4.2", "slowdown": 1.3}' });
  const version = textField(fields, 'version', '"1.4.2"');
  const slowdownField = fields.slowdown;
  const slowdown = slowdownField === undefined || slowdownField === null ? undefined : Number(slowdownField);
  if (
    slowdown !== undefined &&
    (!['string', 'number'].includes(typeof slowdownField) ||
      String(slowdownField).trim() === '' ||
      !Number.isFinite(slowdown))
  ) {
    throw new RequestError(
      400,
      `Slowdown must be a number above 0 and at most 100, e.g. 1.3 (got ${JSON.stringify(slowdownField)}).`
    );
  }
  return {
    deploy: { ...(version !== undefined ? { version } : {}), ...(slowdown !== undefined ? { slowdown } : {}) },
    service: textField(fields, 'service', '"checkout"'),
  };
}

/**
 * Serves the simulator: GET /metrics (Prometheus text), GET /scenario, POST /scenario (name, and for a
 * fleet `service`: one service's scenario, or every service's without it), GET /deploy (the builds),
 * POST /deploy (version, slowdown, and for a fleet `service`), GET /healthz. Steps the simulation
 * every `tickMs` of wall time.
 */
export async function serve(
  sim: Simulator | Fleet,
  host: string,
  port: number,
  tickMs = 100
): Promise<RunningSimulator> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/metrics' && req.method === 'GET') {
        const text = await sim.expose();
        res.writeHead(200, { 'content-type': sim.contentType });
        res.end(text);
      } else if (url.pathname === '/scenario' && req.method === 'GET') {
        send(res, 200, {
          ...(sim instanceof Fleet ? { services: sim.scenarios() } : { scenario: sim.scenario }),
          scenarios: SCENARIO_NAMES,
          speed: sim.speed,
          seed: sim.seed,
        });
      } else if (url.pathname === '/scenario' && req.method === 'POST') {
        const { name, service } = scenarioFromRequest(url, await readBody(req));
        try {
          if (sim instanceof Fleet) {
            sim.setScenario(name, service);
            send(res, 200, { services: sim.scenarios() });
          } else if (service !== undefined) {
            throw new Error(
              `This simulator runs one service, so there is no service "${service}" to choose: start it with --services N for a fleet.`
            );
          } else {
            sim.setScenario(name);
            send(res, 200, { scenario: sim.scenario });
          }
        } catch (e) {
          send(res, 400, { error: (e as Error).message, scenarios: SCENARIO_NAMES });
        }
      } else if (url.pathname === '/deploy' && req.method === 'GET') {
        send(res, 200, sim instanceof Fleet ? { services: sim.builds() } : { build: sim.build });
      } else if (url.pathname === '/deploy' && req.method === 'POST') {
        const { deploy, service } = deployFromRequest(url, await readBody(req));
        try {
          if (sim instanceof Fleet) {
            sim.deploy(deploy, service);
            send(res, 200, { services: sim.builds() });
          } else if (service !== undefined) {
            throw new Error(
              `This simulator runs one service, so there is no service "${service}" to deploy: start it with --services N for a fleet.`
            );
          } else {
            send(res, 200, { build: sim.deploy(deploy) });
          }
        } catch (e) {
          send(res, 400, { error: (e as Error).message });
        }
      } else if (url.pathname === '/healthz') {
        send(res, 200, { ok: true });
      } else {
        send(res, 404, {
          error: `No such endpoint ${req.method} ${url.pathname}. Endpoints: GET /metrics, GET|POST /scenario, GET|POST /deploy, GET /healthz.`,
        });
      }
    } catch (e) {
      send(res, e instanceof RequestError ? e.status : 500, { error: (e as Error).message });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: stop what runs there or pick another with --port.`
            : e.code === 'EADDRNOTAVAIL'
              ? `Address ${host} is not on this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses.`
              : `Cannot listen on ${host}:${port}: ${e.message}`
        )
      )
    );
    server.listen(port, host, resolve);
  });

  let last = process.hrtime.bigint();
  const timer = setInterval(() => {
    const now = process.hrtime.bigint();
    sim.step(Number(now - last) / 1e9);
    last = now;
  }, tickMs);

  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
