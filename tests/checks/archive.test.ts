/**
 * The release archive, checked the way Grafana's plugin validator checks it: `npm run package`
 * (on the build of the test run) must pass, and broken archives must fail with clear messages.
 */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unzipSync, zipSync } from 'fflate';
import { checkArchive } from './archive';
import { ROOT, sharedFile } from './shared';
import { APP_PLUGIN_ID as PLUGIN_ID } from '@perfscope/catalog';

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const schemaFile = sharedFile('schemas/plugin.schema.json');
const schema = schemaFile ? JSON.parse(fs.readFileSync(schemaFile, 'utf8')) : undefined;

let out: string;
let zip: Uint8Array;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-release-'));
  execFileSync('node', [path.join(ROOT, 'scripts/package.mjs'), '--no-build', '--out', out], { cwd: ROOT });
  zip = new Uint8Array(fs.readFileSync(path.join(out, `${PLUGIN_ID}-${version}.zip`)));
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
});

/** The good archive with its entries changed. */
function altered(change: (files: Record<string, Uint8Array>) => Record<string, Uint8Array>): Uint8Array {
  return zipSync(change(unzipSync(zip)));
}

describe('release archive', () => {
  it('passes every check Grafana applies', () => {
    if (!schema) {
      process.stdout.write('../shared/schemas/plugin.schema.json is absent: the schema check is skipped.\n');
    }
    expect(checkArchive(zip, { pluginId: PLUGIN_ID, schema })).toEqual([]);
  });

  it('comes with matching checksums', () => {
    const name = `${PLUGIN_ID}-${version}.zip`;
    const sha = fs.readFileSync(path.join(out, `${name}.sha256`), 'utf8');
    const md5 = fs.readFileSync(path.join(out, `${name}.md5`), 'utf8');
    expect(sha).toBe(`${crypto.createHash('sha256').update(zip).digest('hex')}  ${name}\n`);
    expect(md5).toBe(`${crypto.createHash('md5').update(zip).digest('hex')}  ${name}\n`);
  });

  it('holds the built module, map, plugin.json and logo of every plugin', () => {
    const names = Object.keys(unzipSync(zip));
    for (const dir of ['', 'panels/stream/', 'panels/healthscore/', 'datasource/']) {
      for (const file of ['module.js', 'module.js.map', 'plugin.json', 'img/logo.svg']) {
        expect(names).toContain(`${PLUGIN_ID}/${dir}${file}`);
      }
    }
  });

  it('fails an archive whose root folder is wrong', () => {
    const wrong = altered((files) =>
      Object.fromEntries(Object.entries(files).map(([n, b]) => [n.replace(`${PLUGIN_ID}/`, 'dist/'), b]))
    );
    expect(checkArchive(wrong, { pluginId: PLUGIN_ID, schema })).toEqual([
      `The archive must hold exactly one root folder named "${PLUGIN_ID}"; it holds: dist.`,
    ]);
  });

  it('fails an archive with a missing logo, a missing source map and a developer README', () => {
    const broken = altered((files) => {
      const copy = { ...files };
      delete copy[`${PLUGIN_ID}/panels/stream/img/logo.svg`];
      delete copy[`${PLUGIN_ID}/datasource/module.js.map`];
      copy[`${PLUGIN_ID}/README.md`] = new TextEncoder().encode('# Perfscope\n\nRun npm run dev and jest.\n');
      return copy;
    });
    expect(checkArchive(broken, { pluginId: PLUGIN_ID, schema })).toEqual(
      expect.arrayContaining([
        'panels/stream/plugin.json names the small logo img/logo.svg, which is not in the archive.',
        'datasource/module.js.map is missing: Grafana needs the source map of every module.js.',
        expect.stringMatching(/^README.md speaks to developers/),
      ])
    );
  });

  it('fails a nested plugin that the app does not declare, and a pinned Grafana version', () => {
    const broken = altered((files) => {
      const copy = { ...files };
      const appJson = `${PLUGIN_ID}/plugin.json`;
      const app = JSON.parse(new TextDecoder().decode(copy[appJson]));
      app.includes = app.includes.filter((i: { id?: string }) => i.id !== 'perfscope-stream-panel');
      app.dependencies.grafanaDependency = '12.3.0';
      copy[appJson] = new TextEncoder().encode(JSON.stringify(app));
      return copy;
    });
    expect(checkArchive(broken, { pluginId: PLUGIN_ID })).toEqual([
      'panels/stream/plugin.json (panel perfscope-stream-panel) is not declared in the app\'s includes with type "panel".',
      'plugin.json: grafanaDependency "12.3.0" pins one release; use a range such as ">=12.3.0".',
    ]);
  });

  it('says when the file is not a zip at all', () => {
    expect(checkArchive(new TextEncoder().encode('<html>'), { pluginId: PLUGIN_ID })[0]).toMatch(
      /^The archive is not a readable zip file/
    );
  });
});
