/**
 * The names Grafana knows Perfscope by: plugin ids, the uids of provisioned datasources, the
 * folder of the alert rules and dashboards, and the label that marks rules as the app's. Every
 * plugin.json, provisioning file, dashboard, rule and app page takes them from here; the checks
 * (tests/checks) hold plugin.json and the provisioning files to them.
 */

/** The app plugin (src/plugin.json). */
export const APP_PLUGIN_ID = 'perfscope-monitoring-app';
/** The live stream panel (src/panels/stream/plugin.json). */
export const STREAM_PANEL_PLUGIN_ID = 'perfscope-stream-panel';
/** The health score panel (src/panels/healthscore/plugin.json). */
export const HEALTHSCORE_PANEL_PLUGIN_ID = 'perfscope-healthscore-panel';
/** The frontend-only datasource (src/datasource/plugin.json). */
export const DATASOURCE_PLUGIN_ID = 'perfscope-proxy-datasource';

/**
 * Uid of the core Prometheus datasource that Grafana-managed alert rules query (Grafana cannot
 * evaluate rules through a frontend-only datasource); provisioned with this uid.
 */
export const ALERTING_DATASOURCE_UID = 'perfscope-prometheus';
/** Uid of the Perfscope datasource the dev stack provisions. */
export const PERFSCOPE_DATASOURCE_UID = 'perfscope-proxy';

/**
 * The Grafana folder of the alert rules. The app creates it with this uid; Grafana's rule-file
 * provisioner creates it by title with a random uid (pkg/services/provisioning/alerting/
 * rules_provisioner.go, getOrCreateFolderByTitle), so it is looked up by uid, then by title.
 */
export const FOLDER = { uid: 'perfscope', title: 'Perfscope' } as const;

/** Label Grafana reads to show a rule as managed by a plugin. */
export const GRAFANA_ORIGIN_LABEL = '__grafana_origin';
/** Its value on the rules the app's sync writes: `plugin/<app id>`. */
export const ORIGIN = `plugin/${APP_PLUGIN_ID}`;

/** Tag every Perfscope dashboard carries (the dashboards' link menu lists them by it). */
export const DASHBOARD_TAG = 'perfscope';

/** Rule uid prefix of the rules the app's sync writes (apart from the provisioned files' rules). */
export const SYNC_RULE_UID_PREFIX = 'perfscope-app-';
/** Rule uid prefix of the rules in the provisioning files. */
export const FILE_RULE_UID_PREFIX = 'perfscope-';

/** The app's base URL in Grafana. */
export const APP_BASE_URL = `/a/${APP_PLUGIN_ID}`;
