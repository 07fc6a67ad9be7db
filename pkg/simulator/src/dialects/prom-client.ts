/**
 * prom-client: a Node.js service instrumented with express-prom-bundle on prom-client
 * (https://github.com/jochen-schweizer/express-prom-bundle README and src/index.js): one histogram
 * `http_request_duration_seconds` with `status_code` and, turned on here, `includeMethod` (`method`)
 * and `includePath` (`path`, the URL path with values replaced by `#val`), default buckets
 * [0.003, 0.03, 0.1, 0.3, 1.5, 10], no request counter, and the `up` gauge; plus prom-client's
 * default metrics (https://github.com/siimon/prom-client lib/metrics): `process_resident_memory_bytes`
 * and `nodejs_eventloop_lag_seconds`. prom-client has no load average.
 */
import type { SimulatedArea } from '../recorder';
import { DialectBase, eventLoopLag } from './shared';

export const PROM_CLIENT_AREAS: readonly SimulatedArea[] = ['http', 'system'];

export const EXPRESS_PROM_BUNDLE_BUCKETS = [0.003, 0.03, 0.1, 0.3, 1.5, 10] as const;

/** express-prom-bundle's normalizePath: values in the path (ids) become `#val`. */
export function bundlePath(route: string): string {
  return route.replace(/:\w+/g, '#val');
}

export class PromClientDialect extends DialectBase {
  private readonly duration = this.histogram(
    'http',
    'http_request_duration_seconds',
    'duration histogram of http responses labeled with: status_code, method, path',
    ['status_code', 'method', 'path'],
    EXPRESS_PROM_BUNDLE_BUCKETS
  );

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    this.gauge('http', 'up', '1 = up, 0 = not up').set(1);
    this.gauge('system', 'process_resident_memory_bytes', 'Resident memory size in bytes.', [], (g) =>
      g.set(process.memoryUsage.rss())
    );
    if (this.on('system')) {
      const lag = eventLoopLag();
      this.gauge('system', 'nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', [], (g) => g.set(lag()));
    }
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.duration.observe({ status_code: String(statusCode), method, path: bundlePath(route) }, seconds);
  }
}
