import * as fs from 'fs';
import * as path from 'path';
import { DIST, sourcePluginJsons } from './shared';

const built = fs.existsSync(path.join(DIST, 'plugin.json'));
if (!built) {
  throw new Error('dist/ is missing: run `npm run build` before the checks (npm run test:all does both).');
}

describe('the built plugin in dist/', () => {
  it('has the app plugin.json, module.js and its source map', () => {
    const json = JSON.parse(fs.readFileSync(path.join(DIST, 'plugin.json'), 'utf8'));
    expect(json.id).toBe('perfscope-monitoring-app');
    expect(json.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(fs.statSync(path.join(DIST, 'module.js')).size).toBeGreaterThan(1000);
    expect(fs.existsSync(path.join(DIST, 'module.js.map'))).toBe(true);
  });

  it.each(sourcePluginJsons().filter((p) => p.dir !== ''))(
    'has nested plugin $json.id with plugin.json, module.js and logo',
    ({ dir, json }) => {
      const out = path.join(DIST, dir);
      const builtJson = JSON.parse(fs.readFileSync(path.join(out, 'plugin.json'), 'utf8'));
      expect(builtJson.id).toBe(json.id);
      expect(builtJson.info.version).not.toContain('%');
      const moduleJs = fs.readFileSync(path.join(out, 'module.js'), 'utf8');
      // An AMD module as Grafana loads it.
      expect(moduleJs).toMatch(/define\(\[/);
      expect(fs.existsSync(path.join(out, 'module.js.map'))).toBe(true);
      const logo = path.join(out, json.info.logos.small);
      expect(fs.statSync(logo).size).toBeGreaterThan(100);
      expect(fs.readFileSync(logo, 'utf8')).toMatch(/^<svg[\s>]/);
    }
  );

  it('bundles the catalog into the plugin (no bare import of the workspace package)', () => {
    const moduleJs = fs.readFileSync(path.join(DIST, 'datasource', 'module.js'), 'utf8');
    expect(moduleJs).not.toContain('"@perfscope/catalog"');
    expect(moduleJs).toContain('http_request_duration_seconds');
  });
});
