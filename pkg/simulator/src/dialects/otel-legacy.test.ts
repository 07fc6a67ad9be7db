import { bounds, kitBaseline, parseExposition, run, total, values } from './testUtils';

describe('otel-legacy dialect', () => {
  it('emits http.server.duration in milliseconds with the old default buckets', async () => {
    const kit = await kitBaseline();
    const { samples, types } = await run(['otel-legacy']);
    const name = 'http_server_duration_milliseconds';
    expect(types.get(name)).toBe('histogram');
    expect(total(samples, `${name}_count`)).toBe(kit.requests);
    expect(bounds(samples, name)).toEqual([0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
    // The same durations, in milliseconds.
    const sum = total(samples, `${name}_sum`);
    expect(sum / (kit.durationSum * 1000)).toBeCloseTo(1, 9);
    expect(values(samples, `${name}_count`, 'http_method')).toEqual(['GET', 'POST']);
    expect(values(samples, `${name}_count`, 'http_status_code')).toContain('200');
    expect(values(samples, `${name}_count`, 'http_route')).toContain('/albums/:id');
    expect(samples.some((s) => s.name.startsWith('http_server_request_duration'))).toBe(false);
  });

  it('writes the build as target_info, service.version its version, and changes it on a deploy', async () => {
    const { sim } = await run(['otel-legacy']);
    sim.deploy({ version: '2.1.0' });
    const info = parseExposition(await sim.expose()).samples.filter((s) => s.name === 'target_info');
    expect(info).toEqual([
      { name: 'target_info', labels: expect.objectContaining({ service_version: '2.1.0' }), value: 1 },
    ]);
    expect(parseExposition(await sim.expose()).types.has('app_build_info')).toBe(false);
  });
});
