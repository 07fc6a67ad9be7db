/** Prometheus rule groups from the catalog, for teams that alert through Alertmanager: the same alerts as Grafana's. */
import { areaDashboardPath, runbookPath } from '../areas';
import { getMetric } from '../metrics';
import { buildPromQL } from '../promql';
import { getSignal } from '../signals';
import { healthScoreRecordingRules } from '../score';
import { type PerfscopeSettings, serviceLabelOf } from '../settings';
import { formatNumber } from '../number';
import { signalsOf } from '../custom';
import type { Direction, SignalDef } from '../types';
import { FLEET_SIGNALS, recordName } from '../fleet';
import { BANDED_SIGNALS, bandRules } from '../trends';
import { alertName } from './names';
import { buildSloRuleGroups } from './slo';
import {
  absolute,
  alertSpecs,
  byArea,
  catalogOptions,
  description,
  scopedOptions,
  summary,
  valuePipeline,
} from './specs';
import type { PrometheusAlertingRule, PrometheusRuleGroup, PrometheusRuleOptions } from './types';

/** The condition of a Prometheus alert on a signal: `(<signal>) > 2`. */
export function alertCondition(expr: string, direction: Direction, threshold: number): string {
  return `(${expr}) ${direction === 'above' ? '>' : '<'} ${formatNumber(threshold)}`;
}

/** Prometheus alerting rules, the same alerts as the Grafana rules: one group per area. */
export function buildPrometheusAlertGroups(
  settings?: PerfscopeSettings,
  opts: PrometheusRuleOptions = {}
): PrometheusRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  return byArea(alertSpecs(settings)).map(([area, specs]) => ({
    name: `perfscope-${area}`,
    rules: specs.map((spec): PrometheusAlertingRule => {
      const { signal, severity, thresholds, threshold } = spec;
      const { pipeline, suffix } = valuePipeline(signal.unit, '$value');
      const dashboard = absolute(opts.grafanaUrl, opts.dashboardUrl?.(area) ?? areaDashboardPath(area));
      return {
        alert: alertName(signal.id, severity),
        expr: alertCondition(
          buildPromQL(signal, scopedOptions(options, spec, serviceLabelOf(settings))),
          thresholds.direction,
          threshold
        ),
        for: thresholds.for,
        labels: { severity, area },
        annotations: {
          summary: summary(signal, severity, threshold, thresholds.direction, serviceLabelOf(settings)),
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

/**
 * Signals with a recording rule: the heavy ones, and the fleet view's (the Services page reads
 * every service's request rate too, and reads it recorded: O(services), not O(series)).
 */
export function isRecordedSignal(signal: SignalDef): boolean {
  return isHeavySignal(signal) || (FLEET_SIGNALS as readonly string[]).includes(signal.id);
}

/**
 * The signals with a recording rule, in catalog order: the settings' signals that are heavy or the
 * fleet view's, then the fleet view's that only the health score lists (Apdex).
 */
function recordedSignalsOf(settings: PerfscopeSettings | undefined): SignalDef[] {
  const listed = signalsOf(settings);
  const extra = FLEET_SIGNALS.filter((id) => !listed.some((s) => s.id === id)).map((id) => getSignal(id));
  return [...listed.filter(isRecordedSignal), ...extra];
}

/** Recording rules: the heavy signals and the fleet view's, per service, and the health score. */
export function buildPrometheusRecordingGroups(
  settings?: PerfscopeSettings,
  opts: Pick<PrometheusRuleOptions, 'catalog'> = {}
): PrometheusRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  return [
    {
      name: 'perfscope-signals-recording',
      rules: recordedSignalsOf(settings).map((signal) => ({
        record: recordName(signal.id),
        expr: buildPromQL(signal, options),
      })),
    },
    // One group: its rules run in order, so the score reads the components of the same evaluation.
    { name: 'perfscope-health-score', rules: healthScoreRecordingRules(settings, options) },
    // Each band's parts in order (the bounds read the expected value and spread just written); they
    // read the recorded signals, so they cost O(services).
    { name: 'perfscope-anomaly-bands', rules: BANDED_SIGNALS.flatMap(bandRules) },
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
