import { Board, type BoardInputs, heatmap, serviceFilter, stat, timeseries } from './kit';

/** Uploads and realtime: upload time, WebSocket connection errors, system load. */
export function realtimeDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'realtime',
    filters: [serviceFilter('http_requests_total')],
  });

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'upload_avg_time'), 8],
        [stat(board, 'websocket_error_rate'), 8],
        [stat(board, 'system_load1'), 8],
      ],
      5
    )
    .row('Uploads')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('upload_avg_time')], {
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
          timeseries(board, [board.signalTarget('websocket_error_rate')], {
            title: 'WebSocket connection error rate',
            description: 'Share of connection attempts that failed, against the warning and critical thresholds.',
            unit: 'percentunit',
            thresholdsOf: 'websocket_error_rate',
          }),
          12,
        ],
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.rate('websocket_connections_total', ['result']),
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
    .row('System')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('system_load1')], {
            title: 'System load (1m)',
            description: 'Highest one-minute load average across hosts, against the warning and critical thresholds.',
            unit: 'short',
            thresholdsOf: 'system_load1',
          }),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('process_memory')], {
            title: 'Process memory',
            description: 'Resident memory of the instrumented processes.',
            unit: 'bytes',
          }),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('eventloop_lag')], {
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
