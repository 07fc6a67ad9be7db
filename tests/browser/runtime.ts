/**
 * Which Grafana's shared modules the browser host hands the built plugin: `PERFSCOPE_GRAFANA=12`
 * (the default) uses the project's own node_modules, the versions the plugin is built against;
 * `PERFSCOPE_GRAFANA=13` uses tests/browser/grafana13 (React 19 and @grafana/* 13, installed with
 * `npm ci --prefix tests/browser/grafana13`). The plugin itself is the same dist/ on both, as a
 * released plugin is.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

export interface GrafanaRuntime {
  /** `12` or `13`: the value of PERFSCOPE_GRAFANA. */
  name: string;
  /** The folder whose package.json and node_modules/ hold the shared modules. */
  dir: string;
  nodeModules: string;
  /** Its lockfile: part of the host bundle's cache key. */
  lockfile: string;
  /** The @grafana/runtime version it holds, reported as Grafana's version. */
  grafanaVersion: string;
  reactVersion: string;
}

const RUNTIME_DIRS: Record<string, string> = {
  '12': ROOT,
  '13': path.join(__dirname, 'grafana13'),
};

function versionOf(nodeModules: string, pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(nodeModules, pkg, 'package.json'), 'utf8')).version;
}

/** The runtime `name` names (default: PERFSCOPE_GRAFANA, else 12); throws saying how to install a missing one. */
export function grafanaRuntime(name = process.env.PERFSCOPE_GRAFANA || '12'): GrafanaRuntime {
  const dir = RUNTIME_DIRS[name];
  if (!dir) {
    throw new Error(
      `PERFSCOPE_GRAFANA=${name} is not a runtime of the browser host: use ${Object.keys(RUNTIME_DIRS).join(' or ')}.`
    );
  }
  const nodeModules = path.join(dir, 'node_modules');
  if (!fs.existsSync(path.join(nodeModules, '@grafana/runtime/package.json'))) {
    const install = dir === ROOT ? 'npm ci' : `npm ci --prefix ${path.relative(ROOT, dir)}`;
    throw new Error(`The Grafana ${name} modules of the browser host are not installed: run ${install}.`);
  }
  return {
    name,
    dir,
    nodeModules,
    lockfile: path.join(dir, 'package-lock.json'),
    grafanaVersion: versionOf(nodeModules, '@grafana/runtime'),
    reactVersion: versionOf(nodeModules, 'react'),
  };
}
