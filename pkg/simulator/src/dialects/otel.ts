/**
 * otel: OpenTelemetry semantic conventions, stable HTTP server and database client metrics, as an
 * OpenTelemetry Prometheus exporter exposes them.
 * - HTTP: https://opentelemetry.io/docs/specs/semconv/http/http-metrics/ (semantic-conventions
 *   docs/http/http-metrics.md): `http.server.request.duration` (s, advisory buckets 0.005 … 10),
 *   `http.server.active_requests` ({request}); `error.type` is the status code on a 5xx only.
 * - DB: https://opentelemetry.io/docs/specs/semconv/db/database-metrics/ (docs/db/database-metrics.md):
 *   `db.client.operation.duration` (s, advisory buckets 0.001 … 10), `error.type` on failures only;
 *   `db.client.connection.count` by `db.client.connection.state` (used, idle).
 * - Names: https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/ —
 *   dots become underscores, `s` appends `_seconds`, `{…}` units add nothing, an UpDownCounter is
 *   a gauge, and every point carries `otel_scope_name` and `otel_scope_version`.
 */
import type { SimulatedArea } from '../recorder';
import { DialectBase, idleConnections, setTargetInfo, TARGET_INFO } from './shared';

export const OTEL_AREAS: readonly SimulatedArea[] = ['http', 'database'];

export const OTEL_HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const;
export const OTEL_DB_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] as const;

/** Methods the conventions know (RFC 9110, PATCH, QUERY); any other is `_OTHER`. */
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);
const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version'];
const HTTP_SCOPE = { otel_scope_name: '@opentelemetry/instrumentation-http', otel_scope_version: '0.200.0' };
const DB_SCOPE = { otel_scope_name: '@opentelemetry/instrumentation-pg', otel_scope_version: '0.50.0' };

export class OtelDialect extends DialectBase {
  private readonly duration = this.histogram(
    'http',
    'http_server_request_duration_seconds',
    'Duration of HTTP server requests.',
    [
      'http_request_method',
      'http_route',
      'http_response_status_code',
      'url_scheme',
      'network_protocol_version',
      'error_type',
      ...SCOPE_LABELS,
    ],
    OTEL_HTTP_BUCKETS
  );
  private readonly active = this.gauge(
    'http',
    'http_server_active_requests',
    'Number of active HTTP server requests.',
    ['http_request_method', 'url_scheme', ...SCOPE_LABELS]
  );
  private readonly operations = this.histogram(
    'database',
    'db_client_operation_duration_seconds',
    'Duration of database client operations.',
    ['db_system_name', 'db_namespace', 'db_operation_name', 'db_collection_name', 'error_type', ...SCOPE_LABELS],
    OTEL_DB_BUCKETS
  );
  private readonly connections = this.gauge(
    'database',
    'db_client_connection_count',
    'The number of connections that are currently in state described by the `state` attribute.',
    ['db_client_connection_pool_name', 'db_client_connection_state', ...SCOPE_LABELS]
  );
  private readonly target = this.gauge('http', TARGET_INFO.name, TARGET_INFO.help, TARGET_INFO.labels);
  private readonly methodsSeen = new Set<string>();

  buildInfo(version: string): void {
    setTargetInfo(this.target, version);
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const httpMethod = KNOWN_METHODS.has(method) ? method : '_OTHER';
    if (!this.methodsSeen.has(httpMethod)) {
      // The simulated requests are over when recorded: the gauge is there, at 0.
      this.methodsSeen.add(httpMethod);
      this.active.set({ http_request_method: httpMethod, url_scheme: 'http', ...HTTP_SCOPE }, 0);
    }
    this.duration.observe(
      {
        http_request_method: httpMethod,
        http_route: route,
        http_response_status_code: String(statusCode),
        url_scheme: 'http',
        network_protocol_version: '1.1',
        // For a server, only 5xx are errors; error.type is then the status code as a string.
        ...(statusCode >= 500 ? { error_type: String(statusCode) } : {}),
        ...HTTP_SCOPE,
      },
      seconds
    );
  }

  observeQuery(operation: string, table: string, seconds: number, failed: boolean): void {
    this.operations.observe(
      {
        db_system_name: 'postgresql',
        db_namespace: 'music',
        db_operation_name: operation.toUpperCase(),
        db_collection_name: table,
        // The simulated failures are a primary that refuses connections.
        ...(failed ? { error_type: 'ECONNREFUSED' } : {}),
        ...DB_SCOPE,
      },
      seconds
    );
  }

  dbConnection(connection: string, up: boolean, active?: number): void {
    if (active === undefined) {
      return;
    }
    const used = up ? active : 0;
    const pool = { db_client_connection_pool_name: connection, ...DB_SCOPE };
    this.connections.set({ ...pool, db_client_connection_state: 'used' }, used);
    this.connections.set({ ...pool, db_client_connection_state: 'idle' }, idleConnections(up, used));
  }
}
