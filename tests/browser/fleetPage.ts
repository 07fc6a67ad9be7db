/**
 * An app page on a fleet: a simulator serving `services` services (each its own job, honour_labels),
 * real Prometheus with the given rule groups, and the built app in Chromium with the rig's Perfscope
 * datasource in the app settings. `stop()` ends everything, also what a failed start left running.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APP_PLUGIN_ID as APP } from '@perfscope/catalog';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, RIG_DATASOURCE_UID, startBrowserHost } from './harness';

export const FLEET = 'fleet';

export interface FleetPage {
  rig: PrometheusRig;
  browser: BrowserHost;
  stop(): Promise<void>;
}

/** The table rows of a page's table (by test id) as text, top to bottom. */
export function tableRows(browser: BrowserHost, tableTestId: string): Promise<string[]> {
  return browser.page.$$eval(`[data-testid="${tableTestId}"] tbody tr`, (trs) =>
    trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim())
  );
}

export async function startFleetPage(options: {
  services: number;
  seed: number;
  groups: unknown[];
}): Promise<FleetPage> {
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-fleet-page-'));
  let rig: PrometheusRig | undefined;
  let browser: BrowserHost | undefined;
  const stop = async () => {
    await browser?.host.unmountAppPage();
    await browser?.close();
    await rig?.stop();
    fs.rmSync(rulesDir, { recursive: true, force: true });
  };
  try {
    const rules = path.join(rulesDir, 'rules.yml');
    // JSON is YAML: Prometheus reads the rule file as it is.
    fs.writeFileSync(rules, JSON.stringify({ groups: options.groups }));
    const args = ['--services', String(options.services), '--speed', '5', '--seed', String(options.seed)];
    rig = await PrometheusRig.start({ simulators: [{ job: FLEET, args, honorLabels: true }], ruleFiles: [rules] });
    await rig.waitForScrapes(FLEET, 6);
    browser = await startBrowserHost({ rig, viewport: { width: 1400, height: 900 } });
    // Pages read the app settings once per page load: set before any page opens.
    browser.server.setPluginSettings(APP, { enabled: true, jsonData: { datasourceUid: RIG_DATASOURCE_UID } });
    return { rig, browser, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
