import { of, throwError } from 'rxjs';
import type { DataQueryResponse } from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { DataSource } from './datasource';
import { instanceSettings, queryRequest } from './testSupport';

// Range queries fetch the raw body (responseType 'arraybuffer'): Grafana then hands over an
// ArrayBuffer, for answers and for errors alike.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  getTemplateSrv: jest.fn(),
}));

const settings = instanceSettings();
const request = queryRequest([{ refId: 'A', mode: 'promql', expr: 'up' }]);

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

describe('DataSource with bodies as bytes', () => {
  let fetch: jest.Mock;
  beforeEach(() => {
    fetch = jest.fn();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    jest.mocked(getTemplateSrv).mockReturnValue({ replace: (text: string) => text } as never);
  });

  const run = () => new DataSource(settings).query(request) as Promise<DataQueryResponse>;

  it('asks for the raw body and scans a matrix into frames', async () => {
    fetch.mockReturnValue(
      of({
        data: bytes(
          '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},"values":[[1700000000,"0.30000000000000004"],[1700000015.5,"NaN"]]}]},"warnings":["w"]}'
        ),
      })
    );
    const result = await run();
    expect(fetch.mock.calls[0][0]).toMatchObject({ responseType: 'arraybuffer' });
    expect(result.data).toHaveLength(1);
    expect(result.data[0].fields[0].values).toEqual([1_700_000_000_000, 1_700_000_015_500]);
    expect(result.data[0].fields[1].values).toEqual([0.30000000000000004, NaN]);
    expect(result.data[0].fields[1].labels).toEqual({ job: 'api' });
    expect(result.data[0].meta?.notices).toEqual([{ severity: 'warning', text: 'w' }]);
  });

  it("shows Prometheus's message from an error body given as bytes", async () => {
    fetch.mockReturnValue(
      throwError(() => ({
        status: 400,
        data: bytes('{"status":"error","errorType":"bad_data","error":"parse error at char 5"}'),
      }))
    );
    await expect(run()).rejects.toThrow('Prometheus rejected the query (bad_data): parse error at char 5');
  });

  it('explains an HTML page and a 502 with a JSON message, both as bytes', async () => {
    fetch.mockReturnValue(of({ data: bytes('<html><body>Please sign in</body></html>') }));
    await expect(run()).rejects.toThrow(/not with a Prometheus API response/);
    fetch.mockReturnValue(throwError(() => ({ status: 502, data: bytes('{"message":"dial tcp: refused"}') })));
    await expect(run()).rejects.toThrow(/unreachable or unavailable \(502: dial tcp: refused\)/);
  });
});
