/**
 * A small BackendSrv over window.fetch that behaves like Grafana's where plugins can tell:
 * Observable responses shaped as FetchResponse, query params serialised as Grafana does, JSON
 * bodies for POST/PUT/PATCH, `responseType` honoured (default: JSON when the body parses, text
 * otherwise), errors shaped as FetchError {status, statusText, data, config}, unsubscribing aborts
 * the request, and a newer request with the same `requestId` cancels the older one.
 */
import { Observable, lastValueFrom } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

/** Query string the way Grafana builds it: arrays repeat the key, undefined and empty values are left out. */
export function serializeParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && !((typeof v === 'string' || Array.isArray(v)) && v.length === 0))
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((item) => `${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`)
    )
    .join('&');
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'blob':
      return response.blob();
    case 'json':
      return response.headers.get('content-length') === '0' ? {} : response.json();
    case 'text':
      return response.text();
    default: {
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
  }
}

function requestInit(options: BackendSrvRequest, signal: AbortSignal): RequestInit {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers = new Headers(options.headers ?? {});
  if (!headers.has('accept')) {
    headers.set('accept', 'application/json, text/plain, */*');
  }
  if (['POST', 'PUT', 'PATCH'].includes(method) && !headers.has('content-type')) {
    headers.set('content-type', 'application/json');
  }
  let body: BodyInit | undefined;
  if (options.data !== undefined && options.data !== null) {
    body =
      typeof options.data === 'string'
        ? options.data
        : headers.get('content-type')?.toLowerCase() === 'application/json'
          ? JSON.stringify(options.data)
          : new URLSearchParams(options.data as Record<string, string>);
  }
  return {
    method,
    headers,
    body,
    credentials: options.credentials ?? (options.withCredentials ? 'include' : 'same-origin'),
    signal,
  };
}

export function urlFor(options: BackendSrvRequest): string {
  const query = options.params ? serializeParams(options.params) : '';
  const url = new URL(options.url, `${window.location.origin}/`);
  if (query) {
    url.search = url.search ? `${url.search}&${query}` : `?${query}`;
  }
  return url.origin === window.location.origin ? `${url.pathname}${url.search}` : url.toString();
}

export class HostBackendSrv implements BackendSrv {
  /** Every request made, in order: `METHOD url`. */
  readonly requests: string[] = [];
  private readonly inFlight = new Map<string, () => void>();

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const url = urlFor(options);
      this.requests.push(`${(options.method ?? 'GET').toUpperCase()} ${url}`);
      const { requestId, abortSignal } = options;
      const cancel = () => {
        const cancelled: FetchError = {
          status: -1,
          statusText: 'Request was aborted',
          data: null,
          cancelled: true,
          config: options,
        };
        subscriber.error(cancelled);
        controller.abort();
      };
      if (requestId) {
        this.inFlight.get(requestId)?.();
        this.inFlight.set(requestId, cancel);
      }
      const onAbort = () => controller.abort();
      abortSignal?.addEventListener('abort', onAbort);
      const done = () => {
        abortSignal?.removeEventListener('abort', onAbort);
        if (requestId && this.inFlight.get(requestId) === cancel) {
          this.inFlight.delete(requestId);
        }
      };

      (async () => {
        const response = await window.fetch(url, requestInit(options, controller.signal));
        // Grafana parses the body by responseType before it looks at the status, so the error body of
        // an arraybuffer request arrives as bytes (public/app/core/services/backend_srv.ts
        // getFromFetchStream → public/app/core/utils/fetch.ts parseResponseBody).
        let data = await parseBody(response, options.responseType);
        if (!response.ok) {
          // processRequestError wraps a text body as { message, error, response }.
          if (typeof data === 'string') {
            data = { message: data, error: response.statusText, response: data };
          }
          const error: FetchError = {
            status: response.status,
            statusText: response.statusText,
            data,
            config: options,
          };
          const message = (data as { message?: unknown } | undefined)?.message;
          if (typeof message === 'string') {
            error.message = message;
          }
          throw error;
        }
        return {
          data: data as T,
          status: response.status,
          statusText: response.statusText,
          ok: true,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        } satisfies FetchResponse<T>;
      })().then(
        (response) => {
          done();
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => {
          done();
          if (!controller.signal.aborted || abortSignal?.aborted) {
            subscriber.error(error);
          }
        }
      );
      return () => {
        done();
        controller.abort();
      };
    });
  }

  chunked(options: BackendSrvRequest): Observable<FetchResponse<Uint8Array | undefined>> {
    return new Observable((subscriber) => {
      const controller = new AbortController();
      (async () => {
        const response = await window.fetch(urlFor(options), requestInit(options, controller.signal));
        const base = {
          status: response.status,
          statusText: response.statusText,
          ok: response.ok,
          headers: response.headers,
          redirected: response.redirected,
          type: response.type,
          url: response.url,
          config: options,
        };
        const reader = response.body?.getReader();
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) {
            break;
          }
          subscriber.next({ ...base, data: chunk.value });
        }
        subscriber.complete();
      })().catch((error: unknown) => {
        if (!controller.signal.aborted) {
          subscriber.error(error);
        }
      });
      return () => controller.abort();
    });
  }

  /** Cancels the request in flight with this id, as Grafana's resolveCancelerIfExists does. */
  cancelRequest(requestId: string): void {
    this.inFlight.get(requestId)?.();
  }

  async request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  get<T = unknown>(url: string, params?: unknown, requestId?: string, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'GET', params: params as Record<string, unknown>, requestId });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'DELETE', data });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'POST', data });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'PATCH', data });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, url, method: 'PUT', data });
  }
}
