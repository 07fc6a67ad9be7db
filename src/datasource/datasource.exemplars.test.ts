import { isObservable, of, throwError } from 'rxjs';
import {
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  DataTopic,
} from '@grafana/data';
import { getBackendSrv, getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { buildPromQL } from '@perfscope/catalog';
import { loadAppSettings } from '../settings';
import { DataSource } from './datasource';
import { instanceSettings, queryRequest } from './testSupport';
import type { Options, Query } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
}));
jest.mock('../settings', () => ({ ...jest.requireActual('../settings'), loadAppSettings: jest.fn() }));

async function runQuery(ds: DataSource, request: DataQueryRequest<Query>): Promise<DataQueryResponse> {
  const result = ds.query(request);
  if (isObservable(result)) {
    throw new Error('expected a query that runs once, got a stream');
  }
  return result;
}

const TEMPO = {
  uid: 'tempo-uid',
  name: 'Tempo',
  type: 'tempo',
  meta: { id: 'tempo', tracing: true },
} as unknown as DataSourceInstanceSettings;

const matrix = {
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000, '0.3']] }] },
};

const exemplarBody = {
  status: 'success',
  data: [
    {
      seriesLabels: { __name__: 'http_request_duration_seconds_bucket', le: '0.5' },
      exemplars: [
        { labels: { trace_id: 'aaa' }, value: '0.42', timestamp: 1700000100 },
        { labels: { trace_id: 'bbb' }, value: '0.12', timestamp: 1700000400 },
      ],
    },
  ],
};

/** Routes the fake API by path: the range query and the exemplar query answer independently. */
function api(answers: { range?: unknown; exemplars?: () => unknown }) {
  return jest.fn((options: { url: string }) => {
    if (options.url.endsWith('/api/v1/query_exemplars')) {
      return answers.exemplars ? answers.exemplars() : of({ data: exemplarBody });
    }
    return of({ data: answers.range ?? matrix });
  });
}

const exemplarFrameOf = (result: DataQueryResponse) =>
  (result.data as DataFrame[]).find((frame) => frame.name === 'exemplar');
const noticesOf = (result: DataQueryResponse) =>
  (result.data as DataFrame[]).filter((f) => f.name !== 'exemplar').flatMap((f) => f.meta?.notices ?? []);

const p95: Query = { refId: 'A', mode: 'signal', signal: 'http_latency_p95' };

