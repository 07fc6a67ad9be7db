/**
 * Naming presets: how common instrumentation names the catalog's metrics, each written from that
 * instrumentation's own documentation or source (named in `docs`). An admin picks one per area
 * (HTTP from OpenTelemetry, the cache from redis_exporter, the database from postgres_exporter);
 * the preset's sources and expressions for that area's metrics and signals then apply.
 */
import { AREAS } from './areas';
import { getMetric, METRICS } from './metrics';
import { getSignal } from './signals';
import type { Area, CanonicalLabel, MetricSource, MetricSources } from './types';

export const PRESET_IDS = [
  'kit',
  'otel',
  'otel-legacy',
  'prom-client',
  'micrometer',
  'promhttp',
  'prometheus-net',
  'ingress-nginx',
  'redis-exporter',
  'mysqld-exporter',
  'postgres-exporter',
  'node-exporter',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  readonly id: PresetId;
  readonly title: string;
  /** Where its names come from. */
  readonly docs: string;
  /** Canonical metric → how this instrumentation has it. */
  readonly sources: MetricSources;
  /** Signal id → PromQL template, for a signal this instrumentation expresses only otherwise. */
  readonly overrides: Readonly<Record<string, string>>;
}

/** The same labels on a request counter derived from a histogram and on the histogram. */
const httpLabels = (method: string, route: string, status: string): Partial<Record<CanonicalLabel, string>> => ({
  method,
  route,
  status_code: status,
});

/** A histogram that also stands for the request counter, through its `_count`. */
const requestsFrom = (
  histogram: string,
  labels: Partial<Record<CanonicalLabel, string>>,
  extra: Omit<MetricSource, 'name' | 'labels'> = {}
): MetricSources => ({
  http_request_duration_seconds: { name: histogram, labels, ...extra },
  http_requests_total: { name: `${histogram}_count`, labels },
});

// OpenTelemetry semantic conventions, as the Prometheus exporters name them (dots → `_`, unit
// appended, `_total` on monotonic sums only): docs/http/http-metrics.md, docs/db/database-metrics.md.
const OTEL_HTTP = httpLabels('http_request_method', 'http_route', 'http_response_status_code');
const OTEL_DB = 'db_client_operation_duration_seconds';
// A Prometheus exporter of an OpenTelemetry SDK turns the resource's attributes into the labels of
// one `target_info` gauge (specs/otel/compatibility/prometheus_and_openmetrics.md, "Resource
// Attributes"): `service.version` becomes `service_version`. The conventions name no commit.
const OTEL_BUILD: MetricSource = { name: 'target_info', labels: { version: 'service_version' }, without: ['commit'] };
const OTEL_COMPATIBILITY = 'https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/';

// Micrometer's percentiles-histogram buckets of a timer (1 ms to 30 s): PercentileHistogramBuckets
// clipped to the timer's minimum and maximum expected values (AbstractTimerBuilder).
const MICROMETER_TIMER_BUCKETS = [
  0.001, 0.001048576, 0.001398101, 0.001747626, 0.002097151, 0.002446676, 0.002796201, 0.003145726, 0.003495251,
  0.003844776, 0.004194304, 0.005592405, 0.006990506, 0.008388607, 0.009786708, 0.011184809, 0.01258291, 0.013981011,
  0.015379112, 0.016777216, 0.022369621, 0.027962026, 0.033554431, 0.039146836, 0.044739241, 0.050331646, 0.055924051,
  0.061516456, 0.067108864, 0.089478485, 0.111848106, 0.134217727, 0.156587348, 0.178956969, 0.20132659, 0.223696211,
  0.246065832, 0.268435456, 0.357913941, 0.447392426, 0.536870911, 0.626349396, 0.715827881, 0.805306366, 0.894784851,
  0.984263336, 1.073741824, 1.431655765, 1.789569706, 2.147483647, 2.505397588, 2.863311529, 3.22122547, 3.579139411,
  3.937053352, 4.294967296, 5.726623061, 7.158278826, 8.589934591, 10.021590356, 11.453246121, 12.884901886,
  14.316557651, 15.748213416, 17.179869184, 22.906492245, 28.633115306, 30,
];

