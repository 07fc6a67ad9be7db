/**
 * The built health-score panel in Chromium, fed by the built datasource's live Health query against
 * real Prometheus and the simulator: A under `normal`, below 70 with the error rate as the biggest
 * loss within a bounded time after `error-burst`, back after `normal`; thresholds from the app
 * settings; bad input explained instead of scored. Needs `npm run build` first.
 */
import * as fs from 'fs';
import { PrometheusRig } from '../rig/prometheus';
import { type BrowserHost, RIG_DATASOURCE_UID, eventually, startBrowserHost } from './harness';
import { APP_PLUGIN_ID as APP, HEALTH_COMPONENTS } from '@perfscope/catalog';
import { heightForRows } from '../../src/panels/healthscore/layout';
import { NORMAL } from '../../src/panels/healthscore/normalValues';

const HEALTH_PANEL = 'perfscope-healthscore-panel';
const TO_BELOW_70_MS = 90_000;
const TO_RECOVER_MS = 120_000;

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5', '--seed', '7'] }] });
  await rig.waitForScrapes('sim', 4);
  browser = await startBrowserHost({ rig, viewport: { width: 1200, height: 900 } });
  // The admin moved the latency thresholds: the panel must show these, not the catalog's 1 s / 2 s.
  // Set before any panel reads the settings (panels read them once per page load).
  browser.server.pluginSettings.set(APP, {
    enabled: true,
    pinned: false,
    jsonData: { signals: { http_latency_p95: { warning: 1.5, critical: 3 } } },
    secureJsonData: {},
  });
});

