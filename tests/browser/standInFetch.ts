import { from } from 'rxjs';

/** A stand-in's answer to one request. */
export interface StandInAnswer {
  status: number;
  body?: unknown;
}

/** Answers a request (method, path, the request body, the query, its headers in lower case), or undefined for a route it lacks. */
export type StandInHandler = (
  method: string,
  path: string,
  readJson: () => Promise<unknown>,
  query: URLSearchParams,
  headers: Record<string, string>
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
    fetch: ({
      method = 'GET',
      url,
      data,
      params,
      headers = {},
    }: {
      method?: string;
      url: string;
      data?: unknown;
      params?: Record<string, string>;
      headers?: Record<string, string>;
    }) => {
      const query = params ? `?${new URLSearchParams(params)}` : '';
      calls.push(`${method} ${url}${query}`);
      const { pathname, searchParams } = new URL(`${url}${query}`, 'http://grafana');
      const answer = handle(
        method,
        pathname,
        async () => (data === undefined ? undefined : JSON.parse(JSON.stringify(data))),
        searchParams,
        Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
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
