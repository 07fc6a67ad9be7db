import * as fs from 'fs';
import type { IncomingMessage } from 'http';
import * as os from 'os';
import * as path from 'path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import { EventLoopLag } from './eventLoopLag';
import { OPENMETRICS_CONTENT_TYPE, prefersOpenMetrics, renderOpenMetrics } from './openMetrics';
import { RequestCounter, RequestHistogram, RequestSeries } from './requestSeries';
import {
  SPAN_ID_LABEL,
  TRACE_ID_LABEL,
  type TraceRef,
  type TraceSource,
  openTelemetryTraces,
  traceProblem,
} from './trace';
import { type CanonicalLabel, METRICS, SLOW_QUERY_SECONDS, type MetricDef, validateOptions } from '@perfscope/catalog';

/** Route label for requests that matched no route (404s, scanners): one value, never the raw path. */
export const UNMATCHED_ROUTE = '__unmatched__';
/** Route label once the route cap is reached: protects Prometheus from unbounded label values. */
export const OTHER_ROUTE = '__other__';
/** Method label for anything outside the standard HTTP methods. */
export const OTHER_METHOD = 'OTHER';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);
export const WEB_VITALS = ['lcp', 'inp', 'cls', 'fcp', 'ttfb'] as const;
export type WebVital = (typeof WEB_VITALS)[number];

export interface MetricsOptions {
  /** Metric-name namespace prefix, e.g. `shop_` (Prometheus metric-name rules apply). */
  prefix?: string;
  /**
   * Label names the team uses instead of Perfscope's (e.g. `{ status_code: 'status' }`), the same
   * mapping as the catalog option, so existing dashboards keep working.
   */
  labelMap?: Readonly<Partial<Record<CanonicalLabel, string>>>;
  /** Registry to register in; a new one by default. */
  registry?: Registry;
  /**
   * Process metrics. `'contract'` (default): the two the contract reads, resident memory and
   * event-loop lag, computed at scrape time at no cost per request. `'all'`: every prom-client
   * default metric (GC, handles, heap spaces, …), which adds a GC observer that costs CPU under load.
   * `false`: none.
   */
  defaultMetrics?: 'contract' | 'all' | false;
  /** Source of `node_load1`; default the host's one-minute load average; false to not emit it. */
  loadAverage?: (() => number) | false;
  /** A query slower than this (seconds) counts as slow. Default: the catalog's 1 s. */
  slowQuerySeconds?: number;
  /** Most distinct route labels kept; later new routes are recorded as `__other__`. Default 200. */
  maxRoutes?: number;
  /** Told once per distinct failure of the kit itself (the request path never sees it). */
  onError?: (error: Error) => void;
  /**
   * The running build, exposed as `app_build_info{version, commit}` = 1: a change of its labels is a
   * deploy. Default: `version` of the package.json nearest the working directory (`unknown` when
   * there is none), `commit` from the environment's `GIT_COMMIT` or `SOURCE_COMMIT` when set.
   */
  build?: { version: string; commit?: string };
  /**
   * The trace of each request and timed query, attached to its duration as an exemplar (labels
   * `trace_id`, `span_id`; OpenMetrics exposition only). `'opentelemetry'` (default): the active
   * span of `@opentelemetry/api` when it is installed, sampled spans only. A function is asked at
   * the start of each request, with it, and of each timed query, without. `false`: no exemplars.
   */
  traceContext?: 'opentelemetry' | TraceSource | false;
}

/** The build a service runs, as `app_build_info` labels it. */
export interface BuildInfo {
  readonly version: string;
  readonly commit?: string;
}

type Def = MetricDef & { buckets?: readonly number[] };

/** Setup problems are reported where they are made, with the fix. */
export class MetricsSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsSetupError';
  }
}

function checkLabelValue(what: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MetricsSetupError(`${what} must be a non-empty string (got ${JSON.stringify(value)}).`);
  }
  return value;
}

