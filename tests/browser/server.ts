/**
 * The loopback HTTP server behind the browser host, standing in for Grafana's server:
 * - `/` the host page, `/host/*` its bundle and SystemJS;
 * - `/public/plugins/<id>/*` the BUILT plugins from dist/, each id mapped to the folder of its
 *   plugin.json (nested plugins live in dist/panels/…, dist/datasource/…), as Grafana serves them;
 * - `/public/fonts/*` Debian's Inter at the URLs @grafana/ui asks for, `/public/build/img/icons/*`
 *   the icons shipped in @grafana/ui;
 * - `/api/plugins/<id>/settings` (GET/POST, in memory), `/api/datasources[/uid/<uid>]`;
 * - `/api/datasources/proxy/uid/<uid>/*` through tests/rig/routeProxy.ts, i.e. the plugin.json
 *   routes with the datasource's secrets added on the server side, as Grafana's proxy does;
 * - Grafana's alerting provisioning API, folders and firing alerts, in memory (grafanaAlerting.ts);
 * - its mute timings and notification policy tree (grafanaMuteTimings.ts) and its Alertmanager's
 *   silences (grafanaSilences.ts), in memory, answering as the signed-in user's role allows;
 * - `/public/app/plugins/datasource/<core>/img/*` stand-in logos of the core datasources the
 *   page lists (the core Prometheus that alert rules query, a Tempo that exemplars link to).
 * Listens on 127.0.0.1 only; stop() drops open connections and stops the route proxies.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { DatasourceSettings } from './host/api';
import { type AlertRuleRejection, GrafanaAlerting, type StoredAlertRule, type StoredFolder } from './grafanaAlerting';
import { GrafanaDashboards } from './grafanaDashboards';
import { GrafanaMuteTimings } from './grafanaMuteTimings';
import { GrafanaSilences } from './grafanaSilences';
import { GRAFANA_VERSION, HOST_DIR, ROOT, RUNTIME } from './hostBundle';
import { type ProxiedDatasource, type Route, type RouteProxy, startRouteProxy } from '../rig/routeProxy';

export const DIST = path.join(ROOT, 'dist');
const SYSTEMJS_DIST = path.join(ROOT, 'node_modules/systemjs/dist');
const ICONS = path.join(RUNTIME.nodeModules, '@grafana/ui/dist/public/img/icons');
const INTER = '/usr/share/fonts/opentype/inter';
/** Debian has no Roboto Mono: DejaVu Sans Mono stands in at its URL (code editors only). */
const MONO_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'];

/**
 * Icons Grafana's server has in public/img/icons but @grafana/ui's package does not ship (PanelChrome's
 * streaming indicator uses circle-mono, LoadingPlaceholder's Spinner uses spinner): plain equivalents.
 */
const EXTRA_ICONS: Record<string, string> = {
  'mono/circle-mono.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>',
  'unicons/spinner.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>',
};

/** Logos of core datasources (Grafana serves them from its own build; plain stand-ins here). */
const CORE_LOGOS: Record<string, string> = {
  'tempo/img/tempo_logo.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="11" fill="#f05a28"/></svg>',
  'prometheus/img/prometheus_logo.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="11" fill="#e6522c"/></svg>',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** A datasource as stored in Grafana: settings plus the secrets only the server sees. */
export interface HostDatasource {
  uid: string;
  /** Plugin id; default perfscope-proxy-datasource. */
  type?: string;
  /** Default: the uid. */
  name?: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
  basicAuth?: boolean;
  basicAuthUser?: string;
}

export interface PluginSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  /** Stored secrets: never sent to the browser (it sees secureJsonFields). */
  secureJsonData: Record<string, string>;
}

interface PluginJson {
  id: string;
  type: string;
  name: string;
  info?: { logos?: { small?: string; large?: string } } & Record<string, unknown>;
  routes?: Route[];
  [key: string]: unknown;
}

/** The signed-in user's role in the organisation. */
export type UserRole = 'Viewer' | 'Editor' | 'Admin';