export const PRESETS: readonly Preset[] = [
  {
    id: 'kit',
    title: 'Perfscope kit (@perfscope/metrics)',
    docs: 'pkg/metrics',
    sources: {},
    overrides: {},
  },
  {
    id: 'otel',
    title: 'OpenTelemetry semantic conventions',
    docs: `https://opentelemetry.io/docs/specs/semconv/http/http-metrics/, https://opentelemetry.io/docs/specs/semconv/db/database-metrics/ and ${OTEL_COMPATIBILITY}`,
    sources: {
      ...requestsFrom('http_server_request_duration_seconds', OTEL_HTTP, {
        buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      }),
      http_requests_in_flight: { name: 'http_server_active_requests' },
      app_build_info: OTEL_BUILD,
      db_query_duration_seconds: {
        name: OTEL_DB,
        labels: { operation: 'db_operation_name', table: 'db_collection_name' },
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
      },
      // error.type is set if and only if the operation failed.
      db_query_errors_total: {
        name: `${OTEL_DB}_count`,
        labels: { operation: 'db_operation_name' },
        matchers: [{ label: 'error_type', op: '!=', value: '' }],
      },
      db_connections_active: {
        name: 'db_client_connection_count',
        labels: { connection: 'db_client_connection_pool_name' },
        matchers: [{ label: 'db_client_connection_state', op: '=', value: 'used' }],
      },
    },
    overrides: {
      // No slow-query counter: the queries above 1 s are the count less the 1 s bucket.
      db_slow_query_rate: `sum(rate(${OTEL_DB}_count{$filters}[$window])) - sum(rate(${OTEL_DB}_bucket{le=~"1|1[.]0",$filters}[$window]))`,
    },
  },
  {
    id: 'otel-legacy',
    title: 'OpenTelemetry HTTP before semconv 1.21 (http.server.duration in ms)',
    docs: `https://github.com/open-telemetry/opentelemetry-specification/blob/v1.20.0/specification/metrics/semantic_conventions/http-metrics.md and ${OTEL_COMPATIBILITY}`,
    sources: {
      ...requestsFrom(
        'http_server_duration_milliseconds',
        httpLabels('http_method', 'http_route', 'http_status_code'),
        {
          scale: 0.001,
          buckets: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
        }
      ),
      http_requests_in_flight: { name: 'http_server_active_requests' },
      // The SDK's Prometheus exporter writes the resource as target_info whatever the HTTP conventions.
      app_build_info: OTEL_BUILD,
    },
    overrides: {},
  },
  {
    id: 'prom-client',
    title: 'prom-client with express-prom-bundle',
    docs: 'https://github.com/jochen-schweizer/express-prom-bundle#options',
    sources: requestsFrom('http_request_duration_seconds', httpLabels('method', 'path', 'status_code'), {
      buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10],
    }),
    overrides: {},
  },
  {
    id: 'micrometer',
    title: 'Spring Boot with Micrometer',
    docs: 'https://docs.spring.io/spring-boot/reference/actuator/metrics.html',
    sources: {
      ...requestsFrom('http_server_requests_seconds', httpLabels('method', 'uri', 'status'), {
        buckets: MICROMETER_TIMER_BUCKETS,
      }),
      http_requests_total: {
        name: 'http_server_requests_seconds_count',
        labels: httpLabels('method', 'uri', 'status'),
        outcomes: { server_error: { matchers: [{ label: 'outcome', op: '=', value: 'SERVER_ERROR' }] } },
      },
      db_query_duration_seconds: {
        name: 'spring_data_repository_invocations_seconds',
        labels: { operation: 'method', table: 'repository' },
        buckets: MICROMETER_TIMER_BUCKETS,
      },
      db_query_errors_total: {
        name: 'spring_data_repository_invocations_seconds_count',
        labels: { operation: 'method' },
        matchers: [{ label: 'state', op: '=', value: 'ERROR' }],
      },
      db_connections_active: { name: 'hikaricp_connections_active', labels: { connection: 'pool' } },
      cache_requests_total: { name: 'cache_gets_total' },
      cache_evictions_total: { name: 'cache_evictions_total' },
      node_load1: { name: 'system_load_average_1m' },
      process_resident_memory_bytes: { name: 'jvm_memory_used_bytes' },
    },
    overrides: {},
  },
  {
    id: 'promhttp',
    title: 'Go client_golang promhttp',
    docs: 'https://pkg.go.dev/github.com/prometheus/client_golang/prometheus/promhttp',
    sources: {
      http_requests_total: { name: 'http_requests_total', labels: httpLabels('method', 'handler', 'code') },
      http_request_duration_seconds: {
        name: 'http_request_duration_seconds',
        labels: httpLabels('method', 'handler', 'code'),
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      },
      http_requests_in_flight: { name: 'http_requests_in_flight' },
    },
    overrides: {},
  },
  {
    id: 'prometheus-net',
    title: 'prometheus-net (ASP.NET Core)',
    docs: 'https://github.com/prometheus-net/prometheus-net#aspnet-core-http-request-metrics',
    sources: {
      http_requests_total: { name: 'http_requests_received_total', labels: httpLabels('method', 'endpoint', 'code') },
      http_request_duration_seconds: {
        name: 'http_request_duration_seconds',
        labels: httpLabels('method', 'endpoint', 'code'),
        buckets: [
          0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384,
          32.768,
        ],
      },
      http_requests_in_flight: { name: 'http_requests_in_progress' },
    },
    overrides: {},
  },
  {
    id: 'ingress-nginx',
    title: 'Kubernetes ingress-nginx',
    docs: 'https://kubernetes.github.io/ingress-nginx/user-guide/monitoring/',
    sources: {
      http_requests_total: {
        name: 'nginx_ingress_controller_requests',
        labels: httpLabels('method', 'path', 'status'),
      },
      http_request_duration_seconds: {
        name: 'nginx_ingress_controller_request_duration_seconds',
        labels: httpLabels('method', 'path', 'status'),
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      },
    },
    overrides: {},
  },
  {
    id: 'redis-exporter',
    title: 'redis_exporter',
    docs: 'https://github.com/oliver006/redis_exporter#whats-exported',
    sources: {
      // One exporter per Redis, unlabelled: no cache names.
      cache_requests_total: {
        without: ['cache', 'result'],
        outcomes: { hit: { name: 'redis_keyspace_hits_total' }, miss: { name: 'redis_keyspace_misses_total' } },
      },
      cache_evictions_total: { name: 'redis_evicted_keys_total', without: ['cache'] },
      cache_memory_bytes: { name: 'redis_memory_used_bytes', without: ['cache'] },
    },
    overrides: {},
  },
  {
    id: 'mysqld-exporter',
    title: 'mysqld_exporter',
    docs: 'https://github.com/prometheus/mysqld_exporter',
    sources: {
      // One exporter per server, unlabelled: no connection names or operations.
      db_connection_up: { name: 'mysql_up', without: ['connection'] },
      db_connections_active: { name: 'mysql_global_status_threads_running', without: ['connection'] },
      db_slow_queries_total: { name: 'mysql_global_status_slow_queries', without: ['operation'] },
    },
    overrides: {},
  },
  {
    id: 'postgres-exporter',
    title: 'postgres_exporter',
    docs: 'https://github.com/prometheus-community/postgres_exporter',
    sources: {
      // One exporter per server: no connection names or operations.
      db_connection_up: { name: 'pg_up', without: ['connection'] },
      db_connections_active: {
        name: 'pg_stat_activity_count',
        without: ['connection'],
        matchers: [{ label: 'state', op: '=', value: 'active' }],
      },
      db_query_errors_total: { name: 'pg_stat_database_xact_rollback', without: ['operation'] },
    },
    overrides: {},
  },
  {
    id: 'node-exporter',
    title: 'node_exporter',
    docs: 'https://github.com/prometheus/node_exporter',
    sources: { node_load1: { name: 'node_load1' } },
    overrides: {
      // The host's memory in use: node_exporter has no process memory.
      process_memory: 'sum(node_memory_MemTotal_bytes{$filters} - node_memory_MemAvailable_bytes{$filters})',
    },
  },
];

