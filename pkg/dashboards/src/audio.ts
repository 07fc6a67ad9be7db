import { Board, type BoardInputs, heatmap, serviceFilter, stat, timeseries } from './kit';

/** Audio streaming: active streams and starts, stream errors, buffering, bandwidth. */
export function audioDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'audio',
    filters: [serviceFilter('audio_streams_started_total')],
  });

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'audio_streams_active'), 5],
        [stat(board, 'audio_stream_start_rate'), 5],
        [stat(board, 'audio_stream_error_rate'), 5],
        [stat(board, 'audio_buffer_ratio_p90'), 5],
        [stat(board, 'audio_bandwidth_avg'), 4],
      ],
      5
    )
    .row('Errors')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('audio_stream_error_rate')], {
            title: 'Stream error rate',
            description: 'Stream errors as a share of streams started, against the warning and critical thresholds.',
            unit: 'percentunit',
            thresholdsOf: 'audio_stream_error_rate',
          }),
          12,
        ],
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.rate('audio_stream_errors_total', ['error_type'], {
                  zeroWith: 'audio_streams_started_total',
                }),
                legend: '{{error_type}}',
              },
            ],
            {
              title: 'Stream errors by type',
              description: 'Failed streams per second by error type; 0 while there are none.',
              unit: 'ops',
              stacked: true,
            }
          ),
          12,
        ],
      ],
      8
    )
    .row('Buffering')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('audio_buffer_ratio_p90')], {
            title: 'Buffer ratio p90',
            description: '90th percentile of the share of play time spent buffering, against the warning threshold.',
            unit: 'percent',
            thresholdsOf: 'audio_buffer_ratio_p90',
          }),
          12,
        ],
        [
          heatmap(
            board,
            'audio_buffer_ratio_percent',
            'Buffer ratio distribution',
            'Completed streams per buffering-share bucket.'
          ),
          12,
        ],
      ],
      9
    )
    .row('Streams and bandwidth')
    .add(
      [
        [
          timeseries(
            board,
            [
              {
                refId: 'A',
                expr: board.breakdown('audio_stream_start_rate', ['quality']),
                legend: '{{quality}}',
              },
            ],
            {
              title: 'Streams started by quality',
              description: 'Streams started per second by quality.',
              unit: 'ops',
              stacked: true,
            }
          ),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('audio_streams_active')], {
            title: 'Active streams',
            description: 'Audio streams playing now.',
            unit: 'short',
          }),
          8,
        ],
        [
          timeseries(board, [board.signalTarget('audio_bandwidth_avg')], {
            title: 'Average stream bandwidth',
            description: 'Mean delivered bandwidth per stream.',
            unit: 'Bps',
          }),
          8,
        ],
      ],
      8
    );
  return board.build();
}
