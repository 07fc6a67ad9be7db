import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('prom-client dialect (express-prom-bundle)', () => {
  it('emits one duration histogram by status_code, method and #val paths, and no request counter', async () => {
    const kit = await kitBaseline('rate-limit');
    const { samples, types } = await run(['prom-client'], 'rate-limit');
    const name = 'http_request_duration_seconds';
    expect(types.get(name)).toBe('histogram');
    expect(total(samples, `${name}_count`)).toBe(kit.requests);
    expect(bounds(samples, name)).toEqual([0.003, 0.03, 0.1, 0.3, 1.5, 10]);
    expect(values(samples, `${name}_count`, 'path')).toEqual([
      '/albums/#val',
      '/login',
      '/playlists',
      '/playlists/#val',
      '/search',
      '/stream/#val',
      '/tracks/#val',
    ]);
    expect(total(samples, `${name}_count`, (l) => l.status_code === '429')).toBe(
      kit.requestsWith((l) => l.status_code === '429')
    );
    expect(total(samples, `${name}_count`, (l) => l.status_code === '429')).toBeGreaterThan(0);
    expect(types.has('http_requests_total')).toBe(false);
    expect(total(samples, 'up')).toBe(1);
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });
});
