import { HEALTH_COMPONENTS } from '@perfscope/catalog';
import { Board, type BoardInputs, serviceFilter, perfscopePanel, stat, table, timeseries } from './kit';

/** Signals the Overview's stream panel shows live, the headline of each area. */
export const HEADLINE_SIGNALS = [
  'http_request_rate',
  'http_latency_p95',
  'http_error_rate',
  'db_query_avg',
  'cache_hit_ratio',
  'audio_streams_active',
  'audio_stream_error_rate',
  'system_load1',
] as const;

/** Overview: health score and its components, live headline tiles, the SLO, and a line per area. */
export function overviewDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'overview',
    filters: [serviceFilter('http_requests_total')],
  });

  board
    .row('Health')
    .add(
      [
        [
          perfscopePanel(
            board,
            'perfscope-healthscore-panel',
            HEALTH_COMPONENTS.map((c) => c.signal),
            {
              title: 'Health score',
              description:
                'The 0–100 health score with its grade and trend, from the components below (worst first); thresholds, weights and Apdex T come from the app settings.',
              options: {
                display: 'gauge',
                thresholdsSource: 'app',
                showTrend: true,
                showBreakdown: true,
                decimals: 2,
                scoreDecimals: 0,
              },
            }
          ),
          8,
        ],
        [stat(board, 'health_score', { title: 'Recorded health score' }), 4],
        [
          perfscopePanel(board, 'perfscope-stream-panel', HEADLINE_SIGNALS, {
            title: 'Live signals',
            description:
              "The headline signal of each area, coloured by the app settings' thresholds (the alerts' levels).",
            options: { layout: 'grid', showSparkline: true, thresholdsSource: 'app', colorMode: 'value' },
          }),
          12,
        ],
      ],
      9
    )
    .row('Service')
    .add(
      [
        [stat(board, 'http_request_rate'), 4],
        [stat(board, 'http_latency_p95'), 4],
        [stat(board, 'http_error_rate'), 4],
        [stat(board, 'error_budget_burn_rate'), 4],
        [stat(board, 'audio_streams_active'), 4],
        [stat(board, 'db_up'), 4],
      ],
      5
    )
    .add(
      [
        [
          timeseries(board, [board.signalTarget('health_score')], {
            title: 'Health score',
            description: 'The 0–100 health score (recording rule perfscope:health_score), against its thresholds.',
            unit: 'none',
            thresholdsOf: 'health_score',
          }),
          12,
        ],
        [
          timeseries(board, [board.signalTarget('error_budget_burn_rate')], {
            title: 'Error budget burn rate (1h)',
            description: 'How fast the availability SLO budget is spent; the lines are the paging thresholds.',
            unit: 'x',
            thresholdsOf: 'error_budget_burn_rate',
          }),
          12,
        ],
      ],
      8
    )
    .row('Services')
    .add(
      [
        [
          table(
            board,
            { refId: 'A', expr: `topk(10, ${board.perService('http_error_rate')})` },
            {
              title: 'Services with the most errors',
              description: 'The ten services with the highest share of 5xx responses, each at its own rate.',
              unit: 'percentunit',
              valueTitle: 'Error rate',
              thresholdsOf: 'http_error_rate',
            }
          ),
          12,
        ],
        [
          table(
            board,
            { refId: 'A', expr: `topk(10, ${board.perService('http_latency_p95')})` },
            {
              title: 'Slowest services',
              description: 'The ten services with the highest p95 request duration.',
              unit: 's',
              valueTitle: 'p95',
              thresholdsOf: 'http_latency_p95',
            }
          ),
          12,
        ],
      ],
      8
    )
    .row('Areas')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('http_latency_p95')], {
            title: 'HTTP latency p95',
            description: '95th percentile of request duration; details on the HTTP dashboard.',
            unit: 's',
            thresholdsOf: 'http_latency_p95',
          }),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('db_query_avg')], {
            title: 'DB average query time',
            description: 'Mean query duration; details on the Database dashboard.',
            unit: 's',
            thresholdsOf: 'db_query_avg',
          }),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('cache_hit_ratio')], {
            title: 'Cache hit ratio',
            description: 'Share of cache lookups that were hits; details on the Cache dashboard.',
            unit: 'percentunit',
            thresholdsOf: 'cache_hit_ratio',
          }),
          8,
        ],
      ],
      8
    );
  return board.build();
}
