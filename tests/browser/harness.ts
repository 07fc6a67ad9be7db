/**
 * startBrowserHost(): the BUILT plugin in real Chromium, the way Grafana loads it. Builds (or reuses)
 * the host bundle, starts the loopback server, launches Chromium with only loopback traffic allowed,
 * opens the host page and registers the datasources (by default one Perfscope datasource pointing at
 * the rig's Prometheus). Everything started is stopped by close(), and also when starting fails.
 *
 *   const browser = await startBrowserHost({ rig });
 *   const id = await browser.host.mountPanel({ pluginId: 'perfscope-stream-panel', datasourceUid: 'perfscope', targets });
 *   await browser.screenshot('stream', id);
 *   browser.problems.assertNone();
 *   await browser.close();
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type PageProblems, findChromium, guardContext, launchChromium } from './chromium';
import type { DatasourceSettings, HostApi } from './host/api';
import { ROOT, buildHostBundle } from './hostBundle';
import { type HostDatasource, type HostServer, checkDist, startHostServer } from './server';
import type { PrometheusRig } from '../rig/prometheus';

export const ARTIFACTS = path.join(ROOT, 'artifacts/browser');

/** The uid of the datasource startBrowserHost registers for a rig. */
export const RIG_DATASOURCE_UID = 'perfscope';

/**
 * Grafana unit ids, and Grafana's `x` suffix after a number: none may appear in text people read
 * (they read 5 %, 250 ms, 3 req/s, 6 ×, down).
 */
export const UNIT_ID = /\b(percentunit|reqps|qps|short|none|bool)\b|\d x\b/gi;

/** Every HostApi method, called in the page; results come back as plain data. */
export type RemoteHost = {
  [K in keyof HostApi]: HostApi[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export interface BrowserHostOptions {
  /** Adds a Perfscope datasource (uid `perfscope`) for this rig's Prometheus, scrape interval 1 s. */
  rig?: PrometheusRig;
  /** Further datasources, with their secrets (kept on the server side). */
  datasources?: HostDatasource[];
  viewport?: { width: number; height: number };
  /** 1 by default; 2 to check crispness on high-density screens. */
  deviceScaleFactor?: number;
  theme?: 'dark' | 'light';
  /** Errors matching these are expected and not collected. */
  ignoreErrors?: RegExp[];
}

export interface BrowserHost {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  server: HostServer;
  /** Base URL of the host page. */
  url: string;
  /** `window.perfscopeHost`, called from Node. */
  host: RemoteHost;
  /** Console errors, page errors, failed and blocked requests. */
  problems: PageProblems;
  /** Same array as problems.errors. */
  errors: string[];
  /** Registers a datasource on the server and in the page; returns what the browser sees. */
  addDatasource(ds: HostDatasource): Promise<DatasourceSettings>;
  /** Writes artifacts/browser/<name>.png of one panel, or of the page; returns the path. */
  screenshot(name: string, panelId?: number): Promise<string>;
  close(): Promise<void>;
}

/** Polls `check` every 100 ms until it holds; throws naming what was awaited. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What a panel shows, whatever it draws with: its text (chrome excluded) and how many of its
 * canvases have painted pixels.
 */
export function panelContent(page: Page, panelId: number): Promise<{ text: string; paintedCanvases: number }> {
  return page.evaluate((id) => {
    const panel = document.querySelector(`[data-perfscope-panel="${id}"]`);
    if (!panel) {
      throw new Error(`No panel ${id} in the page.`);
    }
    const content = panel.querySelector('[data-testid="data-testid panel content"]') ?? panel;
    const painted = Array.from(content.querySelectorAll('canvas')).filter((canvas) => {
      const context = canvas.width > 0 && canvas.height > 0 ? canvas.getContext('2d') : null;
      const pixels = context?.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels ? pixels.some((value, i) => i % 4 === 3 && value > 0) : false;
    });
    return { text: (content as HTMLElement).innerText, paintedCanvases: painted.length };
  }, panelId);
}

function remote(page: Page): RemoteHost {
  const call = (method: string, args: unknown[]) =>
    page.evaluate(
      ([name, params]) => {
        const api = window.perfscopeHost as unknown as Record<string, (...a: unknown[]) => unknown> | undefined;
        if (!api) {
          throw new Error('window.perfscopeHost is not ready');
        }
        const member = api[name];
        return typeof member === 'function' ? member.apply(api, params) : member;
      },
      [method, args] as [string, unknown[]]
    );
  return new Proxy({} as RemoteHost, {
    // Not a thenable: `await browser.host` must not call into the page.
    get: (_target, name) =>
      name === 'then' || typeof name === 'symbol' ? undefined : (...args: unknown[]) => call(name, args),
  });
}

export async function startBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  // Say what is missing before starting anything.
  checkDist();
  findChromium();
  const bundle = await buildHostBundle();
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch(() => undefined);
    }
  };
  try {
    const server = await startHostServer({ bundleDir: bundle.dir });
    cleanups.push(() => server.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1200, height: 800 },
      deviceScaleFactor: options.deviceScaleFactor ?? 1,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const problems = await guardContext(context, options.ignoreErrors);
    const page = await context.newPage();
    await page.goto(`${server.url}/?theme=${options.theme ?? 'dark'}`);
    await page.waitForFunction(() => document.body.dataset.hostReady !== undefined, undefined, { timeout: 60_000 });
    if ((await page.evaluate(() => document.body.dataset.hostReady)) !== 'true') {
      throw new Error(`The browser host did not start:\n${problems.errors.join('\n')}`);
    }
    const host = remote(page);
    const addDatasource = async (ds: HostDatasource) => {
      const settings = await server.addDatasource(ds);
      await host.addDatasource(settings);
      return settings;
    };
    if (options.rig) {
      await addDatasource({
        uid: RIG_DATASOURCE_UID,
        name: 'Perfscope',
        jsonData: { url: options.rig.url, scrapeInterval: '1s' },
      });
    }
    for (const ds of options.datasources ?? []) {
      await addDatasource(ds);
    }
    return {
      page,
      context,
      browser,
      server,
      url: server.url,
      host,
      problems,
      errors: problems.errors,
      addDatasource,
      async screenshot(name, panelId) {
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        const file = path.join(ARTIFACTS, `${name}.png`);
        if (panelId === undefined) {
          await page.screenshot({ path: file, fullPage: true });
        } else {
          await page.locator(`[data-perfscope-panel="${panelId}"]`).screenshot({ path: file });
        }
        return file;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
