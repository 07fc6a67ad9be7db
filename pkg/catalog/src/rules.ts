/**
 * Alert and recording rules from the catalog: Grafana-managed rules in the shape Grafana's
 * provisioning API (`/api/v1/provisioning/alert-rules`) and provisioning files take, and Prometheus
 * rule groups for teams that alert through Alertmanager. Pure: no Node APIs, runs in the browser.
 * The field names come from @grafana/grafana-foundation-sdk's alerting, prometheus and expr types
 * (imported as types only, so nothing of the SDK is bundled).
 */
import type { Query, Rule } from '@grafana/grafana-foundation-sdk/alerting';
import type { TypeThreshold } from '@grafana/grafana-foundation-sdk/expr';
import type { Dataquery as PrometheusDataquery } from '@grafana/grafana-foundation-sdk/prometheus';
import { parseDuration } from './duration';
import { getMetric } from './metrics';
import { buildPromQL } from './promql';
import { type PerfscopeSettings, alertsEnabled, effectiveThresholds, namingOptions } from './settings';
import { SIGNALS, formatNumber } from './signals';
import { healthScoreRecordingRule } from './score';
import { resolveOptions } from './options';
import { RUNBOOK_PANELS } from './runbookPanels';
import type { Area, CatalogOptions, Direction, Severity, SignalDef, Thresholds } from './types';

/** The app plugin's id, as Grafana's plugin-origin label names it. */
export const APP_PLUGIN_ID = 'perfscope-monitoring-app';
/** Label Grafana reads to show a rule as managed by a plugin. */
export const GRAFANA_ORIGIN_LABEL = '__grafana_origin';
/** Title of the Grafana folder that holds the rules (and the provisioned dashboards). */
export const ALERT_FOLDER_TITLE = 'Perfscope';
/** Evaluation interval of every Grafana rule group: divides every `for` of the catalog. */
export const RULE_GROUP_INTERVAL = '1m';
/** Severities in the order rules are listed. */
export const SEVERITIES: readonly Severity[] = ['warning', 'critical'];

/** Human names of the areas: rule group titles and dashboard sections. */
export const AREA_TITLES: Readonly<Record<Area, string>> = {
  http: 'HTTP',
  database: 'Database',
  cache: 'Cache',
  audio: 'Audio streaming',
  uploads: 'Uploads',
  websocket: 'WebSocket',
  ratelimit: 'Rate limiting',
  system: 'System',
  webvitals: 'Web vitals',
  health: 'Health score',
};

/** UID of the generated dashboard that shows an area's signals. */
export const AREA_DASHBOARD_UID: Readonly<Record<Area, string>> = {
  http: 'perfscope-http',
  database: 'perfscope-database',
  cache: 'perfscope-cache',
  audio: 'perfscope-audio',
  uploads: 'perfscope-realtime',
  websocket: 'perfscope-realtime',
  ratelimit: 'perfscope-realtime',
  system: 'perfscope-realtime',
  webvitals: 'perfscope-web-vitals',
  health: 'perfscope-overview',
};

/** Grafana's relative link to an area's dashboard. */
export function areaDashboardPath(area: Area): string {
  return `/d/${AREA_DASHBOARD_UID[area]}`;
}

/**
 * Grafana's relative link to what to do when a signal alerts: the panel of its area's dashboard that
 * draws its thresholds (its description is the runbook), or the dashboard when no panel does.
 */
export function runbookPath(signal: SignalDef): string {
  return RUNBOOK_PANELS[signal.id] ?? areaDashboardPath(signal.area);
}

/* ------------------------------------------------------------------ types */

type Plain<T> = Omit<T, '_implementsDataqueryVariant'>;
/** The model of the rule's Prometheus query (refId A). */
export type PrometheusQueryModel = Plain<PrometheusDataquery>;
/** The model of the rule's threshold expression (refId C). */
export type ThresholdModel = Plain<TypeThreshold>;

/** One entry of a rule's `data`: a query or an expression, with its model as plain JSON. */
export type ProvisionedQuery = Omit<Query, 'model' | 'refId' | 'datasourceUid' | 'relativeTimeRange'> & {
  refId: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: PrometheusQueryModel | ThresholdModel;
};

/**
 * A Grafana-managed alert rule as the provisioning API accepts it. `orgID` is optional: the API
 * takes the organisation from the signed-in user, and provisioning files from the group.
 */
