import { Board, type BoardInputs, type Filter, heatmap, serviceFilter, stat, table, timeseries } from './kit';

const METRIC = 'web_vitals_lcp_seconds';
const pageFilter: Filter = { variable: 'page', title: 'Page', label: 'page', metric: METRIC };

/** Web vitals: p75 of LCP, INP, CLS (with budgets), FCP and TTFB, by page. */
export function webVitalsDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'webvitals',
    filters: [serviceFilter(METRIC), pageFilter],
  });
  const lcpByPage = board.breakdown('web_vitals_lcp_p75', ['page']);
  const vital = (id: string, title: string, unit: string) =>
    timeseries(board, [board.signalTarget(id)], {
      title,
      description: `75th percentile of ${title} against its budget.`,
      unit,
      thresholdsOf: id,
    });

  board
    .row('Overview')
    .add(
      [
        [stat(board, 'web_vitals_lcp_p75', { title: 'LCP p75' }), 5],
        [stat(board, 'web_vitals_inp_p75', { title: 'INP p75' }), 5],
        [stat(board, 'web_vitals_cls_p75', { title: 'CLS p75' }), 5],
        [stat(board, 'web_vitals_fcp_p75', { title: 'FCP p75' }), 5],
        [stat(board, 'web_vitals_ttfb_p75', { title: 'TTFB p75' }), 4],
      ],
      5
    )
    .row('Core Web Vitals')
    .add(
      [
        [vital('web_vitals_lcp_p75', 'Largest Contentful Paint', 's'), 8],
        [vital('web_vitals_inp_p75', 'Interaction to Next Paint', 's'), 8],
        [vital('web_vitals_cls_p75', 'Cumulative Layout Shift', 'none'), 8],
      ],
      8
    )
    .row('Loading')
    .add(
      [
        [
          timeseries(board, [board.signalTarget('web_vitals_fcp_p75'), board.signalTarget('web_vitals_ttfb_p75')], {
            title: 'First Contentful Paint and Time to First Byte',
            description: '75th percentile of FCP and TTFB.',
            unit: 's',
          }),
          12,
        ],
        [heatmap(board, METRIC, 'LCP distribution', 'Page loads per Largest Contentful Paint bucket.'), 12],
      ],
      9
    )
    .row('Pages')
    .add(
      [
        [
          table(
            board,
            { refId: 'A', expr: `topk(10, ${lcpByPage})` },
            {
              title: 'Slowest pages (LCP p75)',
              description: 'The ten pages with the highest 75th-percentile Largest Contentful Paint.',
              unit: 's',
              valueTitle: 'LCP p75',
              thresholdsOf: 'web_vitals_lcp_p75',
            }
          ),
          12,
        ],
        [
          timeseries(board, [{ refId: 'A', expr: lcpByPage, legend: '{{page}}' }], {
            title: 'LCP p75 by page',
            description: '75th percentile of Largest Contentful Paint per page.',
            unit: 's',
          }),
          12,
        ],
      ],
      8
    );
  return board.build();
}
