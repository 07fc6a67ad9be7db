/**
 * The shapes of the rules the catalog builds: Grafana-managed rules as Grafana's provisioning API
 * (`/api/v1/provisioning/alert-rules`) and provisioning files take them, and Prometheus rule groups.
 * The field names come from @grafana/grafana-foundation-sdk's alerting, prometheus and expr types
 * (imported as types only, so nothing of the SDK is bundled).
 */
import type { Query, Rule } from '@grafana/grafana-foundation-sdk/alerting';
import type { TypeMath, TypeThreshold } from '@grafana/grafana-foundation-sdk/expr';
import type { Dataquery as PrometheusDataquery } from '@grafana/grafana-foundation-sdk/prometheus';
import type { Area, CatalogOptions, SignalDef } from '../types';

type Plain<T> = Omit<T, '_implementsDataqueryVariant'>;
/** The model of the rule's Prometheus query (refId A). */
export type PrometheusQueryModel = Plain<PrometheusDataquery>;
/** The model of the rule's threshold expression (refId C). */
export type ThresholdModel = Plain<TypeThreshold>;
/** The model of a math expression (the burn-rate rules' condition on two windows). */
export type MathModel = Plain<TypeMath>;

/** One entry of a rule's `data`: a query or an expression, with its model as plain JSON. */
export type ProvisionedQuery = Omit<Query, 'model' | 'refId' | 'datasourceUid' | 'relativeTimeRange'> & {
  refId: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: PrometheusQueryModel | ThresholdModel | MathModel;
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
  labels?: Record<string, string>;
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
  /** How often the objectives' period ratios and budgets are evaluated (default 5m; tests go faster). */
  budgetInterval?: string;
}