export type ProvisionedRule = Omit<Rule, 'orgID' | 'data' | 'uid' | 'labels' | 'annotations' | 'isPaused'> & {
  orgID?: number;
  uid: string;
  data: ProvisionedQuery[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
};

export interface GrafanaRuleGroup {
  /** Rule group name. */
  title: string;
  interval: string;
  rules: ProvisionedRule[];
}

export interface GrafanaRuleOptions {
  /** UID of the core Prometheus datasource the rules query. */
  datasourceUid: string;
  /** UID of the folder the rules live in. */
  folderUid: string;
  /** Link to the dashboard of an area (default: the generated dashboard's relative path). */
  dashboardUrl?: (area: Area) => string;
  /** Link to what to do when the signal's alert fires (default: `runbookPath`, its threshold panel). */
  runbookUrl?: (signal: SignalDef) => string;
  /** Catalog options over the settings' prefix and label mapping (e.g. a job matcher or window). */
  catalog?: Partial<CatalogOptions>;
  /**
   * Start of every rule UID (default `perfscope-`, the rule files'). The app's sync uses its own
   * (SYNC_RULE_UID_PREFIX), so a rule it created can never share a UID with a file-provisioned one:
   * Grafana refuses to start when a file rule's UID belongs to an API rule ("cannot change
   * provenance from 'api' to 'file'", pkg/services/ngalert/provisioning/alert_rules.go).
   */
  uidPrefix?: string;
}

/** UID prefix of the rules the app's alert sync writes through Grafana's API. */
export const SYNC_RULE_UID_PREFIX = 'perfscope-app-';
/** UID prefix of the rules in the provisioning files. */
export const FILE_RULE_UID_PREFIX = 'perfscope-';

/** A Prometheus alerting rule, as in a rule file. */
export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A Prometheus recording rule, as in a rule file. */
export interface PrometheusRecordingRule {
  record: string;
  expr: string;
}

export interface PrometheusRuleGroup {
  name: string;
  interval?: string;
  rules: Array<PrometheusAlertingRule | PrometheusRecordingRule>;
}

export interface PrometheusRuleOptions {
  /** Catalog options over the settings' prefix and label mapping. */
  catalog?: Partial<CatalogOptions>;
  /** Grafana's base URL for dashboard and runbook links (Alertmanager notifications leave Grafana). */
  grafanaUrl?: string;
  dashboardUrl?: (area: Area) => string;
  runbookUrl?: (signal: SignalDef) => string;
}

/* ------------------------------------------------------------ names, UIDs */

const UID_MAX = 40;
const SEVERITY_SHORT: Readonly<Record<Severity, string>> = { warning: 'warn', critical: 'crit' };

/** FNV-1a, base 36: a short stable digest to keep shortened UIDs unique. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * The stable UID of a signal's rule at a severity, e.g. `perfscope-http_error_rate-crit`:
 * at most 40 characters of [a-zA-Z0-9-_] (Grafana's limit), shortened with a digest when longer.
 */
export function ruleUid(signalId: string, severity: Severity, prefix = FILE_RULE_UID_PREFIX): string {
  const uid = `${prefix}${signalId.replace(/[^a-zA-Z0-9_-]/g, '_')}-${SEVERITY_SHORT[severity]}`;
  if (uid.length <= UID_MAX) {
    return uid;
  }
  const tail = `-${digest(uid)}-${SEVERITY_SHORT[severity]}`;
  return `${uid.slice(0, UID_MAX - tail.length)}${tail}`;
}

const pascal = (text: string) =>
  text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** The Prometheus alert name of a signal's rule at a severity, e.g. `PerfscopeHttpErrorRateCritical`. */
export function alertName(signalId: string, severity: Severity): string {
  return `Perfscope${pascal(signalId)}${pascal(severity)}`;
}

/** Name of the recording rule of a heavy signal, e.g. `perfscope:http_latency_p95`. */
export function recordName(signalId: string): string {
  return `perfscope:${signalId}`;
}

/** Rule title shown in Grafana, e.g. `HTTP error rate (critical)`; stable when thresholds change. */
export function ruleTitle(signal: SignalDef, severity: Severity): string {
  return `${signal.title} (${severity})`;
}

/* -------------------------------------------------------------- wording */

/** A threshold in the signal's unit, for people: `2 s`, `200 ms`, `5 %`, `14.4×`. */
export function formatThreshold(value: number, unit: string): string {
  switch (unit) {
    case 's':
      return value !== 0 && Math.abs(value) < 1 ? `${formatNumber(value * 1000)} ms` : `${formatNumber(value)} s`;
    case 'percentunit':
      return `${formatNumber(value * 100)} %`;
    case 'percent':
      return `${formatNumber(value)} %`;
    case 'reqps':
      return `${formatNumber(value)} req/s`;
    case 'qps':
      return `${formatNumber(value)} queries/s`;
    case 'ops':
      return `${formatNumber(value)}/s`;
    case 'x':
      return `${formatNumber(value)}×`;
    default:
      return formatNumber(value);
  }
}

/**
 * The Go-template pipeline that prints a value in the signal's unit (Grafana and Prometheus share
 * these functions), and the text after it.
 */
export function valuePipeline(unit: string, ref: string): { pipeline: string; suffix: string } {
  switch (unit) {
    case 's':
      return { pipeline: `humanizeDuration ${ref}`, suffix: '' };
    case 'percentunit':
      return { pipeline: `humanizePercentage ${ref}`, suffix: '' };
    case 'percent':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '%' };
    case 'reqps':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: ' req/s' };
    case 'qps':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: ' queries/s' };
    case 'ops':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '/s' };
    case 'x':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '×' };
    default:
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '' };
  }
}