export interface HostServer {
  url: string;
  /** Plugin id → its folder in dist/. */
  readonly plugins: ReadonlyMap<string, string>;
  /** Every request: `METHOD path → status`. */
  readonly requests: string[];
  readonly pluginSettings: Map<string, PluginSettings>;
  /** The signed-in user's org role from now on (default Admin); a Viewer may not save plugin settings. */
  setUserRole(role: UserRole): void;
  /** Sets a plugin's stored settings (what GET /api/plugins/<id>/settings returns from now on). */
  setPluginSettings(id: string, settings: Partial<Omit<PluginSettings, 'jsonData'>> & { jsonData?: object }): void;
  /** Grafana-managed alert rules stored through the provisioning API (copies, in Grafana's order). */
  alertRules(): StoredAlertRule[];
  /** Stores rules as they are, e.g. `provenance` "file" for file-provisioned ones; creates their folders. */
  presetAlertRules(rules: Array<Partial<StoredAlertRule> & { uid: string }>, provenance?: string): void;
  folders(): StoredFolder[];
  addFolder(folder: { uid: string; title: string }): StoredFolder;
  /** Makes writes of one rule fail (default: 400 "invalid rule" on POST, PUT and DELETE). */
  rejectAlertRule(uid: string, rejection?: AlertRuleRejection): void;
  clearAlertRuleRejections(): void;
  /** The alerts Grafana's alert list (GET /api/prometheus/grafana/api/v1/alerts) returns from now on. */
  setFiringAlerts(alerts: unknown[]): void;
  /** Forgets every rule, folder, rejection, mute timing and silence, and the policy tree: Grafana as freshly installed. */
  resetAlerting(): void;
  /** Grafana's mute timings and notification policy tree, behind its provisioning API (grafanaMuteTimings.ts). */
  readonly muteTimings: GrafanaMuteTimings;
  /** Grafana Alertmanager's silences (grafanaSilences.ts). */
  readonly silences: GrafanaSilences;
  /** Grafana's dashboards, behind its resource and classic dashboard APIs (grafanaDashboards.ts). */
  readonly dashboards: GrafanaDashboards;
  /** Forgets every dashboard: Grafana as freshly installed. */
  resetDashboards(): void;
  /** Registers a datasource (starting its route proxy) and returns what the browser may see of it. */
  addDatasource(ds: HostDatasource): Promise<DatasourceSettings>;
  /** The route proxy of a datasource: what reached it, with headers. */
  proxyOf(uid: string): RouteProxy;
  stop(): Promise<void>;
}

/** Plugin id → folder, from every plugin.json under dist/. */
export function findBuiltPlugins(dist = DIST): Map<string, string> {
  const plugins = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        visit(full);
      } else if (entry.name === 'plugin.json') {
        const json = JSON.parse(fs.readFileSync(full, 'utf8')) as PluginJson;
        plugins.set(json.id, dir);
      }
    }
  };
  visit(dist);
  return plugins;
}

/** The error to show when dist/ is missing or incomplete. */
export function checkDist(dist = DIST): void {
  if (!fs.existsSync(path.join(dist, 'plugin.json')) || !fs.existsSync(path.join(dist, 'module.js'))) {
    throw new Error(`The built plugin is missing (${dist}): run npm run build first.`);
  }
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });
}

