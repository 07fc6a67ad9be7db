/**
 * The objectives' error budgets as Prometheus rules, per service and per objective: the bad and all
 * requests' 5-minute rates recorded, the error ratio over every burn-rate window and over the
 * objective's period from them (so a 30-day figure reads recorded series only), the budget left, and
 * the SRE workbook's multi-window, multi-burn-rate alerts.
 */
import { areaDashboardPath, runbookPath } from '../areas';
import { getSignal } from '../signals';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '../ids';
import { parseDuration } from '../duration';
import { formatNumber } from '../number';
import { type PerfscopeSettings, type ServiceScope, scopeMatchers, serviceLabelOf } from '../settings';
import {
  type Objective,
  OBJECTIVE_KINDS,
  errorBudget,
  objectiveErrorRatioPromQL,
  objectivePromQL,
  objectiveTitle,
  objectivesOf,
  servicesWithOwnObjective,
} from '../slo';
import { renderSelector } from '../promql';
import type { CatalogOptions, LabelMatcher, ObjectiveKind, Severity } from '../types';
import { RULE_GROUP_INTERVAL, ruleUid } from './names';
import { absolute, catalogOptions, serviceClause } from './specs';
import type {
  GrafanaRuleGroup,
  GrafanaRuleOptions,
  MathModel,
  PrometheusAlertingRule,
  PrometheusQueryModel,
  PrometheusRecordingRule,
  PrometheusRuleGroup,
  PrometheusRuleOptions,
  ProvisionedRule,
} from './types';

/** One multi-window burn-rate alert: fires when the budget burns `factor` times too fast on both windows. */
export interface BurnRateWindow {
  readonly name: string;
  readonly severity: Severity;
  readonly factor: number;
  readonly long: string;
  readonly short: string;
  readonly for: string;
}

/**
 * Multi-window, multi-burn-rate alerts (Google SRE workbook): over a 30-day period, 2 % of the
 * budget in 1 h or 5 % in 6 h pages (critical); 10 % in 1 d or 10 % in 3 d opens a ticket (warning).
 */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { name: 'Fast', severity: 'critical', factor: 14.4, long: '1h', short: '5m', for: '2m' },
  { name: 'Medium', severity: 'critical', factor: 6, long: '6h', short: '30m', for: '15m' },
  { name: 'Slow', severity: 'warning', factor: 3, long: '1d', short: '2h', for: '1h' },
  { name: 'Slowest', severity: 'warning', factor: 1, long: '3d', short: '6h', for: '3h' },
];

/** The share of the period's budget a window at its factor spends, e.g. "2 % in 1 hour" for Fast over 30 days. */
export function budgetSpent(w: BurnRateWindow, periodSeconds: number): string {
  const share = (w.factor * parseDuration(w.long)) / 1000 / periodSeconds;
  return `${formatNumber(Math.round(share * 1000) / 10)} % in ${WINDOW_WORDS[w.long] ?? w.long}`;
}

const WINDOW_WORDS: Readonly<Record<string, string>> = {
  '1h': '1 hour',
  '6h': '6 hours',
  '1d': '1 day',
  '3d': '3 days',
};

/** The window every other is computed from. */
export const BASE_WINDOW = '5m';

/** A recorded series of the objectives, one per service and objective (label `objective`). */
export const sloRecord = (what: 'requests' | 'errors' | 'error_ratio', window: string) =>
  `perfscope:slo_${what}:rate${window}`;
/** The share of the period's error budget left (below 0 when overspent). */
export const SLO_BUDGET_RECORD = 'perfscope:slo_budget_remaining';

/** The name of a burn-rate alert, e.g. `PerfscopeErrorBudgetBurnFast` (the objective is its label). */
export function burnRateAlertName(w: BurnRateWindow): string {
  return `PerfscopeErrorBudgetBurn${w.name}`;
}

/** The burn-rate windows and the period, shortest first, without the base window. */
export function ratioWindows(period: string): string[] {
  return [...new Set([...BURN_RATE_WINDOWS.flatMap((w) => [w.short, w.long]), period])]
    .filter((w) => w !== BASE_WINDOW)
    .sort((a, b) => parseDuration(a) - parseDuration(b));
}

