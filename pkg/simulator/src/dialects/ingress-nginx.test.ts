import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('ingress-nginx dialect', () => {
  it('counts requests in a counter without _total, by Ingress path and status', async () => {
    const kit = await kitBaseline('rate-limit');
    const { samples, types } = await run(['ingress-nginx'], 'rate-limit');
    expect(types.get('nginx_ingress_controller_requests')).toBe('counter');
    expect(types.has('nginx_ingress_controller_requests_total')).toBe(false);
    expect(total(samples, 'nginx_ingress_controller_requests')).toBe(kit.requests);
    expect(total(samples, 'nginx_ingress_controller_request_duration_seconds_count')).toBe(kit.requests);
    expect(total(samples, 'nginx_ingress_controller_requests', (l) => l.status === '429')).toBe(
      kit.requestsWith((l) => l.status_code === '429')
    );
    expect(values(samples, 'nginx_ingress_controller_requests', 'path')).toEqual([
      '/albums',
      '/login',
      '/playlists',
      '/search',
      '/stream',
      '/tracks',
    ]);
    expect(bounds(samples, 'nginx_ingress_controller_request_duration_seconds')).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    const one = samples.find((s) => s.name === 'nginx_ingress_controller_requests')!;
    expect(Object.keys(one.labels).sort()).toEqual([
      'canary',
      'controller_class',
      'controller_namespace',
      'controller_pod',
      'host',
      'ingress',
      'method',
      'namespace',
      'path',
      'service',
      'status',
    ]);
  });
});
