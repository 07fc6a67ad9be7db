/**
 * The contract between the browser host page and the Node side of the tests: everything here
 * crosses `page.evaluate`, so it is plain data (numbers, strings, arrays, objects; Infinity and NaN
 * survive Playwright's serialisation, functions and class instances do not).
 */

/** A datasource as Grafana hands it to the browser: settings without secrets. */
export interface DatasourceSettings {
  uid: string;
  /** Plugin id, e.g. `perfscope-proxy-datasource`. */
  type: string;
  name: string;
  jsonData: Record<string, unknown>;
  /** Which secrets are set (their values stay on the server). */
  secureJsonFields?: Record<string, boolean>;
  basicAuth?: boolean;
  basicAuthUser?: string;
}

/** A field of a frame, as plain data. */
export interface FieldJSON {
  name: string;
  /** `time`, `number`, `string`, `boolean`, `other`. */
  type: string;
  values: unknown[];
  config?: Record<string, unknown>;
  labels?: Record<string, string>;
}

/** A data frame, as plain data. */
export interface FrameJSON {
  name?: string;
  refId?: string;
  meta?: Record<string, unknown>;
  fields: FieldJSON[];
}

export interface TimeRangeSpec {
  /** The range ends now and starts this many seconds earlier (default 300). */
  lastSeconds?: number;
  /** Absolute range in epoch milliseconds; wins over lastSeconds. */
  fromMs?: number;
  toMs?: number;
}

export interface QuerySpec extends TimeRangeSpec {
  /** Queries as a dashboard stores them; `datasource` is filled in. */
  targets: Array<Record<string, unknown> & { refId: string }>;
  /** Default 600, as a 600 px wide panel asks for. */
  maxDataPoints?: number;
  /** Default: computed from the range and maxDataPoints as Grafana does. */
  intervalMs?: number;
  scopedVars?: Record<string, { text: string; value: unknown }>;
}

export interface RunQuerySpec extends QuerySpec {
  /** Responses to collect before unsubscribing (streams never complete). Default 1. */
  responses?: number;
  /** Reject when fewer responses arrived in this time. Default 20 000. */
  timeoutMs?: number;
}

export interface ResponseJSON {
  key?: string;
  state?: string;
  errors: Array<{ message?: string; status?: number; refId?: string }>;
  /** The frames of this response, copied when it arrived (streamed frames change in place afterwards). */
  frames: FrameJSON[];
}

export interface FieldConfigSpec {
  defaults?: Record<string, unknown>;
  overrides?: Array<{
    matcher: { id: string; options?: unknown };
    properties: Array<{ id: string; value?: unknown }>;
  }>;
}

export interface MountPanelSpec extends TimeRangeSpec {
  /** Panel plugin id, e.g. `perfscope-stream-panel`. */
  pluginId: string;
  title?: string;
  /** Outer size of the panel, chrome included (default 600 × 300). */
  width?: number;
  height?: number;
  /** Panel options; merged over the plugin's defaults. */
  options?: Record<string, unknown>;
  /** Field config; merged over the plugin's defaults like a new panel in Grafana. */
  fieldConfig?: FieldConfigSpec;
  /** Queries run through `datasourceUid`'s `query()`; every emitted response re-renders the panel. */
  targets?: QuerySpec['targets'];
  datasourceUid?: string;
  maxDataPoints?: number;
  /** Static data instead of a datasource: frames exactly as given. */
  frames?: FrameJSON[];
  transparent?: boolean;
  /** Default `browser`; `utc` for repeatable screenshots. */
  timeZone?: string;
}

export interface PanelUpdate {
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSpec;
  frames?: FrameJSON[];
}

export interface PanelInfo {
  id: number;
  pluginId: string;
  width: number;
  height: number;
  /** Loading state of the last PanelData: Loading, Streaming, Done, Error. */
  state: string;
  /** PanelData objects handed to the panel so far. */
  dataUpdates: number;
  /** Renders of the panel component (each new PanelData, size, options or field config). */
  renders: number;
  seriesCount: number;
  errors: string[];
  options: Record<string, unknown>;
  fieldConfig: FieldConfigSpec;
  /** Calls of onOptionsChange / onFieldConfigChange / onChangeTimeRange made by the panel. */
  optionsChanges: number;
  fieldConfigChanges: number;
  timeRangeChanges: Array<{ from: number; to: number }>;
}

export interface PluginInfo {
  id: string;
  type: string;
  name: string;
  /** What the module's `plugin` export is. */
  kind: 'PanelPlugin' | 'DataSourcePlugin' | 'AppPlugin';
  /** Panel plugins: the option defaults. */
  defaults?: Record<string, unknown>;
}

/** How Grafana displays each value of a number field (applyFieldOverrides + the field's display processor). */
export interface FieldDisplayJSON {
  /** Display name, as getFieldDisplayName gives it. */
  name: string;
  values: Array<{ text: string; color?: string; percent?: number }>;
}

