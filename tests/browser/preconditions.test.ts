/**
 * What the browser host needs before Chromium starts: clear messages when Chromium or dist/ is
 * missing, the plugin folders of dist/, the loopback rule, and the bundle cache.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findChromium, isLoopback } from './chromium';
import { HOST_DIR, ROOT, RUNTIME, buildHostBundle, foreignInputs, packagesOf } from './hostBundle';
import { grafanaRuntime } from './runtime';
import { DIST, checkDist, findBuiltPlugins } from './server';

describe('preconditions', () => {
  it('says how to get Chromium when it is missing', () => {
    expect(() => findChromium(['/nonexistent/chromium'])).toThrow(
      /run npm run test:all as root \(it installs it\), or apt-get install -y chromium/
    );
  });

  it('says to build when dist/ is missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-nodist-'));
    try {
      expect(() => checkDist(empty)).toThrow(/run npm run build first/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('maps each built plugin id to the folder of its plugin.json', () => {
    const plugins = findBuiltPlugins();
    expect(Object.fromEntries(Array.from(plugins, ([id, dir]) => [id, path.relative(DIST, dir)]))).toEqual({
      'perfscope-monitoring-app': '',
      'perfscope-stream-panel': path.join('panels', 'stream'),
      'perfscope-healthscore-panel': path.join('panels', 'healthscore'),
      'perfscope-proxy-datasource': 'datasource',
    });
  });

  it('lets only loopback addresses through', () => {
    expect(['http://127.0.0.1:3000/a', 'http://localhost/', 'http://[::1]:8080/', 'data:,x'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['http://192.0.2.1/', 'https://grafana.com/', 'http://127.0.0.1.example.com/', 'nonsense'].map(isLoopback)
    ).toEqual([false, false, false, false]);
  });

  it('knows the Grafana runtimes by PERFSCOPE_GRAFANA and refuses others', () => {
    expect(grafanaRuntime('12')).toMatchObject({ dir: ROOT, grafanaVersion: expect.stringMatching(/^12\.4\./) });
    expect(grafanaRuntime('12').reactVersion).toMatch(/^18\./);
    expect(() => grafanaRuntime('11')).toThrow(
      /PERFSCOPE_GRAFANA=11 is not a runtime of the browser host: use 12 or 13/
    );
    expect(RUNTIME.name).toBe(process.env.PERFSCOPE_GRAFANA || '12');
  });

  it('flags bundle inputs from outside the runtime and the host', () => {
    const grafana13 = { ...RUNTIME, nodeModules: path.join(__dirname, 'grafana13/node_modules') };
    const grafana12 = { ...RUNTIME, nodeModules: path.join(ROOT, 'node_modules') };
    const inputs = [
      path.relative(ROOT, path.join(HOST_DIR, 'host.tsx')),
      'tests/browser/grafana13/node_modules/react/index.js',
      'node_modules/react/index.js',
      'node_modules/@grafana/ui/node_modules/react-router-dom/index.js',
      '(disabled):fs',
      'tests/browser/harness.ts',
    ];
    expect(foreignInputs(inputs, grafana13)).toEqual([
      'node_modules/react/index.js',
      'node_modules/@grafana/ui/node_modules/react-router-dom/index.js',
      'tests/browser/harness.ts',
    ]);
    expect(foreignInputs(inputs, grafana12)).toEqual([
      'tests/browser/grafana13/node_modules/react/index.js',
      'tests/browser/harness.ts',
    ]);
    expect(packagesOf(inputs)).toEqual([
      'node_modules/@grafana/ui/node_modules/react-router-dom',
      'node_modules/react',
      'tests/browser/grafana13/node_modules/react',
    ]);
  });

  it("bundles every shared package from the selected runtime's node_modules", async () => {
    const bundle = await buildHostBundle();
    const packages: string[] = JSON.parse(fs.readFileSync(path.join(bundle.dir, 'packages.json'), 'utf8'));
    const prefix = `${path.relative(ROOT, RUNTIME.nodeModules)}/`;
    for (const name of ['react', 'react-dom', '@grafana/data', '@grafana/ui', '@grafana/runtime', 'rxjs', 'i18next']) {
      expect(packages).toContain(`${prefix}${name}`);
    }
    expect(packages.filter((p) => !p.startsWith(prefix))).toEqual([]);
  });

  it('reuses the cached host bundle', async () => {
    const first = await buildHostBundle();
    const second = await buildHostBundle();
    expect(second).toMatchObject({ dir: first.dir, cached: true });
    expect(fs.statSync(path.join(second.dir, 'host.js')).size).toBeGreaterThan(1_000_000);
  });
});
