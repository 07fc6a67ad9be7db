/**
 * Builds the host bundle (host/host.tsx and the shared packages) with esbuild from the project's
 * node_modules, cached under node_modules/.cache/perfscope-host/<key>: the key hashes the lockfile,
 * every host source file and the build options, so repeated runs reuse the bundle and any change
 * of dependencies or host code rebuilds it.
 */
import { createHash } from 'crypto';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const HOST_DIR = path.join(__dirname, 'host');
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/perfscope-host');

/** The @grafana/runtime version the host shares, reported as Grafana's version. */
export const GRAFANA_VERSION: string = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'node_modules/@grafana/runtime/package.json'), 'utf8')
).version;

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
    GRAFANA_VERSION: JSON.stringify(GRAFANA_VERSION),
  },
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
  hash.update(fs.readFileSync(path.join(ROOT, 'package-lock.json')));
  for (const file of fs
    .readdirSync(HOST_DIR)
    .filter((f) => !f.includes('.test.'))
    .sort()) {
    hash.update(file).update(fs.readFileSync(path.join(HOST_DIR, file)));
  }
  hash.update(JSON.stringify({ ...options, esbuild: esbuild.version }));
  return hash.digest('hex').slice(0, 16);
}

export interface HostBundle {
  /** Directory holding host.js, host.css (when a dependency imports CSS) and assets/. */
  dir: string;
  /** True when the bundle came from the cache. */
  cached: boolean;
  buildMs: number;
}

/** The host bundle, built now or taken from the cache. */
export async function buildHostBundle(): Promise<HostBundle> {
  const started = Date.now();
  const dir = path.join(CACHE_DIR, cacheKey());
  if (fs.existsSync(path.join(dir, 'host.js'))) {
    return { dir, cached: true, buildMs: Date.now() - started };
  }
  // Build beside the final directory and rename it, so a concurrent run never reads half a bundle.
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    await esbuild.build({ ...options, outdir: partial, entryNames: 'host' });
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
  return { dir, cached: false, buildMs: Date.now() - started };
}
