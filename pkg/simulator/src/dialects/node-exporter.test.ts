import { kitBaseline, run, total } from './testUtils';

describe('node-exporter dialect', () => {
  it('exposes the simulated load as node_load1, the kit’s value for the same seed', async () => {
    const kit = await kitBaseline('overload');
    const { samples, types } = await run(['node-exporter'], 'overload');
    expect(types.get('node_load1')).toBe('gauge');
    expect(total(samples, 'node_load1')).toBe(kit.load);
    expect(total(samples, 'node_load1')).toBeGreaterThan(3);
    expect(total(samples, 'node_memory_MemTotal_bytes')).toBeGreaterThanOrEqual(
      total(samples, 'node_memory_MemAvailable_bytes')
    );
    expect(samples.some((s) => s.name.startsWith('http_'))).toBe(false);
  });
});
