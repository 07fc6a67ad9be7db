/**
 * Dependency hygiene: `npm ci` on the Node version of .nvmrc installs without engine or
 * install-script warnings, and linting loads no deprecated plugin.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import { ROOT } from './shared';

type LockEntry = { version?: string; engines?: { node?: string } | string[]; hasInstallScript?: boolean };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock: Record<string, LockEntry> = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')
).packages;
const nvmrc = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();

/** `node_modules/a/node_modules/@b/c` → `@b/c` */
const nameOf = (location: string) => location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** Splits an allowScripts key, `name` or `name@range`, into its parts. */
function parseAllowKey(key: string): { name: string; range: string } {
  const at = key.indexOf('@', 1);
  return at < 0 ? { name: key, range: '*' } : { name: key.slice(0, at), range: key.slice(at + 1) };
}

describe('dependencies', () => {
  it('.nvmrc names a Node version that package.json engines accepts', () => {
    expect(semver.validRange(nvmrc)).toBeTruthy();
    expect(semver.intersects(nvmrc, pkg.engines.node)).toBe(true);
  });

  it("every locked package's engines.node accepts every Node that package.json engines and .nvmrc allow", () => {
    // npm ci warns EBADENGINE when the running Node is outside a package's range: the project's own
    // range (within the .nvmrc line) must be no wider than any locked package's.
    const project = new semver.Range(`${pkg.engines.node} ${semver.validRange(nvmrc)}`);
    const narrower = Object.entries(lock)
      .filter(([location]) => location !== '')
      .flatMap(([location, entry]) => {
        const node = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return node && !semver.subset(project, node) ? [`${nameOf(location)}@${entry.version} needs node ${node}`] : [];
      });
    expect(narrower).toEqual([]);
  });

  it('package.json allowScripts decides on every locked package that has an install script', () => {
    const decisions = Object.keys(pkg.allowScripts ?? {}).map(parseAllowKey);
    const undecided = Object.entries(lock)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([location, entry]) => ({ name: nameOf(location), version: entry.version ?? '' }))
      .filter(({ name, version }) => !decisions.some((d) => d.name === name && semver.satisfies(version, d.range)))
      .map(({ name, version }) => `${name}@${version}`);
    expect(undecided).toEqual([]);
  });

  it('allowScripts names only packages that are locked with an install script', () => {
    const withScripts = new Set(
      Object.entries(lock)
        .filter(([, entry]) => entry.hasInstallScript)
        .map(([location]) => nameOf(location))
    );
    const stale = Object.keys(pkg.allowScripts ?? {}).filter((key) => !withScripts.has(parseAllowKey(key).name));
    expect(stale).toEqual([]);
  });

  it('eslint loads its configuration silently, without the deprecated @stylistic/eslint-plugin-ts', () => {
    const eslint = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
    const run = spawnSync(process.execPath, [eslint, '--print-config', 'pkg/simulator/src/simulator.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Anything a plugin prints while loading comes before the JSON and breaks the parse.
    const config = JSON.parse(run.stdout) as { plugins: string[]; rules: Record<string, unknown> };
    expect(config.plugins.map((p) => p.split(':')[0])).not.toContain('@stylistic/ts');
    const severity = (rule: string) => {
      const value = config.rules[rule];
      return Array.isArray(value) ? value[0] : value;
    };
    // The rules Grafana's shared config enforced through the deprecated plugin and react-hooks' preset.
    expect(severity('@stylistic/type-annotation-spacing')).toBe(2);
    expect(severity('@stylistic/arrow-spacing')).toBe(2);
    expect(severity('react-hooks/void-use-memo')).toBe(2);
  }, 90_000);

  it('package.json names no package that is superseded by a unified one', () => {
    const superseded = ['@stylistic/eslint-plugin-ts', '@stylistic/eslint-plugin-js', '@stylistic/eslint-plugin-jsx'];
    const named = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies });
    expect(named.filter((name) => superseded.includes(name))).toEqual([]);
  });
});
