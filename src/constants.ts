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
  Area = 'area',
}

/** The provisioned dashboards, by the area they cover (uids are stable: links and alert annotations use them). */
export const DASHBOARD_UIDS = {
  overview: 'perfscope-overview',
  http: 'perfscope-http',
  database: 'perfscope-database',
  cache: 'perfscope-cache',
  audio: 'perfscope-audio',
  realtime: 'perfscope-realtime',
  webvitals: 'perfscope-web-vitals',
} as const;

/** The app's area pages: each lists its signals and links to its dashboard. */
export const AREA_PAGES = [
  { id: 'http', title: 'HTTP', areas: ['http', 'ratelimit'], dashboard: DASHBOARD_UIDS.http },
  { id: 'database', title: 'Database', areas: ['database'], dashboard: DASHBOARD_UIDS.database },
  { id: 'cache', title: 'Cache', areas: ['cache'], dashboard: DASHBOARD_UIDS.cache },
  { id: 'audio', title: 'Audio streaming', areas: ['audio'], dashboard: DASHBOARD_UIDS.audio },
  {
    id: 'realtime',
    title: 'Uploads & realtime',
    areas: ['uploads', 'websocket', 'system'],
    dashboard: DASHBOARD_UIDS.realtime,
  },
  { id: 'webvitals', title: 'Web vitals', areas: ['webvitals'], dashboard: DASHBOARD_UIDS.webvitals },
] as const;

export type AreaPage = (typeof AREA_PAGES)[number];

/** Link to a page of the app. */
export function getRoute(route: ROUTES, sub?: string): string {
  return `${PLUGIN_BASE_URL}/${route}${sub ? `/${sub}` : ''}`;
}

/** Link to a provisioned dashboard. */
export const dashboardUrl = (uid: string) => `/d/${uid}`;
