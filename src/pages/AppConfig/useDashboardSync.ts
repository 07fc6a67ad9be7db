import { useCallback, useRef, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import type { PerfscopeSettings } from '@perfscope/catalog';
import { saveAppSettings } from '../../settings';
import { describeSaveError } from './AppConfig.utils';
import {
  type DashboardApi,
  type DashboardPlan,
  type DashboardSyncResult,
  applyDashboardPlan,
  describeDashboardError,
  recordAfterUndo,
  reviewDashboards,
  undoWrites,
} from './dashboardSync';

/** The dashboard sync's state on the configuration page, and what it can do. */
export interface DashboardSyncState {
  plan?: DashboardPlan;
  /** A review or an apply is running. */
  busy: boolean;
  /** An apply is running (it saves the settings' record at its end: the form waits). */
  applying: boolean;
  /** Why the dashboards could not be read. */
  error?: string;
  result?: DashboardSyncResult;
  /** Edited dashboards the admin chose to replace. */
  overwrite: ReadonlySet<string>;
  setOverwrite(uid: string, on: boolean): void;
  /** Plans the changes the settings (default: the saved ones) call for. */
  review(settings?: PerfscopeSettings): Promise<void>;
  /** Writes the reviewed plan, records the versions in the settings, then reviews again. */
  apply(): Promise<void>;
}

export interface AppState {
  enabled: boolean;
  pinned: boolean;
  /** Where Grafana serves the app's files (the plugin meta's baseUrl). */
  baseUrl: string;
}

/** The dashboards as the app ships them (what Grafana imports), by file name; those it cannot read are left out. */
async function installedDashboards(
  baseUrl: string,
  files: readonly string[]
): Promise<Map<string, Record<string, unknown>>> {
  const read = async (file: string) => {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<Record<string, unknown>>({ url: `${baseUrl}/dashboards/${file}`, showErrorAlert: false })
      );
      return [[file, response.data] as const];
    } catch {
      return [];
    }
  };
  return new Map((await Promise.all(files.map(read))).flat());
}

/**
 * State of "Apply to dashboards": reviewed after each save and on the button, applied on confirmation.
 * After writing, the versions Grafana gave the writes are saved in the settings (`dashboardVersions`)
 * so the next review can tell the sync's writes from someone's edits; when that save fails, the
 * writes are undone too.
 */
export function useDashboardSync(
  saved: PerfscopeSettings | undefined,
  app: AppState,
  api: DashboardApi,
  onRecorded: (settings: PerfscopeSettings) => void
): DashboardSyncState {
  const [plan, setPlan] = useState<DashboardPlan>();
  const [reviewing, setReviewing] = useState(false);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<DashboardSyncResult>();
  const [overwrite, setOverwriteSet] = useState<ReadonlySet<string>>(new Set());
  const { enabled, pinned, baseUrl } = app;
  // Reviews can overlap (one after an apply, one after a save): only the last one started counts.
  const latest = useRef(0);

  const review = useCallback(
    async (forSettings = saved) => {
      const run = ++latest.current;
      setReviewing(true);
      setError(undefined);
      // A plan of other settings, or of Grafana before the last apply, must not stay on show.
      setPlan(undefined);
      try {
        // The dashboard builders load with the first review, not with the page.
        const { DASHBOARD_FILES, desiredDashboards } = await import(
          /* webpackChunkName: "dashboard-builders" */ './desiredDashboards'
        );
        const desired = desiredDashboards(forSettings, await installedDashboards(baseUrl, DASHBOARD_FILES));
        const plan = await reviewDashboards(desired, api, forSettings?.dashboardVersions);
        if (run === latest.current) {
          setPlan(plan);
          setOverwriteSet(new Set());
        }
      } catch (e) {
        if (run === latest.current) {
          setError(describeDashboardError(e));
        }
      } finally {
        if (run === latest.current) {
          setReviewing(false);
        }
      }
    },
    [saved, api, baseUrl]
  );

  const apply = useCallback(async () => {
    if (!plan) {
      return;
    }
    setApplying(true);
    setResult(undefined);
    let settings = saved;
    const record = async (next: PerfscopeSettings) => {
      await saveAppSettings({ enabled, pinned, jsonData: next });
      settings = next;
      onRecorded(next);
    };
    let outcome = await applyDashboardPlan(plan, api, overwrite);
    if (outcome.ok && outcome.done.length > 0) {
      try {
        await record({ ...saved, dashboardVersions: { ...saved?.dashboardVersions, ...outcome.versions } });
      } catch (e) {
        const undo = await undoWrites(outcome.done, api);
        outcome = {
          ...outcome,
          ok: false,
          error: `The dashboards were written, but Grafana did not save the record of their versions. ${describeSaveError(e)}${undo.errors.length === 0 ? ' The writes were undone.' : ''}`,
          rollbackErrors: undo.errors,
          undoVersions: undo.versions,
        };
      }
    }
    const moved = outcome.ok ? undefined : recordAfterUndo(saved?.dashboardVersions, plan, outcome.undoVersions);
    if (moved) {
      try {
        await record({ ...saved, dashboardVersions: moved });
      } catch {
        // Not recorded: the next review lists the dashboards put back as saved since; nothing is lost.
      }
    }
    setResult(outcome);
    setApplying(false);
    await review(settings);
  }, [plan, api, overwrite, saved, enabled, pinned, onRecorded, review]);

  const setOverwrite = useCallback(
    (uid: string, on: boolean) =>
      setOverwriteSet((now) => {
        const next = new Set(now);
        if (on) {
          next.add(uid);
        } else {
          next.delete(uid);
        }
        return next;
      }),
    []
  );

  return { plan, busy: reviewing || applying, applying, error, result, overwrite, setOverwrite, review, apply };
}
