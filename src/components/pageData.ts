import { getDataSourceSrv } from '@grafana/runtime';
import { DATASOURCE_PLUGIN_ID, type Status } from '@perfscope/catalog';

/** The Perfscope datasource the pages use: the one in the app settings, else the first one. */
export function pickDatasource(configured: string | undefined): string | undefined {
  return configured ?? getDataSourceSrv().getList({ type: DATASOURCE_PLUGIN_ID })[0]?.uid;
}

/** A status as the pages' badges show it. */
export const STATUS_BADGE: Record<Status, { text: string; color: 'green' | 'orange' | 'red' | 'darkgrey' }> = {
  ok: { text: 'OK', color: 'green' },
  warning: { text: 'Warning', color: 'orange' },
  critical: { text: 'Critical', color: 'red' },
  'no-data': { text: 'No data', color: 'darkgrey' },
};
