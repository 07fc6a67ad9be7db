/**
 * Builds the host bundle (host/host.tsx and the shared packages) with esbuild from the selected
 * Grafana runtime's node_modules (runtime.ts: the project's own for Grafana 12, tests/browser/grafana13
 * for Grafana 13), cached under node_modules/.cache/perfscope-host/grafana<N>/<key>: the key hashes
 * the runtime and its lockfile, every host source file and the build options, so repeated runs reuse
 * the bundle and any change of dependencies or host code rebuilds it. Every package in the bundle
 * must come from the runtime's node_modules: a copy from elsewhere fails the build.
 */
import { createHash } from 'crypto';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { type GrafanaRuntime, grafanaRuntime } from './runtime';

export const ROOT = path.resolve(__dirname, '../..');
export const HOST_DIR = path.join(__dirname, 'host');

/** The shared modules this run hands the plugin (PERFSCOPE_GRAFANA). */
export const RUNTIME: GrafanaRuntime = grafanaRuntime();
const CACHE_DIR = path.join(ROOT, `node_modules/.cache/perfscope-host/grafana${RUNTIME.name}`);

/** The @grafana/runtime version the host shares, reported as Grafana's version. */
export const GRAFANA_VERSION = RUNTIME.grafanaVersion;

/**
 * The host's own imports resolve from the runtime's folder, as if the host sat in it; the packages'
 * imports of each other resolve from where they are (inside the runtime's node_modules).
 */
const INTERNAL = 'perfscope:grafana-runtime-internal';

const fromRuntime: esbuild.Plugin = {
  name: 'perfscope-runtime',
  setup(build) {
    // @grafana/runtime's internal setters (host/runtimeInternal.d.ts), from the modules its index re-exports.
    build.onResolve({ filter: /^perfscope:grafana-runtime-internal$/ }, () => ({
      path: INTERNAL,
      namespace: 'perfscope',
    }));
    build.onLoad({ filter: /.*/, namespace: 'perfscope' }, () => {
      const components = path.join(RUNTIME.nodeModules, '@grafana/runtime/dist/esm/components');
      return {
        contents: [
          `export { setPanelRenderer } from ${JSON.stringify(path.join(components, 'PanelRenderer.mjs'))};`,
          `export { setPluginPage } from ${JSON.stringify(path.join(components, 'PluginPage.mjs'))};`,
        ].join('\n'),
        loader: 'js',
        resolveDir: components,
      };
    });
    // One react-router (v6) for the host and @grafana/ui, as Grafana's own build has: @grafana/ui's
    // links (through react-router-dom-v5-compat) then see the router the host renders pages in,
    // whatever copy npm nested under @grafana/ui.
    build.onResolve({ filter: /^react-router$/ }, async (args) => {
      if (
        args.pluginData === fromRuntime ||
        !args.importer.includes(`${path.sep}react-router-dom-v5-compat${path.sep}`)
      ) {
        return undefined;
      }
      const result = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: RUNTIME.dir,
        pluginData: fromRuntime,
      });
      return result.errors.length > 0
        ? { errors: result.errors }
        : { path: result.path, sideEffects: result.sideEffects };
    });
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === fromRuntime || !args.importer.startsWith(HOST_DIR + path.sep)) {
        return undefined;
      }
      const result = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: RUNTIME.dir,
        importer: args.importer,
        pluginData: fromRuntime,
      });
      if (result.errors.length > 0) {
        return { errors: result.errors };
      }
      const { path: resolved, namespace, external, sideEffects, suffix } = result;
      return { path: resolved, namespace, external, sideEffects, suffix };
    });
  },
};

/**
 * Inputs of the bundle that are neither host sources nor the runtime's packages: a package the
 * runtime lacks that Node's resolution found further up (e.g. the project's React 18 in a Grafana 13
 * bundle).
 */
export function foreignInputs(inputs: string[], runtime = RUNTIME): string[] {
  const allowed = [HOST_DIR, runtime.nodeModules].map((dir) => dir + path.sep);
  return inputs.filter((input) => {
    // esbuild's stand-ins for browser-disabled Node modules, e.g. `(disabled):fs`, and the host's own virtual modules.
    if (/^(\(disabled\)|perfscope):/.test(input)) {
      return false;
    }
    const full = path.resolve(ROOT, input);
    return !allowed.some((dir) => full.startsWith(dir));
  });
}

