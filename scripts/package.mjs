#!/usr/bin/env node
/**
 * `npm run package`: builds the plugin in production mode and writes the release archive
 * release/perfscope-monitoring-app-<version>.zip (one root folder named after the plugin id, holding
 * dist/), with .sha256 and .md5 files beside it.
 * Options: --no-build (zip the existing dist/), --out <dir> (default release/).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = path.resolve(root, outIndex >= 0 ? args[outIndex + 1] : 'release');
const log = (line) => process.stdout.write(`${line}\n`);

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const pluginId = JSON.parse(fs.readFileSync(path.join(root, 'src/plugin.json'), 'utf8')).id;
const dist = path.join(root, 'dist');

if (!args.includes('--no-build')) {
  log('Building the plugin (production)…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
if (!fs.existsSync(path.join(dist, 'module.js'))) {
  process.stderr.write('dist/module.js is missing: run npm run build (or npm run package without --no-build).\n');
  process.exit(1);
}

/** Every file under dir, as paths relative to it, sorted (a stable archive). */
function walk(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? walk(path.join(dir, entry.name), rel) : [rel];
    });
}

const files = walk(dist);
const unreplaced = files.filter(
  (f) => f.endsWith('plugin.json') && /%(VERSION|TODAY)%/.test(fs.readFileSync(path.join(dist, f), 'utf8'))
);
if (unreplaced.length) {
  process.stderr.write(
    `These plugin.json files still hold %VERSION%/%TODAY%: ${unreplaced.join(', ')}. Build with npm run build.\n`
  );
  process.exit(1);
}
// A fixed date keeps the archive byte-for-byte repeatable for the same dist/.
const mtime = new Date('2000-01-01T00:00:00Z');
const entries = Object.fromEntries(
  files.map((f) => [`${pluginId}/${f}`, [new Uint8Array(fs.readFileSync(path.join(dist, f))), { mtime }]])
);
const zip = zipSync(entries, { level: 9 });

fs.mkdirSync(outDir, { recursive: true });
const name = `${pluginId}-${version}.zip`;
const target = path.join(outDir, name);
fs.writeFileSync(target, zip);
for (const algorithm of ['sha256', 'md5']) {
  const digest = createHash(algorithm).update(zip).digest('hex');
  fs.writeFileSync(`${target}.${algorithm}`, `${digest}  ${name}\n`);
}
log(
  `Wrote ${path.relative(root, target)} (${files.length} files, ${(zip.length / 1024).toFixed(0)} KiB) with .sha256 and .md5.`
);
