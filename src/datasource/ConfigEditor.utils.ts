import type { DataSourceInstanceSettings, DataSourceSettings } from '@grafana/data';
import { type AuthMethod, MAX_CUSTOM_HEADERS, type Options, type SecureOptions } from './types';
import { MAX_TIMEOUT_SECONDS, readOptions } from './options';

export { MAX_TIMEOUT_SECONDS };

export type Settings = DataSourceSettings<Options, SecureOptions>;
export type SecretKey = keyof SecureOptions & string;

/** Why a URL cannot be used, or undefined when it can. */
export function urlProblem(url: string | undefined): string | undefined {
  if (!url) {
    return 'Enter the URL of the Prometheus-compatible API, e.g. http://prometheus:9090.';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: start it with http:// or https://, e.g. http://prometheus:9090.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `Only http:// and https:// URLs can be used, not ${parsed.protocol}//.`;
  }
  if (parsed.username || parsed.password) {
    return 'Do not put credentials in the URL: they would be visible to every viewer. Use the authentication settings below.';
  }
  if (/\/api\/v1\/?$/.test(parsed.pathname)) {
    return 'Leave /api/v1 off: enter the API root, e.g. http://prometheus:9090.';
  }
  if (parsed.search || parsed.hash) {
    return 'Leave query parameters and fragments off the URL: enter the API root only.';
  }
  if (url.endsWith('/')) {
    // The routes append /api/v1/… to the URL as it is: a trailing slash would double it.
    return `Leave the trailing / off: enter ${url.replace(/\/+$/, '')}.`;
  }
  return undefined;
}

/** True when a secret is saved on the server or typed in now. */
export function hasSecret(settings: Settings, key: SecretKey): boolean {
  return Boolean(settings.secureJsonFields?.[key]) || Boolean(settings.secureJsonData?.[key]);
}

