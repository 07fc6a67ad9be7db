import { bounds, kitBaseline, run, total, values } from './testUtils';

describe('promhttp dialect', () => {
  it('counts requests by code, lower-case method and handler, with DefBuckets', async () => {
    const kit = await kitBaseline('error-burst');
    const { samples, types } = await run(['promhttp'], 'error-burst');
    expect(types.get('http_requests_total')).toBe('counter');
    expect(total(samples, 'http_requests_total')).toBe(kit.requests);
    expect(total(samples, 'http_request_duration_seconds_count')).toBe(kit.requests);
    expect(bounds(samples, 'http_request_duration_seconds')).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    expect(values(samples, 'http_requests_total', 'method')).toEqual(['get', 'post']);
    expect(values(samples, 'http_requests_total', 'handler')).toContain('/tracks/{id}');
    for (const code of ['500', '502', '503']) {
      expect(total(samples, 'http_requests_total', (l) => l.code === code)).toBe(
        kit.requestsWith((l) => l.status_code === code)
      );
    }
    expect(samples.some((s) => s.labels.status_code !== undefined)).toBe(false);
    expect(total(samples, 'http_requests_in_flight')).toBe(0);
    expect(types.get('http_requests_in_flight')).toBe('gauge');
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(1e6);
  });
});
