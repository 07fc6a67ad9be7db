/**
 * The setters Grafana's app calls at start-up to give @grafana/runtime its page frame and panel
 * renderer. They are internal: the npm package builds them (dist/esm/components/*.mjs, the modules
 * its index re-exports from) but does not export them, so the host bundle maps this name to those
 * modules of the selected runtime (hostBundle.ts).
 */
declare module 'perfscope:grafana-runtime-internal' {
  import type { ComponentType } from 'react';
  import type { PanelRendererProps, PluginPageType } from '@grafana/runtime';

  export function setPanelRenderer(renderer: ComponentType<PanelRendererProps>): void;
  export function setPluginPage(component: PluginPageType): void;
}
