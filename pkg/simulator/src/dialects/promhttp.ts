/**
 * promhttp: a Go service instrumented with client_golang's promhttp middleware
 * (https://pkg.go.dev/github.com/prometheus/client_golang/prometheus/promhttp, source
 * prometheus/promhttp/instrument_server.go): InstrumentHandlerCounter and InstrumentHandlerDuration
 * partition by `code` (the status as a number) and `method` (known methods in lower case, else
 * `unknown`), with a `handler` label curried per handler as in ExampleInstrumentHandlerDuration;
 * InstrumentHandlerInFlight takes a plain gauge. Durations use prometheus.DefBuckets
 * (prometheus/histogram.go). The process collector adds `process_resident_memory_bytes`; Go has no
 * load-average metric. promhttp leaves the names to the application: these are the common ones.
 */
import type { SimulatedArea } from '../recorder';
import { bracedRoute, DialectBase } from './shared';

export const PROMHTTP_AREAS: readonly SimulatedArea[] = ['http', 'system'];

export const GO_DEF_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const METHODS = new Set(['get', 'put', 'head', 'post', 'delete', 'connect', 'options', 'notify', 'trace', 'patch']);

/** promhttp's sanitizeMethod. */
export function goMethod(method: string): string {
  const m = method.toLowerCase();
  return METHODS.has(m) ? m : 'unknown';
}

export class PromhttpDialect extends DialectBase {
  private readonly requests = this.counter(
    'http',
    'http_requests_total',
    'A counter for requests to the wrapped handler.',
    ['code', 'method', 'handler']
  );
  private readonly duration = this.histogram(
    'http',
    'http_request_duration_seconds',
    'A histogram of latencies for requests.',
    ['code', 'method', 'handler'],
    GO_DEF_BUCKETS
  );

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    // The simulated requests are over when recorded: in flight stays 0.
    this.gauge('http', 'http_requests_in_flight', 'A gauge of requests currently being served by the wrapped handler.');
    this.gauge('system', 'process_resident_memory_bytes', 'Resident memory size in bytes.', [], (g) =>
      g.set(process.memoryUsage.rss())
    );
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { code: String(statusCode), method: goMethod(method), handler: bracedRoute(route) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
