/**
 * An app plugin's configuration page, mounted as Grafana's plugin page mounts it: the plugin's
 * settings are read again from `/api/plugins/<id>/settings` (so the page sees what was saved),
 * set as `plugin.meta`, and `configPages[0].body` is rendered with `{ plugin, query }` inside the
 * theme the panels get, inside a router at `/plugins/<id>` as Grafana renders every page inside its
 * own (public/app/AppWrapper.tsx), so links of @grafana/ui (TextLink) work. One config page at a time.
 */
import React from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { AppPlugin, type GrafanaTheme2, type PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { MountErrorBoundary, renderCommitted } from './mount';
import { loadPlugin } from './plugins';

/** The plugin as an AppPlugin with its settings read again, as Grafana's plugin pages do on opening. */
export async function loadAppPlugin(pluginId: string): Promise<AppPlugin> {
  const { plugin } = await loadPlugin(pluginId);
  if (!(plugin instanceof AppPlugin)) {
    throw new Error(`${pluginId} is not an app plugin.`);
  }
  plugin.meta = await getBackendSrv().get<PluginMeta>(`/api/plugins/${pluginId}/settings`);
  return plugin;
}

export class AppConfigMount {
  private root?: Root;

  constructor(
    private readonly container: HTMLElement,
    private readonly theme: GrafanaTheme2
  ) {}

  /** Renders the config page of `pluginId`; resolves after its first commit. */
  async mount(pluginId: string): Promise<void> {
    this.unmount();
    const plugin = await loadAppPlugin(pluginId);
    const page = plugin.configPages?.[0];
    if (!page) {
      throw new Error(`${pluginId} has no config page (addConfigPage was not called).`);
    }
    const Body = page.body;
    this.container.dataset.pluginId = pluginId;
    this.root = createRoot(this.container);
    await renderCommitted(
      this.root,
      <ThemeContext.Provider value={this.theme}>
        <MemoryRouter initialEntries={[`/plugins/${pluginId}`]}>
          <MountErrorBoundary what={`Config page of ${pluginId}`}>
            <Body plugin={plugin} query={{}} />
          </MountErrorBoundary>
        </MemoryRouter>
      </ThemeContext.Provider>
    );
  }

  unmount(): void {
    this.root?.unmount();
    this.root = undefined;
    delete this.container.dataset.pluginId;
  }
}
