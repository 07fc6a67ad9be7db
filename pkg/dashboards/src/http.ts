import {
  Board,
  type BoardInputs,
  type Filter,
  heatmap,
  normalBandPanel,
  serviceFilter,
  stat,
  table,
  timeseries,
} from './kit';

const METRIC = 'http_requests_total';
const routeFilter: Filter = { variable: 'route', title: 'Route', label: 'route', metric: METRIC };

/** HTTP: traffic, latency (percentiles and heatmap), errors and the error budget, worst routes. */
export function httpDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'http',
    filters: [serviceFilter(METRIC), routeFilter],
  });
  const p95ByRoute = board.breakdown('http_latency_p95', ['route']);

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'http_request_rate'), 4],
        [stat(board, 'http_latency_p95'), 5],
        [stat(board, 'http_error_rate'), 5],
        [stat(board, 'http_requests_in_flight'), 5],
        [stat(board, 'error_budget_burn_rate'), 5],
      ],
      5
    )
    .row('Latency')
    .add(
      [
        [
          timeseries(
            board,
            ['http_latency_p50', 'http_latency_p90', 'http_latency_p95', 'http_latency_p99'].map((id) =>
              board.signalTarget(id)
            ),
            {
              title: 'Latency percentiles',
              description:
                'p50, p90, p95 and p99 of request duration; the lines are the p95 warning and critical thresholds.',
              unit: 's',
              thresholdsOf: 'http_latency_p95',
            }
          ),
          12,
        ],
        [
          heatmap(
            board,
            'http_request_duration_seconds',
            'Request duration distribution',
            'Requests per duration bucket of the request-duration histogram.'
          ),
          12,
        ],
      ],
      9
    )
    .row('Errors and error budget')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('http_error_rate')], {
            title: 'Error rate',
            description: 'Share of responses with a 5xx status, against the warning and critical thresholds.',
            unit: 'percentunit',
            thresholdsOf: 'http_error_rate',
          }),
          8,
        ],
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.breakdown('http_request_rate', ['status_code']),
                legend: '{{status_code}}',
              },
            ],
            {
              title: 'Responses by status code',
              description: 'Responses per second by status code.',
              unit: 'reqps',
              stacked: true,
            }
          ),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('error_budget_burn_rate')], {
            title: 'Error budget burn rate (1h)',
            description:
              'How fast the availability SLO budget is spent: 1 spends it exactly over 30 days; the lines are the paging thresholds.',
            unit: 'x',
            thresholdsOf: 'error_budget_burn_rate',
          }),
          8,
        ],
      ],
      8
    )
    .row('Routes')
    .add(
      [
        [
          timeseries(
            board,
            [{ refId: 'A', expr: board.breakdown('http_request_rate', ['route']), legend: '{{route}}' }],
            {
              title: 'Requests by route',
              description: 'Requests per second by route template.',
              unit: 'reqps',
              stacked: true,
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
                expr: p95ByRoute,
                legend: '{{route}}',
              },
            ],
            { title: 'Latency p95 by route', description: '95th percentile of request duration by route.', unit: 's' }
          ),
          12,
        ],
      ],
      8
    )
    .add(
      [
        [
          table(
            board,
            {
              refId: 'A',
              expr: `topk(10, ${p95ByRoute})`,
            },
            {
              title: 'Slowest routes (p95)',
              description: 'The ten routes with the highest 95th-percentile request duration.',
              unit: 's',
              valueTitle: 'p95',
              thresholdsOf: 'http_latency_p95',
            }
          ),
          12,
        ],
        [
          table(
            board,
            {
              refId: 'A',
              expr: `topk(10, ${board.breakdown('http_error_rate', ['route'])})`,
            },
            {
              title: 'Routes with the most errors',
              description: 'The ten routes with the highest share of 5xx responses.',
              unit: 'percentunit',
              valueTitle: 'Error rate',
              thresholdsOf: 'http_error_rate',
            }
          ),
          12,
        ],
      ],
      8
    )
    .row('Compared with normal')
    .add(
      [
        [
          normalBandPanel(board, 'http_request_rate', {
            title: 'Request rate against last week and normal',
            description:
              'Requests per second of each service, the same time last week (dashed) and the normal band for this hour of the week (dotted), learnt from the past weeks by the recording rules.',
            unit: 'reqps',
          }),
          8,
        ],
        [
          normalBandPanel(board, 'http_latency_p95', {
            title: 'Latency p95 against last week and normal',
            description:
              'p95 of each service, the same time last week (dashed) and the normal band for this hour of the week (dotted): a rise outside the band is not usual for the time of week.',
            unit: 's',
          }),
          8,
        ],
        [
          normalBandPanel(board, 'http_error_rate', {
            title: 'Error rate against last week and normal',
            description:
              'Error rate of each service, the same time last week (dashed) and the normal band for this hour of the week (dotted).',
            unit: 'percentunit',
          }),
          8,
        ],
      ],
      8
    )
    .add(
      [
        [
          timeseries(board, [board.signalTarget('http_latency_p95_wow')], {
            title: 'Latency p95 vs last week',
            description:
              'How much higher the p95 is than at the same time last week (20 %: a fifth slower), where there is traffic now and then; the lines are the regression thresholds.',
            unit: 'percentunit',
            thresholdsOf: 'http_latency_p95_wow',
            min: -1,
          }),
          6,
        ],
        [
          timeseries(board, [board.signalTarget('http_error_rate_wow')], {
            title: 'Error rate vs last week',
            description:
              'How much higher the error rate is than at the same time last week (100 %: twice as many errors), last week counted as at least 0.1 %.',
            unit: 'percentunit',
            thresholdsOf: 'http_error_rate_wow',
            min: -1,
          }),
          6,
        ],
        [
          timeseries(board, [board.signalTarget('http_latency_p95_anomaly')], {
            title: 'Latency p95 distance from normal',
            description:
              'How many spreads the p95 is above what is normal for this hour of the week; past 3 it is outside the normal band.',
            unit: 'none',
            thresholdsOf: 'http_latency_p95_anomaly',
            min: -3,
          }),
          6,
        ],
        [
          timeseries(board, [board.signalTarget('http_error_rate_anomaly')], {
            title: 'Error rate distance from normal',
            description:
              'How many spreads the error rate is above what is normal for this hour of the week; past 3 it is outside the normal band.',
            unit: 'none',
            thresholdsOf: 'http_error_rate_anomaly',
            min: -3,
          }),
          6,
        ],
      ],
      8
    )
    .row('Rate limiting')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('rate_limited_rate')], {
            title: 'Rate-limited requests',
            description: 'Requests per second rejected by rate limiting, against the warning and critical thresholds.',
            unit: 'reqps',
            thresholdsOf: 'rate_limited_rate',
          }),
          12,
        ],
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.breakdown('rate_limited_rate', ['route']),
                legend: '{{route}}',
              },
            ],
            {
              title: 'Rate-limited requests by route',
              description: 'Rejected requests per second by route; 0 while nothing is limited.',
              unit: 'reqps',
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
