/**
 * The built app's Objectives page in Chromium against real Prometheus scraping a fleet of three
 * services with the objectives' recording rules: a row per service and objective, each with its
 * budget left; after an error burst on one service its availability budget falls below zero and its
 * row comes first, burning at the paging rate. Needs `npm run build` first.
 */
import { APP_PLUGIN_ID as APP, buildSloRuleGroups } from '@perfscope/catalog';
import { SERVICE_NAMES } from '@perfscope/simulator';
import type { PrometheusRig } from '../rig/prometheus';
import { FLEET, type FleetPage, startFleetPage, tableRows } from './fleetPage';
import { type BrowserHost, UNIT_ID, eventually } from './harness';
import { testIds } from '../../src/components/testIds';

const SERVICES = 3;
const FAULTED = 'search';

let rig: PrometheusRig;
let browser: BrowserHost;
let fleet: FleetPage | undefined;

beforeAll(async () => {
  // The budget every 5 s instead of 5 minutes: the test cannot wait.
  fleet = await startFleetPage({
    services: SERVICES,
    seed: 5,
    groups: buildSloRuleGroups(undefined, { budgetInterval: '5s' }),
  });
  ({ rig, browser } = fleet);
}, 180_000);

afterAll(() => fleet?.stop());

afterEach(() => browser?.problems.assertNone());

/** The table's rows as text, top to bottom. */
const rows = () => tableRows(browser, testIds.slo.table);

/** The budget left of a row, in percent ("75 %", "-1,234 %"). */
const budgetOf = (row: string) => Number(/Over 30 days (-?[\d.,]+) ?%/i.exec(row)?.[1]?.replace(/,/g, ''));

/** The burn rate of a row ("131 ×"). */
const burnOf = (row: string) => Number(/(\d[\d.,]*) ×/.exec(row)?.[1]?.replace(/,/g, ''));

describe('the Objectives page', () => {
  it("shows each service's budgets, and a faulted service's availability budget falling to first place", async () => {
    await browser.host.mountAppPage(APP, 'slo');
    await browser.page.getByTestId(testIds.slo.table).waitFor({ timeout: 60_000 });
    // Two objectives per service, once the budget rule has run.
    await eventually(async () => (await rows()).length === 2 * SERVICES, 'a row per service and objective', 60_000);
    const services = [...new Set((await rows()).map((r) => r.split(' ')[0]))].sort();
    expect(services).toEqual([...SERVICE_NAMES.slice(0, SERVICES)].sort());
    const before = (await rows()).find((r) => r.startsWith(`${FAULTED} Availability`))!;
    expect(before).toMatch(/Availability 99\.9 % over 30 days/);
    expect(before.match(UNIT_ID)).toBeNull();

    await rig.simulators[FLEET].setScenario('error-burst', FAULTED);
    const started = Date.now();
    await eventually(
      async () => {
        const [first] = await rows();
        return (
          first?.startsWith(`${FAULTED} Availability`) === true &&
          budgetOf(first) < 0 &&
          /Critical/.test(first) &&
          burnOf(first) > 14.4
        );
      },
      `${FAULTED}'s availability budget spent, burning at the paging rate, and first`,
      90_000
    ).catch(async (e: Error) => {
      throw new Error(`${e.message} Rows: ${(await rows()).join(' | ')}`);
    });
    const [first] = await rows();
    process.stdout.write(`objectives page: ${FAULTED} first ${Date.now() - started} ms after error-burst: ${first}\n`);
    // Spent: no time left to count, and a burn rate far above the paging rate.
    expect(first).toMatch(/Spent/);
    expect(burnOf(first)).toBeGreaterThan(14.4);
    // The other services' availability budgets stay positive.
    const others = (await rows()).filter((r) => / Availability /.test(r) && !r.startsWith(`${FAULTED} `));
    expect(others.every((r) => budgetOf(r) > 0)).toBe(true);
    await browser.screenshot('app-objectives');
    await rig.simulators[FLEET].setScenario('normal');
  }, 180_000);
});
