import { type Observable, from, merge, mergeMap, throwError, timeout } from 'rxjs';
import {
  DataSourceApi,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataFrame,
  type DataSourceInstanceSettings,
  type QueryResultMetaNotice,
  type TestDataSourceResponse,
} from '@grafana/data';
import {
  type BackendSrvRequest,
  type FetchResponse,
  getBackendSrv,
  getDataSourceSrv,
  getTemplateSrv,
} from '@grafana/runtime';
import {
  type PerfscopeSettings,
  buildPromQL,
  checkDuration,
  parseDuration,
  type PrometheusReader,
  type SignalDef,
  instantValues,
  metricSelector,
  seriesSelector,
  validateOptions,
} from '@perfscope/catalog';
import { loadAppSettings } from '../settings';
import { type Naming, namingFrom, namingProblem, withNotice } from './naming';
import { builtInVariables, formatVariable } from './interpolation';
import { addNotices, framesFromBody, readRange } from './response';
import {
  type Exemplar,
  MAX_EXEMPLARS,
  MAX_STREAM_EXEMPLARS,
  exemplarFrame,
  exemplarScale,
  readExemplars,
  sampleExemplars,
  scaled,
  wantsExemplars,
} from './exemplars';
import { exemplarFailureNotice, missingTraceIdNotice, traceLinks, tracingTarget } from './traceLinks';
import { RequestError, displayUrl, notPrometheusError, requestError } from './errors';
import { readOptions } from './options';
import { decorate, expandHealth, healthComponentOf } from './plan';
import { legendName } from './legend';
import { activeFilters } from './filters';
import { streamQuery } from './stream';
import { parseVariableQuery, sampleText } from './variables';
import { routeFor } from './routes';
import {
  DEFAULT_POLL_SECONDS,
  DEFAULT_QUERY,
  DEFAULT_SCRAPE_INTERVAL,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_TRACE_ID_LABEL,
  type Options,
  type Query,
} from './types';

/** The tracing datasource exemplars link to, if any, and the notices about their links. */
interface ExemplarTracing {
  tracing?: Pick<DataSourceInstanceSettings, 'uid' | 'name' | 'type'>;
  notices: QueryResultMetaNotice[];
}

/** How much longer than Grafana's proxy the datasource waits for an answer, ms. */
const PROXY_GRACE_MS = 1500;

export class DataSource extends DataSourceApi<Query, Options> {
  private readonly baseUrl: string;
  private readonly target: string;
  private readonly scrapeInterval: string;
  private readonly timeoutSeconds: number;
  /** Uid of the tracing datasource exemplars link to (settings), if any. */
  private readonly tracingUid?: string;
  /** The exemplar label holding the trace id. */
  private readonly traceIdLabel: string;
  /** What is wrong with the stored exemplar settings: a notice on exemplar queries. */
  private readonly exemplarSettingsNotice?: QueryResultMetaNotice;
  /** Why the stored settings cannot be used (wrong types, a bad timeout): every request says so. */
  private readonly settingsProblem?: string;

  /**
   * Reads the Perfscope app's settings, whose metric naming (prefix, label mapping) and Apdex T the
   * catalog's queries follow, as the alert rules do. Grafana constructs datasources with their
   * instance settings only, so a stand-in is set here rather than passed in.
   */
  appSettings: () => Promise<PerfscopeSettings> = loadAppSettings;

  constructor(instanceSettings: DataSourceInstanceSettings<Options>) {
    super(instanceSettings);
    // `url` is Grafana's proxy address for this datasource; the route forwards to jsonData.url
    // and adds the secrets server-side.
    // Stored jsonData may hold anything (provisioning, the API): read it field by field.
    const { options, problems } = readOptions(instanceSettings.jsonData);
    this.baseUrl = `${instanceSettings.url}/${routeFor(options)}`;
    this.target = displayUrl(options.url);
    this.scrapeInterval = problems.scrapeInterval
      ? DEFAULT_SCRAPE_INTERVAL
      : options.scrapeInterval || DEFAULT_SCRAPE_INTERVAL;
    this.timeoutSeconds = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    this.tracingUid = options.tracingDatasourceUid?.trim() || undefined;
    this.traceIdLabel =
      (!problems.exemplarTraceIdLabel && options.exemplarTraceIdLabel?.trim()) || DEFAULT_TRACE_ID_LABEL;
    // The exemplar settings only touch exemplars: a problem there is a notice on them, never a failed query.
    const { exemplarTraceIdLabel, tracingDatasourceUid, ...blocking } = problems;
    const exemplarProblems = [exemplarTraceIdLabel, tracingDatasourceUid].filter(Boolean);
    if (exemplarProblems.length > 0) {
      this.exemplarSettingsNotice = {
        severity: 'warning',
        text: `The exemplar settings of this datasource have a problem: ${exemplarProblems.join(' ')} Fix it under "Exemplars" on the datasource's settings page (Connections → Data sources).`,
      };
    }
    const listed = Object.values(blocking);
    if (listed.length > 0) {
      this.settingsProblem = `This datasource's settings have a problem: ${listed.join(' ')} Fix it on the datasource's settings page (Connections → Data sources).`;
    }
  }

