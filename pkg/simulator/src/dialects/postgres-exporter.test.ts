import { kitBaseline, run, total } from './testUtils';

describe('postgres-exporter dialect', () => {
  it('reports the primary’s connections by state and one commit per query', async () => {
    const kit = await kitBaseline();
    const { samples, types } = await run(['postgres-exporter']);
    expect(total(samples, 'pg_up')).toBe(1);
    expect(types.get('pg_stat_database_xact_commit')).toBe('counter');
    expect(total(samples, 'pg_stat_database_xact_commit', (l) => l.datname === 'music')).toBe(kit.queries);
    const active = total(samples, 'pg_stat_activity_count', (l) => l.state === 'active');
    expect(active).toBe(kit.active('primary'));
    expect(active).toBeGreaterThan(0);
    expect(active + total(samples, 'pg_stat_activity_count', (l) => l.state === 'idle')).toBe(20);
    expect(
      samples
        .filter((s) => s.name === 'pg_stat_activity_count')
        .map((s) => s.labels.state)
        .sort()
    ).toEqual([
      'active',
      'disabled',
      'fastpath function call',
      'idle',
      'idle in transaction',
      'idle in transaction (aborted)',
    ]);
  });

  it('exposes only pg_up 0 while the primary is down, and counts no failed query as a commit', async () => {
    const { samples } = await run(['postgres-exporter'], 'db-down', 5);
    expect(samples.map((s) => s.name)).toEqual(['pg_up']);
    expect(total(samples, 'pg_up')).toBe(0);
  });
});
