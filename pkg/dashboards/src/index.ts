import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { CatalogOptions, SignalDef } from '@perfscope/catalog';
import { audioDashboard } from './audio';
import { cacheDashboard } from './cache';
import { databaseDashboard } from './database';
import { httpDashboard } from './http';
import { overviewDashboard } from './overview';
import { realtimeDashboard } from './realtime';
import { webVitalsDashboard } from './webvitals';

/**
 * Every generated dashboard: its file under src/dashboards/ and its builder, for a naming (the kit's
 * by default) and the settings' custom signals (a row of their own on their area's dashboard).
 */
export const DASHBOARDS: ReadonlyArray<{
  file: string;
  build: (naming?: Partial<CatalogOptions>, custom?: readonly SignalDef[]) => Dashboard;
}> = [
  { file: 'overview.json', build: overviewDashboard },
  { file: 'http.json', build: httpDashboard },
  { file: 'database.json', build: databaseDashboard },
  { file: 'cache.json', build: cacheDashboard },
  { file: 'audio.json', build: audioDashboard },
  { file: 'realtime.json', build: realtimeDashboard },
  { file: 'web-vitals.json', build: webVitalsDashboard },
];

export { HEADLINE_SIGNALS } from './overview';
export { RUNBOOKS } from './runbooks';
export { type SignalNeeds, checkSignal } from './validate';
