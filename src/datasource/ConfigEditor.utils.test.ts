import type { DataSourceSettings } from '@grafana/data';
import {
  type Settings,
  configProblems,
  customHeaders,
  urlProblem,
  withAuthMethod,
  withNewHeader,
  withSecret,
  withoutHeader,
  withoutSecret,
  withUrl,
} from './ConfigEditor.utils';

const base = (patch: Partial<Settings> = {}, jsonData: Settings['jsonData'] = {}): Settings =>
  ({
    id: 1,
    uid: 'ps',
    name: 'Perfscope',
    type: 'perfscope-proxy-datasource',
    basicAuth: false,
    basicAuthUser: '',
    secureJsonFields: {},
    ...patch,
    jsonData: { url: 'http://prometheus:9090', ...jsonData },
  }) as unknown as DataSourceSettings as Settings;

describe('urlProblem', () => {
  it.each([
    ['http://prometheus:9090', undefined],
    ['https://mimir.example.com/prometheus', undefined],
    ['', /Enter the URL/],
    ['prometheus:9090/x y', /is not a URL|Only http/],
    ['ftp://host', /Only http:\/\/ and https:\/\//],
    ['http://user:pw@host:9090', /Do not put credentials in the URL/],
    ['http://host:9090/api/v1', /Leave \/api\/v1 off/],
    ['http://host:9090/?token=x', /Leave query parameters/],
  ])('%j', (url, problem) => {
    const result = urlProblem(url);
    if (problem === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(problem);
    }
  });
});

describe('configProblems', () => {
  it('accepts a complete configuration', () => {
    expect(configProblems(base())).toEqual({});
    expect(
      configProblems(base({ secureJsonFields: { bearerToken: true } }, { authMethod: 'bearer', tenant: 'team-a' }))
    ).toEqual({});
    // Mimir's tenant federation: several tenants joined with |.
    expect(configProblems(base({}, { tenant: 'team-a|team-b' }))).toEqual({});
  });

  it('asks for the credentials of the chosen method', () => {
    expect(configProblems(base({}, { authMethod: 'bearer' }))).toEqual({
      bearerToken: expect.stringMatching(/Enter the bearer token/),
    });
    expect(configProblems(base({}, { authMethod: 'basic' }))).toEqual({
      basicAuthUser: expect.stringMatching(/user name/),
      basicAuthPassword: expect.stringMatching(/password/),
    });
    expect(
      configProblems(
        base({ basicAuthUser: 'grafana', secureJsonData: { basicAuthPassword: 'pw' } }, { authMethod: 'basic' })
      )
    ).toEqual({});
  });

  it.each([
    [{ tenant: 'team a' }, 'tenant', /A tenant id uses letters/],
    [{ tenant: 'team-a||team-b' }, 'tenant', /join them with \| \(team-a\|team-b\)/],
    [{ tenant: 'team-a|..' }, 'tenant', /A tenant id uses letters/],
    [{ timeout: 0 }, 'timeout', /from 1 to 300/],
    [{ timeout: 2.5 }, 'timeout', /whole number/],
    [{ timeoutSeconds: 2.5 }, 'timeout', /whole number/],
    [{ timeout: 'abc' }, 'timeout', /whole number of seconds from 1 to 300, not "abc"/],
    [{ timeout: -5 }, 'timeout', /not -5/],
    [{ tenant: 42 }, 'tenant', /saved tenant is 42, not text/],
    [{ url: ['http://a'] }, 'url', /saved URL is a list, not text/],
    [{ httpHeaderName1: 7 }, 'httpHeaderName1', /saved header name is 7/],
    [{ authMethod: 'oauth' }, 'authMethod', /not one of none, bearer or basic/],
    [{ scrapeInterval: '15 s' }, 'scrapeInterval', /is not a duration/],
    [{ scrapeInterval: '500ms' }, 'scrapeInterval', /at least 1s/],
    [{ httpHeaderName1: 'X Bad' }, 'httpHeaderName1', /not a valid HTTP header name/],
    [{ httpHeaderName1: '' }, 'httpHeaderName1', /Enter a header name/],
    [{ httpHeaderName1: 'X-Key' }, 'httpHeaderValue1', /Enter the value of X-Key/],
    [{ tenant: 'a', httpHeaderName1: 'x-scope-orgid' }, 'httpHeaderName1', /already set by the tenant field/],
  ])('flags %p at %s', (jsonData, field, message) => {
    expect(configProblems(base({}, jsonData as Settings['jsonData']))[field]).toMatch(message);
  });

  it('flags duplicate headers and an Authorization header that fights the chosen method', () => {
    const settings = base(
      { secureJsonFields: { httpHeaderValue1: true, httpHeaderValue2: true, bearerToken: true } },
      {
        authMethod: 'bearer',
        httpHeaderName1: 'Authorization',
        httpHeaderName2: 'authorization',
      }
    );
    expect(configProblems(settings)).toEqual({
      httpHeaderName1: expect.stringMatching(/already set by the authentication above/),
      httpHeaderName2: expect.stringMatching(/set twice/),
    });
  });

  it('checks the exemplar settings: a stored value of the wrong type, the label name, the tracing datasource', () => {
    const url = { url: 'http://p:9090' };
    const lookup = (uid: string) =>
      uid === 'tempo' ? ({ uid, name: 'Tempo', meta: { tracing: true } } as never) : undefined;
    expect(
      configProblems(base({}, { ...url, exemplarTraceIdLabel: 'traceID', tracingDatasourceUid: 'tempo' }), lookup)
    ).toEqual({});
    expect(configProblems(base({}, { ...url, exemplarTraceIdLabel: 7 } as never))).toEqual({
      exemplarTraceIdLabel: 'The saved trace id label is 7, not text: enter it again.',
    });
    expect(configProblems(base({}, { ...url, exemplarTraceIdLabel: '1trace' }))).toEqual({
      exemplarTraceIdLabel: expect.stringMatching(/^"1trace" is not a label name/),
    });
    expect(configProblems(base({}, { ...url, tracingDatasourceUid: 'gone' }), lookup)).toEqual({
      tracingDatasourceUid: expect.stringMatching(/^The tracing datasource chosen earlier \(uid gone\) was not found/),
    });
    // Without a way to look datasources up, the choice is not checked.
    expect(configProblems(base({}, { ...url, tracingDatasourceUid: 'gone' }))).toEqual({});
  });
});

describe('updates keep secrets out of jsonData', () => {
  it('puts a typed secret in secureJsonData only', () => {
    const next = withSecret(base(), 'bearerToken', 's3cret');
    expect(next.secureJsonData).toEqual({ bearerToken: 's3cret' });
    expect(JSON.stringify(next.jsonData)).not.toContain('s3cret');
  });

  it('resets a saved secret so a new one can be typed', () => {
    const next = withoutSecret(base({ secureJsonFields: { bearerToken: true } }), 'bearerToken');
    expect(next.secureJsonFields.bearerToken).toBe(false);
    expect(next.secureJsonData).toEqual({ bearerToken: '' });
  });

  it('toggles Grafana basic auth with the method', () => {
    expect(withAuthMethod(base(), 'basic')).toMatchObject({ basicAuth: true, jsonData: { authMethod: 'basic' } });
    expect(withAuthMethod(base({ basicAuth: true }), 'bearer')).toMatchObject({
      basicAuth: false,
      jsonData: { authMethod: 'bearer' },
    });
  });

  it('adds headers in the first free slot up to the limit, and removes name and value together', () => {
    let s = base();
    for (let i = 0; i < 6; i++) {
      s = withNewHeader(s);
    }
    expect(customHeaders(s.jsonData).map((h) => h.index)).toEqual([1, 2, 3, 4, 5]);
    s = withoutHeader({ ...s, secureJsonFields: { httpHeaderValue2: true } }, 2);
    expect(customHeaders(s.jsonData).map((h) => h.index)).toEqual([1, 3, 4, 5]);
    expect(s.secureJsonFields.httpHeaderValue2).toBe(false);
    expect(customHeaders(withNewHeader(s).jsonData).map((h) => h.index)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('withUrl keeps credentials out of the URL', () => {
  it('moves user and password typed into the URL to basic auth, the password into secureJsonData', () => {
    const { settings, moved } = withUrl(base(), 'https://grafana:p%40ss@mimir.example/prometheus');
    expect(moved).toBe(true);
    expect(settings.jsonData.url).toBe('https://mimir.example/prometheus');
    expect(settings.jsonData.authMethod).toBe('basic');
    expect(settings.basicAuth).toBe(true);
    expect(settings.basicAuthUser).toBe('grafana');
    expect(settings.secureJsonData?.basicAuthPassword).toBe('p@ss');
    expect(JSON.stringify(settings.jsonData)).not.toContain('p@ss');
    expect(configProblems(settings)).toEqual({});
  });

  it('keeps a bare origin as typed and leaves a URL without credentials alone', () => {
    expect(withUrl(base(), 'http://u:p@prometheus:9090').settings.jsonData.url).toBe('http://prometheus:9090');
    const plain = withUrl(base(), ' http://prometheus:9090 ');
    expect(plain).toMatchObject({ moved: false, settings: { jsonData: { url: 'http://prometheus:9090' } } });
    expect(plain.settings.basicAuth).toBe(false);
  });
});