/** The areas metrics belong to, in the catalog's order: the areas a preset can be chosen for. */
export const METRIC_AREAS: readonly Area[] = AREAS.map((a) => a.id).filter((area) =>
  METRICS.some((m) => m.area === area)
);

const BY_ID: ReadonlyMap<string, Preset> = new Map(PRESETS.map((p) => [p.id, p]));

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return BY_ID.get(id);
}

/** The areas a preset names metrics or signals of (the kit: every area). */
export function presetAreas(preset: Preset): readonly Area[] {
  if (preset.id === 'kit') {
    return METRIC_AREAS;
  }
  const areas = [
    ...Object.keys(preset.sources).map((m) => getMetric(m).area),
    ...Object.keys(preset.overrides).map((s) => getSignal(s).area),
  ];
  return [...new Set(areas)];
}

/** The sources and expressions of the presets chosen per area, each for its area's metrics and signals. */
export function presetOptions(chosen: Readonly<Partial<Record<Area, PresetId>>>): {
  sources: Record<string, MetricSource>;
  overrides: Record<string, string>;
} {
  const sources: Record<string, MetricSource> = {};
  const overrides: Record<string, string> = {};
  for (const [area, id] of Object.entries(chosen)) {
    const preset = id ? findPreset(id) : undefined;
    if (!preset) {
      continue;
    }
    for (const [metric, source] of Object.entries(preset.sources)) {
      if (source && getMetric(metric).area === area) {
        sources[metric] = source;
      }
    }
    for (const [signal, template] of Object.entries(preset.overrides)) {
      if (getSignal(signal).area === area) {
        overrides[signal] = template;
      }
    }
  }
  return { sources, overrides };
}
