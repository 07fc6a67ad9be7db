import { Board, type BoardInputs, type Filter, serviceFilter, stat, table, timeseries } from './kit';

const METRIC = 'cache_requests_total';
const cacheFilter: Filter = { variable: 'cache', title: 'Cache', label: 'cache', metric: METRIC };

/** Cache: hit ratio overall and per cache, lookups, evictions, memory, worst caches. */
export function cacheDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'cache',
    filters: [serviceFilter(METRIC), cacheFilter],
  });
  const hitRatioByCache = board.breakdown('cache_hit_ratio', ['cache']);

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'cache_hit_ratio'), 8],
        [stat(board, 'cache_eviction_rate'), 8],
        [stat(board, 'cache_memory'), 8],
      ],
      5
    )
    .row('Hit ratio')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('cache_hit_ratio')], {
            title: 'Hit ratio',
            description:
              'Share of lookups that were hits, against the warning and critical thresholds (lower is worse).',
            unit: 'percentunit',
            thresholdsOf: 'cache_hit_ratio',
          }),
          12,
        ],
        [
          timeseries(board, [{ refId: 'A', expr: hitRatioByCache, legend: '{{cache}}' }], {
            title: 'Hit ratio by cache',
            description: 'Share of lookups that were hits, per cache.',
            unit: 'percentunit',
          }),
          12,
        ],
      ],
      8
    )
    .row('Lookups, evictions and memory')
    .add(
      [
        [
          timeseries(
            board,
            [{ refId: 'A', expr: board.rate(METRIC, ['cache', 'result']), legend: '{{cache}} {{result}}' }],
            {
              title: 'Lookups by result',
              description: 'Lookups per second by cache and result (hit or miss).',
              unit: 'ops',
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
                expr: board.breakdown('cache_eviction_rate', ['cache']),
                legend: '{{cache}}',
              },
            ],
            {
              title: 'Evictions by cache',
              description: 'Entries evicted per second, per cache.',
              unit: 'ops',
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
                expr: board.breakdown('cache_memory', ['cache']),
                legend: '{{cache}}',
              },
            ],
            { title: 'Memory by cache', description: 'Memory used by each cache.', unit: 'bytes', stacked: true }
          ),
          8,
        ],
      ],
      8
    )
    .row('Caches')
    .add(
      [
        [
          table(
            board,
            { refId: 'A', expr: `bottomk(10, ${hitRatioByCache})` },
            {
              title: 'Worst caches (hit ratio)',
              description: 'The ten caches with the lowest hit ratio.',
              unit: 'percentunit',
              valueTitle: 'Hit ratio',
              thresholdsOf: 'cache_hit_ratio',
              ascending: true,
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
                expr: board.rate(METRIC, ['cache'], { outcome: 'miss' }),
                legend: '{{cache}}',
              },
            ],
            {
              title: 'Misses by cache',
              description: 'Cache misses per second, per cache: each one costs a trip to the backing store.',
              unit: 'ops',
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
