import { AREA_DASHBOARD_UID } from '@perfscope/catalog';
import { Board, heatmap, jobFilter, stat, timeseries } from './kit';

/** Uploads and realtime: upload time, WebSocket connection errors, rate limiting, system load. */
export function realtimeDashboard() {
  const board = new Board({
    uid: AREA_DASHBOARD_UID.uploads,
    title: 'Perfscope / Uploads & realtime',
    description: 'File uploads, WebSocket connections, rate limiting and system load.',
    tags: ['uploads', 'websocket', 'ratelimit', 'system'],
    filters: [jobFilter('http_requests_total')],
    appPage: 'area/realtime',
    appPageTitle: 'Uploads & realtime in the Perfscope app',
  });
  const ws = board.ctx(['websocket_connections_total']);
  const limited = board.ctx(['http_rate_limited_requests_total']);

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'upload_avg_time'), 6],
        [stat(board, 'websocket_error_rate'), 6],
        [stat(board, 'rate_limited_rate'), 6],
        [stat(board, 'system_load1'), 6],
      ],
      5
    )
    .row('Uploads')
    .add(
      [
        [
          timeseries([board.signalTarget('upload_avg_time')], {
            title: 'Average upload time',
            description: 'Mean file upload duration, against the warning and critical thresholds.',
            unit: 's',
            thresholdsOf: 'upload_avg_time',
          }),
          12,
        ],
        [
          heatmap(
            board,
            'file_upload_duration_seconds',
            'Upload duration distribution',
            'Uploads per duration bucket.'
          ),
          12,
        ],
      ],
      9
    )
    .row('WebSocket')
    .add(
      [
        [
          timeseries([board.signalTarget('websocket_error_rate')], {
            title: 'WebSocket connection error rate',
            description: 'Share of connection attempts that failed, against the warning and critical thresholds.',
            unit: 'percentunit',
            thresholdsOf: 'websocket_error_rate',
          }),
          12,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (result) (rate(${ws.metric('websocket_connections_total')}${ws.selector()}[${ws.window}]))`,
                legend: '{{result}}',
              },
            ],
            {
              title: 'Connection attempts by result',
              description: 'WebSocket connection attempts per second, successful and failed.',
              unit: 'ops',
              stacked: true,
            }
          ),
          12,
        ],
      ],
      8
    )
    .row('Rate limiting')
    .add(
      [
        [
          timeseries([board.signalTarget('rate_limited_rate')], {
            title: 'Rate-limited requests',
            description: 'Requests per second rejected by rate limiting, against the warning and critical thresholds.',
            unit: 'reqps',
            thresholdsOf: 'rate_limited_rate',
          }),
          12,
        ],
        [
          timeseries(
            [
              {
                refId: 'A',
                expr: `sum by (route) (rate(${limited.metric('http_rate_limited_requests_total')}${limited.selector()}[${limited.window}])) or on() vector(0)`,
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
    )
    .row('System')
    .add(
      [
        [
          timeseries([board.signalTarget('system_load1')], {
            title: 'System load (1m)',
            description: 'Highest one-minute load average across hosts, against the warning and critical thresholds.',
            unit: 'short',
            thresholdsOf: 'system_load1',
          }),
          8,
        ],
        [
          timeseries([board.signalTarget('process_memory')], {
            title: 'Process memory',
            description: 'Resident memory of the instrumented processes.',
            unit: 'bytes',
          }),
          8,
        ],
        [
          timeseries([board.signalTarget('eventloop_lag')], {
            title: 'Event-loop lag',
            description: 'Worst event-loop lag across Node.js processes.',
            unit: 's',
          }),
          8,
        ],
      ],
      8
    );
  return board.build();
}
