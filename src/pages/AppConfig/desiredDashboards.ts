import type { PerfscopeSettings } from '@perfscope/catalog';
import { DASHBOARDS, dashboardsFor } from '@perfscope/dashboards';
import type { DashboardModel, DesiredDashboard } from './dashboardSync';

/**
 * The dashboards the settings call for, built as `npm run generate` builds the app's own (same
 * builders, the settings' naming, thresholds and custom signals), each with the copy the app ships
 * (`installed`, by file name) and that copy's `revision`, which Grafana compares at upgrades to
 * decide whether to import the app's dashboard again (dashboard_updater.go, syncPluginDashboards).
 */
export function desiredDashboards(
  settings: PerfscopeSettings | undefined,
  installed: ReadonlyMap<string, Record<string, unknown>> = new Map()
): DesiredDashboard[] {
  return dashboardsFor(settings).map(({ file, dashboard }) => {
    const shipped = installed.get(file);
    // As JSON, the way Grafana receives and stores it (the SDK's objects carry functions too).
    const model = JSON.parse(JSON.stringify(dashboard)) as DashboardModel;
    if (typeof shipped?.revision === 'number') {
      model.revision = shipped.revision;
    }
    return { dashboard: model, installed: shipped };
  });
}

/** The file of each dashboard the app ships, under its dashboards/ folder. */
export const DASHBOARD_FILES = DASHBOARDS.map(({ file }) => file);