/** `version` of the package.json nearest `dir` (the first found going up), or undefined. */
export function nearestPackageVersion(dir = process.cwd()): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const file = path.join(at, 'package.json');
    try {
      // A package.json is small; a bigger file of that name is not one to parse at start-up.
      if (fs.statSync(file).size <= 1_000_000) {
        const version: unknown = JSON.parse(fs.readFileSync(file, 'utf8')).version;
        return typeof version === 'string' && version.trim() !== '' ? version : undefined;
      }
    } catch {
      // none here, or not readable as JSON: look further up
    }
    if (path.dirname(at) === at) {
      return undefined;
    }
  }
}

/** The build from the option, else from the nearest package.json and the environment's commit. */
function resolveBuild(option: MetricsOptions['build'], env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const envCommit = [env.GIT_COMMIT, env.SOURCE_COMMIT].find((c) => typeof c === 'string' && c.trim() !== '');
  const build = option ?? { version: nearestPackageVersion() ?? 'unknown' };
  if (typeof build !== 'object' || build === null) {
    throw new MetricsSetupError(`build must be { version, commit? } (got ${JSON.stringify(build)}).`);
  }
  const commit = build.commit ?? envCommit;
  return {
    version: checkLabelValue('build.version', build.version),
    ...(commit !== undefined ? { commit: checkLabelValue('build.commit', commit) } : {}),
  };
}

/**
 * prom-client's histogram with exemplars takes only `observe({ labels, value, exemplarLabels })`:
 * keep `observe(value)` and `observe(labels, value)` working for those who record through metric().
 */
function observeEitherWay(histogram: Histogram<string>): Histogram<string> {
  const observe = histogram.observe.bind(histogram) as (data: object) => void;
  histogram.observe = ((a: unknown, b?: unknown) => {
    if (typeof a === 'number') {
      observe({ value: a });
    } else if (typeof b === 'number') {
      observe({ labels: a, value: b });
    } else {
      observe(a as object);
    }
  }) as Histogram<string>['observe'];
  return histogram;
}

/**
 * Perfscope's instrumentation: every metric of the catalog's contract, created with the catalog's
 * names, labels, help and buckets. Recording methods never throw: a failure is counted in
 * `perfscope_metrics_errors_total` and reported once through `onError`.
 */
export class PerfscopeMetrics {
  readonly registry: Registry;
  readonly prefix: string;
  readonly labelMap: Readonly<Partial<Record<CanonicalLabel, string>>>;
  readonly slowQuerySeconds: number;
  private readonly maxRoutes: number;
  private readonly onError: (error: Error) => void;
  private readonly reported = new Set<string>();
  private readonly metrics = new Map<string, Metric<string>>();
  private readonly requests: RequestSeries;
  private readonly routes = new Set<string>();
  private readonly kitErrors: Counter<'kind'>;
  private readonly traces: TraceSource | undefined;
  private current: BuildInfo;
  private inFlight = 0;

