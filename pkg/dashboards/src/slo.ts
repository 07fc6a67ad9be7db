import { budgetRemainingPromQL, burnRatePromQL } from '@perfscope/catalog';
import { Board, type BoardInputs, serviceFilter, table, timeseries } from './kit';

/**
 * Objectives: each service's error budget left over its objective's period (worst first), how fast
 * it burns over the alerts' windows, and the budget over time. Reads the objectives' recording
 * rules (perfscope-slo.yml).
 */
export function sloDashboard(inputs: BoardInputs = {}) {
  const board = new Board({
    ...inputs,
    section: 'slo',
    filters: [serviceFilter('http_requests_total')],
  });
  const picked = [{ label: board.serviceLabel, op: '=~' as const, value: '$service' }];
  const legend = `{{${board.serviceLabel}}} {{objective}}`;
  const burn = (window: string) => burnRatePromQL(board.spec.settings, window, picked);

  board
    .row('Error budget')
    .add(
      [
        [
          table(
            board,
            { refId: 'budget', expr: budgetRemainingPromQL(picked), legend },
            {
              title: 'Budget left, worst first',
              description:
                "The share of each objective's error budget left over its period, per service: below 0 the objective is missed.",
              unit: 'percentunit',
              valueTitle: 'Budget left',
              ascending: true,
            }
          ),
          12,
        ],
        [
          table(
            board,
            { refId: 'burn', expr: burn('1h'), legend },
            {
              title: 'Burn rate over 1 hour, fastest first',
              description:
                'How many times faster than sustainable each budget burns over the last hour: 1 spends it exactly over the period, 14.4 pages (with the 5-minute window).',
              unit: 'x',
              valueTitle: 'Burn rate',
            }
          ),
          12,
        ],
      ],
      9
    )
    .row('Over time')
    .add(
      [
        [
          timeseries(board, [{ refId: 'budget', expr: budgetRemainingPromQL(picked), legend }], {
            title: 'Budget left',
            description: 'Each objective’s budget left over its period, per service.',
            unit: 'percentunit',
            min: -1,
          }),
          12,
        ],
        [
          timeseries(
            board,
            ['5m', '1h', '6h', '1d'].map((w) => ({ refId: `burn_${w}`, expr: burn(w), legend: `${legend} ${w}` })),
            {
              title: 'Burn rate by window',
              description:
                'Burn rate over the alerts’ windows: the fast pair (1 h and 5 m above 14.4×) and the slow ones (1 d above 3×) decide the alerts.',
              unit: 'x',
            }
          ),
          12,
        ],
      ],
      8
    );
  return board.build();
}
