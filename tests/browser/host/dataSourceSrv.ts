/**
 * Datasource service: instances created from the built plugins' DataSourceClass with Grafana's
 * instance settings (the `url` is Grafana's data-source proxy for the uid), found by uid, name or
 * DataSourceRef, listed with Grafana's filters.
 */
import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourceJsonData,
  DataSourceRef,
  ScopedVars,
} from '@grafana/data';
import {
  type DataSourceSrv,
  type GetDataSourceListFilters,
  type RuntimeDataSourceRegistration,
  config,
  getTemplateSrv,
} from '@grafana/runtime';
import type { DatasourceSettings } from './api';
import { loadDataSourcePlugin } from './plugins';

export class HostDataSourceSrv implements DataSourceSrv {
  private readonly settings = new Map<string, DataSourceInstanceSettings>();
  private readonly instances = new Map<string, DataSourceApi>();
  private nextId = 1;

  /** Creates the datasource as Grafana would from its stored settings, and registers it. */
  async add(spec: DatasourceSettings): Promise<DataSourceApi> {
    const plugin = await loadDataSourcePlugin(spec.type);
    const settings: DataSourceInstanceSettings<DataSourceJsonData> = {
      id: this.nextId++,
      uid: spec.uid,
      type: spec.type,
      name: spec.name,
      meta: plugin.meta,
      url: `/api/datasources/proxy/uid/${spec.uid}`,
      access: 'proxy',
      readOnly: false,
      jsonData: spec.jsonData as DataSourceJsonData,
      secureJsonFields: spec.secureJsonFields ?? {},
      basicAuth: spec.basicAuth ? 'set' : undefined,
      withCredentials: false,
    } as DataSourceInstanceSettings<DataSourceJsonData>;
    const instance = new plugin.DataSourceClass(settings);
    instance.components = plugin.components;
    instance.meta = plugin.meta;
    this.settings.set(spec.uid, settings);
    this.instances.set(spec.uid, instance);
    config.datasources[spec.name] = settings;
    return instance;
  }

  private uidOf(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): string | undefined {
    const key = typeof ref === 'string' ? getTemplateSrv().replace(ref, scopedVars) : ref?.uid;
    if (!key) {
      return this.settings.keys().next().value;
    }
    if (this.settings.has(key)) {
      return key;
    }
    return Array.from(this.settings.values()).find((s) => s.name === key)?.uid;
  }

  async get(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const uid = this.uidOf(ref, scopedVars);
    const instance = uid ? this.instances.get(uid) : undefined;
    if (!instance) {
      throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    }
    return instance;
  }

  getInstanceSettings(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars) {
    const uid = this.uidOf(ref, scopedVars);
    return uid ? this.settings.get(uid) : undefined;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type === undefined ? undefined : ([] as string[]).concat(filters.type);
    return Array.from(this.settings.values()).filter(
      (s) =>
        (!filters.pluginId || s.meta.id === filters.pluginId) &&
        (!types || types.includes(s.type)) &&
        (!filters.metrics || s.meta.metrics) &&
        (!filters.filter || filters.filter(s))
    );
  }

  reload(): void {}

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    this.settings.set(dataSource.uid, dataSource.instanceSettings);
    this.instances.set(dataSource.uid, dataSource);
  }
}
