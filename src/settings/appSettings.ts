import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { type PerfscopeSettings, validateSettings } from '@perfscope/catalog';
import pluginJson from '../plugin.json';

/** What panels know of the app settings: the settings, or why they could not be read. */
export type AppSettingsState =
  { status: 'loading' } | { status: 'ready'; settings: PerfscopeSettings } | { status: 'error'; message: string };

let cached: Promise<PerfscopeSettings> | undefined;

/**
 * Window event a save announces the new settings with. The app and each panel are separate
 * bundles, each with its own copy of this module: a window event reaches all of them.
 */
export const SETTINGS_CHANGED_EVENT = 'perfscope:app-settings-changed';

/** Tells every Perfscope bundle on the page that the settings are now these. */
export function announceAppSettings(settings: PerfscopeSettings): void {
  window.dispatchEvent(new CustomEvent<PerfscopeSettings>(SETTINGS_CHANGED_EVENT, { detail: settings }));
}

// Every copy of this module keeps its cache current, whether or not a panel of its bundle is mounted.
if (typeof window !== 'undefined') {
  window.addEventListener(SETTINGS_CHANGED_EVENT, (event) => {
    cached = Promise.resolve((event as CustomEvent<PerfscopeSettings>).detail);
  });
}

/** Calls `listener` with the settings whenever a save on this page announces them; returns the unsubscribe. */
export function onAppSettingsChanged(listener: (settings: PerfscopeSettings) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<PerfscopeSettings>).detail);
  window.addEventListener(SETTINGS_CHANGED_EVENT, handler);
  return () => window.removeEventListener(SETTINGS_CHANGED_EVENT, handler);
}

/** What loadAppSettings rejects with when the app is installed but disabled in this organisation. */
export const APP_DISABLED = { disabled: true } as const;

const SETTINGS_URL = `/api/plugins/${pluginJson.id}/settings`;

/**
 * The app's saved settings (`/api/plugins/perfscope-monitoring-app/settings` jsonData), read once
 * per page load and shared by every panel; `refresh` forgets the copy (after a save). Grafana
 * answers 200 with `enabled: false` for an app that is installed but disabled, and 404 for one that
 * is not installed (pkg/api/plugins.go, GetPluginSettingByID): both reject.
 */
export function loadAppSettings(refresh = false): Promise<PerfscopeSettings> {
  if (!cached || refresh) {
    cached = Promise.resolve()
      .then(() =>
        lastValueFrom(
          getBackendSrv().fetch<{ enabled?: boolean; jsonData?: PerfscopeSettings | null }>({
            url: SETTINGS_URL,
            method: 'GET',
            showErrorAlert: false,
          })
        )
      )
      .then((r) => {
        if (r.data?.enabled === false) {
          throw APP_DISABLED;
        }
        // Saved by provisioning or the API, they may hold anything: only what the catalog accepts is used.
        return validateSettings(r.data?.jsonData).settings;
      });
    // A failed read is not kept: the next panel tries again.
    cached.catch(() => (cached = undefined));
  }
  return cached;
}

/** The app's state as Grafana stores it: POST replaces all three (pkg/api/plugins.go, UpdatePluginSetting). */
export interface AppSettingsWrite {
  enabled: boolean;
  pinned: boolean;
  jsonData: PerfscopeSettings;
}

/**
 * Saves the app's settings. Grafana replaces enabled, pinned and jsonData with what the body says
 * (a body without `enabled` disables the app, one without jsonData clears it), so all three are
 * always sent; then every Perfscope bundle on the page is told.
 */
export async function saveAppSettings(write: AppSettingsWrite): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({
      url: SETTINGS_URL,
      method: 'POST',
      data: { enabled: write.enabled, pinned: write.pinned, jsonData: write.jsonData },
      showErrorAlert: false,
    })
  );
  cached = Promise.resolve(write.jsonData);
}

/**
 * Why the settings could not be read, as one clause every notice about it starts with (panels, the
 * datasource's catalog queries): Grafana answers 404 for an app that is not installed and 401/403
 * for a user who may not read it (pkg/api/plugins.go, GetPluginSettingByID).
 */
export function settingsReadProblem(error: unknown): string {
  const status = (error as { status?: number })?.status;
  if (error === APP_DISABLED) {
    return 'The Perfscope app is disabled in this organisation';
  }
  if (status === 404) {
    return 'The Perfscope app is not installed in this Grafana';
  }
  if (status === 401 || status === 403) {
    return 'This user may not read the Perfscope app settings';
  }
  return 'The Perfscope app settings could not be read';
}

/** Why the settings could not be read, in words for a panel notice. */
export function describeSettingsError(error: unknown): string {
  const remedy = error === APP_DISABLED ? ' An admin can enable it on its configuration page.' : '';
  return `${settingsReadProblem(error)}: showing the default thresholds.${remedy}`;
}
