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
  'version',
  'commit',
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
  /**
   * Outcomes signals select (`server_error`: `status_code=~"5.."`), each a matcher on one of the
   * metric's labels; a source may tell them otherwise (another label, value or series).
   */
  readonly outcomes?: Readonly<Record<string, readonly [CanonicalLabel, LabelMatcher['op'], string]>>;
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

/** A matcher on a catalog label, e.g. `route=~"$route"`. */
export interface CanonicalMatcher {
  readonly label: CanonicalLabel;
  readonly op: LabelMatcher['op'];
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
  /**
   * Matchers on catalog labels (a dashboard's route filter), each put on the metrics that have the
   * label, in the label name the metric has (`http_route=~"$route"` for OpenTelemetry).
   */
  readonly filters: readonly CanonicalMatcher[];
  /** Range window for rate()/increase(), Prometheus duration; `$__rate_interval` is allowed. */
  readonly window: string;
  /** Availability objective for error-budget signals, e.g. 0.999. */
  readonly slo: number;
  /** Apdex target T in seconds: requests within T satisfy, within 4T tolerate (see apdex.ts). */
  readonly apdexT: number;
  /** Where metrics come from when the team's instrumentation names them otherwise (sources.ts). */
  readonly sources: MetricSources;
  /** Signal id → the PromQL template that replaces the catalog's expression (template.ts). */
  readonly overrides: Readonly<Record<string, string>>;
  /**
   * Labels every aggregation keeps as they are (not catalog labels: the service label, `job` by
   * default), so a signal gives one series per service instead of one for the fleet.
   */
  readonly groupBy: readonly string[];
}

/** Which series of a metric an expression reads. */
export interface SeriesQuery {
  /** A histogram's buckets, sum or count (a counter has none). */
  readonly part?: 'bucket' | 'sum' | 'count';
  /** One of the metric's outcomes (MetricDef.outcomes): `server_error`, `hit`, … */
  readonly outcome?: string;
  /** A bucket boundary in the catalog's unit (Apdex T), matched as the source writes `le`. */
  readonly le?: number;
}

/** Everything a PromQL builder needs: each metric as the team's instrumentation has it. */
export interface PromQLContext {
  /**
   * An aggregation of a canonical metric as the team has it: `sum by (…) (inner(name{matchers}))`,
   * grouped by the expression's own labels (`le`) and the breakdown's. A source of several series
   * (hits and misses as two counters) gives one term per series, summed: a range function drops the
   * metric name, so two names cannot share one selector.
   */
  aggregate(
    metric: string,
    op: 'sum' | 'min' | 'max',
    inner: (selector: string) => string,
    query?: SeriesQuery,
    own?: readonly string[]
  ): string;
  /** A canonical label as this metric has it. */
  label(metric: string, name: CanonicalLabel): string;
  /** `(expr) * scale` when the metric is measured in another unit than the catalog's (ms for s). */
  scaled(metric: string, expr: string): string;
  /** `$filters` of a template: the matchers every selector gets, without braces. */
  readonly filters: string;
  /** The range window, e.g. `5m`. */
  readonly window: string;
  readonly slo: number;
  /** Apdex T resolved against the request-duration buckets: the boundaries used for T and 4T. */
  readonly apdex: { readonly t: number; readonly fourT: number };
  /** Canonical labels a breakdown groups by; empty for the whole service. */
  readonly by: readonly CanonicalLabel[];
  /**
   * The expression keeps labels (a breakdown, or one series per service): a fallback for a missing
   * bad-event series must then be per group (`or denominator * 0`), never one unlabelled 0.
   */
  readonly grouped: boolean;
  /** Labels kept as they are in every aggregation (the service label when per service). */
  readonly keep: readonly string[];
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
  /**
   * The values thresholds and the health curve span, where the unit's range does not fit: a change
   * against last week may pass 100 % (below 0, better than last week, scores as healthy); a
   * distance from normal may be negative. Default: by unit.
   */
  readonly range?: readonly [number, number];
  /** Where the threshold rows come from (seed guide numbers), for traceability. */
  readonly sources: readonly string[];
}

/** One outcome of a metric (server errors, cache hits) as the team's instrumentation tells it. */
export interface OutcomeSource {
  /** Series that count this outcome alone (`redis_keyspace_hits_total`). */
  readonly name?: string;
  /** Matchers, in the team's label names, that select it (`outcome="SERVER_ERROR"`), in place of the catalog's. */
  readonly matchers?: readonly LabelMatcher[];
}

/** How one canonical metric is read. Every field is optional: what is missing is the catalog's. */
export interface MetricSource {
  /**
   * The full metric name. A histogram's name is given without `_bucket`/`_sum`/`_count`; a counter may
   * be a histogram's `_count` (requests counted by their duration histogram). The namespace prefix
   * does not apply to a metric given by name.
   */
  readonly name?: string;
  /** Canonical label → the label on this metric, over the settings' label mapping. */
  readonly labels?: Readonly<Partial<Record<CanonicalLabel, string>>>;
  /** Canonical labels this instrumentation does not have (one Redis has no cache name): no breakdown by them. */
  readonly without?: readonly CanonicalLabel[];
  /** Matchers on this metric alone, in its own label names (`state="active"`, `job="postgres"`). */
  readonly matchers?: readonly LabelMatcher[];
  /**
   * The metric's outcomes (see MetricDef.outcomes) where they differ. When every outcome has its own
   * series and the source has no name, the metric is the sum of those series (hits + misses).
   */
  readonly outcomes?: Readonly<Record<string, OutcomeSource>>;
  /** What one unit of the source is in the catalog's unit: 0.001 for milliseconds of a seconds metric. */
  readonly scale?: number;
  /** A histogram's bucket boundaries in the source's unit, where they differ from the catalog's. */
  readonly buckets?: readonly number[];
}

export type MetricSources = Readonly<Partial<Record<string, MetricSource>>>;

/** A signal an admin adds in the settings (custom.ts). */
export interface CustomSignal {
  /** Lower-case letters, digits and `_`, starting with `custom_`: rule UIDs and links use it. */
  readonly id: string;
  readonly title: string;
  readonly area: Area;
  /** Grafana unit id of its value (CUSTOM_UNITS). */
  readonly unit: string;
  /** PromQL with `$filters` and `$window` (template.ts). */
  readonly promql: string;
  /** Which side is bad; with no level the signal only informs. */
  readonly direction?: Direction;
  readonly warning?: number;
  readonly critical?: number;
  /** How long a level must hold before an alert fires, e.g. `5m`. */
  readonly for?: string;
  /** Its weight in the health score; absent or 0: not in the score. */
  readonly weight?: number;
}

/** The kinds of service-level objective (slo.ts). */
export type ObjectiveKind = 'availability' | 'latency';

/** The periods an objective may be measured over. */
export type SloPeriod = '28d' | '30d';

/** An admin's objective, in the settings or for one service; absent fields keep the defaults. */
export interface ObjectiveSettings {
  /** False: no objective of this kind (no budget, no burn-rate alerts). */
  readonly enabled?: boolean;
  /** Share of good requests, between 0 and 1 exclusive (0.999 for 99.9 %). */
  readonly target?: number;
  readonly period?: SloPeriod;
  /** Latency only: a good request is answered within this many seconds (a histogram bucket bound). */
  readonly threshold?: number;
}

export type ObjectivesSettings = Readonly<Partial<Record<ObjectiveKind, ObjectiveSettings>>>;
