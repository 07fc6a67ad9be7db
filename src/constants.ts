import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export const STREAM_PANEL_ID = 'perfscope-stream-panel';
export const HEALTHSCORE_PANEL_ID = 'perfscope-healthscore-panel';
export const DATASOURCE_ID = 'perfscope-proxy-datasource';

/** Fixed uid of the core Prometheus datasource that Grafana-managed alert rules query. */
export const ALERTING_PROMETHEUS_UID = 'perfscope-prometheus';

export enum ROUTES {
  Overview = 'overview',
}

/** Link to a page of the app. */
export function getRoute(route: ROUTES): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
