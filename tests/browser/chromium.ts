/**
 * Debian's Chromium through playwright-core, usable on its own (e.g. by a benchmark) or through the
 * browser host (harness.ts): the flags that keep it quiet and offline, a guard that lets only
 * loopback traffic through, and collection of console errors, page errors and failed requests.
 */
import * as fs from 'fs';
import {
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type LaunchOptions,
  type Page,
  chromium,
} from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium binary (CHROMIUM_BIN or /usr/bin/chromium), or an error saying how to install it. */
export function findChromium(candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium']): string {
  const found = candidates.find((c): c is string => Boolean(c && fs.existsSync(c)));
  if (!found) {
    throw new Error(
      'Chromium was not found at /usr/bin/chromium: run npm run test:all as root (it installs it), or apt-get install -y chromium, or set CHROMIUM_BIN.'
    );
  }
  return found;
}

/** Launches headless Chromium with the project's flags; extra args are appended. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') {
      return true;
    }
    return LOOPBACK.has(hostname);
  } catch {
    return false;
  }
}

export interface PageProblems {
  /** Console errors, uncaught page errors, failed and blocked requests, in order. */
  readonly errors: string[];
  readonly warnings: string[];
  /** Non-loopback URLs the guard refused. */
  readonly blocked: string[];
  /** Returns the errors collected so far and forgets them (for tests that expect some). */
  take(): string[];
  /** Throws listing every error not matched by `ignore`. */
  assertNone(): void;
}

function describeConsole(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return `console.${message.type()}: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
}

/**
 * Blocks every request to a non-loopback address in the context and collects what goes wrong in
 * its pages. Requests the page itself aborts (a cancelled query) are not errors.
 */
export async function guardContext(context: BrowserContext, ignore: RegExp[] = []): Promise<PageProblems> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const blocked: string[] = [];
  const record = (text: string) => {
    if (!ignore.some((re) => re.test(text))) {
      errors.push(text);
    }
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopback(url)) {
      await route.fallback();
      return;
    }
    blocked.push(url);
    record(`blocked a request to a non-loopback address: ${url}`);
    await route.abort('blockedbyclient');
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'assert') {
        record(describeConsole(message));
      } else if (message.type() === 'warning') {
        warnings.push(describeConsole(message));
      }
    });
    page.on('pageerror', (error) => record(`page error: ${error.stack ?? error.message}`));
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? 'failed';
      // Aborted by the page (a cancelled query) or by the guard (already recorded).
      if (!reason.startsWith('net::ERR_ABORTED') && !reason.startsWith('net::ERR_BLOCKED_BY_CLIENT')) {
        record(`request failed: ${request.method()} ${request.url()}: ${reason}`);
      }
    });
    page.on('crash', () => record('the page crashed'));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    errors,
    warnings,
    blocked,
    take: () => errors.splice(0, errors.length),
    assertNone() {
      if (errors.length > 0) {
        throw new Error(`The browser reported ${errors.length} error(s):\n${errors.join('\n')}`);
      }
    },
  };
}
