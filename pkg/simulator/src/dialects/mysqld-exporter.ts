/**
 * mysqld-exporter: the simulated primary database as prometheus/mysqld_exporter exposes a MySQL
 * server (https://github.com/prometheus/mysqld_exporter, collector/exporter.go `mysql_up`,
 * collector/global_status.go): every SHOW GLOBAL STATUS variable becomes
 * `mysql_global_status_<name>` (untyped), `Com_*` becomes `mysql_global_status_commands_total{command}`.
 * `Queries`/`Questions` count statements, `Slow_queries` those over long_query_time (set to the
 * kit's 1 s here; MySQL's default is 10 s), `Threads_running`/`Threads_connected` busy and open
 * connections. One exporter watches one server, the primary; while it is down only `mysql_up 0`
 * is exposed, and the queries that failed never reached it.
 */
import { SLOW_QUERY_SECONDS } from '@perfscope/catalog';
import type { SimulatedArea } from '../recorder';
import { DialectBase, POOL_SIZE } from './shared';

export const MYSQLD_EXPORTER_AREAS: readonly SimulatedArea[] = ['database'];

export class MysqldExporterDialect extends DialectBase {
  private up = true;
  private queries = 0;
  private slow = 0;
  private running = 0;
  private readonly commands = new Map<string, number>();

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    const status = (name: string, value: () => number) =>
      this.scraped('database', {
        name: `mysql_global_status_${name}`,
        help: 'Generic metric from SHOW GLOBAL STATUS.',
        type: 'untyped',
        read: () => (this.up ? [{ value: value() }] : []),
      });
    this.scraped('database', {
      name: 'mysql_up',
      help: 'Whether the MySQL server is up.',
      type: 'gauge',
      read: () => [{ value: this.up ? 1 : 0 }],
    });
    status('queries', () => this.queries);
    status('questions', () => this.queries);
    status('slow_queries', () => this.slow);
    status('threads_running', () => this.running);
    status('threads_connected', () => Math.max(POOL_SIZE, this.running));
    this.scraped('database', {
      name: 'mysql_global_status_commands_total',
      help: 'Total number of executed MySQL commands.',
      type: 'counter',
      read: () => (this.up ? [...this.commands].map(([command, value]) => ({ labels: { command }, value })) : []),
    });
  }

  observeQuery(operation: string, _table: string, seconds: number, failed: boolean): void {
    if (failed) {
      return;
    }
    this.queries++;
    this.commands.set(operation, (this.commands.get(operation) ?? 0) + 1);
    if (seconds > SLOW_QUERY_SECONDS) {
      this.slow++;
    }
  }

  dbConnection(connection: string, up: boolean, active?: number): void {
    if (connection !== 'primary') {
      return;
    }
    this.up = up;
    this.running = up ? (active ?? this.running) : 0;
  }
}