/** An objective in force and the services it watches (all but those with their own, or one of those). */
export interface ScopedObjective {
  readonly objective: Objective;
  readonly scope: ServiceScope;
}

/** Each kind's objective over the services without their own, then each service's own, in the settings' order. */
export function scopedObjectives(settings: PerfscopeSettings | undefined, kind: ObjectiveKind): ScopedObjective[] {
  const own = servicesWithOwnObjective(kind, settings);
  const fleet = objectivesOf(settings).find((o) => o.kind === kind);
  return [
    ...(fleet ? [{ objective: fleet, scope: { except: own } }] : []),
    ...own.flatMap((service) => {
      const mine = objectivesOf(settings, service).find((o) => o.kind === kind);
      return mine ? [{ objective: mine, scope: { only: service } }] : [];
    }),
  ];
}

/** A recorded series of one objective within a scope, as a selector. */
function recorded(name: string, kind: ObjectiveKind, scope: ServiceScope, serviceLabel: string): string {
  const matchers: LabelMatcher[] = [
    { label: 'objective', op: '=', value: kind },
    ...scopeMatchers(scope, serviceLabel),
  ];
  return `${name}${renderSelector(matchers)}`;
}

/** The recording rules of one objective in one scope: the base rates, then the ratios over every window. */
function recordingRules(
  { objective, scope }: ScopedObjective,
  options: CatalogOptions,
  serviceLabel: string
): PrometheusRecordingRule[] {
  const labels = { objective: objective.kind };
  const base = objectivePromQL(
    objective,
    { ...options, matchers: [...options.matchers, ...scopeMatchers(scope, serviceLabel)] },
    BASE_WINDOW
  );
  const sel = (name: string) => recorded(name, objective.kind, scope, serviceLabel);
  const requests = sloRecord('requests', BASE_WINDOW);
  const errors = sloRecord('errors', BASE_WINDOW);
  return [
    { record: requests, expr: base.total, labels },
    { record: errors, expr: base.bad, labels },
    { record: sloRecord('error_ratio', BASE_WINDOW), expr: `${sel(errors)} / ${sel(requests)}`, labels },
    // Sums of the 5-minute rates weigh each moment by its traffic, as a ratio of the raw counters would.
    ...ratioWindows(objective.period)
      .filter((w) => w !== objective.period)
      .map((w) => ({
        record: sloRecord('error_ratio', w),
        expr: `sum_over_time(${sel(errors)}[${w}]) / sum_over_time(${sel(requests)}[${w}])`,
        labels,
      })),
  ];
}

/** The period's ratio and the budget left: the costliest rules, in a group of their own evaluated less often. */
function budgetRules({ objective, scope }: ScopedObjective, serviceLabel: string): PrometheusRecordingRule[] {
  const labels = { objective: objective.kind };
  const sel = (name: string) => recorded(name, objective.kind, scope, serviceLabel);
  const ratio = sloRecord('error_ratio', objective.period);
  return [
    {
      record: ratio,
      expr: `sum_over_time(${sel(sloRecord('errors', BASE_WINDOW))}[${objective.period}]) / sum_over_time(${sel(sloRecord('requests', BASE_WINDOW))}[${objective.period}])`,
      labels,
    },
    {
      record: SLO_BUDGET_RECORD,
      expr: `1 - ${sel(ratio)} / ${formatNumber(errorBudget(objective.target))}`,
      labels,
    },
  ];
}

/** The burn-rate alerts of one objective in one scope. */
function alertRules(
  { objective, scope }: ScopedObjective,
  serviceLabel: string,
  dashboard: string,
  runbook: string
): PrometheusAlertingRule[] {
  const budget = errorBudget(objective.target);
  const sel = (w: string) => recorded(sloRecord('error_ratio', w), objective.kind, scope, serviceLabel);
  const title = objectiveTitle(objective);
  return BURN_RATE_WINDOWS.map((w) => {
    const limit = formatNumber(w.factor * budget);
    return {
      alert: burnRateAlertName(w),
      expr: `${sel(w.long)} > ${limit} and ${sel(w.short)} > ${limit}`,
      for: w.for,
      labels: { severity: w.severity, area: 'http', objective: objective.kind },
      annotations: {
        summary: `Error budget of ${title}${serviceClause(serviceLabel)} burns ${formatNumber(w.factor)}× too fast (${w.severity})`,
        description: `${objective.kind === 'availability' ? 'Server errors are' : 'Slow requests are'} {{ humanizePercentage $value }} of requests over ${w.long} and above ${formatNumber(w.factor * budget * 100)} % over ${w.short} too: at this pace ${budgetSpent(w, objective.periodSeconds)} of the error budget (${formatNumber(budget * 100)} % of requests over ${objective.period}) is gone.`,
        runbook_url: runbook,
        dashboard_url: dashboard,
      },
    };
  });
}

