/**
 * Alert and recording rules from the catalog: Grafana-managed rules in the shape Grafana's
 * provisioning API and provisioning files take, and Prometheus rule groups for teams that alert
 * through Alertmanager. Pure: no Node APIs, runs in the browser.
 */
export * from './types';
export * from './names';
export * from './specs';
export * from './grafana';
export * from './prometheus';
export * from './slo';
