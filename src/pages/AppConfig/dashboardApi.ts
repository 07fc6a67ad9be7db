import { lastValueFrom } from 'rxjs';
import { config, getBackendSrv } from '@grafana/runtime';
import { APP_PLUGIN_ID } from '@perfscope/catalog';
import type { DashboardApi, DashboardModel, StoredDashboard } from './dashboardSync';

/**
 * Grafana's dashboard API for the sync, the way Grafana's own dashboard editor uses it: the
 * Kubernetes-style resource API when `kubernetesDashboards` is on (GA and on by default in 12; in
 * 13 the toggle is gone and the resource API is the only way), the classic /api/dashboards when an
 * admin turned it off (public/app/features/dashboard/api/utils.ts, getDashboardsApiVersion).
 */
export function grafanaDashboardApi(): DashboardApi {
  return usesResourceApi(config.featureToggles, config.buildInfo.version)
    ? resourceDashboardApi()
    : classicDashboardApi();
}

/** Whether this Grafana's editor saves dashboards through the resource API (its boot data lists enabled toggles only). */
export function usesResourceApi(toggles: object, grafanaVersion: string): boolean {
  return (toggles as Record<string, unknown>).kubernetesDashboards === true || parseInt(grafanaVersion, 10) >= 13;
}

const call = async <T>(method: string, url: string, data?: unknown): Promise<T> =>
  (await lastValueFrom(getBackendSrv().fetch<T>({ method, url, data, showErrorAlert: false }))).data;
const status = (e: unknown) => (e as { status?: number })?.status;

/** Which of the dashboards exist, from Grafana's search (pkg/api/search.go, Search: dashboardUIDs, type dash-db). */
async function existing(uids: readonly string[]): Promise<Set<string>> {
  const query = new URLSearchParams([
    ['type', 'dash-db'],
    ['limit', '5000'],
    ...uids.map((uid) => ['dashboardUIDs', uid]),
  ]);
  const hits = await call<Array<{ uid: string }>>('GET', `/api/search?${query}`);
  return new Set(hits.map((h) => h.uid));
}

/** Grafana's annotations on a dashboard resource (pkg/apimachinery/utils/meta.go). */
const ANNO = {
  folder: 'grafana.app/folder',
  message: 'grafana.app/message',
  managedBy: 'grafana.app/managedBy',
  managerId: 'grafana.app/managerId',
  updated: 'grafana.app/updatedTimestamp',
  sourcePath: 'grafana.app/sourcePath',
  grantPermissions: 'grafana.app/grant-permissions',
} as const;

