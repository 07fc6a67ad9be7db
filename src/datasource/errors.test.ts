import { PROXY_AUTH_FAILED, RequestError, displayUrl, redactCredentials, requestError } from './errors';

const bytes = (text: string) => new TextEncoder().encode(text).buffer;
const target = 'http://prometheus:9090';

describe('requestError', () => {
  it.each([
    // Grafana's proxy answers an upstream 401 with 400 and a text body (ds_proxy.go modifyResponse)
    [{ status: 400, data: PROXY_AUTH_FAILED }, /refused the credentials .*Check the token, password/, true],
    [{ status: 400, data: bytes(PROXY_AUTH_FAILED) }, /refused the credentials/, true],
    [
      { status: 400, data: { message: PROXY_AUTH_FAILED, response: PROXY_AUTH_FAILED } },
      /refused the credentials/,
      true,
    ],
    [
      { status: 400, data: bytes('{"status":"error","errorType":"bad_data","error":"parse error at char 5"}') },
      /^Prometheus rejected the query \(bad_data\): parse error at char 5$/,
      true,
    ],
    [
      { status: 422, data: { status: 'error', errorType: 'execution', error: 'many-to-many matching' } },
      /rejected the query \(execution\)/,
      true,
    ],
    // VictoriaMetrics's shape: the HTTP status as the error type.
    [
      { status: 422, data: { status: 'error', errorType: '422', error: 'cannot parse "sum(rate(x[5m])"' } },
      /^The server rejected the query \(HTTP 422\): cannot parse "sum\(rate\(x\[5m\]\)"$/,
      true,
    ],
    [
      { status: 503, data: { status: 'error', errorType: '503', error: 'too many concurrent queries' } },
      /HTTP 503/,
      false,
    ],
    [
      {
        status: 503,
        data: { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' },
      },
      /stopped the query at its own time limit \(timeout\).*--query\.timeout/,
      false,
    ],
    [
      { status: 503, data: { status: 'error', errorType: 'unavailable', error: 'shutting down' } },
      /unavailable/,
      false,
    ],
    [{ status: 504, data: '' }, /did not answer before Grafana's data-source proxy gave up \(504.*allows 30 s/, false],
    [{ status: 502, data: '' }, /unreachable or unavailable \(502\)/, false],
    [{ status: 403, data: { message: 'plugin proxy route access denied' } }, /Grafana refused the request/, true],
    [{ status: 404 }, /Not found \(404\)/, true],
    [{ status: 429, statusText: 'Too Many Requests' }, /HTTP 429 Too Many Requests/, false],
    [{ status: 418 }, /HTTP 418/, true],
    [{ timedOutAfterSeconds: 30 }, /within 30 s.*raise the timeout .*a proxy in front of Grafana/, false],
  ])('words %p and says whether a retry can help', (error, message, permanent) => {
    const result = requestError(error, target, 30);
    expect(result).toBeInstanceOf(RequestError);
    expect(result.message).toMatch(message);
    expect(result.permanent).toBe(permanent);
  });

  it.each([
    [{ status: 401 }, /Unauthorized \(401\).*Check the token or password/],
    [{ status: 403 }, /Forbidden \(403\)/],
    [{ status: 404 }, /Not found \(404\) at http:\/\/p:9090.*API root/],
    [
      { status: 502, data: { message: 'dial tcp: connection refused' } },
      /unreachable or unavailable \(502: dial tcp: connection refused\)/,
    ],
    [{ status: 500, data: { error: 'boom' } }, /failed with HTTP 500: boom/],
    [new Error('timeout'), /^timeout$/],
    [{}, /failed: no response/],
    [{ timedOutAfterSeconds: 30 }, /^No answer from http:\/\/p:9090 within 30 s: .*raise the timeout/],
  ])('words %p with the URL and what to check', (error, message) => {
    expect(requestError(error, 'http://p:9090').message).toMatch(message);
  });

  it('never shows credentials, from the URL or from the server message', () => {
    const message = requestError(
      { status: 502, data: { message: 'Get "https://admin:s3cret@prom.example/api/v1/query": dial tcp' } },
      displayUrl('https://admin:s3cret@prom.example')
    ).message;
    expect(message).not.toMatch(/s3cret|admin/);
    expect(message).toContain('https://prom.example');
  });
});

describe('redactCredentials and displayUrl', () => {
  it('drops the user info of every URL in a text, and nothing else', () => {
    expect(redactCredentials('see http://u:p@a:9090/x and https://tok@b/y')).toBe(
      'see http://a:9090/x and https://b/y'
    );
    expect(redactCredentials('mail me at a@b.c')).toBe('mail me at a@b.c');
    expect(displayUrl(undefined)).toBe('the configured URL');
    expect(displayUrl(42)).toBe('the configured URL');
  });
});