const side = (direction: Direction) => (direction === 'above' ? 'above' : 'below');

function summary(signal: SignalDef, severity: Severity, threshold: number, direction: Direction): string {
  return `${signal.title} is ${side(direction)} ${formatThreshold(threshold, signal.unit)} (${severity})`;
}

function description(signal: SignalDef, severity: Severity, t: Thresholds, threshold: number, value: string): string {
  return `${signal.description} Now ${value}; ${severity} when ${side(t.direction)} ${formatThreshold(threshold, signal.unit)} for ${t.for}.`;
}

/* ---------------------------------------------------------- selection */

/** One alert rule to build: a signal at one severity with its effective thresholds. */
export interface AlertSpec {
  signal: SignalDef;
  severity: Severity;
  thresholds: Thresholds;
  /** The threshold of this severity. */
  threshold: number;
}

/**
 * The alert rules the settings call for, in catalog order: every signal with alerts enabled, one
 * rule per level its effective thresholds define.
 */
export function alertSpecs(settings: PerfscopeSettings | undefined): AlertSpec[] {
  const specs: AlertSpec[] = [];
  for (const signal of SIGNALS as readonly SignalDef[]) {
    if (!alertsEnabled(signal, settings)) {
      continue;
    }
    const thresholds = effectiveThresholds(signal, settings);
    if (!thresholds) {
      continue;
    }
    for (const severity of SEVERITIES) {
      const threshold = thresholds[severity];
      if (threshold !== undefined) {
        specs.push({ signal, severity, thresholds, threshold });
      }
    }
  }
  return specs;
}

/** Areas in catalog order, each with its specs. */
function byArea(specs: AlertSpec[]): Array<[Area, AlertSpec[]]> {
  const areas = new Map<Area, AlertSpec[]>();
  for (const spec of specs) {
    areas.set(spec.signal.area, [...(areas.get(spec.signal.area) ?? []), spec]);
  }
  return [...areas.entries()];
}

function catalogOptions(settings: PerfscopeSettings | undefined, extra?: Partial<CatalogOptions>): CatalogOptions {
  return resolveOptions({ ...namingOptions(settings), ...extra });
}

/**
 * What Grafana does without data: a signal read only from gauges (connection up, load, the health
 * score's recording rule) has lost its exporter or rule when it has no data, which people must hear
 * about (NoData alert); a rate, ratio or quantile has no data when there is no traffic, which is fine.
 */
export function noDataState(signal: SignalDef): ProvisionedRule['noDataState'] {
  const gaugesOnly = signal.metrics.length === 0 || signal.metrics.every((m) => getMetric(m).type === 'gauge');
  return gaugesOnly ? 'NoData' : 'OK';
}

/** A query or evaluation error raises Grafana's error alert instead of passing as healthy. */
export const EXEC_ERR_STATE: ProvisionedRule['execErrState'] = 'Error';

const EXPRESSION_UID = '__expr__';

/* ------------------------------------------------------------ Grafana */

/** One Grafana-managed rule: query A (instant PromQL), threshold C on A. */
function grafanaRule(spec: AlertSpec, expr: string, group: string, opts: GrafanaRuleOptions): ProvisionedRule {
  const { signal, severity, thresholds, threshold } = spec;
  const { pipeline, suffix } = valuePipeline(signal.unit, '.Value');
  const value = `{{ with $values.A }}{{ ${pipeline} }}${suffix}{{ else }}no data{{ end }}`;
  const dashboard = opts.dashboardUrl?.(signal.area) ?? areaDashboardPath(signal.area);
  const query: PrometheusQueryModel = {
    refId: 'A',
    expr,
    instant: true,
    range: false,
    legendFormat: signal.title,
    intervalMs: 1000,
    maxDataPoints: 43200,
    datasource: { type: 'prometheus', uid: opts.datasourceUid },
  };
  const condition: ThresholdModel = {
    refId: 'C',
    type: 'threshold',
    expression: 'A',
    conditions: [{ evaluator: { type: thresholds.direction === 'above' ? 'gt' : 'lt', params: [threshold] } }],
    datasource: { type: EXPRESSION_UID, uid: EXPRESSION_UID },
  };
  return {
    uid: ruleUid(signal.id, severity, opts.uidPrefix),
    title: ruleTitle(signal, severity),
    ruleGroup: group,
    folderUID: opts.folderUid,
    condition: 'C',
    data: [
      { refId: 'A', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: opts.datasourceUid, model: query },
      { refId: 'C', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: EXPRESSION_UID, model: condition },
    ],
    noDataState: noDataState(signal),
    execErrState: EXEC_ERR_STATE,
    for: thresholds.for,
    labels: { severity, area: signal.area, [GRAFANA_ORIGIN_LABEL]: `plugin/${APP_PLUGIN_ID}` },
    annotations: {
      summary: summary(signal, severity, threshold, thresholds.direction),
      description: description(signal, severity, thresholds, threshold, value),
      runbook_url: opts.runbookUrl?.(signal) ?? runbookPath(signal),
      dashboard_url: dashboard,
    },
    isPaused: false,
  };
}