/** The custom headers in Grafana's httpHeaderNameN convention, in order. */
export function customHeaders(jsonData: Options): Array<{ index: number; name: string }> {
  const out: Array<{ index: number; name: string }> = [];
  for (let i = 1; i <= MAX_CUSTOM_HEADERS; i++) {
    const name = jsonData[`httpHeaderName${i}`];
    if (name !== undefined) {
      out.push({ index: i, name });
    }
  }
  return out;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const TENANT = /^[A-Za-z0-9!._*'()-]+$/;

/** Looks a datasource up by uid, as Grafana's datasource service does (getDataSourceSrv().getInstanceSettings). */
export type DatasourceLookup = (uid: string) => DataSourceInstanceSettings | undefined;

/** Why the chosen tracing datasource cannot take exemplar links, or undefined (none chosen, or a tracing one). */
export function tracingProblem(uid: string | undefined, lookup: DatasourceLookup): string | undefined {
  if (!uid) {
    return undefined;
  }
  const found = lookup(uid);
  if (!found) {
    return `The tracing datasource chosen earlier (uid ${uid}) was not found: it may have been deleted, or you may not have access to it. Choose another, or clear it.`;
  }
  if (!found.meta?.tracing) {
    return `${found.name} is not a tracing datasource: choose Tempo, Jaeger or Zipkin, or clear it.`;
  }
  return undefined;
}

/**
 * Every problem with the settings, by field, in words a person can act on; `lookup` finds the
 * tracing datasource exemplars link to (without it that choice is not checked).
 */
export function configProblems(settings: Settings, lookup?: DatasourceLookup): Record<string, string> {
  const read = readOptions(settings.jsonData);
  const problems: Record<string, string> = { ...read.problems };
  const j = read.options;
  const url = problems.url ? undefined : urlProblem(j.url);
  if (url) {
    problems.url = url;
  }
  const auth = j.authMethod ?? 'none';
  if (auth === 'bearer' && !hasSecret(settings, 'bearerToken')) {
    problems.bearerToken = 'Enter the bearer token, or choose another authentication.';
  }
  if (auth === 'basic') {
    if (!settings.basicAuthUser?.trim()) {
      problems.basicAuthUser = 'Enter the user name for basic authentication.';
    }
    if (!hasSecret(settings, 'basicAuthPassword')) {
      problems.basicAuthPassword = 'Enter the password for basic authentication.';
    }
  }
  const tenant = j.tenant?.trim();
  // Mimir's tenant federation reads several tenants joined by | (tenant.ValidTenantID, per tenant).
  if (tenant && tenant.split('|').some((id) => !TENANT.test(id) || id.length > 150 || id === '.' || id === '..')) {
    problems.tenant =
      "A tenant id uses letters, digits and ! - _ . * ' ( ), at most 150 characters (for example team-a); to read several tenants at once (Mimir's tenant federation), join them with | (team-a|team-b).";
  }
  const tracing = problems.tracingDatasourceUid || !lookup ? undefined : tracingProblem(j.tracingDatasourceUid, lookup);
  if (tracing) {
    problems.tracingDatasourceUid = tracing;
  }
  const seen = new Set<string>();
  for (const { index, name } of customHeaders(j)) {
    const key = `httpHeaderName${index}`;
    const lower = name.trim().toLowerCase();
    if (problems[key]) {
      // the saved name is not text (readOptions said so)
    } else if (!lower) {
      problems[key] = 'Enter a header name, or remove this header.';
    } else if (!TOKEN.test(name.trim())) {
      problems[key] = `"${name}" is not a valid HTTP header name: use letters, digits and - (for example X-Api-Key).`;
    } else if (seen.has(lower)) {
      problems[key] = `The header ${name} is set twice: keep one.`;
    } else if (lower === 'authorization' && auth !== 'none') {
      problems[key] =
        'Authorization is already set by the authentication above: remove this header or choose no authentication.';
    } else if (lower === 'x-scope-orgid' && tenant) {
      problems[key] = 'X-Scope-OrgID is already set by the tenant field: remove this header or clear the tenant.';
    } else if (!problems[key] && !hasSecret(settings, `httpHeaderValue${index}`)) {
      problems[`httpHeaderValue${index}`] = `Enter the value of ${name}.`;
    }
    seen.add(lower);
  }
  return problems;
}

/** Settings with another authentication method; basic auth is Grafana's own setting, so it is toggled too. */
export function withAuthMethod(settings: Settings, method: AuthMethod): Settings {
  return { ...settings, basicAuth: method === 'basic', jsonData: { ...settings.jsonData, authMethod: method } };
}

/** Settings with a secret typed in: it goes to secureJsonData only. */
export function withSecret(settings: Settings, key: SecretKey, value: string): Settings {
  return { ...settings, secureJsonData: { ...(settings.secureJsonData ?? {}), [key]: value } };
}

/** Settings with a saved secret cleared, so a new one can be entered. */
export function withoutSecret(settings: Settings, key: SecretKey): Settings {
  return {
    ...settings,
    secureJsonFields: { ...settings.secureJsonFields, [key]: false },
    secureJsonData: { ...(settings.secureJsonData ?? {}), [key]: '' },
  };
}

/** Settings with one more custom header slot (the first free index), or unchanged when all are used. */
export function withNewHeader(settings: Settings): Settings {
  for (let i = 1; i <= MAX_CUSTOM_HEADERS; i++) {
    if (settings.jsonData[`httpHeaderName${i}`] === undefined) {
      return { ...settings, jsonData: { ...settings.jsonData, [`httpHeaderName${i}`]: '' } };
    }
  }
  return settings;
}

/** Settings without custom header `index`: its name and its saved value. */
export function withoutHeader(settings: Settings, index: number): Settings {
  const jsonData = { ...settings.jsonData };
  delete jsonData[`httpHeaderName${index}`];
  const cleared = withoutSecret(settings, `httpHeaderValue${index}`);
  return { ...cleared, jsonData };
}

/**
 * Settings with a URL typed in. Credentials in it (`https://user:secret@host`) never reach jsonData,
 * which every viewer of the datasource can read: they move to basic authentication, the password
 * into secureJsonData, and `moved` says so (the editor tells the admin).
 */
export function withUrl(settings: Settings, typed: string): { settings: Settings; moved: boolean } {
  const url = typed.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (!parsed.username && !parsed.password)) {
    return { settings: { ...settings, jsonData: { ...settings.jsonData, url } }, moved: false };
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  // URL adds a "/" to a bare origin; keep the root as typed.
  const clean = url.endsWith('/') || parsed.pathname !== '/' ? parsed.toString() : parsed.toString().replace(/\/$/, '');
  let next = withAuthMethod({ ...settings, jsonData: { ...settings.jsonData, url: clean } }, 'basic');
  next = { ...next, basicAuthUser: user };
  if (password) {
    next = withSecret(next, 'basicAuthPassword', password);
  }
  return { settings: next, moved: true };
}
