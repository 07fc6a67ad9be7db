/**
 * Entry of the browser host: what Grafana's app does before it loads a plugin, then
 * `window.perfscopeHost` for the tests (see api.ts). The page has already set
 * `window.grafanaBootData` and loaded SystemJS; this bundle is built by esbuild from the selected
 * Grafana runtime's node_modules (tests/browser/runtime.ts): Grafana 12.4's, the versions the plugin
 * is built against, or Grafana 13's (React 19).
 */
import React, { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { from, lastValueFrom, map, take, throwError, timeout, toArray } from 'rxjs';
import {
  FieldType,
  PanelPlugin,
  applyFieldOverrides,
  formattedValueToString,
  getFieldDisplayName,
} from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { config, setBackendSrv, setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
// The package files of the copies bundled here (the runtime's, see runtime.ts): what the page really runs.
import grafanaDataPackage from '@grafana/data/package.json';
import grafanaRuntimePackage from '@grafana/runtime/package.json';
import grafanaUiPackage from '@grafana/ui/package.json';
import { setPanelRenderer, setPluginPage } from 'perfscope:grafana-runtime-internal';
import type { HostApi, PluginInfo } from './api';
import { AppConfigMount } from './appConfig';
import { AppPageMount, HostPluginPage } from './appPage';
import { HostBackendSrv } from './backendSrv';
import { HostDataSourceSrv } from './dataSourceSrv';
import { DatasourceEditorMount } from './datasourceEditors';
import { PanelController, fieldConfigWithDefaults } from './panel';
import { HostPanelRenderer } from './panelRenderer';
import { loadPanelPlugin, loadPlugin } from './plugins';
import { buildRequest, framesFromJSON, responseToJSON, timeRangeOf } from './query';
import { registerStandardEditors } from './registries';
import { shareModules, systemJS } from './shared';
import { HostTemplateSrv } from './templateSrv';

async function boot(): Promise<HostApi> {
  // What Grafana's app sets for app pages, its page frame and its panel renderer, before any plugin
  // loads (SystemJS copies a shared module's exports when it is registered).
  setPluginPage(HostPluginPage);
  setPanelRenderer(HostPanelRenderer);
  const shared = shareModules();
  registerStandardEditors();
  const backendSrv = new HostBackendSrv();
  const dataSourceSrv = new HostDataSourceSrv();
  const templateSrv = new HostTemplateSrv();
  setBackendSrv(backendSrv);
  setDataSourceSrv(dataSourceSrv);
  setTemplateSrv(templateSrv);
  // Grafana's own strings (used by @grafana/ui) resolve in the shared i18next instance, in English.
  await initPluginTranslations('grafana');

  const theme = config.theme2;
  document.body.classList.add(theme.isDark ? 'theme-dark' : 'theme-light');
  createRoot(document.getElementById('global-styles')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
    </ThemeContext.Provider>
  );
  const panelsArea = document.getElementById('panels')!;
  const appConfig = new AppConfigMount(document.getElementById('app-config')!, theme);
  const appPage = new AppPageMount(document.getElementById('app-page')!, theme);
  const datasourceEditor = new DatasourceEditorMount(
    document.getElementById('datasource-editor')!,
    theme,
    dataSourceSrv
  );
  const panels = new Map<number, PanelController>();
  let nextPanelId = 1;
  const panel = (id: number) => {
    const controller = panels.get(id);
    if (!controller) {
      throw new Error(`No mounted panel has id ${id}.`);
    }
    return controller;
  };

  return {
    grafanaVersion: grafanaRuntimePackage.version,
    sharedModules: () => shared,

    async runtimeVersions() {
      // React as a plugin's `define(["react", …])` receives it, through the import map.
      const [react, reactDom] = await Promise.all([systemJS().import('react'), systemJS().import('react-dom')]);
      return {
        react: String(react.version),
        reactDom: String(reactDom.version),
        hostReact: reactVersion,
        hostReactDom: reactDomVersion,
        grafanaData: grafanaDataPackage.version,
        grafanaRuntime: grafanaRuntimePackage.version,
        grafanaUi: grafanaUiPackage.version,
        buildInfo: config.buildInfo.version,
      };
    },

    async loadPlugin(id) {
      const { meta, kind } = await loadPlugin(id);
      const info: PluginInfo = { id: meta.id, type: meta.type, name: meta.name, kind };
      if (kind === 'PanelPlugin') {
        info.defaults = JSON.parse(JSON.stringify((await loadPanelPlugin(id)).defaults ?? {}));
      }
      return info;
    },

    async addDatasource(settings) {
      await dataSourceSrv.add(settings);
    },

    addTempoDatasource(uid, name) {
      dataSourceSrv.addTempo(uid, name);
    },

    async testDatasource(uid) {
      const ds = await dataSourceSrv.get(uid);
      const result = await ds.testDatasource();
      return JSON.parse(JSON.stringify(result));
    },

    async queryDatasource(uid, spec) {
      const ds = await dataSourceSrv.get(uid);
      const request = buildRequest(ds, spec, timeRangeOf(spec));
      const wanted = spec.responses ?? 1;
      const timeoutMs = spec.timeoutMs ?? 20_000;
      // Each response is copied as it arrives: streamed frames change in place afterwards.
      return lastValueFrom(
        from(ds.query(request)).pipe(
          timeout({
            each: timeoutMs,
            with: () => throwError(() => new Error(`${uid}: fewer than ${wanted} response(s) within ${timeoutMs} ms`)),
          }),
          map(responseToJSON),
          take(wanted),
          toArray()
        )
      );
    },

    displayValues(frames, fieldConfig) {
      const plugin = new PanelPlugin(() => null).useFieldConfig();
      const series = applyFieldOverrides({
        data: framesFromJSON(frames),
        fieldConfig: fieldConfigWithDefaults(plugin, fieldConfig),
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables: (value) => templateSrv.replace(value),
        theme,
        timeZone: 'utc',
      });
      return series.flatMap((frame) =>
        frame.fields
          .filter((field) => field.type === FieldType.number)
          .map((field) => ({
            name: getFieldDisplayName(field, frame, series),
            values: Array.from(field.values, (value) => {
              const display = field.display!(value);
              return { text: formattedValueToString(display), color: display.color, percent: display.percent };
            }),
          }))
      );
    },

    setVariables(variables) {
      templateSrv.setVariables(variables);
    },

    async mountPanel(spec) {
      const plugin = await loadPanelPlugin(spec.pluginId);
      const id = nextPanelId++;
      const controller = new PanelController(id, spec, plugin, theme, panelsArea);
      panels.set(id, controller);
      await controller.mount();
      return id;
    },

    updatePanel(id, update) {
      panel(id).apply(update);
    },

    resizePanel(id, width, height) {
      panel(id).resize(width, height);
    },

    unmountPanel(id) {
      panel(id).unmount();
      panels.delete(id);
    },

    panelInfo(id) {
      return panel(id).info();
    },

    async mountAppConfig(pluginId) {
      await appConfig.mount(pluginId);
    },

    unmountAppConfig() {
      appConfig.unmount();
    },

    async mountAppPage(pluginId, path) {
      await appPage.mount(pluginId, path);
    },

    appPageLocation() {
      return appPage.location;
    },

    unmountAppPage() {
      appPage.unmount();
    },

    async mountDatasourceConfigEditor(uid) {
      await datasourceEditor.mountConfigEditor(uid);
    },

    configEditorState() {
      return datasourceEditor.configEditorState();
    },

    async mountQueryEditor(spec) {
      await datasourceEditor.mountQueryEditor(spec);
    },

    queryEditorState() {
      return datasourceEditor.queryEditorState();
    },

    unmountDatasourceEditor() {
      datasourceEditor.unmount();
    },
  };
}

boot().then(
  (api) => {
    window.perfscopeHost = api;
    document.body.dataset.hostReady = 'true';
  },
  (error: unknown) => {
    console.error('The Perfscope browser host failed to start:', error);
    document.body.dataset.hostReady = 'failed';
  }
);
