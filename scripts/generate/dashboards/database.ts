import { Board, type Filter, heatmap, jobFilter, stat, table, timeseries } from './kit';

const METRIC = 'db_query_duration_seconds';
const operationFilter: Filter = { variable: 'operation', title: 'Operation', label: 'operation', metric: METRIC };

/** Database: query time (average, p95, heatmap), slow queries and errors, connections, slowest queries. */
export function databaseDashboard() {
  const board = new Board({
    section: 'database',
    filters: [jobFilter(METRIC), operationFilter],
  });
  const q = board.ctx([METRIC]);
  const duration = q.metric(METRIC);
  const conn = board.ctx(['db_connection_up']);
  const errors = board.ctx(['db_query_errors_total']);
  const active = board.ctx(['db_connections_active']);
  const avgBy = (labels: string) =>
    `sum by (${labels}) (rate(${duration}_sum${q.selector()}[${q.window}])) / sum by (${labels}) (rate(${duration}_count${q.selector()}[${q.window}]))`;

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'db_query_avg'), 5],
        [stat(board, 'db_query_p95'), 5],
        [stat(board, 'db_slow_query_rate'), 5],
        [stat(board, 'db_up'), 4],
        [stat(board, 'db_connections_active'), 5],
      ],
      5
    )
    .row('Query time')
    .add(
      [
        [
          timeseries([board.signalTarget('db_query_avg'), board.signalTarget('db_query_p95')], {
            title: 'Query time',
            description: 'Average and 95th-percentile query duration; the lines are the average-time thresholds.',
            unit: 's',
            thresholdsOf: 'db_query_avg',
          }),
          12,
        ],
        [
          heatmap(
            board,
            METRIC,
            'Query duration distribution',
            'Queries per duration bucket of the query-duration histogram.'
          ),
          12,
        ],
      ],
      9
    )
    .row('Slow queries and errors')
    .add(
      [
        [
          timeseries([board.signalTarget('db_slow_query_rate')], {
            title: 'Slow queries',
            description: 'Queries per second slower than 1 s, against the warning threshold.',
            unit: 'qps',
            thresholdsOf: 'db_slow_query_rate',
          }),
          8,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (operation) (rate(${q.metric('db_slow_queries_total')}${board.ctx(['db_slow_queries_total']).selector()}[${q.window}])) or on() vector(0)`,
                legend: '{{operation}}',
              },
            ],
            {
              title: 'Slow queries by operation',
              description: 'Slow queries per second by operation; 0 while there are none.',
              unit: 'qps',
              stacked: true,
            }
          ),
          8,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (operation) (rate(${errors.metric('db_query_errors_total')}${errors.selector()}[${errors.window}])) or on() vector(0)`,
                legend: '{{operation}}',
              },
            ],
            {
              title: 'Query errors by operation',
              description: 'Failed queries per second by operation; 0 while there are none.',
              unit: 'qps',
              stacked: true,
            }
          ),
          8,
        ],
      ],
      8
    )
    .row('Connections')
    .add(
      [
        [
          timeseries(
            [
              board.signalTarget('db_up', 'All connections'),
              {
                refId: 'B',
                expr: `min by (connection) (${conn.metric('db_connection_up')}${conn.selector()})`,
                legend: '{{connection}}',
              },
            ],
            {
              title: 'Connections up',
              description: '1 while a connection is reachable, 0 when it is down; critical below 1.',
              unit: 'bool',
              thresholdsOf: 'db_up',
            }
          ),
          12,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (connection) (${active.metric('db_connections_active')}${active.selector()})`,
                legend: '{{connection}}',
              },
            ],
            {
              title: 'Connections in use',
              description: 'Open connections in use by connection pool.',
              unit: 'short',
              stacked: true,
            }
          ),
          12,
        ],
      ],
      8
    )
    .row('Queries')
    .add(
      [
        [
          table(
            { refId: 'A', expr: `topk(10, ${avgBy('operation, table')})` },
            {
              title: 'Slowest queries (average)',
              description: 'The ten operation/table pairs with the highest average query time.',
              unit: 's',
              valueTitle: 'Average',
              thresholdsOf: 'db_query_avg',
            }
          ),
          12,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (operation, table) (rate(${duration}_count${q.selector()}[${q.window}]))`,
                legend: '{{operation}} {{table}}',
              },
            ],
            {
              title: 'Queries by operation and table',
              description: 'Queries per second by operation and table.',
              unit: 'qps',
              stacked: true,
            }
          ),
          12,
        ],
      ],
      8
    );
  return board.build();
}