export interface TemplateVariableSpec {
  name: string;
  /** One value, or several for a multi-value variable. */
  value: string | string[];
  text?: string | string[];
}

/** What a mounted datasource config editor has made of the settings so far. */
export interface ConfigEditorState {
  /** The DataSourceSettings of the last onOptionsChange (at first: as stored). */
  options: DatasourceSettings & {
    id: number;
    access: string;
    url: string;
    secureJsonData?: Record<string, string>;
  } & Record<string, unknown>;
  /** Calls of onOptionsChange. */
  changes: number;
}

export interface MountQueryEditorSpec extends TimeRangeSpec {
  datasourceUid: string;
  /** The query as a dashboard stores it (`datasource` is filled in). */
  query: Record<string, unknown> & { refId: string };
}

/** A mounted query row: the query the editor made, and what running it gave. */
export interface QueryEditorState {
  query: Record<string, unknown> & { refId: string };
  /** Calls of onChange and onRunQuery. */
  changes: number;
  runs: number;
  /** The last run's PanelData: NotStarted before the first run. */
  dataState: string;
  seriesCount: number;
  errors: string[];
}

/** Versions of the shared modules as the page runs them. */
export interface RuntimeVersions {
  /** `version` of the `react` / `react-dom` a plugin's AMD define receives. */
  react: string;
  reactDom: string;
  /** The React the host itself renders with (must be the same copy). */
  hostReact: string;
  hostReactDom: string;
  /** package.json versions of the bundled @grafana packages. */
  grafanaData: string;
  grafanaRuntime: string;
  grafanaUi: string;
  /** `config.buildInfo.version`: the Grafana version plugins read. */
  buildInfo: string;
}

/** `window.perfscopeHost`: what the tests drive. */
export interface HostApi {
  /** Grafana version the shared @grafana packages come from. */
  readonly grafanaVersion: string;
  runtimeVersions(): Promise<RuntimeVersions>;
  /** Shared module names the plugin loader resolves to the host's copies. */
  sharedModules(): string[];
  /** Imports `/public/plugins/<id>/module.js` with SystemJS (once) and describes its export. */
  loadPlugin(id: string): Promise<PluginInfo>;
  /** Creates `new plugin.DataSourceClass(settings)` with Grafana's proxy URL and registers it. */
  addDatasource(settings: DatasourceSettings): Promise<void>;
  /** Lists a core Tempo datasource (settings only, nothing can query it), as tracing pickers and links find it. */
  addTempoDatasource(uid: string, name: string): void;
  testDatasource(uid: string): Promise<{ status: string; message: string; details?: unknown }>;
  queryDatasource(uid: string, spec: RunQuerySpec): Promise<ResponseJSON[]>;
  /**
   * Display of every number field of `frames` under `fieldConfig` for a panel that uses the standard
   * field options: what Grafana's own panels would show (units, decimals, min/max, thresholds, colour).
   */
  displayValues(frames: FrameJSON[], fieldConfig?: FieldConfigSpec): FieldDisplayJSON[];
  /** Dashboard variables for the template service. */
  setVariables(variables: TemplateVariableSpec[]): void;
  /** Mounts a panel; resolves with its id once it has rendered for the first time. */
  mountPanel(spec: MountPanelSpec): Promise<number>;
  updatePanel(id: number, update: PanelUpdate): void;
  resizePanel(id: number, width: number, height: number): void;
  unmountPanel(id: number): void;
  panelInfo(id: number): PanelInfo;
  /**
   * Mounts an app plugin's config page (`configPages[0].body`, as Grafana's plugin page renders it,
   * with `plugin.meta` read again from `/api/plugins/<id>/settings`) in `[data-perfscope-app-config]`,
   * replacing the one mounted before; resolves after its first render (lazy parts may still load).
   */
  mountAppConfig(pluginId: string): Promise<void>;
  unmountAppConfig(): void;
  /**
   * Opens an app plugin's page `/a/<pluginId>/<path>` as Grafana's AppRootPage does (`plugin.root`
   * under the route `/a/:pluginId/*`) in `[data-perfscope-app-page]`, replacing the one before;
   * resolves after its first render (lazy pages may still load).
   */
  mountAppPage(pluginId: string, path?: string): Promise<void>;
  /** Where the app's router is now, e.g. `/a/<id>/overview` after a redirect. */
  appPageLocation(): string;
  unmountAppPage(): void;
  /**
   * Mounts the config editor of a datasource added to the host, as its settings page does, in
   * `[data-perfscope-datasource-editor]` (one datasource editor at a time).
   */
  mountDatasourceConfigEditor(uid: string): Promise<void>;
  configEditorState(): ConfigEditorState;
  /** Mounts a query row's editor for a query of a datasource added to the host (one editor at a time). */
  mountQueryEditor(spec: MountQueryEditorSpec): Promise<void>;
  queryEditorState(): QueryEditorState;
  unmountDatasourceEditor(): void;
}

declare global {
  interface Window {
    perfscopeHost?: HostApi;
  }
}
