/**
 * The built app's Services page in Chromium against real Prometheus scraping a fleet of five
 * services (`--services 5`) with the catalog's recording rules (the health score per service): one
 * row per service, and after a fault on one service that service comes first, worst first, within
 * seconds. Search narrows the list. The faulted service's page shows its own score and only its
 * alerts, and the Overview names it first among the worst services and the firing ones. Prometheus
 * evaluates the catalog's alert rules; Grafana's alert list gives those instances (see
 * grafanaAlertList). Needs `npm run build` first.
 */
import {
  APP_PLUGIN_ID as APP,
  GRAFANA_ORIGIN_LABEL,
  ORIGIN,
  SECTIONS,
  type PerfscopeSettings,
  alertName,
  alertSpecs,
  buildPrometheusAlertGroups,
  buildPrometheusRecordingGroups,
  ruleTitle,
} from '@perfscope/catalog';
import { SERVICE_NAMES } from '@perfscope/simulator';
import type { PrometheusRig } from '../rig/prometheus';
import { FLEET, type FleetPage, startFleetPage, tableRows } from './fleetPage';
import { type BrowserHost, eventually } from './harness';
import { testIds } from '../../src/components/testIds';

const SERVICES = 5;
const FAULTED = 'player';
/** Alerts after 5 s instead of minutes: the test cannot wait for the catalog's `for`. */
const SETTINGS: PerfscopeSettings = {
  signals: Object.fromEntries(alertSpecs(undefined).map(({ signal }) => [signal.id, { for: '5s' }])),
};

interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

/**
 * Prometheus's firing alerts as Grafana's alert list gives the same rules' instances when Grafana
 * manages them (pkg/services/ngalert/api/prometheus/api_prometheus.go, RouteGetAlertStatuses):
 * the rule title as alertname, the rule's labels (with the origin label Perfscope's Grafana rules
 * carry) and the series' labels, the state as FormatStateAndReason writes it ("Alerting").
 */
function grafanaAlertList(alerts: PrometheusAlert[]) {
  const titles = new Map(alertSpecs(SETTINGS).map((spec) => [alertName(spec.signal.id, spec.severity), spec] as const));
  return alerts
    .filter((a) => a.state === 'firing' && titles.has(a.labels.alertname))
    .map((a) => {
      const spec = titles.get(a.labels.alertname)!;
      return {
        labels: {
          ...a.labels,
          alertname: ruleTitle(spec.signal, spec.severity),
          [GRAFANA_ORIGIN_LABEL]: ORIGIN,
        } as Record<string, string>,
        annotations: a.annotations,
        state: 'Alerting',
        activeAt: a.activeAt,
      };
    });
}

let rig: PrometheusRig;
let browser: BrowserHost;
let fleet: FleetPage | undefined;

beforeAll(async () => {
  // A short window, so the recorded scores follow a fault within seconds.
  const catalog = { window: '15s' };
  fleet = await startFleetPage({
    services: SERVICES,
    seed: 21,
    groups: [
      ...buildPrometheusRecordingGroups(SETTINGS, { catalog }),
      ...buildPrometheusAlertGroups(SETTINGS, { catalog }),
    ],
  });
  ({ rig, browser } = fleet);
}, 180_000);

afterAll(() => fleet?.stop());

afterEach(() => browser?.problems.assertNone());