/**
 * Grafana-managed alert rules for the settings (undefined = catalog defaults): one group per area,
 * a warning and/or critical rule per signal with alerts enabled, thresholds and `for` from
 * `effectiveThresholds`, querying the given Prometheus datasource.
 */
export function buildGrafanaRuleGroups(
  settings: PerfscopeSettings | undefined,
  opts: GrafanaRuleOptions
): GrafanaRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  return byArea(alertSpecs(settings)).map(([area, specs]) => {
    const title = AREA_TITLES[area];
    return {
      title,
      interval: RULE_GROUP_INTERVAL,
      rules: specs.map((spec) => grafanaRule(spec, buildPromQL(spec.signal, options), title, opts)),
    };
  });
}

/* ---------------------------------------------------------- Prometheus */

/** The condition of a Prometheus alert on a signal: `(<signal>) > 2`. */
export function alertCondition(expr: string, direction: Direction, threshold: number): string {
  return `(${expr}) ${direction === 'above' ? '>' : '<'} ${formatNumber(threshold)}`;
}

const absolute = (base: string | undefined, link: string) =>
  base && link.startsWith('/') ? `${base.replace(/\/$/, '')}${link}` : link;

/** Prometheus alerting rules, the same alerts as the Grafana rules: one group per area. */
export function buildPrometheusAlertGroups(
  settings?: PerfscopeSettings,
  opts: PrometheusRuleOptions = {}
): PrometheusRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  return byArea(alertSpecs(settings)).map(([area, specs]) => ({
    name: `perfscope-${area}`,
    rules: specs.map(({ signal, severity, thresholds, threshold }): PrometheusAlertingRule => {
      const { pipeline, suffix } = valuePipeline(signal.unit, '$value');
      const dashboard = absolute(opts.grafanaUrl, opts.dashboardUrl?.(area) ?? areaDashboardPath(area));
      return {
        alert: alertName(signal.id, severity),
        expr: alertCondition(buildPromQL(signal, options), thresholds.direction, threshold),
        for: thresholds.for,
        labels: { severity, area },
        annotations: {
          summary: summary(signal, severity, threshold, thresholds.direction),
          description: description(signal, severity, thresholds, threshold, `{{ ${pipeline} }}${suffix}`),
          runbook_url: absolute(opts.grafanaUrl, opts.runbookUrl?.(signal) ?? runbookPath(signal)),
          dashboard_url: dashboard,
        },
      };
    }),
  }));
}

/**
 * Heavy signals worth recording: quantiles and averages over histograms, and ratios of counters.
 * The health score has its own recording rule.
 */
export function isHeavySignal(signal: SignalDef): boolean {
  if (signal.area === 'health') {
    return false;
  }
  return signal.metrics.some((m) => getMetric(m).type === 'histogram') || buildPromQL(signal).includes(') / ');
}

/** Recording rules: the heavy signals, and the health score. */
export function buildPrometheusRecordingGroups(
  settings?: PerfscopeSettings,
  opts: Pick<PrometheusRuleOptions, 'catalog'> = {}
): PrometheusRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  return [
    {
      name: 'perfscope-signals-recording',
      rules: (SIGNALS as readonly SignalDef[])
        .filter(isHeavySignal)
        .map((signal) => ({ record: recordName(signal.id), expr: buildPromQL(signal, options) })),
    },
    { name: 'perfscope-health-score', rules: [healthScoreRecordingRule(settings, options)] },
  ];
}

/* ----------------------------------------------------- error budget (SLO) */

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

/** Every Prometheus rule group: recording rules, per-area alerts and the error-budget alerts. */
export function buildPrometheusRuleGroups(
  settings?: PerfscopeSettings,
  opts: PrometheusRuleOptions = {}
): PrometheusRuleGroup[] {
  return [
    ...buildPrometheusRecordingGroups(settings, opts),
    ...buildPrometheusAlertGroups(settings, opts),
    ...buildSloRuleGroups(settings, opts),
  ];
}
