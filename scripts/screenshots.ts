/**
 * `npm run screenshots`: the pictures in README.md (docs/images), taken of the built plugin in
 * Chromium on Grafana 12.4's shared modules, fed by real Prometheus scraping the simulator, after
 * enough history for the live charts to be full: the configuration page, the Overview and the
 * stream panel. Refuses to write a picture whose page shows a Grafana unit id.
 * Needs `npm run build` first; takes about `--history` seconds (default 300) plus a minute.
 */
import * as fs from 'fs';
import * as path from 'path';
import { APP_PLUGIN_ID, STREAM_PANEL_PLUGIN_ID } from '@perfscope/catalog';
import { testIds } from '../src/components/testIds';
import { RIG_DATASOURCE_UID, UNIT_ID, type BrowserHost, eventually, startBrowserHost } from '../tests/browser/harness';
import { PrometheusRig } from '../tests/rig/prometheus';
import { HEADLINE_SIGNALS } from '@perfscope/dashboards';

const OUT = path.join(__dirname, '..', 'docs', 'images');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const HISTORY_SECONDS = arg('history', 300);
const log = (line: string) => process.stdout.write(`screenshots: ${line}\n`);

/** Writes the picture of the page (or one panel) when its text has no unit id. */
async function shoot(browser: BrowserHost, file: string, scope: string, panelId?: number) {
  const text = await browser.page.locator(scope).innerText();
  const ids = text.match(UNIT_ID);
  if (ids) {
    throw new Error(
      `${file}: the page shows unit ids (${[...new Set(ids)].join(', ')}); fix the page before taking its picture.`
    );
  }
  const target = path.join(OUT, file);
  if (panelId === undefined) {
    await browser.page.locator(scope).screenshot({ path: target });
  } else {
    await browser.page.locator(`[data-perfscope-panel="${panelId}"]`).screenshot({ path: target });
  }
  log(`wrote docs/images/${file}`);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  log('starting Prometheus and the simulator…');
  const rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5', '--seed', '7'] }] }, log);
  let browser: BrowserHost | undefined;
  try {
    const started = Date.now();
    while (Date.now() - started < HISTORY_SECONDS * 1000) {
      const done = Math.round((Date.now() - started) / 1000);
      log(`collecting history for the live charts: ${done} of ${HISTORY_SECONDS} s`);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(30_000, HISTORY_SECONDS * 1000 - (Date.now() - started)))
      );
    }
    browser = await startBrowserHost({ rig, viewport: { width: 1280, height: 1000 } });
    // An admin's own levels, as the pages show them: 1.5 s and 3 s for the latency.
    browser.server.setPluginSettings(APP_PLUGIN_ID, {
      enabled: true,
      jsonData: { signals: { http_latency_p95: { warning: 1.5, critical: 3 } } },
    });

    await browser.host.mountAppConfig(APP_PLUGIN_ID);
    await browser.page.getByTestId(testIds.appConfig.save).waitFor();
    await shoot(browser, 'configuration.png', '[data-perfscope-app-config]');
    await browser.host.unmountAppConfig();

    await browser.host.mountAppPage(APP_PLUGIN_ID, 'overview');
    const cards = browser.page.getByTestId(testIds.overview.areaCard);
    await eventually(
      async () => (await cards.count()) > 0 && !(await cards.allInnerTexts()).some((t) => t.includes('Checking')),
      'the area cards with their state',
      60_000
    );
    await eventually(
      async () => (await browser!.page.getByTestId(testIds.streamPanel.tile).count()) === 4,
      'the live tiles',
      60_000
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await shoot(browser, 'overview.png', '[data-perfscope-app-page]');
    await browser.host.unmountAppPage();

    const stream = await browser.host.mountPanel({
      pluginId: STREAM_PANEL_PLUGIN_ID,
      title: 'Live',
      datasourceUid: RIG_DATASOURCE_UID,
      // The Overview dashboard's headline signals, six of them.
      targets: HEADLINE_SIGNALS.slice(0, 6).map((signal, i) => ({
        refId: String.fromCharCode(65 + i),
        mode: 'signal',
        signal,
        stream: true,
        pollSeconds: 1,
      })),
      lastSeconds: Math.min(HISTORY_SECONDS, 300),
      width: 900,
      height: 380,
      options: { showLegend: true, thresholdsSource: 'app' },
      timeZone: 'utc',
    });
    await eventually(
      async () => (await browser!.page.getByTestId(testIds.streamPanel.tile).count()) === 6,
      'six stream tiles',
      60_000
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await shoot(browser, 'stream-panel.png', `[data-perfscope-panel="${stream}"]`, stream);
    await browser.host.unmountPanel(stream);

    log('done: commit docs/images');
  } finally {
    await browser?.close();
    await rig.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
