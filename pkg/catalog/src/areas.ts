/**
 * The areas of the catalog and the sections of the product that show them. A section has one
 * dashboard and one app page, and gathers one or more areas (HTTP shows rate limiting too). Rule
 * groups, dashboard titles and tags, app pages, the health panel's links, the runbook links of the
 * alert rules and the app's plugin.json includes all derive from this table.
 */
import { fnv1a } from './digest';
import { APP_BASE_URL } from './ids';
import type { Area, SignalDef } from './types';

export type SectionId = 'overview' | 'slo' | 'http' | 'database' | 'cache' | 'audio' | 'realtime' | 'webvitals';

export interface SectionDef {
  readonly id: SectionId;
  /** What people call it: the app page's name, and the dashboard's title after "Perfscope / ". */
  readonly title: string;
  /** Uid of its dashboard (stable: links, bookmarks and alert annotations use it). */
  readonly dashboardUid: string;
  /** File of its dashboard under src/dashboards/. */
  readonly dashboardFile: string;
  /** Its app page, relative to the app's URL (e.g. `area/http`). */
  readonly page: string;
  /** One sentence for the dashboard's description. */
  readonly description: string;
}

export interface AreaDef {
  readonly id: Area;
  /** Rule group titles, section headings, the query editor's groups. */
  readonly title: string;
  readonly section: SectionId;
}

/** The sections in the order the app's navigation and the Overview list them. */
export const SECTIONS: readonly SectionDef[] = [
  {
    id: 'overview',
    title: 'Overview',
    dashboardUid: 'perfscope-overview',
    dashboardFile: 'overview.json',
    page: 'overview',
    description: 'Health score and its components, live headline signals and the error budget of the whole service.',
  },
  {
    id: 'slo',
    title: 'Objectives',
    dashboardUid: 'perfscope-slo',
    dashboardFile: 'slo.json',
    page: 'slo',
    description:
      "Each service's availability and latency objectives: the error budget left over the period, how fast it burns, and when it runs out at this pace.",
  },
  {
    id: 'http',
    title: 'HTTP',
    dashboardUid: 'perfscope-http',
    dashboardFile: 'http.json',
    page: 'area/http',
    description:
      'Request rate, latency percentiles and distribution, error rate and error budget, rate limiting, by route.',
  },
  {
    id: 'database',
    title: 'Database',
    dashboardUid: 'perfscope-database',
    dashboardFile: 'database.json',
    page: 'area/database',
    description: 'Query time, slow queries, query errors and connections, by operation and table.',
  },
  {
    id: 'cache',
    title: 'Cache',
    dashboardUid: 'perfscope-cache',
    dashboardFile: 'cache.json',
    page: 'area/cache',
    description: 'Hit ratio, lookups, evictions and memory, by cache.',
  },
  {
    id: 'audio',
    title: 'Audio streaming',
    dashboardUid: 'perfscope-audio',
    dashboardFile: 'audio.json',
    page: 'area/audio',
    description: 'Active streams, starts, errors by type, buffering and delivered bandwidth.',
  },
  {
    id: 'realtime',
    title: 'Uploads & realtime',
    dashboardUid: 'perfscope-realtime',
    dashboardFile: 'realtime.json',
    page: 'area/realtime',
    description: 'File uploads, WebSocket connections and system load.',
  },
  {
    id: 'webvitals',
    title: 'Web vitals',
    dashboardUid: 'perfscope-web-vitals',
    dashboardFile: 'web-vitals.json',
    page: 'area/webvitals',
    description: 'Core Web Vitals at the 75th percentile, as reported by browsers, by page.',
  },
];

/** Every area of the catalog, in the order rule groups and tables list them. */
export const AREAS: readonly AreaDef[] = [
  { id: 'http', title: 'HTTP', section: 'http' },
  { id: 'ratelimit', title: 'Rate limiting', section: 'http' },
  { id: 'database', title: 'Database', section: 'database' },
  { id: 'cache', title: 'Cache', section: 'cache' },
  { id: 'audio', title: 'Audio streaming', section: 'audio' },
  { id: 'uploads', title: 'Uploads', section: 'realtime' },
  { id: 'websocket', title: 'WebSocket', section: 'realtime' },
  { id: 'system', title: 'System', section: 'realtime' },
  { id: 'webvitals', title: 'Web vitals', section: 'webvitals' },
  { id: 'health', title: 'Health score', section: 'overview' },
];

function lookup<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) {
    throw new Error(`Unknown ${what} "${id}": known ${what}s are ${list.map((x) => x.id).join(', ')}.`);
  }
  return found;
}

export const getSection = (id: SectionId | string): SectionDef => lookup(SECTIONS, id, 'section');
export const getArea = (id: Area | string): AreaDef => lookup(AREAS, id, 'area');

/** The section that shows an area. */
export const sectionOf = (area: Area): SectionDef => getSection(getArea(area).section);

/** The areas a section shows, in catalog order. */
export const areasOf = (section: SectionId): Area[] => AREAS.filter((a) => a.section === section).map((a) => a.id);

/** Human names of the areas, by id. */
export const AREA_TITLES: Readonly<Record<Area, string>> = Object.fromEntries(
  AREAS.map((a) => [a.id, a.title])
) as Record<Area, string>;

/** Grafana's relative link to a section's dashboard. */
export const dashboardPath = (section: SectionDef): string => `/d/${section.dashboardUid}`;

/** Grafana's relative link to the dashboard that shows an area. */
export const areaDashboardPath = (area: Area): string => dashboardPath(sectionOf(area));

/** Grafana's relative link to a section's app page. */
export const appPagePath = (section: SectionDef): string => `${APP_BASE_URL}/${section.page}`;

/** The dashboard title Grafana lists: `Perfscope / HTTP`. */
export const dashboardTitle = (section: SectionDef): string => `Perfscope / ${section.title}`;

/**
 * The id of the panel that draws a signal's thresholds on its area's dashboard: a number derived
 * from the signal id alone (FNV-1a), so the runbook link of a rule stays the same whatever else
 * changes on the dashboard. Six digits: far above the ids the dashboards give other panels.
 */
export const thresholdPanelId = (signalId: string): number => 100_000 + (fnv1a(signalId) % 900_000);

/**
 * Grafana's relative link to what to do when a signal alerts: the panel of its area's dashboard
 * that draws its thresholds, whose description is the runbook (`viewPanel=panel-<id>`, the key
 * Grafana's dashboard scene gives a panel); the dashboard for a signal without thresholds.
 */
export function runbookPath(signal: Pick<SignalDef, 'id' | 'area' | 'thresholds'>): string {
  const dashboard = areaDashboardPath(signal.area);
  return signal.thresholds ? `${dashboard}?viewPanel=panel-${thresholdPanelId(signal.id)}` : dashboard;
}
