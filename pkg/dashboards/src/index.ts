import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { type PerfscopeSettings, customSignalDef, namingOptions } from '@perfscope/catalog';
import { audioDashboard } from './audio';
import { cacheDashboard } from './cache';
import { databaseDashboard } from './database';
import { httpDashboard } from './http';
import type { BoardInputs } from './kit';
import { overviewDashboard } from './overview';
import { realtimeDashboard } from './realtime';
import { sloDashboard } from './slo';
import { webVitalsDashboard } from './webvitals';

/**
 * Every generated dashboard: its file under src/dashboards/ and its builder, for a naming (the kit's
 * by default), the settings' custom signals (a row of their own on their area's dashboard) and the
 * settings' thresholds (the catalog's by default).
 */
export const DASHBOARDS: ReadonlyArray<{
  file: string;
  build: (inputs?: BoardInputs) => Dashboard;
}> = [
  { file: 'overview.json', build: overviewDashboard },
  { file: 'slo.json', build: sloDashboard },
  { file: 'http.json', build: httpDashboard },
  { file: 'database.json', build: databaseDashboard },
  { file: 'cache.json', build: cacheDashboard },
  { file: 'audio.json', build: audioDashboard },
  { file: 'realtime.json', build: realtimeDashboard },
  { file: 'web-vitals.json', build: webVitalsDashboard },
];

/** What the dashboards are built from for app settings: their naming, custom signals and thresholds. */
export const boardInputs = (settings: PerfscopeSettings | undefined): BoardInputs => ({
  naming: namingOptions(settings),
  custom: (settings?.customSignals ?? []).map(customSignalDef),
  settings,
});

/** Every dashboard as the app settings call for it, by its file name under src/dashboards/. */
export function dashboardsFor(settings: PerfscopeSettings | undefined): Array<{ file: string; dashboard: Dashboard }> {
  const inputs = boardInputs(settings);
  return DASHBOARDS.map(({ file, build }) => ({ file, dashboard: build(inputs) }));
}

export type { BoardInputs } from './kit';
export { HEADLINE_SIGNALS } from './overview';
export { RUNBOOKS } from './runbooks';
export { type SignalNeeds, checkSignal } from './validate';
