import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('otel dialect', () => {
  it('emits the stable semantic-convention HTTP histogram, with the kit’s requests', async () => {
    const kit = await kitBaseline('error-burst');
    const { samples, types } = await run(['otel'], 'error-burst');
    const name = 'http_server_request_duration_seconds';
    expect(types.get(name)).toBe('histogram');
    expect(total(samples, `${name}_count`)).toBe(kit.requests);
    expect(total(samples, `${name}_count`)).toBeGreaterThan(500);
    expect(bounds(samples, name)).toEqual([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
    expect(values(samples, `${name}_count`, 'http_request_method')).toEqual(['GET', 'POST']);
    expect(values(samples, `${name}_count`, 'http_route')).toContain('/tracks/:id');
    expect(values(samples, `${name}_count`, 'url_scheme')).toEqual(['http']);
    expect(values(samples, `${name}_count`, 'otel_scope_name')).toEqual(['@opentelemetry/instrumentation-http']);
    // error.type only on server errors, and then the status code.
    const fiveXX = kit.requestsWith((l) => l.status_code.startsWith('5'));
    expect(fiveXX).toBeGreaterThan(0);
    expect(total(samples, `${name}_count`, (l) => l.error_type !== undefined)).toBe(fiveXX);
    expect(
      samples
        .filter((s) => s.name === `${name}_count` && s.labels.error_type !== undefined)
        .every((s) => s.labels.error_type === s.labels.http_response_status_code)
    ).toBe(true);
    expect(total(samples, `${name}_count`, (l) => l.http_response_status_code === '200')).toBe(
      kit.requestsWith((l) => l.status_code === '200')
    );
    expect(types.get('http_server_active_requests')).toBe('gauge');
    // The build: the resource's service.version in target_info, the SDK's attributes beside it.
    expect(types.get('target_info')).toBe('gauge');
    expect(samples.filter((s) => s.name === 'target_info')).toEqual([
      {
        name: 'target_info',
        labels: {
          service_version: '1.0.0',
          telemetry_sdk_language: 'nodejs',
          telemetry_sdk_name: 'opentelemetry',
          telemetry_sdk_version: '2.0.0',
        },
        value: 1,
      },
    ]);
    expect(types.has('app_build_info')).toBe(false);
    expect(samples.some((s) => s.name.startsWith('http_requests_total'))).toBe(false);
  });

  it('emits database operations with their own buckets, failures by error.type, and pool states', async () => {
    const kit = await kitBaseline('db-down');
    const { samples } = await run(['otel'], 'db-down');
    const name = 'db_client_operation_duration_seconds';
    expect(total(samples, `${name}_count`)).toBe(kit.queries);
    expect(bounds(samples, name)).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
    expect(kit.queryErrors).toBeGreaterThan(0);
    expect(total(samples, `${name}_count`, (l) => l.error_type !== undefined)).toBe(kit.queryErrors);
    expect(total(samples, `${name}_count`, (l) => l.db_operation_name === 'SELECT')).toBe(
      kit.queriesWith((l) => l.operation === 'select')
    );
    expect(values(samples, `${name}_count`, 'db_collection_name')).toEqual([
      'albums',
      'playlists',
      'plays',
      'tracks',
      'users',
    ]);
    expect(values(samples, `${name}_count`, 'db_system_name')).toEqual(['postgresql']);
    const count = (pool: string, state: string) =>
      total(
        samples,
        'db_client_connection_count',
        (l) => l.db_client_connection_pool_name === pool && l.db_client_connection_state === state
      );
    expect(count('primary', 'used')).toBe(0);
    expect(count('replica', 'used')).toBe(kit.active('replica'));
    expect(count('replica', 'used') + count('replica', 'idle')).toBe(20);
  });
});
