/**
 * What Grafana hands the datasource in tests: its instance settings (as DatasourceSrv builds them
 * for a datasource with this uid, proxied under /api/datasources/proxy/uid/<uid>) and a query
 * request over a fixed ten-minute range.
 */
import { type DataQueryRequest, type DataSourceInstanceSettings, dateTime } from '@grafana/data';
import { DATASOURCE_PLUGIN_ID } from '@perfscope/catalog';
import type { Options, Query } from './types';

export const TEST_DATASOURCE_UID = 'ps';

export function instanceSettings(
  jsonData: Options = { url: 'http://prometheus:9090' },
  uid = TEST_DATASOURCE_UID
): DataSourceInstanceSettings<Options> {
  return {
    id: 1,
    uid,
    type: DATASOURCE_PLUGIN_ID,
    name: 'Perfscope',
    url: `/api/datasources/proxy/uid/${uid}`,
    jsonData,
    meta: {},
  } as unknown as DataSourceInstanceSettings<Options>;
}

/** A query request for these targets over 1,700,000,000 s + 10 min, at 30 s per point. */
export function queryRequest(targets: Query[]): DataQueryRequest<Query> {
  return {
    requestId: 'r1',
    targets,
    range: { from: dateTime(1_700_000_000_000), to: dateTime(1_700_000_600_000) },
    intervalMs: 30_000,
    scopedVars: {},
  } as unknown as DataQueryRequest<Query>;
}
