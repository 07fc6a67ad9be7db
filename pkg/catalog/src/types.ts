/** Types shared by every part of the catalog. */

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Canonical label names used by Perfscope metrics. Users may map them to their own names. */
export const CANONICAL_LABELS = [
  'method',
  'route',
  'status_code',
  'operation',
  'table',
  'connection',
  'cache',
  'result',
  'quality',
  'format',
  'error_type',
  'page',
] as const;
export type CanonicalLabel = (typeof CANONICAL_LABELS)[number];

export type Area =
  'http' | 'database' | 'cache' | 'audio' | 'uploads' | 'websocket' | 'ratelimit' | 'system' | 'webvitals' | 'health';

/** A metric the instrumentation kit emits (or, when `external`, that another exporter provides). */
export interface MetricDef {
  /** Canonical name without namespace prefix, e.g. `http_requests_total`. */
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly CanonicalLabel[];
  readonly help: string;
  /** Grafana unit id (see @grafana/data `getValueFormat`). */
  readonly unit: string;
  /** Histogram bucket upper bounds, ascending. */
  readonly buckets?: readonly number[];
  /** Provided by another exporter (node_exporter); the namespace prefix is never applied. */
  readonly external?: boolean;
  /** The seed guides this metric comes from, for traceability. */
  readonly area: Area;
}

export type Direction = 'above' | 'below';
export type Severity = 'warning' | 'critical';
export type Status = 'ok' | Severity | 'no-data';

/** Warning/critical thresholds of a signal. A missing level means "no alert at that level". */
export interface Thresholds {
  readonly warning?: number;
  readonly critical?: number;
  /** Which side of the threshold is bad. */
  readonly direction: Direction;
  /** How long the condition must hold before an alert fires, Prometheus duration (e.g. `5m`). */
  readonly for: string;
}

/** A label matcher appended to every selector, e.g. `job="api"`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Settings that adapt the catalog's PromQL to how a team names its metrics. */
export interface CatalogOptions {
  /** Namespace prefix put before every non-external metric name, e.g. `shop_`. Empty for none. */
  readonly prefix: string;
  /** Canonical label name → the label name the team uses (e.g. `status_code` → `status`). */
  readonly labelMap: Readonly<Partial<Record<CanonicalLabel, string>>>;
  /** Extra matchers added to every selector (job, service, …). */
  readonly matchers: readonly LabelMatcher[];
  /** Range window for rate()/increase(), Prometheus duration; `$__rate_interval` is allowed. */
  readonly window: string;
  /** Availability objective for error-budget signals, e.g. 0.999. */
  readonly slo: number;
  /** Apdex target T in seconds: requests within T satisfy, within 4T tolerate (see apdex.ts). */
  readonly apdexT: number;
}

/** Everything a PromQL builder needs: resolved names and selectors. */
export interface PromQLContext {
  /** Full metric name for a canonical metric name (prefix applied). */
  metric(name: string): string;
  /** Label name as the team uses it. */
  label(name: CanonicalLabel): string;
  /** `{...}` selector with the user's matchers plus the given canonical-label matchers. */
  selector(extra?: ReadonlyArray<readonly [CanonicalLabel, LabelMatcher['op'], string]>): string;
  /** The range window, e.g. `5m`. */
  readonly window: string;
  readonly slo: number;
  /** Apdex T resolved against the request-duration buckets: the boundaries used for T and 4T. */
  readonly apdex: { readonly t: number; readonly fourT: number };
  /** Labels (as the team names them) a breakdown groups by; empty for the whole service. */
  readonly by: readonly string[];
}

/** A derived signal: what dashboards chart, alerts watch and the health score weighs. */
export interface SignalDef {
  readonly id: string;
  readonly title: string;
  readonly area: Area;
  /** Grafana unit id of the signal's value. */
  readonly unit: string;
  readonly description: string;
  /** Canonical names of the metrics the expression reads. */
  readonly metrics: readonly string[];
  readonly promql: (ctx: PromQLContext) => string;
  /** Default thresholds; absent for purely informational signals (request rate, …). */
  readonly thresholds?: Thresholds;
  /** Where the threshold rows come from (seed guide numbers), for traceability. */
  readonly sources: readonly string[];
}
