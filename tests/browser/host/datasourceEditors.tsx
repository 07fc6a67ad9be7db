/**
 * A datasource plugin's editors, mounted as Grafana mounts them, one at a time:
 * - the config editor as the datasource settings page renders it (public/app/features/datasources/
 *   components/EditDataSource.tsx → DataSourcePluginSettings.tsx): `plugin.components.ConfigEditor`
 *   with `{ options, onOptionsChange }`, `options` being the stored DataSourceSettings (a copy: the
 *   plugin must not rely on mutating it), re-rendered with every change, inside the datasource's
 *   plugin context;
 * - the query editor as a query row renders it (public/app/features/query/components/
 *   QueryEditorRow.tsx): `datasource.components.QueryEditor` with `{ query, datasource, onChange,
 *   onRunQuery, data, range, queries, app }`; onRunQuery runs the queries through the datasource and
 *   hands the editor the resulting PanelData, as the panel editor's query runner does.
 */
import React from 'react';
import { type Root, createRoot } from 'react-dom/client';
import type { Subscription } from 'rxjs';
import { cloneDeep } from 'lodash';
import {
  CoreApp,
  type DataQuery,
  type DataSourceApi,
  DataSourcePluginContextProvider,
  type DataSourceSettings,
  type GrafanaTheme2,
  LoadingState,
  type PanelData,
  type TimeRange,
} from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import type { ConfigEditorState, MountQueryEditorSpec, QueryEditorState } from './api';
import type { HostDataSourceSrv } from './dataSourceSrv';
import { MountErrorBoundary, renderCommitted, rerender } from './mount';
import { loadDataSourcePlugin } from './plugins';
import { buildRequest, runQuery, timeRangeOf } from './query';

export class DatasourceEditorMount {
  private root?: Root;
  private config?: { options: DataSourceSettings; changes: number };
  private queryRow?: {
    datasource: DataSourceApi;
    query: DataQuery;
    range: TimeRange;
    data?: PanelData;
    changes: number;
    runs: number;
    subscription?: Subscription;
  };
  private renderNow: () => void = () => {};

  constructor(
    private readonly container: HTMLElement,
    private readonly theme: GrafanaTheme2,
    private readonly dataSourceSrv: HostDataSourceSrv
  ) {}

  private async show(uid: string, kind: string, body: () => React.ReactNode): Promise<void> {
    const instanceSettings = this.dataSourceSrv.getInstanceSettings(uid)!;
    this.container.dataset.editor = kind;
    this.container.dataset.uid = uid;
    const root = createRoot(this.container);
    this.root = root;
    const element = () => (
      <ThemeContext.Provider value={this.theme}>
        <MountErrorBoundary what={`${kind} of ${instanceSettings.type}`}>
          <DataSourcePluginContextProvider instanceSettings={instanceSettings}>
            {body()}
          </DataSourcePluginContextProvider>
        </MountErrorBoundary>
      </ThemeContext.Provider>
    );
    this.renderNow = () => rerender(root, element());
    await renderCommitted(root, element());
  }

  /** The settings page of datasource `uid`; resolves after its first commit. */
  async mountConfigEditor(uid: string): Promise<void> {
    this.unmount();
    const stored = this.dataSourceSrv.storedSettings(uid);
    const instanceSettings = this.dataSourceSrv.getInstanceSettings(uid)!;
    const plugin = await loadDataSourcePlugin(stored.type);
    const ConfigEditor = plugin.components.ConfigEditor;
    if (!ConfigEditor) {
      throw new Error(`${stored.type} has no config editor (setConfigEditor was not called).`);
    }
    // What GET /api/datasources/uid/<uid> gives the settings page.
    const options: DataSourceSettings = {
      id: instanceSettings.id ?? 0,
      uid,
      orgId: 1,
      name: stored.name,
      type: stored.type,
      typeName: plugin.meta.name,
      typeLogoUrl: plugin.meta.info.logos.small,
      access: 'proxy',
      url: '',
      user: '',
      database: '',
      basicAuth: Boolean(stored.basicAuth),
      basicAuthUser: stored.basicAuthUser ?? '',
      isDefault: false,
      jsonData: cloneDeep(stored.jsonData),
      secureJsonFields: { ...stored.secureJsonFields },
      readOnly: false,
      withCredentials: false,
      version: 1,
    };
    const config = { options, changes: 0 };
    this.config = config;
    const onOptionsChange = (next: DataSourceSettings) => {
      config.options = next;
      config.changes += 1;
      this.renderNow();
    };
    await this.show(uid, 'Config editor', () => (
      <div data-perfscope-config-editor>
        <ConfigEditor options={cloneDeep(config.options)} onOptionsChange={onOptionsChange} />
      </div>
    ));
  }

  configEditorState(): ConfigEditorState {
    if (!this.config) {
      throw new Error('No config editor is mounted.');
    }
    return JSON.parse(JSON.stringify(this.config));
  }

  /** A query row of datasource `spec.datasourceUid` editing `spec.query`; resolves after its first commit. */
  async mountQueryEditor(spec: MountQueryEditorSpec): Promise<void> {
    this.unmount();
    const datasource = await this.dataSourceSrv.get(spec.datasourceUid);
    const QueryEditor = datasource.components?.QueryEditor;
    if (!QueryEditor) {
      throw new Error(`${datasource.type} has no query editor (setQueryEditor was not called).`);
    }
    const row = {
      datasource,
      query: { ...spec.query, datasource: { type: datasource.type, uid: datasource.uid } } as DataQuery,
      range: timeRangeOf(spec),
      data: undefined as PanelData | undefined,
      changes: 0,
      runs: 0,
      subscription: undefined as Subscription | undefined,
    };
    this.queryRow = row;
    const onChange = (query: DataQuery) => {
      row.query = query;
      row.changes += 1;
      this.renderNow();
    };
    const onRunQuery = () => {
      row.runs += 1;
      row.subscription?.unsubscribe();
      const request = buildRequest(datasource, { targets: [row.query as MountQueryEditorSpec['query']] }, row.range, {
        panelId: 1,
      });
      row.subscription = runQuery(datasource, request).subscribe((data) => {
        row.data = data;
        this.renderNow();
      });
    };
    await this.show(spec.datasourceUid, 'Query editor', () => (
      <div data-perfscope-query-editor>
        <QueryEditor
          key={datasource.name}
          query={row.query}
          datasource={datasource}
          onChange={onChange}
          onRunQuery={onRunQuery}
          data={row.data}
          range={row.range}
          queries={[row.query]}
          app={CoreApp.PanelEditor}
        />
      </div>
    ));
  }

  queryEditorState(): QueryEditorState {
    const row = this.queryRow;
    if (!row) {
      throw new Error('No query editor is mounted.');
    }
    const { query, changes, runs, data } = row;
    return JSON.parse(
      JSON.stringify({
        query,
        changes,
        runs,
        dataState: data?.state ?? LoadingState.NotStarted,
        seriesCount: data?.series.length ?? 0,
        errors: (data?.errors ?? []).map((e) => e.message ?? JSON.stringify(e)),
      })
    );
  }

  unmount(): void {
    this.queryRow?.subscription?.unsubscribe();
    this.root?.unmount();
    this.root = undefined;
    this.config = undefined;
    this.queryRow = undefined;
    this.renderNow = () => {};
    delete this.container.dataset.editor;
    delete this.container.dataset.uid;
  }
}
