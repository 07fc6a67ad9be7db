import { from } from 'rxjs';

/** A stand-in's answer to one request. */
export interface StandInAnswer {
  status: number;
  body?: unknown;
}

/** Answers a request (method, path, the request body, the query), or undefined for a route it lacks. */
export type StandInHandler = (
  method: string,
  path: string,
  readJson: () => Promise<unknown>,
  query: URLSearchParams
) => Promise<StandInAnswer> | undefined;

/**
 * Grafana's backend service (`getBackendSrv().fetch`) over in-memory stand-ins, for unit tests:
 * bodies travel as JSON, as over HTTP, and an answer of 400 or more is thrown as Grafana's
 * FetchError is (`{ status, data }`, public/app/core/services/backend_srv.ts). `calls` lists every
 * request as "METHOD url".
 */
export function standInBackendSrv(handle: StandInHandler) {
  const calls: string[] = [];
  const backendSrv = {
    fetch: ({ method = 'GET', url, data }: { method?: string; url: string; data?: unknown }) => {
      calls.push(`${method} ${url}`);
      const { pathname, searchParams } = new URL(url, 'http://grafana');
      const answer = handle(
        method,
        pathname,
        async () => (data === undefined ? undefined : JSON.parse(JSON.stringify(data))),
        searchParams
      );
      if (!answer) {
        throw new Error(`no stand-in for ${method} ${url}`);
      }
      return from(
        answer.then(({ status, body }) => {
          if (status >= 400) {
            throw { status, data: body };
          }
          return { status, data: body };
        })
      );
    },
  };
  return { backendSrv, calls };
}
