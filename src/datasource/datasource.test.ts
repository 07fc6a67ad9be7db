import { NEVER, Observable, filter, firstValueFrom, isObservable, lastValueFrom, of, throwError } from 'rxjs';
import { type DataQueryRequest, type DataQueryResponse, type DataSourceInstanceSettings } from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { HEALTH_COMPONENTS, type PerfscopeSettings, buildPromQL } from '@perfscope/catalog';
import { loadAppSettings } from '../settings';
import { DataSource } from './datasource';
import { PROXY_AUTH_FAILED } from './errors';
import { instanceSettings, queryRequest } from './testSupport';
import type { Options, Query } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));
jest.mock('../settings', () => ({ ...jest.requireActual('../settings'), loadAppSettings: jest.fn() }));

/** The response of a query that runs once (query() may also return a live Observable). */
async function runQuery(ds: DataSource, request: DataQueryRequest<Query>): Promise<DataQueryResponse> {
  const result = ds.query(request);
  if (isObservable(result)) {
    throw new Error('expected a query that runs once, got a stream');
  }
  return result;
}

const settings = instanceSettings();

const request = queryRequest;

const okMatrix = {
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000, '2']] }] },
};

describe('DataSource', () => {
  let fetch: jest.Mock;
  beforeEach(() => {
    fetch = jest.fn();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    // The app's settings as saved by default: nothing set.
    jest.mocked(loadAppSettings).mockResolvedValue({});
    // A small template service: dashboard variables `job` (single) and `route` (multi), plus scopedVars.
    const dashboardVars: Record<string, { value: string | string[]; multi: boolean }> = {
      job: { value: 'api', multi: false },
      route: { value: ['/tracks/:id', '/a.b'], multi: true },
    };
    jest.mocked(getTemplateSrv).mockReturnValue({
      replace: (
        text: string,
        scoped: Record<string, { value: unknown }> = {},
        format?: (v: unknown, variable: object) => string
      ) =>
        text.replace(/\$(\w+)|\$\{(\w+)\}/g, (match, a: string | undefined, b: string | undefined) => {
          const name = (a ?? b)!;
          if (scoped[name]) {
            return String(scoped[name].value);
          }
          const variable = dashboardVars[name];
          return variable ? (format ? format(variable.value, variable) : String(variable.value)) : match;
        }),
    } as never);
  });

  it('runs a signal query through the plugin route with the catalog PromQL, range and step', async () => {
    fetch.mockReturnValue(of({ data: okMatrix }));
    const ds = new DataSource(settings);
    const result = await runQuery(ds, request([{ refId: 'A', mode: 'signal', signal: 'http_latency_p95' }]));
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/proxy/uid/ps/plain/api/v1/query_range',
        params: {
          // $__rate_interval = max(30s interval + 15s scrape, 4 × 15s) = 60s
          query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[60s])))',
          start: 1_700_000_000,
          end: 1_700_000_600,
          step: 30,
        },
      })
    );
    expect(result.data[0].fields[1].config).toEqual({ unit: 's', displayNameFromDS: 'HTTP latency p95' });
  });

  it('adds label filters to every selector of a signal, with variables interpolated', async () => {
    fetch.mockReturnValue(of({ data: okMatrix }));
    const filters = [
      { label: 'job', op: '=' as const, value: '$job' },
      { label: 'route', op: '=~' as const, value: '$route' },
    ];
    await runQuery(
      new DataSource(settings),
      request([{ refId: 'A', mode: 'signal', signal: 'http_error_rate', filters }])
    );
    const query: string = fetch.mock.calls[0][0].params.query;
    const selectors = query.match(/http_requests_total\{[^}]*\}/g) ?? [];
    expect(selectors).toHaveLength(2);
    for (const selector of selectors) {
      expect(selector).toContain('job="api",route=~"(/tracks/:id|/a\\\\.b)"');
    }
  });

  it('refuses a bad label filter with the reason', async () => {
    const filters = [{ label: '0job', op: '=' as const, value: 'a' }];
    await expect(
      runQuery(new DataSource(settings), request([{ refId: 'B', mode: 'signal', signal: 'db_up', filters }]))
    ).rejects.toThrow(/^Label filter problem in query B: Matcher 1: the text "0job" is not a valid label name/);
  });

  it('runs an instant query at the end of the range', async () => {
    fetch.mockReturnValue(
      of({
        data: {
          status: 'success',
          data: { resultType: 'vector', result: [{ metric: {}, value: [1700000600, '0.5'] }] },
        },
      })
    );
    const result = await runQuery(
      new DataSource(settings),
      request([{ refId: 'A', mode: 'signal', signal: 'cache_hit_ratio', instant: true }])
    );
    expect(fetch.mock.calls[0][0]).toMatchObject({
      url: '/api/datasources/proxy/uid/ps/plain/api/v1/query',
      params: { time: 1_700_000_600 },
    });
    expect(result.data[0].fields[1].values).toEqual([0.5]);
  });

  it('goes through the bearer-and-tenant route when both are configured', async () => {
    fetch.mockReturnValue(of({ data: okMatrix }));
    const ds = new DataSource({ ...settings, jsonData: { url: 'http://m', authMethod: 'bearer', tenant: 'team-a' } });
    await runQuery(ds, request([{ refId: 'A', mode: 'signal', signal: 'db_up' }]));
    expect(fetch.mock.calls[0][0].url).toBe('/api/datasources/proxy/uid/ps/bearer-tenant/api/v1/query_range');
  });

  it('interpolates template variables in PromQL and skips empty and hidden queries', async () => {
    fetch.mockReturnValue(of({ data: okMatrix }));
    const ds = new DataSource(settings);
    await runQuery(
      ds,
      request([
        { refId: 'A', mode: 'promql', expr: 'up{job="$job",route=~"$route"}[$__range]' },
        { refId: 'B', mode: 'promql', expr: '  ' },
        { refId: 'C', mode: 'signal', signal: 'db_up', hide: true },
      ])
    );
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0].params.query).toBe('up{job="api",route=~"(/tracks/:id|/a\\\\.b)"}[600s]');
  });

  it("shows Prometheus's own message for a bad query", async () => {
    fetch.mockReturnValue(
      throwError(() => ({ status: 400, data: { status: 'error', errorType: 'bad_data', error: 'parse error' } }))
    );
    await expect(
      new DataSource(settings).query(request([{ refId: 'A', mode: 'promql', expr: 'sum(' }]))
    ).rejects.toThrow('Prometheus rejected the query (bad_data): parse error');
  });

  it('explains an authentication failure', async () => {
    fetch.mockReturnValue(throwError(() => ({ status: 401 })));
    await expect(
      new DataSource(settings).query(request([{ refId: 'A', mode: 'signal', signal: 'db_up' }]))
    ).rejects.toThrow(/Unauthorized \(401\) from http:\/\/prometheus:9090/);
  });

  describe('one request path', () => {
    /** Every kind of call the datasource makes, each returning the message it shows for a failure. */
    const calls: Array<[string, (ds: DataSource) => Promise<string | undefined>]> = [
      [
        'a one-off query',
        (ds) =>
          runQuery(ds, request([{ refId: 'A', mode: 'promql', expr: 'up' }])).then(
            () => undefined,
            (e: Error) => e.message
          ),
      ],
      [
        'a stream',
        async (ds) => {
          const live = ds.query(request([{ refId: 'A', mode: 'promql', expr: 'up', stream: true }]));
          if (!isObservable(live)) {
            throw new Error('expected a stream');
          }
          return (await lastValueFrom(live)).errors?.[0].message;
        },
      ],
      [
        'a variable query',
        (ds) =>
          ds.metricFindQuery('label_names()').then(
            () => undefined,
            (e: Error) => e.message
          ),
      ],
      [
        'a label lookup',
        (ds) =>
          ds.signalLabels('db_up').then(
            () => undefined,
            (e: Error) => e.message
          ),
      ],
      ['the connection test', (ds) => ds.testDatasource().then((r) => r.message)],
    ];

    it.each(calls)("words Grafana's proxy 401 (a 400 %s gets) as refused credentials", async (_, call) => {
      fetch.mockReturnValue(throwError(() => ({ status: 400, data: PROXY_AUTH_FAILED })));
      const message = await call(new DataSource(settings));
      expect(message).toMatch(/^http:\/\/prometheus:9090 refused the credentials \(Grafana reports the server's 401/);
    });

    it.each(calls)('never sends %s when the stored settings are unusable, and says why', async (_, call) => {
      const odd = { ...settings, jsonData: { url: 'http://prometheus:9090', timeout: 'abc' } };
      const message = await call(new DataSource(odd as unknown as DataSourceInstanceSettings<Options>));
      expect(message).toMatch(/^This datasource's settings have a problem: .*timeout/);
      expect(fetch).not.toHaveBeenCalled();
    });

    it('cancels the request in flight when a stream is unsubscribed', async () => {
      let cancelled = false;
      fetch.mockReturnValue(new Observable(() => () => (cancelled = true)));
      const live = new DataSource(settings).query(request([{ refId: 'A', mode: 'promql', expr: 'up', stream: true }]));
      if (!isObservable(live)) {
        throw new Error('expected a stream');
      }
      const subscription = live.subscribe();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(fetch).toHaveBeenCalledTimes(1);
      subscription.unsubscribe();
      expect(cancelled).toBe(true);
    });
  });

  describe('streams read range results like one-off queries', () => {
    const bytes = (text: string) => new TextEncoder().encode(text).buffer;
    const body = (values: string) =>
      bytes(
        `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":${values}}]}}`
      );
    const firstStreamed = (ds: DataSource) => {
      const live = ds.query(request([{ refId: 'A', mode: 'promql', expr: 'up', stream: true, pollSeconds: 60 }]));
      if (!isObservable(live)) {
        throw new Error('expected a stream');
      }
      return firstValueFrom(live);
    };

    it('asks for the raw bytes and reads them into the frame', async () => {
      fetch.mockReturnValue(of({ data: body('[[1700000000,"0.30000000000000004"],[1700000015.5,"+Inf"]]') }));
      const first = await firstStreamed(new DataSource(settings));
      expect(fetch.mock.calls[0][0]).toMatchObject({
        url: '/api/datasources/proxy/uid/ps/plain/api/v1/query_range',
        responseType: 'arraybuffer',
      });
      expect(first.errors).toBeUndefined();
      expect(Array.from(first.data[0].fields[0].values)).toEqual([1_700_000_000_000, 1_700_000_015_500]);
      expect(Array.from(first.data[0].fields[1].values)).toEqual([0.30000000000000004, Infinity]);
      expect(first.data[0].fields[1].labels).toEqual({ job: 'api' });
    });

    it.each(['""', '" "', 'null'])('refuses a sample value of %s instead of showing a number', async (v) => {
      fetch.mockReturnValue(of({ data: body(`[[1700000000,"1"],[1700000015,${v}]]`) }));
      const once = runQuery(new DataSource(settings), request([{ refId: 'A', mode: 'promql', expr: 'up' }]));
      const error = await once.then(
        () => undefined,
        (e: Error) => e.message
      );
      expect(error).toMatch(/sample 2 of series 1 has the value .*, not a number/);
      const first = await firstStreamed(new DataSource(settings));
      expect(first.errors?.[0].message).toContain(error);
      expect(first.data).toEqual([]);
    });
  });

  describe('testDatasource', () => {
    it('reports the version from buildinfo', async () => {
      fetch.mockReturnValue(of({ data: { status: 'success', data: { version: '2.42.0' } } }));
      await expect(new DataSource(settings).testDatasource()).resolves.toEqual({
        status: 'success',
        message: 'Connected: Prometheus-compatible API, version 2.42.0.',
      });
      expect(fetch.mock.calls[0][0].url).toBe('/api/datasources/proxy/uid/ps/plain/api/v1/status/buildinfo');
    });

    it('says when the server is not a Prometheus API', async () => {
      fetch.mockReturnValue(of({ data: '<html></html>' }));
      await expect(new DataSource(settings).testDatasource()).resolves.toMatchObject({
        status: 'error',
        message: expect.stringMatching(/not like a Prometheus API/),
      });
    });

    it('gives up after the configured timeout and says what to do', async () => {
      fetch.mockReturnValue(NEVER);
      const ds = new DataSource({ ...settings, jsonData: { url: 'http://prometheus:9090', timeout: 1 } });
      await expect(ds.testDatasource()).resolves.toEqual({
        status: 'error',
        message: expect.stringMatching(/^No answer from http:\/\/prometheus:9090 within 1 s: .*raise the timeout/),
      });
    });

    it('says a wrong path is a 404 and which URL', async () => {
      fetch.mockReturnValue(throwError(() => ({ status: 404 })));
      await expect(new DataSource(settings).testDatasource()).resolves.toMatchObject({
        status: 'error',
        message: expect.stringMatching(/Not found \(404\) at http:\/\/prometheus:9090/),
      });
    });
  });

  describe('health mode and legends', () => {
    it('runs one query per health component and names each value field after its signal', async () => {
      fetch.mockReturnValue(of({ data: okMatrix }));
      const filters = [{ label: 'job', op: '=' as const, value: 'api' }];
      const result = await runQuery(new DataSource(settings), request([{ refId: 'H', mode: 'health', filters }]));
      const queries: string[] = fetch.mock.calls.map((c) => c[0].params.query);
      expect(queries).toHaveLength(HEALTH_COMPONENTS.length);
      expect(queries[0]).toBe(buildPromQL('http_error_rate', { window: '60s', matchers: filters }));
      expect(result.data.map((f) => f.fields[1].name)).toEqual(HEALTH_COMPONENTS.map((c) => c.signal));
      expect(result.data.every((f) => f.refId === 'H')).toBe(true);
    });

    it("gives each component's request its own id (Grafana cancels a request when another has the same id)", async () => {
      fetch.mockReturnValue(of({ data: okMatrix }));
      await runQuery(new DataSource(settings), request([{ refId: 'H', mode: 'health' }]));
      const ids: string[] = fetch.mock.calls.map((c) => c[0].requestId);
      expect(new Set(ids).size).toBe(HEALTH_COMPONENTS.length);
      expect(ids[0]).toBe('r1-H-http_error_rate');
    });

    /** displayNameFromDS of each series, of a one-off query and of the first answer of the same query live. */
    const legendNames = async (legendFormat: string | undefined) => {
      const result = [
        { metric: { route: '/a', method: 'GET' }, values: [[1700000000, '1']] },
        { metric: { route: '/b', method: 'PUT' }, values: [[1700000000, '2']] },
      ];
      fetch.mockReturnValue(of({ data: { status: 'success', data: { resultType: 'matrix', result } } }));
      const target: Query = { refId: 'A', mode: 'signal', signal: 'http_request_rate', legendFormat };
      const once = await runQuery(new DataSource(settings), request([target]));
      const live = new DataSource(settings).query(request([{ ...target, stream: true, pollSeconds: 60 }]));
      if (!isObservable(live)) {
        throw new Error('expected a stream');
      }
      const first = await firstValueFrom(live.pipe(filter((r) => r.data.length > 0)));
      const names = (frames: DataQueryResponse['data']) => frames.map((f) => f.fields[1].config.displayNameFromDS);
      return { once: names(once.data), live: names(first.data) };
    };

    it('names series by the legend format, in one-off and live queries alike', async () => {
      const expected = ['GET /a', 'PUT /b'];
      await expect(legendNames('{{method}} {{route}}')).resolves.toEqual({ once: expected, live: expected });
    });

    it('renders a label the series lacks by its name, in one-off and live queries alike', async () => {
      const expected = ['GET instance', 'PUT instance'];
      await expect(legendNames('{{method}} {{instance}}')).resolves.toEqual({ once: expected, live: expected });
    });

    it('leaves Grafana\'s Prometheus "Auto" legend (__auto) to the datasource\'s own naming', async () => {
      await expect(legendNames('__auto')).resolves.toEqual(await legendNames(undefined));
    });

    it('refuses a bad stream window with the reason, as an error of the stream', async () => {
      const result = new DataSource(settings).query(
        request([{ refId: 'S', mode: 'signal', signal: 'db_up', stream: true, streamWindow: '5 minutes' }])
      );
      if (!isObservable(result)) {
        throw new Error('expected a stream');
      }
      await expect(lastValueFrom(result)).rejects.toThrow(/^Query S: Stream window/);
    });

    it('stops a stream on a query Prometheus rejects, with the wording of a one-off query', async () => {
      const rejected = {
        status: 400,
        data: { status: 'error', errorType: 'bad_data', error: 'parse error at char 4' },
      };
      fetch.mockReturnValue(throwError(() => rejected));
      const once = runQuery(new DataSource(settings), request([{ refId: 'A', mode: 'promql', expr: 'up{' }]));
      await expect(once).rejects.toThrow('Prometheus rejected the query (bad_data): parse error at char 4');
      fetch.mockClear();
      const live = new DataSource(settings).query(request([{ refId: 'A', mode: 'promql', expr: 'up{', stream: true }]));
      if (!isObservable(live)) {
        throw new Error('expected a stream');
      }
      const last = await lastValueFrom(live);
      expect(last.state).toBe('Error');
      expect(last.errors?.[0].message).toMatch(
        /^Prometheus rejected the query \(bad_data\): parse error at char 4 The stream stopped/
      );
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('reads stored settings of the wrong type without crashing, and says what to fix', async () => {
      const odd = {
        ...settings,
        jsonData: { url: 'https://u:secret@prometheus:9090', tenant: 42, timeout: 'abc', httpHeaderName1: 7 },
      } as unknown as DataSourceInstanceSettings<Options>;
      const ds = new DataSource(odd);
      const result = await ds.testDatasource();
      expect(result.status).toBe('error');
      expect(result.message).toMatch(/saved tenant is 42.*timeout is a whole number.*header name is 7/);
      expect(result.message).not.toContain('secret');
      expect(fetch).not.toHaveBeenCalled();
    });

    it("follows the app's metric naming: prefix and label mapping in queries and label lookups", async () => {
      jest.mocked(loadAppSettings).mockResolvedValue({ prefix: 'shop_', labelMap: { status_code: 'status' } });
      fetch.mockReturnValue(of({ data: okMatrix }));
      const ds = new DataSource(settings);
      await runQuery(ds, request([{ refId: 'A', mode: 'signal', signal: 'http_error_rate' }]));
      const query: string = fetch.mock.calls[0][0].params.query;
      expect(query).toBe(
        buildPromQL('http_error_rate', { window: '60s', prefix: 'shop_', labelMap: { status_code: 'status' } })
      );
      expect(query).toContain('shop_http_requests_total{status=~"5.."}');
      fetch.mockReturnValue(of({ data: { status: 'success', data: ['job'] } }));
      await ds.signalLabels('http_request_rate');
      expect(fetch.mock.calls[1][0].params).toEqual(
        expect.objectContaining({ 'match[]': '{__name__=~"shop_http_requests_total"}' })
      );
    });

    it("computes the Health query's Apdex at the app's Apdex T", async () => {
      jest.mocked(loadAppSettings).mockResolvedValue({ health: { apdexT: 0.25 } });
      fetch.mockReturnValue(of({ data: okMatrix }));
      await runQuery(new DataSource(settings), request([{ refId: 'H', mode: 'health' }]));
      const queries: string[] = fetch.mock.calls.map((c) => c[0].params.query);
      const apdex = queries[HEALTH_COMPONENTS.findIndex((c) => c.signal === 'http_apdex')];
      expect(apdex).toBe(buildPromQL('http_apdex', { window: '60s', apdexT: 0.25 }));
      expect(apdex).toContain('le="0.25"');
      expect(apdex).not.toContain('le="0.5"');
    });

    it("queries the settings' custom signals and weighs those with a weight in the Health query", async () => {
      const promql =
        'sum(rate(checkouts_failed_total{$filters}[$window])) / sum(rate(checkouts_total{$filters}[$window]))';
      const custom = {
        id: 'custom_checkout_errors',
        title: 'Checkout errors',
        area: 'http',
        unit: 'percentunit',
        promql,
      };
      jest.mocked(loadAppSettings).mockResolvedValue({
        customSignals: [{ ...custom, direction: 'above', warning: 0.01, weight: 2 }],
      } as PerfscopeSettings);
      fetch.mockReturnValue(of({ data: okMatrix }));
      const filters = [{ label: 'job', op: '=' as const, value: 'shop' }];
      await runQuery(
        new DataSource(settings),
        request([{ refId: 'A', mode: 'signal', signal: 'custom_checkout_errors', filters }])
      );
      expect(fetch.mock.calls[0][0].params.query).toBe(
        'sum(rate(checkouts_failed_total{job="shop"}[60s])) / sum(rate(checkouts_total{job="shop"}[60s]))'
      );
      fetch.mockClear();
      const result = await runQuery(new DataSource(settings), request([{ refId: 'H', mode: 'health' }]));
      expect(fetch.mock.calls).toHaveLength(HEALTH_COMPONENTS.length + 1);
      expect(result.data.map((f) => f.fields[1].name).at(-1)).toBe('custom_checkout_errors');
    });

    it("runs catalog queries with the kit's names and says why when the app settings cannot be read", async () => {
      jest.mocked(loadAppSettings).mockRejectedValue({ status: 403 });
      fetch.mockReturnValue(of({ data: okMatrix }));
      const result = await runQuery(
        new DataSource(settings),
        request([
          { refId: 'A', mode: 'signal', signal: 'http_request_rate' },
          { refId: 'B', mode: 'promql', expr: 'up' },
        ])
      );
      expect(fetch.mock.calls[0][0].params.query).toBe(buildPromQL('http_request_rate', { window: '60s' }));
      const notices = (refId: string) => result.data.find((f) => f.refId === refId)?.meta?.notices ?? [];
      expect(notices('A')).toEqual([
        {
          severity: 'warning',
          text: "This user may not read the Perfscope app settings: catalog queries use the instrumentation kit's metric names (no namespace prefix or label mapping) and Apdex T = 0.5 s.",
        },
      ]);
      expect(notices('B')).toEqual([]);
    });

    it('carries the same notice on the frames of a live catalog query', async () => {
      jest.mocked(loadAppSettings).mockRejectedValue({ status: 404 });
      fetch.mockReturnValue(of({ data: okMatrix }));
      const result = new DataSource(settings).query(
        request([{ refId: 'S', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 60 }])
      );
      if (!isObservable(result)) {
        throw new Error('expected a stream');
      }
      const first = await firstValueFrom(result.pipe(filter((r) => r.data.length > 0)));
      expect(first.data[0].meta?.notices).toEqual([
        {
          severity: 'warning',
          text: expect.stringMatching(/^The Perfscope app is not installed in this Grafana: /),
        },
      ]);
    });

    it('says to fix a stored metric naming that is not valid, not the label filters', async () => {
      jest.mocked(loadAppSettings).mockResolvedValue({ prefix: '9shop' });
      fetch.mockReturnValue(of({ data: okMatrix }));
      await expect(
        runQuery(new DataSource(settings), request([{ refId: 'A', mode: 'signal', signal: 'http_request_rate' }]))
      ).rejects.toThrow(
        /^The Perfscope app's metric naming is not valid: Namespace prefix "9shop".*configuration page/
      );
    });

    it('reads no app settings for PromQL queries', async () => {
      fetch.mockReturnValue(of({ data: okMatrix }));
      await runQuery(new DataSource(settings), request([{ refId: 'B', mode: 'promql', expr: 'up' }]));
      expect(loadAppSettings).not.toHaveBeenCalled();
    });

    it("loads filter label names and values from the signal's own series", async () => {
      fetch.mockReturnValue(of({ data: { status: 'success', data: ['__name__', 'job', 'route'] } }));
      const ds = new DataSource(settings);
      await expect(ds.signalLabels('http_request_rate')).resolves.toEqual(['job', 'route']);
      expect(fetch.mock.calls[0][0]).toMatchObject({
        url: '/api/datasources/proxy/uid/ps/plain/api/v1/labels',
        params: { 'match[]': '{__name__=~"http_requests_total"}' },
      });
      fetch.mockReturnValue(of({ data: { status: 'success', data: ['/a', '/b'] } }));
      await expect(ds.signalLabelValues('http_request_rate', 'route')).resolves.toEqual(['/a', '/b']);
      expect(fetch.mock.calls[1][0].url).toBe('/api/datasources/proxy/uid/ps/plain/api/v1/label/route/values');
    });
  });
});