  constructor(options: MetricsOptions = {}) {
    const check = validateOptions({ prefix: options.prefix ?? '', labelMap: options.labelMap ?? {} });
    if (!check.ok) {
      throw new MetricsSetupError(check.errors.map((e) => e.message).join(' '));
    }
    const slow = options.slowQuerySeconds ?? SLOW_QUERY_SECONDS;
    if (!Number.isFinite(slow) || slow <= 0) {
      throw new MetricsSetupError(`slowQuerySeconds must be a positive number of seconds (got ${slow}).`);
    }
    const maxRoutes = options.maxRoutes ?? 200;
    if (!Number.isInteger(maxRoutes) || maxRoutes < 1) {
      throw new MetricsSetupError(`maxRoutes must be a whole number of at least 1 (got ${maxRoutes}).`);
    }
    this.prefix = check.options.prefix;
    this.labelMap = check.options.labelMap;
    this.slowQuerySeconds = slow;
    this.maxRoutes = maxRoutes;
    const traceContext = options.traceContext ?? 'opentelemetry';
    if (traceContext !== 'opentelemetry' && traceContext !== false && typeof traceContext !== 'function') {
      throw new MetricsSetupError(
        `traceContext must be 'opentelemetry', a function returning the trace or false (got ${JSON.stringify(traceContext)}).`
      );
    }
    this.traces = traceContext === 'opentelemetry' ? openTelemetryTraces() : traceContext || undefined;
    this.current = resolveBuild(options.build);
    this.registry = options.registry ?? new Registry();
    this.onError = options.onError ?? ((error) => process.emitWarning(error.message, 'PerfscopeMetricsWarning'));

    const load = options.loadAverage === undefined ? () => os.loadavg()[0] : options.loadAverage;
    for (const def of METRICS as readonly Def[]) {
      if (def.name === 'process_resident_memory_bytes' || def.name === 'nodejs_eventloop_lag_seconds') {
        continue; // from prom-client's default metrics below
      }
      if (def.external && (def.name !== 'node_load1' || load === false)) {
        continue;
      }
      if (def.name === 'http_requests_total' || def.name === 'http_request_duration_seconds') {
        continue; // request series below
      }
      this.metrics.set(def.name, this.create(def, def.name === 'node_load1' && load ? load : undefined));
    }
    const byName = new Map((METRICS as readonly Def[]).map((d) => [d.name, d]));
    const countDef = byName.get('http_requests_total')!;
    const durationDef = byName.get('http_request_duration_seconds')!;
    this.requests = new RequestSeries(durationDef.buckets ?? [], (method, route, status) =>
      this.l({ method, route, status_code: String(status) })
    );
    const requestLabels = countDef.labels.map((l) => this.labelMap[l] ?? l);
    const counter = new RequestCounter(this.requests, `${this.prefix}${countDef.name}`, countDef.help, requestLabels);
    const histogram = new RequestHistogram(
      this.requests,
      `${this.prefix}${durationDef.name}`,
      durationDef.help,
      requestLabels
    );
    for (const view of [counter, histogram]) {
      this.registry.registerMetric(view as unknown as Metric<string>);
      this.metrics.set(view === counter ? countDef.name : durationDef.name, view as unknown as Metric<string>);
    }
    this.kitErrors = new Counter({
      name: `${this.prefix}perfscope_metrics_errors_total`,
      help: 'Failures inside the Perfscope instrumentation kit itself, by kind. Requests were not affected.',
      labelNames: ['kind'],
      registers: [this.registry],
    });
    this.setBuild(this.current);
    const processMetrics = options.defaultMetrics ?? 'contract';
    if (processMetrics === 'all') {
      collectDefaultMetrics({ register: this.registry, prefix: this.prefix });
    } else if (processMetrics === 'contract') {
      this.registerProcessMetrics();
    } else if (processMetrics !== false) {
      throw new MetricsSetupError(
        `defaultMetrics must be 'contract', 'all' or false (got ${JSON.stringify(processMetrics)}).`
      );
    }
  }

  /** Resident memory and mean event-loop delay since the previous scrape, read at scrape time. */
  private registerProcessMetrics(): void {
    const defs = new Map((METRICS as readonly Def[]).map((d) => [d.name, d]));
    new Gauge({
      name: `${this.prefix}process_resident_memory_bytes`,
      help: defs.get('process_resident_memory_bytes')!.help,
      registers: [this.registry],
      collect() {
        this.set(process.memoryUsage.rss());
      },
    });
    const lag = new EventLoopLag(
      `${this.prefix}nodejs_eventloop_lag_seconds`,
      defs.get('nodejs_eventloop_lag_seconds')!.help
    );
    this.registry.registerMetric(lag as unknown as Metric<string>);
  }

  private create(def: Def, gaugeSource?: () => number): Metric<string> {
    const base = {
      name: def.external ? def.name : `${this.prefix}${def.name}`,
      help: def.help,
      labelNames: def.labels.map((l) => this.labelMap[l] ?? l),
      registers: [this.registry],
    };
    if (def.type === 'counter') {
      return new Counter(base);
    }
    if (def.type === 'histogram') {
      const buckets = [...(def.buckets ?? [])];
      if (def.name !== 'db_query_duration_seconds') {
        return new Histogram({ ...base, buckets });
      }
      // prom-client refuses an exemplar histogram in a registry of the Prometheus text format (whose
      // rendering leaves exemplars out anyway); the kit's registry serves both formats: register it here.
      const histogram = new Histogram({ ...base, registers: [], buckets, enableExemplars: true });
      this.registry.registerMetric(histogram);
      return observeEitherWay(histogram);
    }
    if (def.name === 'http_requests_in_flight') {
      const kit = this;
      return new Gauge({
        ...base,
        collect() {
          this.set(kit.inFlight);
        },
      });
    }
    if (gaugeSource) {
      return new Gauge({
        ...base,
        collect() {
          this.set(gaugeSource());
        },
      });
    }
    return new Gauge(base);
  }

