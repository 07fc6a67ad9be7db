import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { FOLDER } from '@perfscope/catalog';
import type { AlertingApi, GroupLike, RuleLike } from './ruleSync';

/**
 * Grafana's alerting provisioning API and folders over its backend service. The folder is looked
 * up among the top-level folders by UID, then by title, because Grafana's rule-file provisioner
 * creates the folder by title with a random UID (pkg/services/provisioning/alerting/
 * rules_provisioner.go, getOrCreateFolderByTitle): the app's rules then join the file's folder
 * instead of making a second "Perfscope".
 */
export function grafanaAlertingApi(): AlertingApi {
  const call = async <T>(method: string, url: string, data?: unknown): Promise<T> =>
    (await lastValueFrom(getBackendSrv().fetch<T>({ method, url, data, showErrorAlert: false }))).data;
  const status = (e: unknown) => (e as { status?: number }).status;
  const group = (folderUid: string, title: string) =>
    `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(title)}`;
  return {
    list: () => call<RuleLike[]>('GET', '/api/v1/provisioning/alert-rules'),
    findFolder: async () => {
      // The top-level folders (where both the app and the file provisioner put it): no 404 to log.
      const folders = await call<Array<{ uid: string; title: string }>>('GET', '/api/folders?limit=1000');
      return folders.find((f) => f.uid === FOLDER.uid) ?? folders.find((f) => f.title === FOLDER.title);
    },
    createFolder: () => call('POST', '/api/folders', FOLDER),
    groupInterval: async (folderUid, title) => {
      try {
        return (await call<{ interval?: number }>('GET', group(folderUid, title))).interval;
      } catch (e) {
        if (status(e) === 404) {
          return undefined;
        }
        throw e;
      }
    },
    putGroup: async (folderUid, g: GroupLike) => {
      await call('PUT', group(folderUid, g.title), {
        title: g.title,
        folderUid,
        interval: g.interval,
        rules: g.rules.map((r) => ({ ...r, folderUID: folderUid, ruleGroup: g.title })),
      });
    },
  };
}