/**
 * Per objective kind: a group with the base rates, the window ratios and the burn-rate alerts (a
 * group's rules run in order, so each alert reads the ratios of the same evaluation), and a group
 * with the period's ratio and the budget left, every 5 minutes.
 */
export function buildSloRuleGroups(
  settings?: PerfscopeSettings,
  opts: PrometheusRuleOptions = {}
): PrometheusRuleGroup[] {
  // The objectives' windows are their own: the caller's window applies to the signals only.
  const { window: _window, ...catalog } = opts.catalog ?? {};
  const options = catalogOptions(settings, catalog);
  const serviceLabel = serviceLabelOf(settings);
  const dashboard = absolute(opts.grafanaUrl, opts.dashboardUrl?.('http') ?? areaDashboardPath('http'));
  const burn = getSignal('error_budget_burn_rate');
  const runbook = absolute(opts.grafanaUrl, opts.runbookUrl?.(burn) ?? runbookPath(burn));
  return OBJECTIVE_KINDS.flatMap((kind) => {
    const scoped = scopedObjectives(settings, kind);
    if (scoped.length === 0) {
      return [];
    }
    return [
      {
        name: `perfscope-slo-${kind}`,
        rules: [
          ...scoped.flatMap((s) => recordingRules(s, options, serviceLabel)),
          ...scoped.flatMap((s) => alertRules(s, serviceLabel, dashboard, runbook)),
        ],
      },
      {
        name: `perfscope-slo-${kind}-budget`,
        interval: opts.budgetInterval ?? '5m',
        rules: scoped.flatMap((s) => budgetRules(s, serviceLabel)),
      },
    ];
  });
}

/* ------------------------------------------------------------ Grafana */

/** The Grafana rule group of the objectives' burn-rate alerts. */
export const GRAFANA_SLO_GROUP = 'Error budgets';

const EXPRESSION_UID = '__expr__';

/** The words of a burn-rate window in a rule's title, e.g. "fast burn". */
const windowWords = (w: BurnRateWindow) => `${w.name.toLowerCase()} burn`;

/**
 * One Grafana-managed burn-rate rule: A and B the objective's error ratio over the long and the
 * short window (the raw counters: Grafana-managed rules need no Prometheus recording rule), C the
 * math condition that both exceed the window's factor of the budget, per service.
 */
