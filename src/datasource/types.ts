import type { DataQuery } from '@grafana/schema';
import type { DataSourceJsonData } from '@grafana/data';

export type QueryMode = 'signal' | 'promql';

export interface Query extends DataQuery {
  mode: QueryMode;
  /** Catalog signal id, in signal mode. */
  signal?: string;
  /** Raw PromQL, in PromQL mode. */
  expr?: string;
}

export const DEFAULT_QUERY: Partial<Query> = {
  mode: 'signal',
  signal: 'http_request_rate',
};

export interface Options extends DataSourceJsonData {
  /** Base URL of the Prometheus-compatible API, e.g. http://prometheus:9090. Reached through Grafana's proxy. */
  url?: string;
}

/** Path of the plugin.json route that forwards to the configured URL. */
export const ROUTE_PATH = 'prometheus';
