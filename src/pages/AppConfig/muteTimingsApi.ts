import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import type { MuteTiming } from './quietHours';
import type { QuietHoursApi, Route } from './quietHoursSync';

const TIMINGS = '/api/v1/provisioning/mute-timings';
const POLICIES = '/api/v1/provisioning/policies';

/**
 * Grafana's provisioning API for mute timings and the notification policy tree
 * (pkg/services/ngalert/api/api_provisioning.go): GET/POST /api/v1/provisioning/mute-timings,
 * PUT/DELETE /api/v1/provisioning/mute-timings/:name (the body's `version` and DELETE's `?version=`
 * make Grafana refuse with 409 when the mute timing changed since it was read), GET/PUT
 * /api/v1/provisioning/policies. Mute timings are written without X-Disable-Provenance, so Grafana
 * marks them "api" (Perfscope's, locked in the alerting UI); the tree is written with it unless
 * Grafana already has the tree as "api" (its provenance may not go back to none,
 * validation/provenance.go ValidateProvenanceRelaxed), so the admin can still edit it in the UI.
 */
export function grafanaMuteTimingsApi(): QuietHoursApi {
  const call = async <T>(
    method: string,
    url: string,
    data?: unknown,
    headers?: Record<string, string>,
    params?: Record<string, string>
  ): Promise<T> =>
    (await lastValueFrom(getBackendSrv().fetch<T>({ method, url, data, headers, params, showErrorAlert: false }))).data;
  const one = (name: string) => `${TIMINGS}/${encodeURIComponent(name)}`;
  return {
    list: async () => {
      const timings = await call<MuteTiming[]>('GET', TIMINGS);
      if (!Array.isArray(timings)) {
        throw new Error('Grafana did not answer the list of mute timings with a list.');
      }
      // Go writes a mute timing without intervals as `"time_intervals": null`.
      return timings.map((t) => ({ ...t, time_intervals: t.time_intervals ?? [] }));
    },
    create: (timing) => call<MuteTiming>('POST', TIMINGS, timing),
    update: (timing, version) => call<MuteTiming>('PUT', one(timing.name), { ...timing, version }),
    remove: async (name, version) => {
      await call('DELETE', one(name), undefined, undefined, version ? { version } : undefined);
    },
    policyTree: async () => {
      const tree = await call<Route>('GET', POLICIES);
      if (!tree || typeof tree !== 'object' || Array.isArray(tree)) {
        throw new Error('Grafana did not answer the notification policies with a policy tree.');
      }
      return tree;
    },
    putPolicyTree: async (tree, keepApiProvenance) => {
      await call('PUT', POLICIES, tree, keepApiProvenance ? undefined : { 'X-Disable-Provenance': 'true' });
    },
  };
}