function grafanaBurnRule(
  { objective, scope }: ScopedObjective,
  w: BurnRateWindow,
  options: CatalogOptions,
  serviceLabel: string,
  opts: GrafanaRuleOptions
): ProvisionedRule {
  const service = 'only' in scope ? scope.only : undefined;
  const scoped = { ...options, matchers: [...options.matchers, ...scopeMatchers(scope, serviceLabel)] };
  const budget = errorBudget(objective.target);
  const limit = formatNumber(w.factor * budget);
  const title = objectiveTitle(objective);
  const query = (refId: 'A' | 'B', window: string): ProvisionedRule['data'][number] => {
    const model: PrometheusQueryModel = {
      refId,
      expr: objectiveErrorRatioPromQL(objective, scoped, window),
      instant: true,
      range: false,
      legendFormat: `${objective.kind} error ratio over ${window}`,
      intervalMs: 1000,
      maxDataPoints: 43200,
      datasource: { type: 'prometheus', uid: opts.datasourceUid },
    };
    return { refId, relativeTimeRange: { from: 600, to: 0 }, datasourceUid: opts.datasourceUid, model };
  };
  const condition: MathModel = {
    refId: 'C',
    type: 'math',
    expression: `$A > ${limit} && $B > ${limit}`,
    datasource: { type: EXPRESSION_UID, uid: EXPRESSION_UID },
  };
  const dashboard = opts.dashboardUrl?.('http') ?? areaDashboardPath('http');
  // What to do: the burn-rate panel, which draws the page and ticket levels.
  const burn = getSignal('error_budget_burn_rate');
  const runbook = opts.runbookUrl?.(burn) ?? runbookPath(burn);
  return {
    uid: ruleUid(`slo_${objective.kind}_${w.name.toLowerCase()}`, w.severity, opts.uidPrefix, service),
    title: `Error budget ${windowWords(w)}, ${objective.kind} (${w.severity})${service === undefined ? '' : ` in ${service}`}`,
    ruleGroup: GRAFANA_SLO_GROUP,
    folderUID: opts.folderUid,
    condition: 'C',
    data: [
      query('A', w.long),
      query('B', w.short),
      { refId: 'C', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: EXPRESSION_UID, model: condition },
    ],
    // No requests spend no budget: a service without traffic is not burning it (the HTTP signals'
    // own rules say when their metrics are missing).
    noDataState: 'OK',
    execErrState: 'Error',
    for: w.for,
    labels: { severity: w.severity, area: 'http', objective: objective.kind, [GRAFANA_ORIGIN_LABEL]: ORIGIN },
    annotations: {
      summary: `Error budget of ${title}${serviceClause(serviceLabel)} burns ${formatNumber(w.factor)}× too fast (${w.severity})`,
      description: `${objective.kind === 'availability' ? 'Server errors are' : 'Slow requests are'} {{ with $values.A }}{{ humanizePercentage .Value }}{{ end }} of requests over ${w.long} and {{ with $values.B }}{{ humanizePercentage .Value }}{{ end }} over ${w.short}, both above ${formatNumber(w.factor * budget * 100)} %: at this pace ${budgetSpent(w, objective.periodSeconds)} of the error budget (${formatNumber(budget * 100)} % of requests over ${objective.period}) is gone.`,
      runbook_url: runbook,
      dashboard_url: dashboard,
    },
    isPaused: false,
  };
}

/** The objectives' multi-window burn-rate alerts as one Grafana rule group, per service and objective. */
export function buildGrafanaSloGroups(
  settings: PerfscopeSettings | undefined,
  opts: GrafanaRuleOptions
): GrafanaRuleGroup[] {
  const { window: _window, ...catalog } = opts.catalog ?? {};
  const options = catalogOptions(settings, catalog);
  const serviceLabel = serviceLabelOf(settings);
  const rules = OBJECTIVE_KINDS.flatMap((kind) =>
    scopedObjectives(settings, kind).flatMap((s) =>
      BURN_RATE_WINDOWS.map((w) => grafanaBurnRule(s, w, options, serviceLabel, opts))
    )
  );
  return rules.length === 0 ? [] : [{ title: GRAFANA_SLO_GROUP, interval: RULE_GROUP_INTERVAL, rules }];
}

/* ------------------------------------------------------------ views */

/**
 * The burn rate of every objective over a window, per service, from the recorded error ratios: each
 * scope's ratio over its own budget (a service with its own target divides by its own), one series
 * per service and objective. `matchers` narrow it (a dashboard's service picker).
 */
export function burnRatePromQL(
  settings: PerfscopeSettings | undefined,
  window: string,
  matchers: readonly LabelMatcher[] = []
): string {
  const serviceLabel = serviceLabelOf(settings);
  const parts = OBJECTIVE_KINDS.flatMap((kind) =>
    scopedObjectives(settings, kind).map(({ objective, scope }) => {
      const selector = renderSelector([
        { label: 'objective', op: '=', value: kind },
        ...scopeMatchers(scope, serviceLabel),
        ...matchers,
      ]);
      return `${sloRecord('error_ratio', window)}${selector} / ${formatNumber(errorBudget(objective.target))}`;
    })
  );
  // No objective at all: an expression without series (no figures, never a healthy 0).
  return parts.length === 0 ? 'vector(1) < 0' : parts.map((p) => `(${p})`).join(' or ');
}

/** The share of each objective's budget left, per service (the recording rule), narrowed by `matchers`. */
export function budgetRemainingPromQL(matchers: readonly LabelMatcher[] = []): string {
  return `${SLO_BUDGET_RECORD}${renderSelector(matchers)}`;
}