  /**
   * Every HTTP call of this datasource goes through here: through the route, never Grafana's error
   * pop-up (the panel shows the error), cancelled after the configured timeout or when `abort`
   * fires (unsubscribing cancels the request in Grafana's backend service), and failing only with
   * a RequestError in the one wording of errors.ts.
   */
  private request<T>(options: BackendSrvRequest, abort?: AbortSignal): Promise<FetchResponse<T>> {
    if (this.settingsProblem) {
      return Promise.reject(new RequestError(this.settingsProblem, true));
    }
    return new Promise<FetchResponse<T>>((resolve, reject) => {
      const fail = (error: unknown) => reject(requestError(error, this.target, this.timeoutSeconds));
      const subscription = getBackendSrv()
        .fetch<T>({ ...options, url: `${this.baseUrl}${options.url}`, showErrorAlert: false })
        .pipe(
          timeout({
            // Grafana's proxy applies the same timeout upstream and answers 504 (its message is the
            // better one); this timer, a little later, covers a request that gets no answer at all.
            first: this.timeoutSeconds * 1000 + PROXY_GRACE_MS,
            with: () => throwError(() => ({ timedOutAfterSeconds: this.timeoutSeconds })),
          })
        )
        .subscribe({ next: resolve, error: fail, complete: () => fail({ message: 'no response' }) });
      abort?.addEventListener(
        'abort',
        () => {
          subscription.unsubscribe();
          reject(new RequestError('The request was cancelled.', false));
        },
        { once: true }
      );
    });
  }

