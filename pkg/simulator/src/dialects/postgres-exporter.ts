/**
 * postgres-exporter: the simulated primary database as prometheus-community/postgres_exporter
 * exposes a PostgreSQL server (https://github.com/prometheus-community/postgres_exporter, v0.20:
 * `pg_up`; collector/pg_stat_activity.go `pg_stat_activity_count` by `datname`, `state`,
 * `usename`, `application_name`, `backend_type`, `wait_event_type`, `wait_event`, one row per
 * database and state; collector/pg_stat_database.go `pg_stat_database_xact_commit`,
 * `_xact_rollback`, `_numbackends` by `datid`, `datname`, counters without `_total`). One exporter
 * watches one server, the primary; while it is down only `pg_up 0` is exposed, and the queries that
 * failed never reached it. Each successful simulated query is one autocommit transaction.
 */
import type { SimulatedArea } from '../recorder';
import { DialectBase, idleConnections } from './shared';

export const POSTGRES_EXPORTER_AREAS: readonly SimulatedArea[] = ['database'];

const DATABASE = { datid: '16384', datname: 'music' };
const STATES = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
];

export class PostgresExporterDialect extends DialectBase {
  private up = true;
  private commits = 0;
  private active = 0;

  constructor(...args: ConstructorParameters<typeof DialectBase>) {
    super(...args);
    this.scraped('database', {
      name: 'pg_up',
      help: 'Whether the last scrape of metrics from PostgreSQL was able to connect to the server (1 for yes, 0 for no).',
      type: 'gauge',
      read: () => [{ value: this.up ? 1 : 0 }],
    });
    const whenUp = <T>(samples: () => T[]) => (this.up ? samples() : []);
    this.scraped('database', {
      name: 'pg_stat_activity_count',
      help: 'number of connections in this state',
      type: 'gauge',
      read: () => whenUp(() => STATES.map((state) => this.activity(state))),
    });
    this.scraped('database', {
      name: 'pg_stat_database_numbackends',
      help: 'Number of backends currently connected to this database. This is the only column in this view that returns a value reflecting current state; all other columns return the accumulated values since the last reset.',
      type: 'gauge',
      read: () => whenUp(() => [{ labels: DATABASE, value: this.active + idleConnections(true, this.active) }]),
    });
    this.scraped('database', {
      name: 'pg_stat_database_xact_commit',
      help: 'Number of transactions in this database that have been committed',
      type: 'counter',
      read: () => whenUp(() => [{ labels: DATABASE, value: this.commits }]),
    });
    this.scraped('database', {
      name: 'pg_stat_database_xact_rollback',
      help: 'Number of transactions in this database that have been rolled back',
      type: 'counter',
      read: () => whenUp(() => [{ labels: DATABASE, value: 0 }]),
    });
  }

  /** A pg_stat_activity_count row: the user and application are empty where no connection is in that state. */
  private activity(state: string) {
    const count = state === 'active' ? this.active : state === 'idle' ? idleConnections(true, this.active) : 0;
    const who =
      count > 0
        ? { usename: 'music', application_name: 'music-api', backend_type: 'client backend' }
        : { usename: '', application_name: '', backend_type: '' };
    return {
      labels: { datname: DATABASE.datname, state, ...who, wait_event_type: '', wait_event: '' },
      value: count,
    };
  }

  observeQuery(_operation: string, _table: string, _seconds: number, failed: boolean): void {
    if (!failed) {
      this.commits++;
    }
  }

  dbConnection(connection: string, up: boolean, active?: number): void {
    if (connection !== 'primary') {
      return;
    }
    this.up = up;
    this.active = up ? (active ?? this.active) : 0;
  }
}