  /** Label set with the team's label names. */
  private l(labels: Partial<Record<CanonicalLabel, string>>): Record<string, string> {
    if (Object.keys(this.labelMap).length === 0) {
      return labels as Record<string, string>;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) {
      out[this.labelMap[k as CanonicalLabel] ?? k] = v as string;
    }
    return out;
  }

  private counter(name: string): Counter<string> {
    return this.metrics.get(name) as Counter<string>;
  }
  private gauge(name: string): Gauge<string> {
    return this.metrics.get(name) as Gauge<string>;
  }
  private histogram(name: string): Histogram<string> {
    return this.metrics.get(name) as Histogram<string>;
  }

  /** Runs a recording step; a failure is counted and reported once, never thrown. */
  private safe(kind: string, record: () => void): void {
    try {
      record();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      try {
        this.kitErrors.inc({ kind });
      } catch {
        // nothing more can be done without risking the caller
      }
      const key = `${kind}:${error.message}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        this.onError(new Error(`Perfscope metrics: recording ${kind} failed (${error.message}); the request went on.`));
      }
    }
  }

  /** The exemplar labels of a trace; undefined, and reported once, when its ids are not valid. */
  private exemplarLabels(trace: TraceRef | undefined): Record<string, string> | undefined {
    if (trace === undefined) {
      return undefined;
    }
    const problem = traceProblem(trace);
    if (problem !== undefined) {
      this.safe('exemplar', () => {
        throw new Error(`${problem}; the observation is kept without its exemplar`);
      });
      return undefined;
    }
    return trace.spanId !== undefined
      ? { [TRACE_ID_LABEL]: trace.traceId, [SPAN_ID_LABEL]: trace.spanId }
      : { [TRACE_ID_LABEL]: trace.traceId };
  }

  /**
   * The trace of the work going on now (of `req` when given), from the `traceContext` option; the
   * middleware asks at the start of each request. Undefined when there is none or no source.
   */
  currentTrace(req?: IncomingMessage): TraceRef | undefined {
    if (this.traces === undefined) {
      return undefined;
    }
    try {
      const trace = this.traces(req);
      return typeof trace === 'string' ? { traceId: trace } : (trace ?? undefined);
    } catch (e) {
      this.safe('exemplar', () => {
        throw new Error(`the traceContext function threw (${e instanceof Error ? e.message : String(e)})`);
      });
      return undefined;
    }
  }

  // --- Build ------------------------------------------------------------------------------------

  /** The build `app_build_info` exposes now. */
  get build(): BuildInfo {
    return this.current;
  }

  /**
   * Exposes another build (a deploy without a restart, or the simulator's deploys): the previous
   * series goes, so exactly one `app_build_info` is 1. Throws a MetricsSetupError for a bad label.
   */
  setBuild(build: BuildInfo): void {
    const next = {
      version: checkLabelValue('build.version', build?.version),
      ...(build?.commit !== undefined ? { commit: checkLabelValue('build.commit', build.commit) } : {}),
    };
    const gauge = this.gauge('app_build_info');
    gauge.reset();
    gauge.set(this.l(next), 1);
    this.current = next;
  }

  /** A route label with bounded cardinality: templates only; unmatched and over-cap routes collapse. */
  routeLabel(route: string | undefined | null): string {
    if (!route) {
      return UNMATCHED_ROUTE;
    }
    if (this.routes.has(route)) {
      return route;
    }
    if (this.routes.size >= this.maxRoutes) {
      return OTHER_ROUTE;
    }
    this.routes.add(route);
    return route;
  }

  /** A method label from a fixed set. */
  static methodLabel(method: string | undefined): string {
    // Node's parser hands over methods in upper case: no new string on the hot path.
    if (method !== undefined && METHODS.has(method)) {
      return method;
    }
    const m = (method ?? '').toUpperCase();
    return METHODS.has(m) ? m : OTHER_METHOD;
  }

  // --- HTTP -------------------------------------------------------------------------------------

  /**
   * Records one finished request. `route` must be the route template (e.g. `/tracks/:id`). With a
   * trace (valid W3C ids), the request is its duration bucket's exemplar.
   */
  recordRequest(
    method: string | undefined,
    route: string | undefined,
    statusCode: number,
    seconds: number,
    trace?: TraceRef
  ): void {
    // The hot path: no closure, no key string; failures still go through safe().
    if (!Number.isFinite(seconds) || seconds < 0 || !Number.isInteger(statusCode)) {
      this.safe('http', () => {
        throw new Error(
          `request duration must be a finite, non-negative number of seconds and the status a whole number (got ${seconds} s, status ${statusCode})`
        );
      });
      return;
    }
    let traceId: string | undefined;
    let spanId: string | undefined;
    if (trace !== undefined) {
      const problem = traceProblem(trace);
      if (problem === undefined) {
        traceId = trace.traceId;
        spanId = trace.spanId;
      } else {
        this.safe('exemplar', () => {
          throw new Error(`${problem}; the request is kept without its exemplar`);
        });
      }
    }
    try {
      this.requests.record(
        PerfscopeMetrics.methodLabel(method),
        this.routeLabel(route),
        statusCode,
        seconds,
        traceId,
        spanId
      );
    } catch (e) {
      this.safe('http', () => {
        throw e;
      });
    }
  }

  requestStarted(): void {
    this.inFlight++;
  }

  requestFinished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Counts a request rejected by rate limiting. */
  rateLimited(route: string | undefined): void {
    this.safe('ratelimit', () =>
      this.counter('http_rate_limited_requests_total').inc(this.l({ route: this.routeLabel(route) }))
    );
  }

  // --- Database ---------------------------------------------------------------------------------

  /**
   * Records a finished query; a query over the slow threshold also counts as slow. With a trace
   * (valid W3C ids), the query is its duration bucket's exemplar.
   */
  observeQuery(operation: string, table: string, seconds: number, failed = false, trace?: TraceRef): void {
    const exemplarLabels = this.exemplarLabels(trace);
    this.safe('db', () => {
      this.histogram('db_query_duration_seconds').observe({
        labels: this.l({ operation, table }),
        value: seconds,
        exemplarLabels,
      });
      if (seconds > this.slowQuerySeconds) {
        this.counter('db_slow_queries_total').inc(this.l({ operation }));
      }
      if (failed) {
        this.counter('db_query_errors_total').inc(this.l({ operation }));
      }
    });
  }

  /** Times a database call, under the trace active when it starts; its result or error passes through untouched. */
  async timeQuery<T>(operation: string, table: string, fn: () => Promise<T> | T): Promise<T> {
    const trace = this.currentTrace();
    const start = process.hrtime.bigint();
    let failed = false;
    try {
      return await fn();
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      this.observeQuery(operation, table, Number(process.hrtime.bigint() - start) / 1e9, failed, trace);
    }
  }

  /** Reports a connection's reachability and, when known, its connections in use. */
  dbConnection(connection: string, up: boolean, active?: number): void {
    this.safe('db', () => {
      this.gauge('db_connection_up').set(this.l({ connection }), up ? 1 : 0);
      if (active !== undefined) {
        this.gauge('db_connections_active').set(this.l({ connection }), active);
      }
    });
  }

  // --- Cache ------------------------------------------------------------------------------------

  /** A tracker for one named cache. The name is checked here, at setup. */
  cache(name: string) {
    const cache = checkLabelValue('Cache name', name);
    const requests = this.counter('cache_requests_total');
    const hits = requests.labels(this.l({ cache, result: 'hit' }));
    const misses = requests.labels(this.l({ cache, result: 'miss' }));
    hits.inc(0);
    misses.inc(0);
    this.counter('cache_evictions_total').inc(this.l({ cache }), 0);
    return {
      hit: () => this.safe('cache', () => hits.inc()),
      miss: () => this.safe('cache', () => misses.inc()),
      evicted: (count = 1) =>
        this.safe('cache', () => this.counter('cache_evictions_total').inc(this.l({ cache }), count)),
      memory: (bytes: number) =>
        this.safe('cache', () => this.gauge('cache_memory_bytes').set(this.l({ cache }), bytes)),
    };
  }

  // --- Audio streaming --------------------------------------------------------------------------

  /**
   * Starts tracking a stream. The active-stream gauge goes down exactly once, whichever of
   * complete(), error() or abort() comes first; later calls are ignored.
   */
  startStream(quality: string, format: string) {
    const labels = this.l({
      quality: checkLabelValue('Stream quality', quality),
      format: checkLabelValue('Stream format', format),
    });
    let open = true;
    this.safe('audio', () => {
      this.counter('audio_streams_started_total').inc(labels);
      this.gauge('audio_streams_active').inc();
    });
    const close = (record?: () => void) => {
      if (!open) {
        return false;
      }
      open = false;
      this.safe('audio', () => {
        this.gauge('audio_streams_active').dec();
        record?.();
      });
      return true;
    };
    return {
      complete: () => close(() => this.counter('audio_streams_completed_total').inc(labels)),
      error: (errorType: string) =>
        close(() => this.counter('audio_stream_errors_total').inc(this.l({ error_type: errorType || 'unknown' }))),
      /** The listener went away: the stream ends without counting as completed or failed. */
      abort: () => close(),
      bufferRatio: (percent: number) =>
        this.safe('audio', () => this.histogram('audio_buffer_ratio_percent').observe(percent)),
      bandwidth: (bytesPerSecond: number) =>
        this.safe('audio', () => this.histogram('audio_bandwidth_bytes_per_second').observe(bytesPerSecond)),
      get open() {
        return open;
      },
    };
  }

  // --- Uploads, WebSocket, web vitals -----------------------------------------------------------

  observeUpload(seconds: number): void {
    this.safe('upload', () => this.histogram('file_upload_duration_seconds').observe(seconds));
  }

  async timeUpload<T>(fn: () => Promise<T> | T): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      this.observeUpload(Number(process.hrtime.bigint() - start) / 1e9);
    }
  }

  websocketConnection(result: 'success' | 'error'): void {
    this.safe('websocket', () => this.counter('websocket_connections_total').inc(this.l({ result })));
  }

  /** Records a web-vital value reported by a browser (seconds; CLS unitless). */
  observeWebVital(vital: WebVital, page: string, value: number): void {
    this.safe('webvitals', () => {
      if (!WEB_VITALS.includes(vital)) {
        throw new Error(`unknown web vital "${vital}" (known: ${WEB_VITALS.join(', ')})`);
      }
      const name = vital === 'cls' ? 'web_vitals_cls' : `web_vitals_${vital}_seconds`;
      this.histogram(name).observe(this.l({ page }), value);
    });
  }

  // --- Exposition -------------------------------------------------------------------------------

  /** The Prometheus exposition text of every registered metric (no exemplars: the format has none). */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The OpenMetrics exposition of every registered metric, with the duration histograms' exemplars. */
  exposeOpenMetrics(): Promise<string> {
    return renderOpenMetrics(this.registry);
  }

  /**
   * What a scrape with this Accept header gets: OpenMetrics (with exemplars) when it prefers it, as
   * Prometheus does, else the Prometheus text format. See metricsHandler() for an endpoint.
   */
  async scrape(accept: string | undefined): Promise<{ contentType: string; body: string }> {
    return prefersOpenMetrics(accept)
      ? { contentType: OPENMETRICS_CONTENT_TYPE, body: await this.exposeOpenMetrics() }
      : { contentType: this.contentType, body: await this.expose() };
  }

  /** The prom-client metric behind a catalog name (for custom recording and tests). */
  metric(name: string): Metric<string> | undefined {
    return this.metrics.get(name);
  }
}
