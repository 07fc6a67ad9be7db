/**
 * otel-legacy: the OpenTelemetry HTTP convention before semantic conventions 1.21, in milliseconds:
 * opentelemetry-specification v1.20.0 specification/metrics/semantic_conventions/http-metrics.md
 * (`http.server.duration`, unit `ms`, attributes `http.method`, `http.route`, `http.status_code`,
 * `http.scheme`, `net.host.name`, `net.host.port`, `net.protocol.*`; `http.server.active_requests`),
 * with the SDK's default explicit buckets (v1.20.0 specification/metrics/sdk.md,
 * 0, 5, 10, 25 … 10000) and the Prometheus name the compatibility spec gives it
 * (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/: `ms` appends
 * `_milliseconds`).
 */
import type { SimulatedArea } from '../recorder';
import { DialectBase, setTargetInfo, TARGET_INFO } from './shared';

export const OTEL_LEGACY_AREAS: readonly SimulatedArea[] = ['http'];

export const OTEL_LEGACY_BUCKETS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000] as const;

const SCOPE = { otel_scope_name: '@opentelemetry/instrumentation-http', otel_scope_version: '0.40.0' };
const HOST = { http_scheme: 'http', net_host_name: 'music-api', net_host_port: '8080' };

export class OtelLegacyDialect extends DialectBase {
  private readonly duration = this.histogram(
    'http',
    'http_server_duration_milliseconds',
    'Measures the duration of inbound HTTP requests.',
    [
      'http_method',
      'http_route',
      'http_status_code',
      'http_scheme',
      'net_host_name',
      'net_host_port',
      'net_protocol_name',
      'net_protocol_version',
      'otel_scope_name',
      'otel_scope_version',
    ],
    OTEL_LEGACY_BUCKETS
  );
  private readonly active = this.gauge(
    'http',
    'http_server_active_requests',
    'Measures the number of concurrent HTTP requests that are currently in-flight.',
    ['http_method', 'http_scheme', 'net_host_name', 'net_host_port', 'otel_scope_name', 'otel_scope_version']
  );
  private readonly target = this.gauge('http', TARGET_INFO.name, TARGET_INFO.help, TARGET_INFO.labels);
  private readonly methodsSeen = new Set<string>();

  buildInfo(version: string): void {
    setTargetInfo(this.target, version);
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    if (!this.methodsSeen.has(method)) {
      this.methodsSeen.add(method);
      this.active.set({ http_method: method, ...HOST, ...SCOPE }, 0);
    }
    this.duration.observe(
      {
        http_method: method,
        http_route: route,
        http_status_code: String(statusCode),
        net_protocol_name: 'http',
        net_protocol_version: '1.1',
        ...HOST,
        ...SCOPE,
      },
      seconds * 1000
    );
  }
}
