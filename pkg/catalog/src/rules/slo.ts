/** The availability SLO's error budget: recorded error ratios and multi-window, multi-burn-rate alerts. */
import { areaDashboardPath } from '../areas';
import { parseDuration } from '../duration';
import { buildPromQL } from '../promql';
import type { PerfscopeSettings } from '../settings';
import { formatNumber } from '../number';
import type { Severity } from '../types';
import { absolute, catalogOptions } from './specs';
import type { PrometheusAlertingRule, PrometheusRuleGroup, PrometheusRuleOptions } from './types';

/** One multi-window burn-rate alert: fires when the budget burns `factor` times too fast on both windows. */
export interface BurnRateWindow {
  readonly name: string;
  readonly severity: Severity;
  readonly factor: number;
  readonly long: string;
  readonly short: string;
  readonly for: string;
  /** Share of a 30-day budget spent by the time it fires, for the description. */
  readonly budgetSpent: string;
}

/**
 * Multi-window, multi-burn-rate alerts for the availability SLO (Google SRE workbook, 30-day budget):
 * 2 % of the budget in 1 h or 5 % in 6 h pages; 10 % in 1 d or 10 % in 3 d opens a ticket.
 */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  {
    name: 'Fast',
    severity: 'critical',
    factor: 14.4,
    long: '1h',
    short: '5m',
    for: '2m',
    budgetSpent: '2 % in 1 hour',
  },
  {
    name: 'Medium',
    severity: 'critical',
    factor: 6,
    long: '6h',
    short: '30m',
    for: '15m',
    budgetSpent: '5 % in 6 hours',
  },
  { name: 'Slow', severity: 'warning', factor: 3, long: '1d', short: '2h', for: '1h', budgetSpent: '10 % in 1 day' },
  {
    name: 'Slowest',
    severity: 'warning',
    factor: 1,
    long: '3d',
    short: '6h',
    for: '3h',
    budgetSpent: '10 % in 3 days',
  },
];

/** Recorded HTTP error ratio over a window, e.g. `perfscope:http_error_ratio:rate1h`. */
export function errorRatioRecord(window: string): string {
  return `perfscope:http_error_ratio:rate${window}`;
}

/** The name of a burn-rate alert, e.g. `PerfscopeErrorBudgetBurnFast`. */
export function burnRateAlertName(w: BurnRateWindow): string {
  return `PerfscopeErrorBudgetBurn${w.name}`;
}

/** The error ratio recorded over every window, and the multi-window burn-rate alerts on it. */
export function buildSloRuleGroups(
  settings?: PerfscopeSettings,
  opts: PrometheusRuleOptions = {}
): PrometheusRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  const windows = [...new Set(BURN_RATE_WINDOWS.flatMap((w) => [w.short, w.long]))].sort(
    (a, b) => parseDuration(a) - parseDuration(b)
  );
  const budget = 1 - options.slo;
  const dashboard = absolute(opts.grafanaUrl, opts.dashboardUrl?.('http') ?? areaDashboardPath('http'));
  const sloText = `${formatNumber(options.slo * 100)} %`;
  // One group: rules of a group run in order, so each alert reads the ratios of the same evaluation.
  return [
    {
      name: 'perfscope-slo',
      rules: [
        ...windows.map((window) => ({
          record: errorRatioRecord(window),
          expr: buildPromQL('http_error_rate', { ...options, window }),
        })),
        ...BURN_RATE_WINDOWS.map((w): PrometheusAlertingRule => {
          const limit = formatNumber(w.factor * budget);
          return {
            alert: burnRateAlertName(w),
            expr: `${errorRatioRecord(w.long)} > ${limit} and ${errorRatioRecord(w.short)} > ${limit}`,
            for: w.for,
            labels: { severity: w.severity, area: 'http', slo: 'availability' },
            annotations: {
              summary: `Error budget of the ${sloText} availability SLO burns ${formatNumber(w.factor)}× too fast (${w.severity})`,
              description: `The HTTP error ratio is {{ humanizePercentage $value }} over ${w.short} and above ${formatNumber(w.factor * budget * 100)} % over ${w.long} too: at this pace ${w.budgetSpent} of the 30-day error budget (${formatNumber(budget * 100)} % of requests) is gone.`,
              runbook_url: dashboard,
              dashboard_url: dashboard,
            },
          };
        }),
      ],
    },
  ];
}
