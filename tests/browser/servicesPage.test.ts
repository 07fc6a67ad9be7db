/**
 * The built app's Services page in Chromium against real Prometheus scraping a fleet of five
 * services (`--services 5`) with the catalog's recording rules (the health score per service): one
 * row per service, and after a fault on one service that service comes first, worst first, within
 * seconds. Search narrows the list. Needs `npm run build` first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { APP_PLUGIN_ID as APP, buildPrometheusRecordingGroups } from '@perfscope/catalog';
import { SERVICE_NAMES } from '@perfscope/simulator';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, RIG_DATASOURCE_UID, eventually, startBrowserHost } from './harness';
import { testIds } from '../../src/components/testIds';

const FLEET = 'fleet';
const SERVICES = 5;
const FAULTED = 'player';

let rig: PrometheusRig;
let browser: BrowserHost;
let rulesDir: string;

beforeAll(async () => {
  rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-services-rules-'));
  const rules = path.join(rulesDir, 'recording.yml');
  // JSON is YAML. A short window, so the recorded scores follow a fault within seconds.
  fs.writeFileSync(
    rules,
    JSON.stringify({ groups: buildPrometheusRecordingGroups(undefined, { catalog: { window: '15s' } }) })
  );
  rig = await PrometheusRig.start({
    simulators: [
      { job: FLEET, args: ['--services', String(SERVICES), '--speed', '5', '--seed', '21'], honorLabels: true },
    ],
    ruleFiles: [rules],
  });
  await rig.waitForScrapes(FLEET, 6);
  browser = await startBrowserHost({ rig, viewport: { width: 1400, height: 900 } });
  // Pages read the app settings once per page load: set before any page opens.
  browser.server.setPluginSettings(APP, { enabled: true, jsonData: { datasourceUid: RIG_DATASOURCE_UID } });
}, 180_000);

afterAll(async () => {
  await browser?.host.unmountAppPage();
  await browser?.close();
  await rig?.stop();
  if (rulesDir) {
    fs.rmSync(rulesDir, { recursive: true, force: true });
  }
});

afterEach(() => browser?.problems.assertNone());

/** The table's rows as text, top to bottom. */
const rows = () =>
  browser.page.$$eval(`[data-testid="${testIds.services.table}"] tbody tr`, (trs) =>
    trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim())
  );

describe('the Services page', () => {
  it('lists every service, puts the faulted one first within seconds, and searches', async () => {
    await browser.host.mountAppPage(APP, 'services');
    await browser.page.getByTestId(testIds.services.table).waitFor({ timeout: 60_000 });
    await eventually(async () => (await rows()).length === SERVICES, 'a row per service', 30_000);
    const names = (await rows()).map((r) => r.split(' ')[0]).sort();
    expect(names).toEqual([...SERVICE_NAMES.slice(0, SERVICES)].sort());
    // Every score is there (the recording rule per service), as a score and a grade.
    await eventually(
      async () => (await rows()).every((r) => /\b\d+ \([A-F]\)/.test(r)),
      'a score in every row',
      30_000
    );

    await rig.simulators[FLEET].setScenario('error-burst', FAULTED);
    const started = Date.now();
    await eventually(
      async () => {
        const [first] = await rows();
        const score = Number(/\b(\d+) \([A-F]\)/.exec(first ?? '')?.[1]);
        return first?.startsWith(`${FAULTED} `) === true && score < 90;
      },
      `${FAULTED} first with a falling score`,
      60_000
    ).catch(async (e: Error) => {
      throw new Error(`${e.message} Rows: ${(await rows()).join(' | ')}`);
    });
    const firstAfter = Date.now() - started;
    process.stdout.write(`services page: ${FAULTED} first ${firstAfter} ms after error-burst; ${(await rows())[0]}\n`);

    await browser.page.getByTestId(testIds.services.search).fill('PLAY');
    // Player (the faulted one, first) and playlists hold "play", whatever the case.
    await eventually(
      async () => (await rows()).map((r) => r.split(' ')[0]).join() === `${FAULTED},playlists`,
      'the search to narrow the list'
    );
    await rig.simulators[FLEET].setScenario('normal');
  }, 150_000);
});