/** The table's rows as text, top to bottom. */
const rows = () => tableRows(browser, testIds.services.table);

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

    // Healthy first (a fault of another test fades within the rules' 15 s window).
    await eventually(
      async () => (await rows()).every((r) => Number(/\b(\d+) \([A-F]\)/.exec(r)?.[1]) >= 90),
      'every service healthy',
      60_000
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
    await browser.screenshot('app-services');
    process.stdout.write(`services page: ${FAULTED} first ${firstAfter} ms after error-burst; ${(await rows())[0]}\n`);

    await browser.page.getByTestId(testIds.services.search).fill('PLAY');
    // Player (the faulted one, first) and playlists hold "play", whatever the case.
    await eventually(
      async () => (await rows()).map((r) => r.split(' ')[0]).join() === `${FAULTED},playlists`,
      'the search to narrow the list'
    );
    // Each service links to its own page.
    await expect(
      browser.page.locator(`[data-testid="${testIds.services.table}"] tbody tr a`).first().getAttribute('href')
    ).resolves.toBe(`/a/${APP}/service/${FAULTED}`);
    await rig.simulators[FLEET].setScenario('normal');
  }, 150_000);

  it("shows the faulted service's own score and alerts on its page, and the fleet on the Overview", async () => {
    await rig.simulators[FLEET].setScenario('error-burst', FAULTED);
    // Prometheus fires the faulted service's alerts.
    let firing: ReturnType<typeof grafanaAlertList> = [];
    await eventually(
      async () => {
        const response = await fetch(`${rig.url}/api/v1/alerts`);
        firing = grafanaAlertList(((await response.json()) as { data: { alerts: PrometheusAlert[] } }).data.alerts);
        return firing.some((a) => a.labels.job === FAULTED && a.labels.severity === 'critical');
      },
      `a critical alert firing for ${FAULTED}`,
      60_000
    );
    // Another service's alert too, so the page shows that it keeps only its own.
    const other = { ...firing[0], labels: { ...firing[0].labels, job: 'search' } };
    browser.server.setFiringAlerts([...firing, other]);
    try {
      await browser.host.mountAppPage(APP, `service/${FAULTED}`);
      const score = browser.page.getByTestId(testIds.service.health).getByTestId(testIds.healthPanel.score);
      await score.waitFor({ timeout: 60_000 });
      await eventually(async () => Number(await score.textContent()) < 90, `${FAULTED}'s own score below 90`, 60_000);
      const alerts = browser.page.getByTestId(testIds.service.alerts);
      await eventually(async () => (await alerts.innerText()).includes(`in ${FAULTED}`), `${FAULTED}'s alerts`);
      const text = await alerts.innerText();
      expect(text).not.toContain('in search');
      expect(text).toMatch(/critical/);
      // The live tiles are the service's own signals, and every dashboard link carries the service.
      const links = await browser.page
        .locator(`[data-testid="${testIds.service.container}"] a[href*="var-service"]`)
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links.length).toBe(SECTIONS.length);
      expect(links.every((href) => href?.endsWith(`?var-service=${FAULTED}`))).toBe(true);
      process.stdout.write(
        `service page: ${FAULTED} score ${await score.textContent()}; alerts: ${text.replace(/\s+/g, ' ')}\n`
      );
      await browser.screenshot('app-service');

      await browser.host.mountAppPage(APP, 'overview');
      const worst = browser.page.getByTestId(testIds.overview.worst);
      await eventually(
        async () => (await worst.innerText()).split('\n')[1]?.startsWith(FAULTED) === true,
        `${FAULTED} first among the worst services`,
        60_000
      ).catch(async (e: Error) => {
        throw new Error(`${e.message} Worst: ${await worst.innerText()}`);
      });
      const byService = browser.page.getByTestId(testIds.overview.firingByService);
      await eventually(async () => (await byService.innerText()).includes(FAULTED), 'the firing alerts by service');
      // Most critical alerts first: the faulted service, then search with its one copied alert.
      const lines = (await byService.innerText()).split('\n').filter((l) => l.trim());
      expect(lines.findIndex((l) => l.includes(FAULTED))).toBeLessThan(lines.findIndex((l) => l.includes('search')));
      await expect(browser.page.getByTestId(testIds.overview.fleet).innerText()).resolves.toMatch(
        new RegExp(`${SERVICES} services`)
      );
      await browser.screenshot('app-overview-fleet');
    } finally {
      browser.server.setFiringAlerts([]);
      await rig.simulators[FLEET].setScenario('normal');
    }
  }, 180_000);

  it("lists the service's deploy on its page once Prometheus has the new version", async () => {
    const version = await rig.simulators[FLEET].deploy({ version: '9.9.9-browser', service: FAULTED });
    expect(version).toBe('9.9.9-browser');
    await eventually(
      async () => (await rig.query(`app_build_info{job="${FAULTED}",version="${version}"}`)).length > 0,
      'Prometheus to scrape the new version',
      60_000
    );
    // The deploy list reads a day at one-minute steps, once per visit: visit again until its step
    // after the deploy has come.
    const deploys = browser.page.getByTestId(testIds.service.deploy);
    await eventually(
      async () => {
        await browser.host.mountAppPage(APP, `service/${FAULTED}`);
        await browser.page.getByTestId(testIds.service.deploys).waitFor({ timeout: 30_000 });
        await browser.page.waitForTimeout(3_000);
        return (await deploys.allInnerTexts()).some((row) => row.startsWith(version));
      },
      `the deploy of ${version} on ${FAULTED}'s page`,
      120_000
    );
    const rowsShown = await deploys.allInnerTexts();
    // Newest first: the new version, with the minute it came.
    expect(rowsShown[0]).toMatch(/^9\.9\.9-browser\s+\d{4}-\d\d-\d\d \d\d:\d\d/);
    process.stdout.write(`service page deploys: ${rowsShown.map((r) => r.replace(/\s+/g, ' ')).join(' | ')}\n`);
  }, 240_000);
});
