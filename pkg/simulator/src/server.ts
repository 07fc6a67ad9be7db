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

async function readBody(req: http.IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) {
      throw new Error('body too large');
    }
  }
  return body;
}

/** Scenario name from `?name=`, a JSON body `{"name": …}` or a plain-text body. */
export function scenarioFromRequest(url: URL, body: string): unknown {
  const fromQuery = url.searchParams.get('name');
  if (fromQuery) {
    return fromQuery;
  }
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      return (JSON.parse(text) as { name?: unknown }).name;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * A deploy from `?version=&slowdown=` or a JSON body `{"version": …, "slowdown": …}`; throws naming
 * what is wrong.
 */
export function deployFromRequest(url: URL, body: string): DeployOptions {
  let fromBody: Record<string, unknown> = {};
  if (body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(body);
      fromBody = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw new Error('The body of POST /deploy must be JSON, e.g. {"version": "1.4.2", "slowdown": 1.3}, or empty.');
    }
  }
  const version = url.searchParams.get('version') ?? fromBody.version;
  const slowdownText = url.searchParams.get('slowdown') ?? fromBody.slowdown;
  const slowdown = slowdownText === undefined || slowdownText === null ? undefined : Number(slowdownText);
  if (slowdown !== undefined && (String(slowdownText).trim() === '' || !Number.isFinite(slowdown))) {
    throw new Error(
      `Slowdown must be a number above 0 and at most 100, e.g. 1.3 (got ${JSON.stringify(slowdownText)}).`
    );
  }
  return {
    ...(version !== undefined && version !== null ? { version: version as string } : {}),
    ...(slowdown !== undefined ? { slowdown } : {}),
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
        const name = scenarioFromRequest(url, await readBody(req));
        const service = url.searchParams.get('service') ?? undefined;
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
        const body = await readBody(req);
        const service = url.searchParams.get('service') ?? undefined;
        try {
          const deploy = deployFromRequest(url, body);
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
      send(res, 500, { error: (e as Error).message });
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
