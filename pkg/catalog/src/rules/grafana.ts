/** Grafana-managed alert rules from the catalog, in the shape Grafana's provisioning API and files take. */
import { areaDashboardPath, getArea, runbookPath } from '../areas';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '../ids';
import { buildPromQL } from '../promql';
import { type PerfscopeSettings, serviceLabelOf } from '../settings';
import { ruleTitle, ruleUid, RULE_GROUP_INTERVAL } from './names';
import { buildGrafanaSloGroups } from './slo';
import {
  type AlertSpec,
  alertSpecs,
  byArea,
  catalogOptions,
  description,
  noDataState,
  only,
  scopedOptions,
  summary,
  valuePipeline,
} from './specs';
import type {
  GrafanaRuleGroup,
  GrafanaRuleOptions,
  PrometheusQueryModel,
  ProvisionedRule,
  ThresholdModel,
} from './types';

/** A query or evaluation error raises Grafana's error alert instead of passing as healthy. */
export const EXEC_ERR_STATE: ProvisionedRule['execErrState'] = 'Error';

const EXPRESSION_UID = '__expr__';

/* ------------------------------------------------------------ Grafana */

/** One Grafana-managed rule: query A (instant PromQL), threshold C on A. */
function grafanaRule(
  spec: AlertSpec,
  expr: string,
  group: string,
  opts: GrafanaRuleOptions,
  serviceLabel: string
): ProvisionedRule {
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
    uid: ruleUid(signal.id, severity, opts.uidPrefix, only(spec)),
    title: ruleTitle(signal, severity, only(spec)),
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
    labels: { severity, area: signal.area, [GRAFANA_ORIGIN_LABEL]: ORIGIN },
    annotations: {
      summary: summary(signal, severity, threshold, thresholds.direction, serviceLabel),
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
 * `effectiveThresholds`, querying the given Prometheus datasource; then the objectives' burn-rate
 * rules (slo.ts).
 */
export function buildGrafanaRuleGroups(
  settings: PerfscopeSettings | undefined,
  opts: GrafanaRuleOptions
): GrafanaRuleGroup[] {
  const options = catalogOptions(settings, opts.catalog);
  const areas = byArea(alertSpecs(settings)).map(([area, specs]) => {
    const title = getArea(area).title;
    return {
      title,
      interval: RULE_GROUP_INTERVAL,
      rules: specs.map((spec) =>
        grafanaRule(
          spec,
          buildPromQL(spec.signal, scopedOptions(options, spec, serviceLabelOf(settings))),
          title,
          opts,
          serviceLabelOf(settings)
        )
      ),
    };
  });
  // The objectives' burn-rate alerts, after the areas' groups.
  return [...areas, ...buildGrafanaSloGroups(settings, opts)];
}