interface Resource {
  metadata: {
    name: string;
    resourceVersion?: string;
    generation?: number;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec: Record<string, unknown>;
  status?: { conversion?: { failed?: boolean; storedVersion?: string; error?: string } };
}

/** What manages a dashboard, in words, when it is not this app or the UI; undefined when the sync may write it. */
function manager(annotations: Record<string, string>): string | undefined {
  const kind = annotations[ANNO.managedBy];
  const id = annotations[ANNO.sourcePath] ?? annotations[ANNO.managerId];
  // Grafana imports an app's dashboards as managed by the plugin (dashboard_updater.go): the app's own.
  if (!kind || (kind === 'plugin' && (!annotations[ANNO.managerId] || annotations[ANNO.managerId] === APP_PLUGIN_ID))) {
    return undefined;
  }
  const names: Record<string, string> = {
    'classic-file-provisioning': 'file provisioning',
    repo: 'a Git repository (Git Sync)',
    terraform: 'Terraform',
    kubectl: 'kubectl',
    plugin: 'the plugin',
  };
  return `${names[kind] ?? kind}${id ? ` "${id}"` : ''}`;
}

/**
 * /apis/dashboard.grafana.app/v1beta1, as public/app/features/dashboard/api/v1.ts (K8sDashboardAPI)
 * calls it, with one difference: updates keep `metadata.resourceVersion`, so Grafana refuses (409
 * Conflict) a write over a dashboard someone saved since the review. The version is
 * `metadata.generation`, one more at every change of the spec (unified storage, prepare.go).
 */
export function resourceDashboardApi(namespace = config.namespace): DashboardApi {
  const base = `/apis/dashboard.grafana.app/v1beta1/namespaces/${encodeURIComponent(namespace)}/dashboards`;
  const written = (r: Resource) => ({ version: r.metadata.generation ?? 0, lock: r.metadata.resourceVersion ?? '' });
  return {
    existing,
    get: async (uid) => {
      let r: Resource;
      try {
        r = await call<Resource>('GET', `${base}/${encodeURIComponent(uid)}`);
      } catch (e) {
        if (status(e) === 404) {
          return undefined;
        }
        throw e;
      }
      const annotations = r.metadata.annotations ?? {};
      const stored = r.status?.conversion?.storedVersion;
      const dashboard: StoredDashboard = {
        // Grafana keeps the uid as the resource's name, not in the spec (v1.ts getDashboardDTO puts it back).
        spec: { ...r.spec, uid: r.metadata.name },
        version: r.metadata.generation ?? 0,
        lock: r.metadata.resourceVersion ?? '',
        folderUid: annotations[ANNO.folder] || undefined,
        managedBy: manager(annotations),
        // A dashboard stored in the v2 schema comes back converted (or not at all): not comparable.
        storedAs: stored && /^v2/.test(stored) ? stored : undefined,
        // updatedBy is an identity reference (user:<uid>), not a name a person knows: left out.
        updated: annotations[ANNO.updated],
        meta: { annotations, labels: r.metadata.labels },
      };
      return dashboard;
    },
    create: async (dashboard: DashboardModel, message) =>
      written(
        await call<Resource>('POST', `${base}?fieldValidation=Ignore`, {
          metadata: {
            name: dashboard.uid,
            annotations: { [ANNO.message]: message, [ANNO.grantPermissions]: 'default' },
          },
          spec: dashboard,
        })
      ),
    update: async (dashboard, before, message) => {
      const meta = (before.meta ?? {}) as { annotations?: Record<string, string>; labels?: Record<string, string> };
      // Grafana's metadata goes back as read (its manager may not be removed), with the sync's message.
      const annotations: Record<string, string> = { ...meta.annotations, [ANNO.message]: message };
      if (before.folderUid) {
        annotations[ANNO.folder] = before.folderUid;
      }
      const uid = String(dashboard.uid);
      return written(
        await call<Resource>('PUT', `${base}/${encodeURIComponent(uid)}?fieldValidation=Ignore`, {
          metadata: { name: uid, resourceVersion: before.lock, annotations, labels: meta.labels },
          spec: dashboard,
        })
      );
    },
    remove: async (uid) => {
      await call('DELETE', `${base}/${encodeURIComponent(uid)}`);
    },
  };
}

interface ClassicDashboard {
  dashboard: Record<string, unknown>;
  meta: {
    version?: number;
    folderUid?: string;
    provisioned?: boolean;
    provisionedExternalId?: string;
    updatedBy?: string;
    updated?: string;
  };
}

/**
 * /api/dashboards (pkg/api/dashboard.go): GetDashboard, PostDashboard with the version read and
 * `overwrite: false`, so Grafana answers 412 "version-mismatch" to a write over a dashboard someone
 * saved since; DeleteDashboardByUID.
 */
export function classicDashboardApi(): DashboardApi {
  const save = async (dashboard: Record<string, unknown>, folderUid: string, message: string, overwrite = false) =>
    call<{ version: number }>('POST', '/api/dashboards/db', { dashboard, folderUid, message, overwrite });
  return {
    existing,
    get: async (uid) => {
      try {
        const { dashboard, meta } = await call<ClassicDashboard>(
          'GET',
          `/api/dashboards/uid/${encodeURIComponent(uid)}`
        );
        return {
          spec: dashboard,
          version: meta.version ?? 0,
          lock: String(meta.version ?? 0),
          folderUid: meta.folderUid || undefined,
          // provisioned is false for a file that allows UI updates; its path still says a file has it.
          managedBy:
            meta.provisioned || meta.provisionedExternalId
              ? `file provisioning${meta.provisionedExternalId ? ` "${meta.provisionedExternalId}"` : ''}`
              : undefined,
          updatedBy: meta.updatedBy,
          updated: meta.updated,
        };
      } catch (e) {
        if (status(e) === 404) {
          return undefined;
        }
        // A dashboard saved in the v2 schema: the classic API will not give it.
        if (status(e) === 406) {
          return { spec: {}, version: 0, lock: '', storedAs: 'v2' };
        }
        throw e;
      }
    },
    create: async (dashboard, message) => {
      const { version } = await save({ ...dashboard, id: null }, '', message);
      return { version, lock: String(version) };
    },
    update: async (dashboard, before, message) => {
      const body = { ...dashboard, id: undefined, version: Number(before.lock) };
      try {
        const { version } = await save(body, before.folderUid ?? '', message);
        return { version, lock: String(version) };
      } catch (e) {
        const data = (e as { data?: { status?: string } }).data;
        if (status(e) !== 412 || data?.status !== 'plugin-dashboard') {
          throw e;
        }
        // The app's own dashboard as Grafana imported it: saving it needs `overwrite`, which skips the
        // version check, so the version is checked just before.
        const now = await call<ClassicDashboard>(
          'GET',
          `/api/dashboards/uid/${encodeURIComponent(String(dashboard.uid))}`
        );
        if (String(now.meta.version) !== before.lock) {
          throw {
            status: 412,
            data: { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' },
          };
        }
        const { version } = await save(body, before.folderUid ?? '', message, true);
        return { version, lock: String(version) };
      }
    },
    remove: async (uid) => {
      await call('DELETE', `/api/dashboards/uid/${encodeURIComponent(uid)}`);
    },
  };
}