export async function startHostServer(options: { bundleDir: string; dist?: string }): Promise<HostServer> {
  const dist = options.dist ?? DIST;
  checkDist(dist);
  const plugins = findBuiltPlugins(dist);
  const pluginJson = (id: string) =>
    JSON.parse(fs.readFileSync(path.join(plugins.get(id)!, 'plugin.json'), 'utf8')) as PluginJson;
  const pluginSettings = new Map<string, PluginSettings>();
  const settingsOf = (id: string) => {
    let settings = pluginSettings.get(id);
    if (!settings) {
      // As provisioned in the demo stack: every Perfscope plugin enabled.
      settings = { enabled: true, pinned: false, jsonData: {}, secureJsonData: {} };
      pluginSettings.set(id, settings);
    }
    return settings;
  };
  const datasources = new Map<string, { settings: DatasourceSettings; proxy: RouteProxy }>();
  let userRole: UserRole = 'Admin';
  let alerting = new GrafanaAlerting();
  let dashboards = new GrafanaDashboards();
  const currentRole = () => userRole;
  let muteTimings = new GrafanaMuteTimings(currentRole);
  let silences = new GrafanaSilences(currentRole);
  const requests: string[] = [];
  // Grafana's boot data lists the enabled feature toggles (pkg/api/frontendsettings.go,
  // Features.GetEnabled): kubernetesDashboards is GA and on in 12.x, and no longer a toggle in 13.
  const toggles = RUNTIME.name === '12' ? { kubernetesDashboards: true } : {};
  const page = fs
    .readFileSync(path.join(HOST_DIR, 'index.html'), 'utf8')
    .replace('%GRAFANA_VERSION%', GRAFANA_VERSION)
    .replace('%FEATURE_TOGGLES%', JSON.stringify(toggles));

  /** Plugin meta the way /api/plugins/<id>/settings returns it. */
  const metaOf = (id: string) => {
    const json = pluginJson(id);
    const base = `public/plugins/${id}`;
    const settings = settingsOf(id);
    const logos = json.info?.logos ?? {};
    return {
      ...json,
      info: {
        ...json.info,
        logos: {
          small: logos.small ? `${base}/${logos.small}` : undefined,
          large: logos.large ? `${base}/${logos.large}` : undefined,
        },
      },
      baseUrl: base,
      module: `${base}/module.js`,
      enabled: settings.enabled,
      pinned: settings.pinned,
      jsonData: settings.jsonData,
      secureJsonFields: Object.fromEntries(Object.keys(settings.secureJsonData).map((k) => [k, true])),
      hasUpdate: false,
      latestVersion: '',
      signature: 'unsigned',
      angularDetected: false,
      loadingStrategy: 'script',
    };
  };

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type: string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body), CONTENT_TYPES['.json']);
  /** Serves `relative` inside `dir`, never outside it. */
  const file = (res: http.ServerResponse, dir: string, relative: string) => {
    const full = path.resolve(dir, `.${path.posix.normalize(`/${decodeURIComponent(relative)}`)}`);
    if (!full.startsWith(dir + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
      return json(res, 404, { message: 'Not found' });
    }
    send(res, 200, fs.readFileSync(full), CONTENT_TYPES[path.extname(full)] ?? 'application/octet-stream');
  };
  const fontFile = (res: http.ServerResponse, name: string) => {
    // @grafana/ui asks for Inter-<Style>.woff2; Debian ships Inter-<Style>.otf (Chromium reads either).
    const inter = /^inter\/(Inter-[A-Za-z]+)\.woff2$/.exec(name);
    const candidate = inter
      ? path.join(INTER, `${inter[1]}.otf`)
      : name.startsWith('roboto/')
        ? MONO_FONTS.find((f) => fs.existsSync(f))
        : undefined;
    if (!candidate || !fs.existsSync(candidate)) {
      return json(res, 404, { message: 'Not found' });
    }
    send(res, 200, fs.readFileSync(candidate), CONTENT_TYPES[path.extname(candidate)]);
  };

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse, uid: string) => {
    const ds = datasources.get(uid);
    if (!ds) {
      return json(res, 404, { message: 'Data source not found' });
    }
    const upstream = http.request(
      new URL(req.url ?? '/', ds.proxy.url),
      { method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }
    );
    upstream.on('error', (e) => json(res, 502, { message: `Bad Gateway: ${e.message}` }));
    req.pipe(upstream);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const route = url.pathname;
    const method = req.method ?? 'GET';
    let match: RegExpExecArray | null;
    if (route === '/' || route === '/index.html') {
      return send(res, 200, page, CONTENT_TYPES['.html']);
    }
    if ((match = /^\/host\/systemjs\/(.+)$/.exec(route))) {
      return file(res, SYSTEMJS_DIST, match[1]);
    }
    if ((match = /^\/host\/(.+)$/.exec(route))) {
      return file(res, options.bundleDir, match[1]);
    }
    if ((match = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(route))) {
      const dir = plugins.get(match[1]);
      return dir ? file(res, dir, match[2]) : json(res, 404, { message: 'Plugin not found' });
    }
    if ((match = /^\/public\/fonts\/(.+)$/.exec(route))) {
      return fontFile(res, match[1]);
    }
    if ((match = /^\/public\/build\/img\/icons\/(.+)$/.exec(route))) {
      const extra = EXTRA_ICONS[match[1]];
      return extra ? send(res, 200, extra, CONTENT_TYPES['.svg']) : file(res, ICONS, match[1]);
    }
    if ((match = /^\/public\/app\/plugins\/datasource\/(.+)$/.exec(route))) {
      const logo = CORE_LOGOS[match[1]];
      return logo ? send(res, 200, logo, CONTENT_TYPES['.svg']) : json(res, 404, { message: 'Not found' });
    }
    const dashboardAnswer = dashboards.handle(method, route, () => readJson(req), url.searchParams);
    if (dashboardAnswer) {
      const { status, body } = await dashboardAnswer;
      return json(res, status, body ?? {});
    }
    const answer =
      alerting.handle(method, route, req.headers, () => readJson(req)) ??
      muteTimings.handle(method, route, req.headers, () => readJson(req), url.searchParams) ??
      silences.handle(method, route, () => readJson(req), url.searchParams);
    if (answer) {
      const { status, body } = await answer;
      return body === undefined ? send(res, status, '', 'text/plain; charset=utf-8') : json(res, status, body);
    }
    if ((match = /^\/api\/plugins\/([^/]+)\/settings$/.exec(route))) {
      const id = match[1];
      if (!plugins.has(id)) {
        return json(res, 404, { message: 'Plugin not found, no installed plugin with that id' });
      }
      if (method === 'POST') {
        // pkg/api/plugins.go UpdatePluginSetting behind plugins:write, which org Admins hold
        // (fixed:plugins:writer); the store replaces enabled, pinned and jsonData with the body's
        // (absent: false, false, none) and merges secureJsonData key by key.
        if (userRole !== 'Admin') {
          return json(res, 403, {
            title: 'Access denied',
            message: "You'll need additional permissions to perform this action. Permissions needed: plugins:write",
          });
        }
        const body = (await readJson(req)) as Partial<PluginSettings>;
        const settings = settingsOf(id);
        pluginSettings.set(id, {
          enabled: body.enabled === true,
          pinned: body.pinned === true,
          jsonData: (body.jsonData as Record<string, unknown> | undefined) ?? {},
          secureJsonData: { ...settings.secureJsonData, ...body.secureJsonData },
        });
        return json(res, 200, { message: 'Plugin settings updated' });
      }
      return json(res, 200, metaOf(id));
    }
    if ((match = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)?$/.exec(route))) {
      return proxy(req, res, match[1]);
    }
    if ((match = /^\/api\/datasources\/uid\/([^/]+)$/.exec(route))) {
      const ds = datasources.get(match[1]);
      return ds ? json(res, 200, ds.settings) : json(res, 404, { message: 'Data source not found' });
    }
    if (route === '/api/datasources') {
      return json(
        res,
        200,
        Array.from(datasources.values(), (d) => d.settings)
      );
    }
    return json(res, 404, { message: 'Not found' });
  };

  const server = http.createServer((req, res) => {
    res.on('finish', () => requests.push(`${req.method} ${req.url} → ${res.statusCode}`));
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        json(res, 500, { message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | undefined;

  return {
    url,
    plugins,
    requests,
    pluginSettings,
    setUserRole(role) {
      userRole = role;
    },
    setPluginSettings(id, settings) {
      if (!plugins.has(id)) {
        throw new Error(`No built plugin has id ${id}.`);
      }
      const current = settingsOf(id);
      pluginSettings.set(id, {
        ...current,
        ...settings,
        jsonData: (settings.jsonData as Record<string, unknown> | undefined) ?? current.jsonData,
      });
    },
    alertRules: () => alerting.alertRules(),
    presetAlertRules: (rules, provenance) => alerting.presetAlertRules(rules, provenance),
    folders: () => alerting.folders(),
    addFolder: (folder) => alerting.addFolder(folder),
    rejectAlertRule: (uid, rejection) => alerting.rejectAlertRule(uid, rejection),
    clearAlertRuleRejections: () => alerting.clearRejections(),
    setFiringAlerts: (alerts) => alerting.setFiringAlerts(alerts),
    resetAlerting() {
      alerting = new GrafanaAlerting();
      muteTimings = new GrafanaMuteTimings(currentRole);
      silences = new GrafanaSilences(currentRole);
    },
    get muteTimings() {
      return muteTimings;
    },
    get silences() {
      return silences;
    },
    get dashboards() {
      return dashboards;
    },
    resetDashboards() {
      dashboards = new GrafanaDashboards();
    },
    async addDatasource(ds) {
      const type = ds.type ?? 'perfscope-proxy-datasource';
      if (!plugins.has(type)) {
        throw new Error(`No built plugin has id ${type} (dist/ has ${Array.from(plugins.keys()).join(', ')}).`);
      }
      const proxied: ProxiedDatasource = {
        uid: ds.uid,
        jsonData: ds.jsonData,
        secureJsonData: ds.secureJsonData ?? {},
        basicAuth: ds.basicAuth,
        basicAuthUser: ds.basicAuthUser,
      };
      const settings: DatasourceSettings = {
        uid: ds.uid,
        type,
        name: ds.name ?? ds.uid,
        jsonData: ds.jsonData,
        secureJsonFields: Object.fromEntries(Object.keys(ds.secureJsonData ?? {}).map((k) => [k, true])),
        basicAuth: ds.basicAuth,
        basicAuthUser: ds.basicAuthUser,
      };
      await datasources.get(ds.uid)?.proxy.close();
      datasources.set(ds.uid, { settings, proxy: await startRouteProxy(pluginJson(type).routes ?? [], proxied) });
      return settings;
    },
    proxyOf(uid) {
      const ds = datasources.get(uid);
      if (!ds) {
        throw new Error(`No datasource has uid ${uid}.`);
      }
      return ds.proxy;
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all(Array.from(datasources.values(), (d) => d.proxy.close()));
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      })();
      return stopped;
    },
  };
}