describe('DataSource exemplars', () => {
  let fetch: ReturnType<typeof api>;
  const datasources = new Map<string, DataSourceInstanceSettings>();

  const use = (f: ReturnType<typeof api>) => {
    fetch = f;
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
  };
  const exemplarCalls = () => fetch.mock.calls.filter(([o]) => o.url.endsWith('/api/v1/query_exemplars'));

  beforeEach(() => {
    use(api({}));
    datasources.clear();
    datasources.set(TEMPO.uid, TEMPO);
    jest
      .mocked(getDataSourceSrv)
      .mockReturnValue({ getInstanceSettings: (uid: string) => datasources.get(uid) } as never);
    jest.mocked(loadAppSettings).mockResolvedValue({});
    jest.mocked(getTemplateSrv).mockReturnValue({
      replace: (text: string, scoped: Record<string, { value: unknown }> = {}) =>
        text.replace(/\$(\w+)/g, (match, name: string) => (scoped[name] ? String(scoped[name].value) : match)),
    } as never);
  });

  const withTempo = (extra: Options = {}) =>
    new DataSource(instanceSettings({ url: 'http://prometheus:9090', tracingDatasourceUid: 'tempo-uid', ...extra }));

  it("reads a latency signal's exemplars with its own expression over the range, linked to the traces", async () => {
    const result = await runQuery(withTempo(), queryRequest([p95]));
    const [[call]] = exemplarCalls();
    expect(call).toMatchObject({
      url: '/api/datasources/proxy/uid/ps/plain/api/v1/query_exemplars',
      method: 'GET',
      params: {
        query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[60s])))',
        start: 1_700_000_000,
        end: 1_700_000_600,
      },
      requestId: 'r1-A-exemplars',
    });
    const frame = exemplarFrameOf(result)!;
    expect(frame.refId).toBe('A');
    expect(frame.meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(frame.fields[0].values).toEqual([1_700_000_100_000, 1_700_000_400_000]);
    expect(frame.fields[1]).toMatchObject({ name: 'Value', values: [0.42, 0.12], config: { unit: 's' } });
    const traceId = frame.fields.find((f) => f.name === 'trace_id')!;
    expect(traceId.values).toEqual(['aaa', 'bbb']);
    expect(traceId.config.links?.[0].internal).toEqual({
      query: { query: '${__value.raw}', queryType: 'traceql' },
      datasourceUid: 'tempo-uid',
      datasourceName: 'Tempo',
    });
    expect(noticesOf(result)).toEqual([]);
    // The series frames come first, as before.
    expect(result.data[0].name).not.toBe('exemplar');
  });

  it('shows exemplars without links, and says where to choose a tracing datasource, when none is set', async () => {
    const result = await runQuery(new DataSource(instanceSettings()), queryRequest([p95]));
    const frame = exemplarFrameOf(result)!;
    expect(frame.length).toBe(2);
    expect(frame.fields.every((f) => !f.config.links)).toBe(true);
    expect(noticesOf(result)).toEqual([
      expect.objectContaining({
        severity: 'info',
        text: expect.stringContaining(
          'choose a tracing datasource (Tempo, Jaeger or Zipkin) under "Exemplars" in the settings of the Perfscope datasource'
        ),
      }),
    ]);
  });

  it('adds nothing, not even a notice about links, when there are no exemplars', async () => {
    use(api({ exemplars: () => of({ data: { status: 'success', data: [] } }) }));
    const result = await runQuery(new DataSource(instanceSettings()), queryRequest([p95]));
    expect(result.data).toHaveLength(1);
    expect(exemplarFrameOf(result)).toBeUndefined();
    expect(noticesOf(result)).toEqual([]);
  });

  it('says so when the chosen tracing datasource is gone', async () => {
    datasources.clear();
    const result = await runQuery(withTempo(), queryRequest([p95]));
    expect(exemplarFrameOf(result)!.fields.every((f) => !f.config.links)).toBe(true);
    expect(noticesOf(result)[0]).toMatchObject({
      severity: 'warning',
      text: expect.stringMatching(/uid tempo-uid\) was not found/),
    });
  });

  it('never fails the query when exemplars fail: the series come with a warning instead', async () => {
    use(
      api({
        exemplars: () => throwError(() => ({ status: 404, data: 'page not found', statusText: 'Not Found' })),
      })
    );
    const result = await runQuery(withTempo(), queryRequest([p95]));
    expect(result.data).toHaveLength(1);
    expect(result.data[0].fields[1].values).toEqual([0.3]);
    expect(exemplarFrameOf(result)).toBeUndefined();
    expect(noticesOf(result)).toEqual([
      {
        severity: 'warning',
        text: 'Exemplars could not be read, so the series are shown without them: Not found (404) at http://prometheus:9090: the URL is wrong. It should be the API root (e.g. http://prometheus:9090), without /api/v1.',
      },
    ]);
  });

  it('puts the warning on an empty frame of the query when the series are empty too', async () => {
    use(
      api({
        range: { status: 'success', data: { resultType: 'matrix', result: [] } },
        exemplars: () => of({ data: { status: 'error', errorType: 'bad_data', error: 'exemplar storage is off' } }),
      })
    );
    const result = await runQuery(withTempo(), queryRequest([p95]));
    expect(result.data).toHaveLength(1);
    expect(result.data[0].refId).toBe('A');
    expect(noticesOf(result)[0].text).toContain(
      'Prometheus rejected the exemplar query (bad_data): exemplar storage is off.'
    );
  });

  it('asks for exemplars of other signals and of PromQL only when the query says so, never for instant or health queries', async () => {
    const ds = withTempo();
    await runQuery(
      ds,
      queryRequest([
        { refId: 'R', mode: 'signal', signal: 'http_request_rate' },
        { refId: 'Q', mode: 'promql', expr: 'histogram_quantile(0.9, rate(x_bucket[5m]))' },
        { refId: 'I', mode: 'signal', signal: 'http_latency_p95', instant: true },
        { refId: 'H', mode: 'health' },
        { refId: 'N', mode: 'signal', signal: 'http_latency_p99', exemplars: false },
      ])
    );
    expect(exemplarCalls()).toHaveLength(0);
    await runQuery(
      ds,
      queryRequest([
        { refId: 'R', mode: 'signal', signal: 'http_request_rate', exemplars: true },
        { refId: 'Q', mode: 'promql', expr: 'histogram_quantile(0.9, rate(x_bucket[5m]))', exemplars: true },
      ])
    );
    expect(exemplarCalls().map(([o]) => (o as unknown as { params: { query: string } }).params.query)).toEqual([
      buildPromQL('http_request_rate', { window: '60s' }),
      'histogram_quantile(0.9, rate(x_bucket[5m]))',
    ]);
  });

  it('says when no exemplar has the trace id label, naming the ones they have', async () => {
    use(
      api({
        exemplars: () =>
          of({
            data: {
              status: 'success',
              data: [
                {
                  seriesLabels: { le: '1' },
                  exemplars: [{ labels: { traceID: 'x' }, value: '0.5', timestamp: 1700000001 }],
                },
              ],
            },
          }),
      })
    );
    const result = await runQuery(withTempo(), queryRequest([p95]));
    expect(noticesOf(result)[0].text).toMatch(/^None of the 1 exemplars has the label trace_id \(they carry traceID\)/);
    const custom = await runQuery(withTempo({ exemplarTraceIdLabel: 'traceID' }), queryRequest([p95]));
    expect(noticesOf(custom)).toEqual([]);
    expect(exemplarFrameOf(custom)!.fields.find((f) => f.name === 'traceID')!.config.links).toHaveLength(1);
  });

  it('keeps running with a bad trace id label in the settings, and says so', async () => {
    const result = await runQuery(withTempo({ exemplarTraceIdLabel: 'trace-id' }), queryRequest([p95]));
    expect(result.data[0].fields[1].values).toEqual([0.3]);
    expect(noticesOf(result)[0].text).toMatch(
      /^The exemplar settings of this datasource have a problem: "trace-id" is not a label name/
    );
    // The default label is used meanwhile.
    expect(exemplarFrameOf(result)!.fields.find((f) => f.name === 'trace_id')!.config.links).toHaveLength(1);
  });

  it('gives exemplars in the unit of the signal when the histogram is in another one', async () => {
    // A histogram in ms read in s: the catalog multiplies the quantile by 0.001.
    const settings = {
      metrics: { http_request_duration_seconds: { name: 'http_server_duration_milliseconds', scale: 0.001 } },
    };
    jest.mocked(loadAppSettings).mockResolvedValue(settings as never);
    const result = await runQuery(withTempo(), queryRequest([p95]));
    const [[call]] = exemplarCalls();
    expect((call as unknown as { params: { query: string } }).params.query).toMatch(
      /^\(histogram_quantile\(.*\)\) \* 0\.001$/
    );
    expect(exemplarFrameOf(result)!.fields[1].values).toEqual([0.00042, 0.00012]);
  });
});
