/**
 * An app plugin's pages, mounted as Grafana's AppRootPage mounts them
 * (public/app/features/plugins/components/AppRootPage.tsx): under the route `/a/<pluginId>/*`, the
 * settings read again, a disabled app refused, `plugin.root` rendered with `{ meta, basename, path,
 * query, onNavChanged }` inside the plugin's context, so the app's own relative `<Routes>` pick the
 * page. Grafana's router follows locationService's browser history; the host keeps an in-memory
 * history (the page's URL stays the host's) and reports where the app navigated to. `PluginPage`
 * is Grafana's page frame (public/app/core/components/Page/PluginPage.tsx): here a plain container.
 */
import React, { useEffect } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { type GrafanaTheme2, PluginContextProvider } from '@grafana/data';
import { type PluginPageProps, locationSearchToObject } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { loadAppPlugin } from './appConfig';
import { MountErrorBoundary, renderCommitted } from './mount';

/** Stand-in for Grafana's PluginPage: the page's content with its title, when the app gives one. */
export function HostPluginPage({ children, pageNav }: PluginPageProps) {
  return (
    <div data-perfscope-plugin-page>
      {pageNav?.text && <h1>{pageNav.text}</h1>}
      {children}
    </div>
  );
}

function LocationProbe({ onLocation }: { onLocation: (path: string) => void }) {
  const location = useLocation();
  useEffect(() => onLocation(location.pathname + location.search), [location, onLocation]);
  return null;
}

export class AppPageMount {
  private root?: Root;
  /** Where the app's router is now, e.g. `/a/<id>/overview`. */
  location = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly theme: GrafanaTheme2
  ) {}

  /** Opens `/a/<pluginId>/<path>`; resolves after the first commit (lazy pages may still load). */
  async mount(pluginId: string, path = ''): Promise<void> {
    this.unmount();
    const plugin = await loadAppPlugin(pluginId);
    if (!plugin.meta.enabled) {
      throw new Error(`${pluginId}: Application Not Enabled (Grafana shows no page of a disabled app).`);
    }
    const Root = plugin.root;
    if (!Root) {
      throw new Error(`${pluginId} has no root page (setRootPage was not called).`);
    }
    const AppRoot = () => {
      const location = useLocation();
      const query = locationSearchToObject(location.search);
      return (
        <Root
          meta={plugin.meta}
          basename={location.pathname}
          path={location.pathname}
          query={query}
          onNavChanged={() => {}}
        />
      );
    };
    this.container.dataset.pluginId = pluginId;
    this.location = `/a/${pluginId}/${path}`;
    this.root = createRoot(this.container);
    await renderCommitted(
      this.root,
      <ThemeContext.Provider value={this.theme}>
        <MemoryRouter initialEntries={[this.location]}>
          <LocationProbe onLocation={this.onLocation} />
          <Routes>
            <Route
              path="/a/:pluginId/*"
              element={
                <PluginContextProvider meta={plugin.meta}>
                  <MountErrorBoundary what={`App ${pluginId}`}>
                    <AppRoot />
                  </MountErrorBoundary>
                </PluginContextProvider>
              }
            />
          </Routes>
        </MemoryRouter>
      </ThemeContext.Provider>
    );
  }

  private readonly onLocation = (location: string) => {
    this.location = location;
  };

  unmount(): void {
    this.root?.unmount();
    this.root = undefined;
    this.location = '';
    delete this.container.dataset.pluginId;
  }
}
