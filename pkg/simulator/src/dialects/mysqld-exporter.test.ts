import { kitBaseline, run, total } from './testUtils';

describe('mysqld-exporter dialect', () => {
  it('counts the primary’s statements, commands and slow queries', async () => {
    const kit = await kitBaseline('db-slow');
    const { samples, types } = await run(['mysqld-exporter'], 'db-slow');
    expect(total(samples, 'mysql_up')).toBe(1);
    expect(types.get('mysql_global_status_queries')).toBe('untyped');
    expect(total(samples, 'mysql_global_status_queries')).toBe(kit.queries);
    expect(total(samples, 'mysql_global_status_commands_total', (l) => l.command === 'select')).toBe(
      kit.queriesWith((l) => l.operation === 'select')
    );
    expect(kit.slowQueries).toBeGreaterThan(0);
    expect(total(samples, 'mysql_global_status_slow_queries')).toBe(kit.slowQueries);
    expect(total(samples, 'mysql_global_status_threads_running')).toBe(kit.active('primary'));
  });

  it('exposes only mysql_up 0 while the primary is down', async () => {
    const { samples } = await run(['mysqld-exporter'], 'db-down', 5);
    expect(total(samples, 'mysql_up')).toBe(0);
    expect(samples.map((s) => s.name)).toEqual(['mysql_up']);
  });
});
