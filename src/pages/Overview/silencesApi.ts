import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { PERFSCOPE_SILENCES_FILTER, type PostableSilence, type Silence } from './silences';

const BASE = '/api/alertmanager/grafana/api/v2';

/** Grafana Alertmanager's silences API, as the pages use it. */
export interface SilencesApi {
  /** Silences of Perfscope's alerts, whatever their state. */
  list(): Promise<Silence[]>;
  /** Creates a silence; answers its id. */
  create(silence: PostableSilence): Promise<string>;
  /** Expires a silence (Grafana's DELETE ends it now; it stays listed as expired). */
  expire(id: string): Promise<void>;
}

/**
 * pkg/services/ngalert/api/api_alertmanager_silences.go: GET /silences?filter=… (matchers the
 * silence must have), POST /silences answering 202 {"silenceID"}, DELETE /silence/:id answering
 * 200 {"message":"silence deleted"}.
 */
export function grafanaSilencesApi(): SilencesApi {
  const call = async <T>(method: string, url: string, data?: unknown, params?: Record<string, string>): Promise<T> =>
    (await lastValueFrom(getBackendSrv().fetch<T>({ method, url, data, params, showErrorAlert: false }))).data;
  return {
    list: async () => {
      const silences = await call<Silence[]>('GET', `${BASE}/silences`, undefined, {
        filter: PERFSCOPE_SILENCES_FILTER,
      });
      return Array.isArray(silences) ? silences : [];
    },
    create: async (silence) => (await call<{ silenceID: string }>('POST', `${BASE}/silences`, silence)).silenceID,
    expire: async (id) => {
      await call('DELETE', `${BASE}/silence/${encodeURIComponent(id)}`);
    },
  };
}
