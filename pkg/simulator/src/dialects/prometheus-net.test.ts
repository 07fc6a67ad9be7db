import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('prometheus-net dialect', () => {
  it('counts received requests by code, method, controller, action and endpoint', async () => {
    const kit = await kitBaseline('error-burst');
    const { samples, types } = await run(['prometheus-net'], 'error-burst');
    expect(types.get('http_requests_received_total')).toBe('counter');
    expect(total(samples, 'http_requests_received_total')).toBe(kit.requests);
    expect(total(samples, 'http_request_duration_seconds_count')).toBe(kit.requests);
    expect(total(samples, 'http_requests_received_total', (l) => l.code.startsWith('5'))).toBe(
      kit.requestsWith((l) => l.status_code.startsWith('5'))
    );
    expect(bounds(samples, 'http_request_duration_seconds')).toEqual([
      0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384, 32.768,
    ]);
    const tracks = samples.find(
      (s) => s.name === 'http_requests_received_total' && s.labels.endpoint === 'tracks/{id}'
    );
    expect(tracks?.labels).toMatchObject({ method: 'GET', controller: 'Tracks', action: 'Get' });
    expect(values(samples, 'http_requests_in_progress', 'endpoint')).toEqual(
      values(samples, 'http_requests_received_total', 'endpoint')
    );
    expect(Object.keys(samples.find((s) => s.name === 'http_requests_in_progress')!.labels).sort()).toEqual([
      'action',
      'controller',
      'endpoint',
      'method',
    ]);
  });
});
