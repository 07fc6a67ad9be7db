/**
 * Datasource service: instances created from the built plugins' DataSourceClass with Grafana's
 * instance settings (the `url` is Grafana's data-source proxy for the uid), found by uid, name or
 * DataSourceRef, listed with Grafana's filters. It also lists Grafana's core Prometheus datasource
 * with uid `perfscope-prometheus` (the one Perfscope's alert rules query, as provisioned in the
 * docker stack): settings only, for pickers; nothing here can query it.
 */
import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceJsonData,
  type DataSourcePluginMeta,
  type DataSourceRef,
  PluginSignatureStatus,
  PluginType,
  type ScopedVars,
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

/** Where Grafana serves a core datasource plugin's files (the host's server has stand-in logos). */
const coreBase = (id: string) => `public/app/plugins/datasource/${id}`;

/** Meta of Grafana's core Prometheus datasource plugin, as the datasource list carries it. */
export const PROMETHEUS_META = {
  id: 'prometheus',
  type: PluginType.datasource,
  name: 'Prometheus',
  module: 'core:plugin/prometheus',
  baseUrl: coreBase('prometheus'),
  info: {
    author: { name: 'Grafana Labs', url: 'https://grafana.com' },
    description: 'Open source time series database & alerting',
    links: [],
    logos: {
      small: `${coreBase('prometheus')}/img/prometheus_logo.svg`,
      large: `${coreBase('prometheus')}/img/prometheus_logo.svg`,
    },
    screenshots: [],
    updated: '',
    version: '',
  },
  metrics: true,
  alerting: true,
  annotations: true,
  backend: true,
  signature: PluginSignatureStatus.internal,
} as DataSourcePluginMeta;

/** The core Prometheus datasource of the docker stack (provisioning/datasources). */
export const ALERTING_PROMETHEUS: DataSourceInstanceSettings<DataSourceJsonData> = {
  id: 1000,
  uid: 'perfscope-prometheus',
  type: 'prometheus',
  name: 'Prometheus',
  meta: PROMETHEUS_META,
  url: '/api/datasources/proxy/uid/perfscope-prometheus',
  access: 'proxy',
  readOnly: true,
  isDefault: false,
  jsonData: { timeInterval: '5s', httpMethod: 'POST' } as DataSourceJsonData,
};

/**
 * Meta of Grafana's core Tempo datasource plugin (public/app/plugins/datasource/tempo/plugin.json):
 * a tracing datasource, as `tracing: true` tells pickers.
 */
export const TEMPO_META = {
  id: 'tempo',
  type: PluginType.datasource,
  name: 'Tempo',
  module: 'core:plugin/tempo',
  baseUrl: coreBase('tempo'),
  info: {
    author: { name: 'Grafana Labs', url: 'https://grafana.com' },
    description: 'High volume, minimal dependency trace storage. OSS tracing solution from Grafana Labs.',
    links: [],
    logos: { small: `${coreBase('tempo')}/img/tempo_logo.svg`, large: `${coreBase('tempo')}/img/tempo_logo.svg` },
    screenshots: [],
    updated: '',
    version: '',
  },
  metrics: true,
  tracing: true,
  backend: true,
  signature: PluginSignatureStatus.internal,
} as DataSourcePluginMeta;

/** A Tempo datasource as Grafana's datasource list carries it (settings only: the host cannot query it). */
export function tempoSettings(uid: string, name: string, id: number): DataSourceInstanceSettings<DataSourceJsonData> {
  return {
    id,
    uid,
    type: 'tempo',
    name,
    meta: TEMPO_META,
    url: `/api/datasources/proxy/uid/${uid}`,
    access: 'proxy',
    readOnly: false,
    isDefault: false,
    jsonData: {},
  } as DataSourceInstanceSettings<DataSourceJsonData>;
}

export class HostDataSourceSrv implements DataSourceSrv {
  private readonly settings = new Map<string, DataSourceInstanceSettings>();
  private readonly instances = new Map<string, DataSourceApi>();
  /** What each added datasource was created from: its stored settings, as Grafana's API returns them. */
  private readonly stored = new Map<string, DatasourceSettings>();
  private nextId = 1;

  constructor() {
    this.addSettings(ALERTING_PROMETHEUS);
  }

  /** Lists a Tempo datasource (settings only), for tracing pickers and exemplar links. */
  addTempo(uid: string, name: string): void {
    this.addSettings(tempoSettings(uid, name, this.nextId++));
  }

  /** Lists a datasource without an instance (a core datasource the host cannot run). */
  addSettings(settings: DataSourceInstanceSettings): void {
    this.settings.set(settings.uid, settings);
    config.datasources[settings.name] = settings;
  }

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
    this.stored.set(spec.uid, spec);
    config.datasources[spec.name] = settings;
    return instance;
  }

  /** The stored settings of a datasource added with add(). */
  storedSettings(uid: string): DatasourceSettings {
    const spec = this.stored.get(uid);
    if (!spec) {
      throw new Error(`No datasource with uid ${uid} was added to the host.`);
    }
    return spec;
  }

  /** Grafana's default datasource: the one marked default, else the first the host can run. */
  private defaultUid(): string | undefined {
    const all = Array.from(this.settings.values());
    return (all.find((s) => s.isDefault) ?? all.find((s) => this.instances.has(s.uid)))?.uid;
  }

  private uidOf(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): string | undefined {
    const key = typeof ref === 'string' ? getTemplateSrv().replace(ref, scopedVars) : ref?.uid;
    if (!key) {
      return this.defaultUid();
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
      const listed = uid && this.settings.has(uid);
      throw new Error(
        listed
          ? `Datasource ${uid} is listed for pickers only: the browser host cannot query a core ${this.settings.get(uid)!.type} datasource`
          : `Datasource ${JSON.stringify(ref)} was not found`
      );
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
        // Grafana's DatasourceSrv.getList (public/app/features/plugins/datasource_srv.ts) keeps only
        // tracing datasources when asked for them, as the tracing pickers do.
        (!filters.tracing || s.meta.tracing) &&
        (!filters.filter || filters.filter(s))
    );
  }

  reload(): void {}

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    this.settings.set(dataSource.uid, dataSource.instanceSettings);
    this.instances.set(dataSource.uid, dataSource);
  }
}