/** The package folders (relative to ROOT) that bundle inputs come from, e.g. `node_modules/@grafana/ui`. */
export function packagesOf(inputs: string[]): string[] {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
    if (match) {
      packages.add(match[1]);
    }
  }
  return Array.from(packages).sort();
}

const options: esbuild.BuildOptions = {
  entryPoints: [path.join(HOST_DIR, 'host.tsx')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  // Grafana runs the production builds of React and friends.
  define: {
    'process.env.NODE_ENV': '"production"',
    // Bundled UMD libraries must not register with SystemJS's AMD `define`.
    define: 'undefined',
    global: 'globalThis',
  },
  plugins: [fromRuntime],
  metafile: true,
  // Monaco (reached through @grafana/ui) imports its CSS and icon font: they go beside host.js.
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  assetNames: 'assets/[name]-[hash]',
  publicPath: '/host/',
  // Whitespace and syntax only: readable names keep stack traces useful.
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

function cacheKey(): string {
  const hash = createHash('sha256');
  hash.update(`grafana${RUNTIME.name}`).update(fs.readFileSync(RUNTIME.lockfile));
  // How the bundle is built and checked is part of it too.
  for (const file of [__filename, path.join(__dirname, 'runtime.ts')]) {
    hash.update(fs.readFileSync(file));
  }
  for (const file of fs
    .readdirSync(HOST_DIR)
    .filter((f) => !f.includes('.test.'))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(HOST_DIR, file)));
  }
  hash.update(JSON.stringify({ ...options, plugins: options.plugins?.map((p) => p.name), esbuild: esbuild.version }));
  return hash.digest('hex').slice(0, 16);
}

export interface HostBundle {
  runtime: GrafanaRuntime;
  /** Directory holding host.js, host.css (when a dependency imports CSS), assets/ and packages.json (packagesOf). */
  dir: string;
  /** True when the bundle came from the cache. */
  cached: boolean;
  buildMs: number;
}

/** The host bundle, built now or taken from the cache. */
export async function buildHostBundle(): Promise<HostBundle> {
  const started = Date.now();
  const dir = path.join(CACHE_DIR, cacheKey());
  if (fs.existsSync(path.join(dir, 'host.js')) && fs.existsSync(path.join(dir, 'packages.json'))) {
    return { runtime: RUNTIME, dir, cached: true, buildMs: Date.now() - started };
  }
  // Build beside the final directory and rename it, so a concurrent run never reads half a bundle.
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    const { metafile } = await esbuild.build({ ...options, outdir: partial, entryNames: 'host' });
    const inputs = Object.keys(metafile!.inputs);
    const foreign = foreignInputs(inputs);
    if (foreign.length > 0) {
      throw new Error(
        `The Grafana ${RUNTIME.name} host bundle took files from outside ${path.relative(ROOT, RUNTIME.nodeModules)}:\n${foreign.slice(0, 20).join('\n')}`
      );
    }
    // What went into the bundle, for the tests (and anyone wondering which copy of a package ran).
    fs.writeFileSync(path.join(partial, 'packages.json'), `${JSON.stringify(packagesOf(inputs), null, 1)}\n`);
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    const messages = (error as { errors?: esbuild.Message[] }).errors;
    const text = messages?.length
      ? (await esbuild.formatMessages(messages, { kind: 'error' })).join('\n')
      : String(error);
    throw new Error(`Building the browser host bundle failed:\n${text}`);
  }
  try {
    fs.renameSync(partial, dir);
  } catch {
    // Another run finished the same bundle first.
    fs.rmSync(partial, { recursive: true, force: true });
  }
  // Keep only this bundle: older keys are dead weight.
  for (const other of fs.readdirSync(CACHE_DIR)) {
    if (other !== path.basename(dir) && !other.includes('.partial-')) {
      fs.rmSync(path.join(CACHE_DIR, other), { recursive: true, force: true });
    }
  }
  return { runtime: RUNTIME, dir, cached: false, buildMs: Date.now() - started };
}
