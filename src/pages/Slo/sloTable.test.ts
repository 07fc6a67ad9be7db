import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';
import { formatValue } from '../../components/format';
import {
  BUDGET_NOW_REF,
  BUDGET_REF,
  BURN_REF,
  pageSeconds,
  sloQueries,
  sloRows,
  sloStatus,
  sortSloRows,
} from './sloTable';

/** A series as the datasource answers the page's queries: labelled with its service and objective. */
const frame = (refId: string, job: string, objective: string, values: Array<number | null>): DataFrame =>
  toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => 3_600_000 * i) },
      { name: 'Value', type: FieldType.number, values, labels: { job, objective } },
    ],
  });

describe('the Objectives page', () => {
  it('asks for the recorded budget and the burn rate over an hour, per service and objective', () => {
    const { budget, burn } = sloQueries({ services: { reports: { objectives: { availability: { target: 0.99 } } } } });
    expect(budget[0]).toMatchObject({ refId: BUDGET_REF, expr: 'perfscope:slo_budget_remaining', stream: true });
    // Each scope divides by its own budget: reports by 1 %, the others by 0.1 %.
    expect(burn.map((q) => q.refId)).toEqual([BUDGET_NOW_REF, BURN_REF]);
    expect(burn[1].expr).toContain('perfscope:slo_error_ratio:rate1h{objective="availability",job!~"reports"} / 0.001');
    expect(burn[1].expr).toContain('perfscope:slo_error_ratio:rate1h{objective="availability",job="reports"} / 0.01');
    expect(burn[1].legendFormat).toBe('{{job}} {{objective}}');
    expect(pageSeconds(undefined)).toBe(30 * 86400);
  });

  it('has a row per service and objective with the budget left, the burn rate and the time to exhaustion', () => {
    const rows = sortSloRows(
      sloRows(
        [
          // The chart's coarse steps end hours ago; the recent query has the budget now.
          frame(BUDGET_REF, 'checkout', 'availability', [1, 0.9, 0.8]),
          frame(BUDGET_NOW_REF, 'checkout', 'availability', [0.76, 0.75]),
          frame(BURN_REF, 'checkout', 'availability', [14.4]),
          frame(BUDGET_REF, 'search', 'latency', [1, 1]),
          frame(BURN_REF, 'search', 'latency', [0]),
          frame(BURN_REF, 'reports', 'availability', [2]),
          // An objective the settings turned off has no row.
          frame(BUDGET_REF, 'search', 'speed', [1]),
        ],
        undefined
      )
    );
    expect(rows.map((r) => [r.key, r.remaining, r.burn, r.status])).toEqual([
      ['checkout/availability', 0.75, 14.4, 'critical'],
      ['search/latency', 1, 0, 'ok'],
      // A burn rate without a recorded budget yet: no data, never a full budget.
      ['reports/availability', undefined, 2, 'no-data'],
    ]);
    const [checkout, search] = rows;
    expect(checkout.title).toBe('Availability 99.9 % over 30 days');
    // 75 % of a 30-day budget at 14.4× lasts 1.5625 days.
    expect(checkout.exhaustion).toBeCloseTo(1.5625 * 86400, 6);
    expect(formatValue('s', checkout.exhaustion)).toBe('1.56 days');
    expect(search.exhaustion).toBeUndefined();
    expect(Array.from(checkout.trend!.y.values)).toEqual([1, 0.9, 0.8]);
  });

  it('reads a state: spent or paging is critical, a quarter left or ticketing is a warning', () => {
    expect(sloStatus(-0.1, 0)).toBe('critical');
    expect(sloStatus(0.9, 15)).toBe('critical');
    expect(sloStatus(0.2, 0)).toBe('warning');
    expect(sloStatus(0.9, 3)).toBe('warning');
    expect(sloStatus(0.9, 1)).toBe('ok');
    expect(sloStatus(undefined, 20)).toBe('no-data');
  });

  it("takes a service's own objectives and the settings' service label", () => {
    const settings = {
      serviceLabel: 'app',
      services: { reports: { objectives: { availability: { enabled: false }, latency: { threshold: 5 } } } },
    };
    const labelled = (refId: string, app: string, objective: string) =>
      toDataFrame({
        refId,
        fields: [{ name: 'Value', type: FieldType.number, values: [0.5], labels: { app, objective } }],
      });
    const rows = sloRows(
      [labelled(BUDGET_REF, 'reports', 'availability'), labelled(BUDGET_REF, 'reports', 'latency')],
      settings
    );
    expect(rows.map((r) => r.title)).toEqual(['Latency ≤ 5 s for 99 % over 30 days']);
  });
});
