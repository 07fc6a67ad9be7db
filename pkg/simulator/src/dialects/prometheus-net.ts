/**
 * prometheus-net: an ASP.NET Core service with prometheus-net.AspNetCore's `UseHttpMetrics()`
 * (https://github.com/prometheus-net/prometheus-net README "ASP.NET Core HTTP request metrics";
 * Prometheus.AspNetCore/HttpMetrics/*.cs): `http_requests_received_total` and
 * `http_request_duration_seconds` (ExponentialBuckets(0.001, 2, 16): 1 ms … 32.768 s) labelled
 * `code`, `method`, `controller`, `action` and `endpoint` (the route pattern), and
 * `http_requests_in_progress` labelled `method`, `controller`, `action`, `endpoint`. The simulated
 * service uses MVC controllers with attribute routes (`[HttpGet("tracks/{id}")]` on `TracksController`).
 */
import type { SimulatedArea } from '../recorder';
import { bracedRoute, capitalise, DialectBase, firstSegment } from './shared';

export const PROMETHEUS_NET_AREAS: readonly SimulatedArea[] = ['http'];

export const PROMETHEUS_NET_BUCKETS = Array.from({ length: 16 }, (_, i) => 0.001 * 2 ** i);

const LABELS = ['code', 'method', 'controller', 'action', 'endpoint'];

export class PrometheusNetDialect extends DialectBase {
  private readonly requests = this.counter(
    'http',
    'http_requests_received_total',
    'Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.',
    LABELS
  );
  private readonly duration = this.histogram(
    'http',
    'http_request_duration_seconds',
    'The duration of HTTP requests processed by an ASP.NET Core application.',
    LABELS,
    PROMETHEUS_NET_BUCKETS
  );
  private readonly inProgress = this.gauge(
    'http',
    'http_requests_in_progress',
    'The number of requests currently in progress in the ASP.NET Core pipeline. One series without controller/action label values counts all in-progress requests, with separate series existing for each controller-action pair.',
    ['method', 'controller', 'action', 'endpoint']
  );
  private readonly routesSeen = new Set<string>();

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const target = {
      method,
      controller: capitalise(firstSegment(route)),
      action: capitalise(method.toLowerCase()),
      endpoint: bracedRoute(route).replace(/^\//, ''),
    };
    const key = `${method} ${route}`;
    if (!this.routesSeen.has(key)) {
      // The simulated requests are over when recorded: the gauge is there, at 0.
      this.routesSeen.add(key);
      this.inProgress.set(target, 0);
    }
    const labels = { code: String(statusCode), ...target };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
