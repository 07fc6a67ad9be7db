import { Board, type BoardInputs, type Filter, heatmap, serviceFilter, stat, table, timeseries } from './kit';

const METRIC = 'db_query_duration_seconds';
const operationFilter: Filter = { variable: 'operation', title: 'Operation', label: 'operation', metric: METRIC };

/** Database: query time (average, p95, heatmap), slow queries and errors, connections, slowest queries. */
export function databaseDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'database',
    filters: [serviceFilter(METRIC), operationFilter],
  });

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
          timeseries(board, [board.signalTarget('db_query_avg'), board.signalTarget('db_query_p95')], {
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
          timeseries(board, [board.signalTarget('db_slow_query_rate')], {
            title: 'Slow queries',
            description: 'Queries per second slower than 1 s, against the warning threshold.',
            unit: 'qps',
            thresholdsOf: 'db_slow_query_rate',
          }),
          8,
        ],
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.breakdown('db_slow_query_rate', ['operation']),
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
            board,
            [
              {
                refId: 'A',
                expr: board.rate('db_query_errors_total', ['operation'], { zeroWith: METRIC }),
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
            board,
            [
              board.signalTarget('db_up', 'All connections'),
              {
                refId: 'B',
                expr: board.breakdown('db_up', ['connection']),
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
            board,
            [
              {
                refId: 'A',
                expr: board.breakdown('db_connections_active', ['connection']),
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
            board,
            { refId: 'A', expr: `topk(10, ${board.breakdown('db_query_avg', ['operation', 'table'])})` },
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
            board,
            [
              {
                refId: 'A',
                expr: board.rate(METRIC, ['operation', 'table']),
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
