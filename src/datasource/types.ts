import type { DataQuery } from '@grafana/schema';
import type { LabelMatcher } from '@perfscope/catalog';
import type { DataSourceJsonData } from '@grafana/data';

/** Signal: a catalog signal; PromQL: a raw expression; Health: every health-score component, one query each. */
export type QueryMode = 'signal' | 'promql' | 'health';

export interface Query extends DataQuery {
  mode: QueryMode;
  /** Catalog signal id, in signal mode. */
  signal?: string;
  /** Label filters added to every selector of the signal (e.g. job="api", route=~"$route"). */
  filters?: LabelMatcher[];
  /** Raw PromQL, in PromQL mode. */
  expr?: string;
  /** Series names from labels, e.g. `{{route}} {{status_code}}` (signal and PromQL modes). */
  legendFormat?: string;
  /** One value at the end of the range (`/api/v1/query`) instead of a series over it. */
  instant?: boolean;
  /** Keep the panel live: poll for new points every `pollSeconds`, over the panel's time range. */
  stream?: boolean;
  /** Seconds between polls while streaming (default 5, at least 1). */
  pollSeconds?: number;
  /** How much history a live query keeps, a Prometheus duration such as `15m` (default: the panel's time range). */
  streamWindow?: string;
  /**
   * Also read the exemplars of the series the expression selects (`/api/v1/query_exemplars`), as an
   * `exemplar` frame that Grafana's time series panel draws as markers. Unset: on for latency signals
   * (a catalog histogram quantile in a time unit), off otherwise.
   */
  exemplars?: boolean;
}

export const DEFAULT_POLL_SECONDS = 5;

export const DEFAULT_QUERY: Partial<Query> = {
  mode: 'signal',
  signal: 'http_request_rate',
};

export type AuthMethod = 'none' | 'bearer' | 'basic';

/** Datasource settings kept in jsonData: nothing secret ever goes here. */
export interface Options extends DataSourceJsonData {
  /** Base URL of the Prometheus-compatible API, e.g. http://prometheus:9090. Reached through Grafana's proxy. */
  url?: string;
  /** How the API authenticates Grafana's requests. Basic auth uses Grafana's own basicAuth settings. */
  authMethod?: AuthMethod;
  /** Tenant for multi-tenant backends (Mimir, Cortex, Loki-style), sent as X-Scope-OrgID. */
  tenant?: string;
  /**
   * Request timeout in seconds: Grafana's own key, which its data-source proxy also applies to the
   * upstream request (pkg/services/datasources/service/datasource.go, getTimeout).
   */
  timeout?: number;
  /** The timeout's key in earlier versions, read when `timeout` is absent. */
  timeoutSeconds?: number;
  /** Scrape interval of the targets, used as the smallest step and for $__rate_interval. */
  scrapeInterval?: string;
  /** Uid of the tracing datasource (Tempo, Jaeger, Zipkin) that exemplars link to; unset: exemplars without links. */
  tracingDatasourceUid?: string;
  /** The exemplar label that holds the trace id (default `trace_id`). */
  exemplarTraceIdLabel?: string;
  /** Grafana's custom-header convention: names here, values in secureJsonData.httpHeaderValueN. */
  [key: `httpHeaderName${number}`]: string | undefined;
}

/** Secrets, kept in secureJsonData: Grafana encrypts them and only its proxy reads them. */
export interface SecureOptions {
  bearerToken?: string;
  basicAuthPassword?: string;
  [key: `httpHeaderValue${number}`]: string | undefined;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_SCRAPE_INTERVAL = '15s';
/** The exemplar label holding the trace id when the settings name none (OpenTelemetry's and the kit's). */
export const DEFAULT_TRACE_ID_LABEL = 'trace_id';
/** Custom headers the config editor offers. */
export const MAX_CUSTOM_HEADERS = 5;
