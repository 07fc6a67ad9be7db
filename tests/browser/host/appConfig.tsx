/**
 * An app plugin's configuration page, mounted as Grafana's plugin page mounts it: the plugin's
 * settings are read again from `/api/plugins/<id>/settings` (so the page sees what was saved),
 * set as `plugin.meta`, and `configPages[0].body` is rendered with `{ plugin, query }` inside the
 * theme the panels get. One config page at a time.
 */
import React, { Component, type ErrorInfo, type ReactNode, useLayoutEffect } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { AppPlugin, type GrafanaTheme2, type PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { loadPlugin } from './plugins';

class ConfigErrorBoundary extends Component<{ pluginId: string; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`Config page of ${this.props.pluginId}: ${error.message}\n${info.componentStack ?? ''}`);
  }

  render() {
    return this.state.error ? (
      <div role="alert">Config page error: {this.state.error.message}</div>
    ) : (
      this.props.children
    );
  }
}

function Committed({ onCommit, children }: { onCommit: () => void; children: ReactNode }) {
  useLayoutEffect(onCommit, [onCommit]);
  return <>{children}</>;
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
    const { plugin } = await loadPlugin(pluginId);
    if (!(plugin instanceof AppPlugin)) {
      throw new Error(`${pluginId} is not an app plugin.`);
    }
    const page = plugin.configPages?.[0];
    if (!page) {
      throw new Error(`${pluginId} has no config page (addConfigPage was not called).`);
    }
    // Grafana reads the settings each time the plugin page opens.
    plugin.meta = await getBackendSrv().get<PluginMeta>(`/api/plugins/${pluginId}/settings`);
    const Body = page.body;
    this.container.dataset.pluginId = pluginId;
    this.root = createRoot(this.container);
    await new Promise<void>((resolve) =>
      this.root!.render(
        <ThemeContext.Provider value={this.theme}>
          <ConfigErrorBoundary pluginId={pluginId}>
            <Committed onCommit={resolve}>
              <Body plugin={plugin} query={{}} />
            </Committed>
          </ConfigErrorBoundary>
        </ThemeContext.Provider>
      )
    );
  }

  unmount(): void {
    this.root?.unmount();
    this.root = undefined;
    delete this.container.dataset.pluginId;
  }
}