afterEach(() => {
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

interface PanelState {
  score?: number;
  grade?: string;
  rows: Array<{ id: string; status: string; text: string; href: string }>;
  problems: string;
  notes: string;
  trendPoints: number;
}

/** What the panel shows: score, grade, breakdown rows in order, problems, notes, trend points. */
async function state(id: number): Promise<PanelState> {
  return browser.page.evaluate((panelId) => {
    const panel = document.querySelector(`[data-perfscope-panel="${panelId}"]`);
    const q = (testId: string) => panel?.querySelector(`[data-testid="data-testid perfscope-health-${testId}"]`);
    const scoreText = q('score')?.textContent;
    return {
      score: scoreText ? Number(scoreText) : undefined,
      grade: q('grade')?.textContent ?? undefined,
      rows: Array.from(panel?.querySelectorAll('[data-testid="data-testid perfscope-health-component"]') ?? []).map(
        (li) => ({
          id: (li as HTMLElement).dataset.component ?? '',
          status: (li as HTMLElement).dataset.status ?? '',
          text: (li as HTMLElement).innerText,
          href: li.querySelector('a')?.getAttribute('href') ?? '',
        })
      ),
      problems: (q('problems') as HTMLElement | null)?.innerText ?? '',
      notes: (q('notes') as HTMLElement | null)?.innerText ?? '',
      trendPoints: Number(q('trend')?.getAttribute('data-points') ?? 0),
    };
  }, id);
}

describe('health-score panel, live', () => {
  it('scores A under normal, drops below 70 on an error burst with the error rate costing most, and recovers', async () => {
    const id = await browser.host.mountPanel({
      pluginId: HEALTH_PANEL,
      title: 'Service health',
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [{ refId: 'H', mode: 'health', stream: true, pollSeconds: 1 }],
      lastSeconds: 180,
      width: 760,
      height: 560,
      timeZone: 'utc',
    });
    try {
      await eventually(async () => (await state(id)).rows.length === 9, 'nine components', 60_000);
      // Each component streams on its own; a score can show before the slowest first poll has answered.
      await eventually(
        async () => {
          const s = await state(id);
          return (s.score ?? 0) >= 90 && s.rows.every((r) => r.status !== 'no-data');
        },
        'a score of 90 or more under normal, every component with data',
        60_000
      );
      const normal = await state(id);
      expect(normal.grade).toBe('A');
      expect(normal.problems).toBe('');
      expect(normal.rows.filter((r) => r.status !== 'ok')).toEqual([]);
      // Thresholds from the app settings, and links to the area dashboards with the time range.
      const latency = normal.rows.find((r) => r.id === 'http_latency_p95')!;
      expect(latency.text).toMatch(/warning > 1\.5 s · critical > 3 s/);
      expect(latency.href).toMatch(/^\/d\/perfscope-http\?from=\d+&to=\d+$/);
      await eventually(async () => (await state(id)).trendPoints >= 2, 'a trend of the score', 30_000);

      const started = Date.now();
      await rig.simulators.sim.setScenario('error-burst');
      await eventually(async () => ((await state(id)).score ?? 100) < 70, 'a score below 70', TO_BELOW_70_MS);
      const toBelow70 = Date.now() - started;
      const burst = await state(id);
      expect(burst.grade).toMatch(/^[DF]$/);
      expect(burst.rows[0]).toMatchObject({ id: 'http_error_rate', status: 'critical' });
      expect(burst.rows[0].text).toMatch(/HTTP error rate[\s\S]*−\d+\.\d pts/);
      await eventually(async () => (await state(id)).rows[0].text.includes('0/100'), 'the error rate at 0/100', 30_000);
      const shot = await browser.screenshot('health-panel', id);
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      const lowest = (await state(id)).score;

      const recovering = Date.now();
      await rig.simulators.sim.setScenario('normal');
      await eventually(async () => ((await state(id)).score ?? 0) >= 90, 'a score of 90 or more again', TO_RECOVER_MS);
      const toRecover = Date.now() - recovering;
      expect((await state(id)).grade).toBe('A');
      process.stdout.write(
        `health panel: ${normal.score} under normal; below 70 ${toBelow70} ms after error-burst (${lowest}, grade ${burst.grade}); 90+ again ${toRecover} ms after normal\n`
      );
    } finally {
      await browser.host.unmountPanel(id);
    }
  });
});

describe('health-score panel, bad input', () => {
  const T0 = 1_700_000_000_000;
  const frame = (name: string, values: number[], refId = 'A') => ({
    refId,
    fields: [
      { name: 'Time', type: 'time', values: values.map((_, i) => T0 + i * 15_000) },
      { name, type: 'number', values },
    ],
  });

  it.each([
    ['no component mapped', [frame('Value', [1])], {}, /No series is mapped to a health component/],
    [
      'every weight zero',
      [frame('http_error_rate', [0.01])],
      { thresholdsSource: 'auto', components: [{ id: 'http_error_rate', enabled: true, weight: 0 }] },
      /Every health component has weight 0/,
    ],
    [
      'a negative weight',
      [frame('http_error_rate', [0.01])],
      { thresholdsSource: 'auto', components: [{ id: 'http_error_rate', enabled: true, weight: -3 }] },
      /Weight of HTTP error rate is -3/,
    ],
    [
      'inverted thresholds',
      [frame('http_error_rate', [0.01])],
      {
        thresholdsSource: 'auto',
        components: [{ id: 'http_error_rate', enabled: true, warning: 0.2, critical: 0.1 }],
      },
      /thresholds are inverted/,
    ],
    ['a NaN series', [frame('http_error_rate', [NaN])], {}, /No health component has a value.*NaN/],
  ])('explains %s instead of scoring', async (_name, frames, options, message) => {
    const id = await browser.host.mountPanel({ pluginId: HEALTH_PANEL, width: 520, height: 260, frames, options });
    try {
      await eventually(async () => message.test((await state(id)).problems), `the message ${message}`);
      expect((await state(id)).score).toBeUndefined();
    } finally {
      await browser.host.unmountPanel(id);
    }
  });

  /** The panel's box and its breakdown lines: every row's and the "more" line's bottom edge. */
  const layout = (id: number) =>
    browser.page.evaluate((panelId) => {
      const panel = document.querySelector(`[data-perfscope-panel="${panelId}"]`)!;
      const bottom = (el: Element) => el.getBoundingClientRect().bottom;
      const more = panel.querySelector('[data-testid="data-testid perfscope-health-more"]');
      const headline = panel.querySelector('[data-testid="data-testid perfscope-health-headline"]');
      return {
        panelBottom: bottom(panel),
        // The height Grafana's panel chrome gives the panel (the panel's own root).
        innerHeight: (headline?.parentElement as HTMLElement | null)?.getBoundingClientRect().height ?? 0,
        rowBottoms: Array.from(panel.querySelectorAll('[data-testid="data-testid perfscope-health-component"]')).map(
          bottom
        ),
        more: more ? { text: (more as HTMLElement).innerText, bottom: bottom(more) } : undefined,
      };
    }, id);

  it('never cuts its component list: whole rows only, a line naming the rest, all of them once there is room', async () => {
    const frames = HEALTH_COMPONENTS.map(({ signal }) => frame(signal, [NORMAL[signal], NORMAL[signal]]));
    const id = await browser.host.mountPanel({ pluginId: HEALTH_PANEL, width: 420, height: 300, frames });
    try {
      await eventually(async () => (await layout(id)).more !== undefined, 'the line naming the hidden rows');
      const low = await layout(id);
      expect(low.rowBottoms.length).toBeGreaterThan(0);
      expect(low.rowBottoms.length).toBeLessThan(HEALTH_COMPONENTS.length);
      for (const b of [...low.rowBottoms, low.more!.bottom]) {
        expect(b).toBeLessThanOrEqual(low.panelBottom);
      }
      expect(low.more!.text).toBe(
        `${HEALTH_COMPONENTS.length - low.rowBottoms.length} more components (all OK): enlarge the panel to list them.`
      );
      // The height the Overview gives the panel (PanelRenderer has no chrome): every component, no line.
      const chrome = 300 - low.innerHeight;
      await browser.host.resizePanel(id, 420, heightForRows(HEALTH_COMPONENTS.length) + chrome);
      await eventually(
        async () => (await layout(id)).rowBottoms.length === HEALTH_COMPONENTS.length,
        'every component listed'
      );
      const tall = await layout(id);
      expect(tall.more).toBeUndefined();
      expect(Math.max(...tall.rowBottoms)).toBeLessThanOrEqual(tall.panelBottom);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });
});
