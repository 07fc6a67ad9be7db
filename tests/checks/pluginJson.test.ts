import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import * as semver from 'semver';
import {
  APP_PLUGIN_ID,
  DATASOURCE_PLUGIN_ID,
  HEALTHSCORE_PANEL_PLUGIN_ID,
  SECTIONS,
  STREAM_PANEL_PLUGIN_ID,
  appPagePath,
  dashboardTitle,
} from '@perfscope/catalog';
import { SRC, sharedFile, sourcePluginJsons } from './shared';
import { ROUTES, getRoute } from '../../src/constants';

const plugins = sourcePluginJsons();
const app = plugins.find((p) => p.dir === '')!.json;
const nested = plugins.filter((p) => p.dir !== '');

describe('plugin.json files', () => {
  it('has the app and its three nested plugins, each beside a module', () => {
    // The ids are the catalog's (pkg/catalog/src/ids.ts): everything else refers to them from there.
    expect(app).toMatchObject({ type: 'app', id: APP_PLUGIN_ID, name: 'Perfscope' });
    expect(nested.map((p) => [p.dir, p.json.id, p.json.type]).sort()).toEqual([
      ['datasource', DATASOURCE_PLUGIN_ID, 'datasource'],
      ['panels/healthscore', HEALTHSCORE_PANEL_PLUGIN_ID, 'panel'],
      ['panels/stream', STREAM_PANEL_PLUGIN_ID, 'panel'],
    ]);
    for (const p of plugins) {
      const modules = ['module.ts', 'module.tsx'].filter((m) => fs.existsSync(path.join(SRC, p.dir, m)));
      expect(modules).toHaveLength(1);
    }
  });

  it('declares every nested plugin in the app includes with the matching type', () => {
    for (const p of nested) {
      expect(app.includes).toContainEqual(expect.objectContaining({ type: p.json.type, id: p.json.id }));
    }
  });

  it("lists a page and a dashboard for each of the catalog's sections, named and in order as the catalog has them", () => {
    type Include = { type: string; name: string; path?: string; role?: string };
    const includes: Include[] = app.includes;
    const pages = includes.filter((i) => i.type === 'page' && i.role !== 'Admin');
    // The sections' pages, with the fleet's Services page after the Overview.
    const sections = SECTIONS.map((s) => [s.title, appPagePath(s)]);
    expect(pages.map((p) => [p.name, p.path])).toEqual([
      sections[0],
      ['Services', getRoute(ROUTES.Services)],
      ...sections.slice(1),
    ]);
    const dashboards = includes.filter((i) => i.type === 'dashboard');
    expect(dashboards.map((d) => [d.name, d.path])).toEqual(
      SECTIONS.map((s) => [dashboardTitle(s), `dashboards/${s.dashboardFile}`])
    );
    for (const d of dashboards) {
      const json = JSON.parse(fs.readFileSync(path.join(SRC, d.path!), 'utf8'));
      expect([json.title, json.uid]).toEqual([
        d.name,
        SECTIONS.find((s) => dashboardTitle(s) === d.name)!.dashboardUid,
      ]);
    }
  });

  it('writes nested ids literally (the build replaces %PLUGIN_ID% with the app id)', () => {
    for (const p of nested) {
      expect(JSON.stringify(p.json)).not.toContain('%PLUGIN_ID%');
    }
  });

  it('has a config page for admins and a default page', () => {
    expect(app.includes).toContainEqual(
      expect.objectContaining({ type: 'page', path: `/plugins/${APP_PLUGIN_ID}`, role: 'Admin' })
    );
    expect(app.includes.filter((i: { defaultNav?: boolean }) => i.defaultNav)).toHaveLength(1);
  });

  it('sets description, keywords, logos and a grafanaDependency range on every plugin', () => {
    for (const { dir, json } of plugins) {
      expect(json.info.description.length).toBeGreaterThan(20);
      expect(json.info.keywords.length).toBeGreaterThan(0);
      for (const logo of [json.info.logos.small, json.info.logos.large]) {
        const file = path.join(SRC, dir, logo);
        expect(fs.existsSync(file)).toBe(true);
        expect(fs.readFileSync(file, 'utf8')).toMatch(/^<svg[\s>]/);
      }
      const range = json.dependencies.grafanaDependency;
      expect(semver.validRange(range)).not.toBeNull();
      // A range, not one pinned release.
      expect(semver.valid(range)).toBeNull();
      expect(range).toMatch(/^>=/);
    }
  });

  it('keeps the datasource frontend-only, with routes that the proxy can match', () => {
    const ds = nested.find((p) => p.json.type === 'datasource')!.json;
    expect(ds.backend).toBe(false);
    expect(ds.routes.length).toBeGreaterThan(0);
    for (const route of ds.routes) {
      // One read call of Prometheus's API per route, GET only, to the same call under the configured URL.
      const [, api] = /^(?:bearer-tenant|bearer|tenant|plain)\/(api\/v1\/[a-z_/]+)$/.exec(route.path) ?? [];
      expect({ path: route.path, api: Boolean(api) }).toEqual({ path: route.path, api: true });
      expect(route.method).toBe('GET');
      expect(route.url).toBe(`{{ .JsonData.url }}/${api}`);
      // Secrets only from secureJsonData, never from jsonData.
      for (const header of route.headers ?? []) {
        if (/authorization/i.test(header.name)) {
          expect(header.content).toMatch(/\{\{ \.SecureJsonData\.\w+ \}\}/);
          expect(header.content).not.toMatch(/\{\{ \.JsonData/);
        }
      }
    }
  });

  const schemaFile = sharedFile('schemas/plugin.schema.json');
  (schemaFile ? it : it.skip)(
    `matches Grafana's plugin.json schema${schemaFile ? '' : ' (skipped: ../shared/schemas/plugin.schema.json not found beside the project)'}`,
    () => {
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile!, 'utf8')));
      for (const { dir, json } of plugins) {
        const ok = validate(json);
        expect({ plugin: dir || 'app', errors: ok ? [] : validate.errors }).toEqual({
          plugin: dir || 'app',
          errors: [],
        });
      }
    }
  );
});
