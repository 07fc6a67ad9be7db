/**
 * The modules Grafana shares with plugins, from this project's own node_modules (the versions the
 * plugin is built against). The plugin loader resolves a plugin's AMD dependencies through an
 * import map to `package:<name>` entries set here, as Grafana's own sharedDependencies does.
 *
 * Every name in .config/bundler/externals.ts is covered, except `angular` (Grafana 12 no longer
 * provides it) and the legacy `grafana/app/...` paths (internals of Grafana's app).
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaDataUnstable from '@grafana/data/unstable';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaRuntimeUnstable from '@grafana/runtime/unstable';
import * as grafanaUi from '@grafana/ui';
import * as grafanaUiUnstable from '@grafana/ui/unstable';
import i18next from 'i18next';
import jquery from 'jquery';
import * as lodash from 'lodash';
// eslint-disable-next-line no-restricted-imports -- Grafana shares moment with plugins; the host must too.
import * as moment from 'moment';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as reactRouterDom from 'react-router-dom';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { untypedModules } from './untypedModules';

/** Grafana's module namespace for a package whose AMD value is its default export. */
const useDefault = (value: unknown) => ({ default: value, __useDefault: true });

/** Shared name → what a plugin's AMD `define` receives for it. */
export const sharedModules: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  emotion: emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/data/unstable': grafanaDataUnstable,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/runtime/unstable': grafanaRuntimeUnstable,
  '@grafana/ui': grafanaUi,
  '@grafana/ui/unstable': grafanaUiUnstable,
  // One i18next instance for Grafana and every plugin, as Grafana shares it.
  i18next: useDefault(i18next),
  jquery: useDefault(jquery),
  lodash: useDefault(lodash),
  moment: { ...moment, __useDefault: true },
  react,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxDevRuntime,
  'react-dom': reactDom,
  'react-redux': reactRedux,
  // Grafana exposes react-router-dom v6 (through its v5-compat package) as `react-router`.
  'react-router': reactRouterDom,
  'react-router-dom': reactRouterDom,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
  ...untypedModules,
};

interface SystemLoader {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
}

/** SystemJS, loaded by the page before this bundle (system.js + the AMD and named-register extras). */
export function systemJS(): SystemLoader {
  const loader = (window as unknown as { System?: SystemLoader }).System;
  if (!loader) {
    throw new Error('SystemJS is not loaded: the host page must load system.js before the host bundle.');
  }
  return loader;
}

/** Registers every shared module and maps its bare name to it. */
export function shareModules(): string[] {
  const loader = systemJS();
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(sharedModules)) {
    loader.set(`package:${name}`, module);
    imports[name] = `package:${name}`;
  }
  loader.addImportMap({ imports });
  return Object.keys(sharedModules).sort();
}