  getDefaultQuery(): Partial<Query> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: Query): boolean {
    if (query.hide) {
      return false;
    }
    return query.mode === 'health' || Boolean(query.mode === 'promql' ? query.expr?.trim() : query.signal);
  }

  /**
   * The PromQL a query runs: catalog signals use `$__rate_interval` as their window; template
   * variables are replaced, multi-value ones regex-escaped for `=~`.
   */
  expressionFor(
    query: Query,
    request: Pick<DataQueryRequest<Query>, 'scopedVars' | 'range' | 'intervalMs'>,
    naming?: Naming
  ): string {
    const expr = query.mode === 'promql' ? (query.expr ?? '') : this.signalExpression(query, naming);
    const scopedVars = {
      ...request.scopedVars,
      ...builtInVariables(request.range, request.intervalMs ?? 15_000, this.scrapeInterval),
    };
    return getTemplateSrv().replace(expr, scopedVars, formatVariable);
  }

  /**
   * The app's metric naming, or the defaults and why (a panel notice) when the settings cannot be
   * read; only asked for when a catalog query needs it.
   */
  private naming(): Promise<Naming> {
    return this.appSettings().then(namingFrom, namingProblem);
  }

  /** Every signal a query can pick: the catalog's and the app settings' custom ones. */
  async signalList(): Promise<readonly SignalDef[]> {
    return (await this.naming()).signals;
  }

  /** Live targets stream; the rest run once. */
  query(request: DataQueryRequest<Query>): Promise<DataQueryResponse> | Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    const isLive = (t: Query) => t.stream && !t.instant;
    const naming: Promise<Naming> = targets.some((t) => t.mode !== 'promql')
      ? this.naming()
      : Promise.resolve(namingFrom(undefined));
    // Health queries expand to the settings' components: the settings come first.
    if (!targets.some(isLive)) {
      return naming.then((n) => this.runOnce(request, expandHealth(targets, n.health), n));
    }
    return from(naming).pipe(
      mergeMap((n) => {
        const expanded = expandHealth(targets, n.health);
        const once = expanded.filter((t) => !isLive(t));
        return merge(
          ...(once.length > 0 ? [from(this.runOnce(request, once, n))] : []),
          ...expanded.filter(isLive).map((t) => {
            try {
              return this.stream(request, t, n);
            } catch (e) {
              // A bad filter or window: the panel shows why instead of failing the whole request.
              return throwError(() => (e instanceof Error ? e : new Error(String(e))));
            }
          })
        );
      })
    );
  }

  /** A live query: incremental polls of query_range, bounded to the panel's time range. */
  private stream(request: DataQueryRequest<Query>, target: Query, naming: Naming): Observable<DataQueryResponse> {
    const signal = target.mode === 'signal' && target.signal ? naming.find(target.signal) : undefined;
    const query = this.expressionFor(target, request, naming);
    const stepMs = this.stepSeconds(request) * 1000;
    const rangeMs = request.range.to.valueOf() - request.range.from.valueOf();
    const component = healthComponentOf(target);
    const tracing = wantsExemplars(target, signal, query, component) ? this.exemplarTracing() : undefined;
    return streamQuery({
      refId: target.refId,
      windowMs: Math.max(stepMs, target.streamWindow ? streamWindowMs(target) : rangeMs),
      stepMs,
      pollMs: Math.max(1, target.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000,
      unit: signal?.unit,
      displayName: signal?.title,
      fieldName: component,
      key: component ? `${target.refId}-${component}` : undefined,
      notice: target.mode === 'promql' ? undefined : naming.problem,
      legend: (labels) => legendName(target.legendFormat, labels),
      fetch: (startMs, endMs, stepMs, abort) =>
        this.request<unknown>(
          {
            url: '/api/v1/query_range',
            method: 'GET',
            params: { query, start: startMs / 1000, end: endMs / 1000, step: stepMs / 1000 },
            // The raw bytes, read by the same reader as a one-off range query.
            responseType: 'arraybuffer',
          },
          abort
        ).then((response) => readRange(response.data).series),
      exemplars: tracing && {
        fetch: (startMs, endMs, abort) => this.fetchExemplars(query, startMs, endMs, undefined, abort),
        present: (held) => this.presentExemplars(held, { refId: target.refId, unit: signal?.unit }, tracing),
        maxPoints: MAX_STREAM_EXEMPLARS,
      },
    });
  }

  /** Query step in whole seconds: the panel interval, never finer than the scrape interval (finer steps only repeat samples). */
  private stepSeconds(request: Pick<DataQueryRequest<Query>, 'intervalMs'>): number {
    const scrapeSeconds = Math.max(1, Math.round(parseDuration(this.scrapeInterval) / 1000));
    return Math.max(scrapeSeconds, Math.ceil((request.intervalMs ?? 15_000) / 1000));
  }

  private async runOnce(
    request: DataQueryRequest<Query>,
    targets: Query[],
    naming: Naming
  ): Promise<DataQueryResponse> {
    const start = Math.floor(request.range.from.valueOf() / 1000);
    const end = Math.ceil(request.range.to.valueOf() / 1000);
    const step = this.stepSeconds(request);
    const results = await Promise.all(
      targets.map(async (target) => {
        const signal = target.mode === 'signal' && target.signal ? naming.find(target.signal) : undefined;
        const query = this.expressionFor(target, request, naming);
        // Unique per request: Grafana cancels an in-flight request when another has the same id, and the
        // components of a Health query share its refId.
        const requestId = [request.requestId, target.refId, healthComponentOf(target)].filter(Boolean).join('-');
        // Exemplars alongside, never failing the query: a failure is a notice on its frames.
        const exemplars = wantsExemplars(target, signal, query, healthComponentOf(target))
          ? this.exemplarsFor(query, {
              refId: target.refId,
              unit: signal?.unit,
              startMs: start * 1000,
              endMs: end * 1000,
              stepMs: step * 1000,
              requestId: `${requestId}-exemplars`,
            })
          : undefined;
        const response = await this.request<unknown>({
          url: `/api/v1/${target.instant ? 'query' : 'query_range'}`,
          method: 'GET',
          params: target.instant ? { query, time: end } : { query, start, end, step },
          requestId,
          // The raw bytes: a range result is scanned straight into frames, without decoding or JSON.parse.
          responseType: 'arraybuffer',
        });
        let frames = decorate(
          framesFromBody(response.data, { refId: target.refId, unit: signal?.unit, displayName: signal?.title }),
          target
        );
        frames = target.mode === 'promql' ? frames : withNotice(frames, naming.problem);
        if (!exemplars) {
          return frames;
        }
        const { frame, notices } = await exemplars;
        return [...addNotices(frames, notices, target.refId), ...(frame ? [frame] : [])];
      })
    );
    return { data: results.flat() };
  }

  /**
   * The tracing datasource exemplars link to (from the settings, as Grafana's datasource service has
   * it now), and why they have no links.
   */
  private exemplarTracing(): ExemplarTracing {
    const target = tracingTarget(this.tracingUid, (uid) => getDataSourceSrv().getInstanceSettings(uid), this.name);
    const settingsNotice = this.exemplarSettingsNotice ? [this.exemplarSettingsNotice] : [];
    return target.ok
      ? { tracing: target.settings, notices: settingsNotice }
      : { notices: [...settingsNotice, target.notice] };
  }

  /**
   * The exemplars of the series an expression selects, in [startMs, endMs] (Prometheus's
   * `/api/v1/query_exemplars`, which takes the expression itself), in the expression's unit. A
   * RequestError or a readable Error when they cannot be read.
   */
  private async fetchExemplars(
    query: string,
    startMs: number,
    endMs: number,
    requestId?: string,
    abort?: AbortSignal
  ): Promise<Exemplar[]> {
    const response = await this.request<unknown>(
      {
        url: '/api/v1/query_exemplars',
        method: 'GET',
        params: { query, start: startMs / 1000, end: endMs / 1000 },
        ...(requestId ? { requestId } : {}),
      },
      abort
    );
    return scaled(readExemplars(response.data), exemplarScale(query));
  }

  /** The frame and the notices for the exemplars held, as one-off and live queries both show them. */
  private presentExemplars(
    exemplars: readonly Exemplar[],
    options: { refId: string; unit?: string },
    { tracing, notices }: ExemplarTracing
  ): { frame?: DataFrame; notices: QueryResultMetaNotice[] } {
    if (exemplars.length === 0) {
      // Nothing to show: nothing to say about links either.
      return { notices: [] };
    }
    const missing = missingTraceIdNotice(exemplars, this.traceIdLabel, this.name);
    const withSpanId = exemplars.some((ex) => ex.labels.span_id);
    return {
      frame: exemplarFrame(exemplars, {
        refId: options.refId,
        unit: options.unit,
        traceIdLabel: this.traceIdLabel,
        links: tracing ? traceLinks(tracing, withSpanId) : undefined,
      }),
      notices: [...notices, ...(missing ? [missing] : [])],
    };
  }

  /** A one-off query's exemplars, sampled (see sampleExemplars); a notice instead when they cannot be read. */
  private async exemplarsFor(
    query: string,
    options: { refId: string; unit?: string; startMs: number; endMs: number; stepMs: number; requestId: string }
  ): Promise<{ frame?: DataFrame; notices: QueryResultMetaNotice[] }> {
    try {
      const all = await this.fetchExemplars(query, options.startMs, options.endMs, options.requestId);
      const sampled = sampleExemplars(all, {
        stepMs: options.stepMs,
        rangeMs: options.endMs - options.startMs,
        maxPoints: MAX_EXEMPLARS,
      });
      return this.presentExemplars(sampled, options, this.exemplarTracing());
    } catch (error) {
      return { notices: [exemplarFailureNotice(error)] };
    }
  }

  /** GET an API path through the route; the `data` of a Prometheus API answer, a RequestError for anything else. */
  private async get<T>(path: string, params?: Record<string, string | number | string[]>): Promise<T> {
    const response = await this.request<{ status?: string; data?: T }>({ url: path, method: 'GET', params });
    if (response.data?.status !== 'success') {
      throw notPrometheusError(this.target);
    }
    return response.data.data as T;
  }

  /**
   * Label names on the series a signal reads (for the query editor's label filters), over the last
   * hour; the metric name itself is left out.
   */
  async signalLabels(signalId: string): Promise<string[]> {
    const naming = await this.naming();
    const match = seriesSelector(naming.find(signalId) ?? signalId, naming.options);
    const names = await this.get<string[]>('/api/v1/labels', {
      ...lastHour(),
      ...(match ? { 'match[]': match } : {}),
    });
    return names.filter((name) => name !== '__name__');
  }

  /**
   * The server as detection reads it (the configuration page's "Detect naming"): metric names and
   * labels over the last hour, and instant queries, each one request through the route.
   */
  prometheusReader(): PrometheusReader {
    return {
      metricNames: (match) =>
        this.get<string[]>('/api/v1/label/__name__/values', { ...lastHour(), ...(match ? { 'match[]': match } : {}) }),
      labelNames: (metric, match) =>
        this.get<string[]>('/api/v1/labels', { ...lastHour(), 'match[]': metricSelector(metric, match) }),
      query: async (expr) => instantValues(await this.get<unknown>('/api/v1/query', { query: expr }), expr),
    };
  }

  /** Values of one label on the series a signal reads, over the last hour. */
  async signalLabelValues(signalId: string, label: string): Promise<string[]> {
    const naming = await this.naming();
    const match = seriesSelector(naming.find(signalId) ?? signalId, naming.options);
    return this.get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, {
      ...lastHour(),
      ...(match ? { 'match[]': match } : {}),
    });
  }

  /**
   * PromQL of a signal query with its label filters, in the app's metric naming and at the app's
   * Apdex T (both catalog options); a readable Error for a bad filter.
   */
  private signalExpression(query: Query, naming: Naming = namingFrom(undefined)): string {
    const check = validateOptions({
      ...naming.options,
      window: '$__rate_interval',
      matchers: activeFilters(query.filters),
    });
    if (!check.ok) {
      const filters = check.errors.filter((e) => e.field.startsWith('matchers'));
      const others = check.errors.filter((e) => !e.field.startsWith('matchers'));
      throw new Error(
        filters.length > 0
          ? `Label filter problem in query ${query.refId}: ${filters.map((e) => e.message).join(' ')}`
          : `The Perfscope app's metric naming is not valid: ${others.map((e) => e.message).join(' ')} Fix it on the app's configuration page.`
      );
    }
    return buildPromQL((query.signal && naming.find(query.signal)) || (query.signal ?? ''), check.options);
  }

  /** Values for dashboard variables: label_names(), label_values(…), metrics(…), query_result(…). */
  async metricFindQuery(query: string, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const parsed = parseVariableQuery(getTemplateSrv().replace(query, options?.scopedVars));
    const range = options?.range;
    const window: Record<string, number> = range
      ? { start: Math.floor(range.from.valueOf() / 1000), end: Math.ceil(range.to.valueOf() / 1000) }
      : {};
    const texts = (values: string[]) => values.map((text) => ({ text }));
    switch (parsed.kind) {
      case 'label_names':
        return texts(await this.get<string[]>('/api/v1/labels', window));
      case 'label_values':
        return texts(
          await this.get<string[]>(
            `/api/v1/label/${parsed.label}/values`,
            parsed.match ? { ...window, 'match[]': parsed.match } : window
          )
        );
      case 'metrics': {
        const re = new RegExp(parsed.regex);
        return texts(
          (await this.get<string[]>('/api/v1/label/__name__/values', window)).filter((name) => re.test(name))
        );
      }
      case 'query_result': {
        const data = await this.get<{
          resultType: string;
          result: Array<{ metric: Record<string, string>; value: [number, string] }>;
        }>('/api/v1/query', { query: parsed.expr, ...(window.end ? { time: window.end } : {}) });
        if (data.resultType !== 'vector') {
          throw new Error(
            `query_result() needs an expression that returns series (an instant vector), got a ${data.resultType}.`
          );
        }
        return texts(data.result.map((s) => sampleText(s.metric, s.value[1], s.value[0])));
      }
    }
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      const info = await this.get<{ version?: unknown } | null>('/api/v1/status/buildinfo');
      if (!info || typeof info !== 'object') {
        throw notPrometheusError(this.target);
      }
      // VictoriaMetrics before 1.96 answers buildinfo in Prometheus's shape without a version.
      return typeof info.version === 'string' && info.version
        ? { status: 'success', message: `Connected: Prometheus-compatible API, version ${info.version}.` }
        : { status: 'success', message: 'Connected: Prometheus-compatible API (it reports no version).' };
    } catch (error) {
      return { status: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** start/end of the last hour, in epoch seconds, for label lookups. */
function lastHour(): { start: number; end: number } {
  const end = Math.ceil(Date.now() / 1000);
  return { start: end - 3600, end };
}

/** A live query's window in ms; a readable Error for an invalid duration. */
function streamWindowMs(target: Query): number {
  const check = checkDuration(target.streamWindow, 'Stream window');
  if (!check.ok) {
    throw new Error(`Query ${target.refId}: ${check.message}`);
  }
  return check.ms;
}
