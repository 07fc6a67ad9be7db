/**
 * Plugin loading as Grafana does it: the meta from `/api/plugins/<id>/settings`, the module from
 * `/public/plugins/<id>/module.js` through SystemJS (its AMD dependencies resolve to the shared
 * modules), then a check that the `plugin` export is an instance of @grafana/data's own classes —
 * which only holds when the plugin got the host's copy of @grafana/data.
 */
import {
  AppPlugin,
  type DataSourceApi,
  DataSourcePlugin,
  type DataSourcePluginMeta,
  PanelPlugin,
  type PluginMeta,
} from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import type { PluginInfo } from './api';
import { systemJS } from './shared';

/** Any datasource plugin: the host only constructs and calls it. */
export type AnyDataSourcePlugin = DataSourcePlugin<DataSourceApi>;

export interface LoadedPlugin {
  meta: PluginMeta;
  plugin: PanelPlugin | AnyDataSourcePlugin | AppPlugin;
  kind: PluginInfo['kind'];
}

const loaded = new Map<string, Promise<LoadedPlugin>>();

async function load(id: string): Promise<LoadedPlugin> {
  const meta = await getBackendSrv().get<PluginMeta>(`/api/plugins/${id}/settings`);
  const exports = await systemJS().import(`/public/plugins/${id}/module.js`);
  const plugin = exports.plugin;
  let kind: PluginInfo['kind'];
  if (plugin instanceof PanelPlugin) {
    kind = 'PanelPlugin';
  } else if (plugin instanceof DataSourcePlugin) {
    kind = 'DataSourcePlugin';
  } else if (plugin instanceof AppPlugin) {
    kind = 'AppPlugin';
    plugin.init(meta);
  } else {
    throw new Error(
      `${id}/module.js does not export a PanelPlugin, DataSourcePlugin or AppPlugin from the shared @grafana/data as \`plugin\` (exports: ${Object.keys(exports).join(', ')}).`
    );
  }
  plugin.meta = meta as PluginMeta & DataSourcePluginMeta;
  return { meta, plugin, kind };
}

/** Loads a plugin once; later calls share the result. */
export function loadPlugin(id: string): Promise<LoadedPlugin> {
  let promise = loaded.get(id);
  if (!promise) {
    promise = load(id);
    loaded.set(id, promise);
    promise.catch(() => loaded.delete(id));
  }
  return promise;
}

export async function loadPanelPlugin(id: string): Promise<PanelPlugin> {
  const { plugin } = await loadPlugin(id);
  if (!(plugin instanceof PanelPlugin)) {
    throw new Error(`${id} is not a panel plugin.`);
  }
  return plugin;
}

export async function loadDataSourcePlugin(id: string): Promise<AnyDataSourcePlugin> {
  const { plugin } = await loadPlugin(id);
  if (!(plugin instanceof DataSourcePlugin)) {
    throw new Error(`${id} is not a datasource plugin.`);
  }
  return plugin;
}
