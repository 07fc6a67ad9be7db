/**
 * What the browser host needs before Chromium starts: clear messages when Chromium or dist/ is
 * missing, the plugin folders of dist/, the loopback rule, and the bundle cache.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findChromium, isLoopback } from './chromium';
import { buildHostBundle } from './hostBundle';
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

  it('reuses the cached host bundle', async () => {
    const first = await buildHostBundle();
    const second = await buildHostBundle();
    expect(second).toMatchObject({ dir: first.dir, cached: true });
    expect(fs.statSync(path.join(second.dir, 'host.js')).size).toBeGreaterThan(1_000_000);
  });
});
