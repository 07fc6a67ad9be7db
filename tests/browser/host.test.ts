/**
 * The browser host itself: the BUILT plugins load in Chromium through SystemJS with the shared
 * modules, the built datasource reaches the rig's Prometheus through the route proxy, panels mount
 * with real PanelProps fed by streamed queries or static frames. Needs `npm run build` first.
 */
import * as fs from 'fs';
import { externals } from '../../.config/bundler/externals';
import { PrometheusRig } from '../rig/prometheus';
import { startAuthGuard } from '../rig/routeProxy';
import * as path from 'path';
import { type BrowserHost, RIG_DATASOURCE_UID, eventually, panelContent, startBrowserHost } from './harness';
import { RUNTIME } from './hostBundle';

const STREAM_PANEL = 'perfscope-stream-panel';
const HEALTH_PANEL = 'perfscope-healthscore-panel';
const STREAM_TARGET = { refId: 'A', mode: 'signal', signal: 'http_request_rate', stream: true, pollSeconds: 1 };

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5'] }] });
  // Several scrapes, so rate() has values at more than one step.
  await rig.waitForScrapes('sim', 4);
  browser = await startBrowserHost({ rig });
});

afterEach(() => {
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

describe(`the Grafana ${RUNTIME.name} runtime (PERFSCOPE_GRAFANA)`, () => {
  const installed = (pkg: string) =>
    JSON.parse(fs.readFileSync(path.join(RUNTIME.nodeModules, pkg, 'package.json'), 'utf8')).version as string;
  // react-dom 18.3.1 calls itself 18.3.1-next-<commit>-<date> at run time.
  const releaseOf = (pkg: string) => expect.stringMatching(new RegExp(`^${installed(pkg).replace(/\./g, '\\.')}(-|$)`));

  it("runs the runtime's React and @grafana packages in the page, and reports its Grafana version", async () => {
    const versions = await browser.host.runtimeVersions();
    // React 18 with Grafana 12, React 19 with Grafana 13.
    const reactMajor = { '12': '18', '13': '19' }[RUNTIME.name];
    expect(versions.react.split('.')[0]).toBe(reactMajor);
    expect(versions.grafanaRuntime.split('.')[0]).toBe(RUNTIME.name);
    expect(versions).toEqual({
      react: installed('react'),
      reactDom: releaseOf('react-dom'),
      hostReact: installed('react'),
      hostReactDom: releaseOf('react-dom'),
      grafanaData: installed('@grafana/data'),
      grafanaRuntime: installed('@grafana/runtime'),
      grafanaUi: installed('@grafana/ui'),
      buildInfo: RUNTIME.grafanaVersion,
    });
    await expect(browser.page.evaluate(() => window.perfscopeHost?.grafanaVersion)).resolves.toBe(
      RUNTIME.grafanaVersion
    );
  });
});

describe('loading the built plugins', () => {
  it('shares every module name the build marks external (except angular and grafana/app paths)', async () => {
    const shared = await browser.host.sharedModules();
    const names = (externals as unknown[]).filter((e): e is string => typeof e === 'string');
    expect(names.filter((name) => !shared.includes(name))).toEqual(['angular']);
    const patterns = (externals as unknown[]).filter((e): e is RegExp => e instanceof RegExp);
    for (const pattern of patterns) {
      expect(shared.filter((name) => pattern.test(name)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('imports each plugin of dist/ as the @grafana/data class its plugin.json type names', async () => {
    const kinds: Record<string, string> = { panel: 'PanelPlugin', datasource: 'DataSourcePlugin', app: 'AppPlugin' };
    expect(browser.server.plugins.size).toBe(4);
    for (const id of browser.server.plugins.keys()) {
      const info = await browser.host.loadPlugin(id);
      expect(info.id).toBe(id);
      expect(info.kind).toBe(kinds[info.type]);
    }
  });
});

describe('the built datasource against real Prometheus', () => {
  it('passes its connection test through the route proxy', async () => {
    const result = await browser.host.testDatasource(RIG_DATASOURCE_UID);
    expect(result).toEqual({
      status: 'success',
      message: expect.stringMatching(/^Connected: Prometheus-compatible API, version 2\.\d+/),
    });
    const proxied = browser.server.proxyOf(RIG_DATASOURCE_UID).received;
    expect(proxied.some((r) => r.path.endsWith('/plain/api/v1/status/buildinfo'))).toBe(true);
  });

  it('returns frames of numbers for a signal query', async () => {
    const [response] = await browser.host.queryDatasource(RIG_DATASOURCE_UID, {
      targets: [{ refId: 'A', mode: 'signal', signal: 'http_request_rate' }],
      lastSeconds: 60,
    });
    expect(response.errors).toEqual([]);
    const [time, value] = response.frames[0].fields;
    expect(time.type).toBe('time');
    expect(value.values.length).toBeGreaterThan(1);
    expect(value.values.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)).toBe(true);
    expect(value.config).toMatchObject({ unit: 'reqps' });
  });
});

describe('Grafana services as the datasource sees them', () => {
  it('adds the secrets on the server side only', async () => {
    const guard = await startAuthGuard(rig.url, { authorization: 'Bearer s3cret-token', tenant: 'team-a' });
    try {
      const settings = await browser.addDatasource({
        uid: 'guarded',
        jsonData: { url: guard.url, authMethod: 'bearer', tenant: 'team-a', scrapeInterval: '1s' },
        secureJsonData: { bearerToken: 's3cret-token' },
      });
      expect(settings.secureJsonFields).toEqual({ bearerToken: true });
      await expect(browser.host.testDatasource('guarded')).resolves.toMatchObject({ status: 'success' });
      expect(guard.seen.at(-1)).toMatchObject({ authorization: 'Bearer s3cret-token', 'x-scope-orgid': 'team-a' });
      const fromBrowser = browser.server.proxyOf('guarded').received;
      expect(fromBrowser.length).toBeGreaterThan(0);
      expect(JSON.stringify(fromBrowser)).not.toContain('s3cret-token');
    } finally {
      await guard.close();
    }
  });

  it("shapes HTTP errors like Grafana's FetchError, which the datasource explains", async () => {
    await browser.addDatasource({ uid: 'wrong-path', jsonData: { url: `${rig.url}/wrong/prefix` } });
    await expect(browser.host.testDatasource('wrong-path')).resolves.toEqual({
      status: 'error',
      message: expect.stringMatching(/^Not found \(404\) at http:\/\/127\.0\.0\.1:\d+\/wrong\/prefix/),
    });
    // Chromium logs the 404 itself: that one is expected.
    await eventually(async () => browser.errors.length > 0, 'the console error of the 404');
    expect(browser.problems.take()).toEqual([
      expect.stringMatching(/status of 404 .*\/api\/datasources\/proxy\/uid\/wrong-path\//),
    ]);
  });
});

describe('panels', () => {
  it('mounts the stream panel on a streaming query and re-renders with every poll', async () => {
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      title: 'Request rate',
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [STREAM_TARGET],
      lastSeconds: 120,
      width: 640,
      height: 320,
    });
    try {
      await eventually(async () => (await browser.host.panelInfo(id)).dataUpdates >= 4, 'four stream updates');
      const info = await browser.host.panelInfo(id);
      expect(info).toMatchObject({ state: 'Streaming', errors: [], seriesCount: 1 });
      expect(info.renders).toBeGreaterThanOrEqual(info.dataUpdates);
      // Text or canvas, whichever the panel draws with: the latest rate in req/s must be there.
      const shown = await panelContent(browser.page, id);
      expect(/\d req\/s/.test(shown.text) || shown.paintedCanvases > 0).toBe(true);
      const file = await browser.screenshot('stream-panel', id);
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });

  it('stops polling when the panel is unmounted', async () => {
    const id = await browser.host.mountPanel({
      pluginId: STREAM_PANEL,
      datasourceUid: RIG_DATASOURCE_UID,
      targets: [STREAM_TARGET],
      lastSeconds: 60,
    });
    await eventually(async () => (await browser.host.panelInfo(id)).dataUpdates >= 2, 'a stream update');
    await browser.host.unmountPanel(id);
    const proxied = browser.server.proxyOf(RIG_DATASOURCE_UID).received;
    const before = proxied.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(proxied.length).toBe(before);
    expect(await browser.page.locator(`[data-perfscope-panel="${id}"]`).count()).toBe(0);
  });

  it('mounts the health-score panel on static frames and follows option changes and resizes', async () => {
    const id = await browser.host.mountPanel({
      pluginId: HEALTH_PANEL,
      title: 'Health',
      width: 480,
      height: 200,
      frames: [
        {
          refId: 'http_error_rate',
          fields: [
            { name: 'Time', type: 'time', values: [1_700_000_000_000, 1_700_000_060_000] },
            { name: 'Value', type: 'number', values: [0.01, 0.2], config: { unit: 'percentunit' } },
          ],
        },
      ],
    });
    try {
      const panel = browser.page.locator(`[data-perfscope-panel="${id}"]`);
      // The panel reads the app settings first, then shows the component.
      await eventually(
        async () => /HTTP error rate[\s\S]*20\.00%/.test(await panel.innerText()),
        'the error-rate component at 20.00%'
      );
      await browser.host.updatePanel(id, { options: { decimals: 0 } });
      await eventually(async () => /\b20%/.test(await panel.innerText()), 'the value with 0 decimals');
      await browser.host.resizePanel(id, 360, 160);
      const box = await panel.boundingBox();
      expect(box).toMatchObject({ width: 360, height: 160 });
      expect((await browser.host.panelInfo(id)).options).toMatchObject({ decimals: 0 });
      await browser.screenshot('healthscore-panel', id);
    } finally {
      await browser.host.unmountPanel(id);
    }
  });
});

describe('what Grafana would display', () => {
  it('applies units, decimals, min/max and thresholds through the standard field-config registry', async () => {
    const [field] = await browser.host.displayValues(
      [{ fields: [{ name: 'latency', type: 'number', values: [12.345, 95, 250] }] }],
      {
        defaults: {
          unit: 'ms',
          decimals: 1,
          min: 0,
          max: 500,
          thresholds: {
            mode: 'absolute',
            steps: [
              { value: -Infinity, color: 'green' },
              { value: 100, color: 'red' },
            ],
          },
        },
      }
    );
    expect(field.values.map((v) => v.text)).toEqual(['12.3 ms', '95.0 ms', '250.0 ms']);
    expect(field.values.map((v) => v.percent)).toEqual([12.345 / 500, 95 / 500, 250 / 500]);
    const [green, , red] = field.values.map((v) => v.color);
    expect(green).not.toBe(red);
    expect(field.values[1].color).toBe(green);
  });
});

describe('the network guard', () => {
  it('blocks requests to non-loopback addresses and reports them', async () => {
    const outcome = await browser.page.evaluate(() =>
      fetch('http://192.0.2.1/').then(
        () => 'reached',
        () => 'blocked'
      )
    );
    expect(outcome).toBe('blocked');
    expect(browser.problems.blocked).toContain('http://192.0.2.1/');
    // The guard's record, then Chromium's own console error for the refused request.
    await eventually(async () => browser.errors.length >= 2, "Chromium's console error");
    expect(browser.problems.take()).toEqual([
      'blocked a request to a non-loopback address: http://192.0.2.1/',
      expect.stringMatching(/^console\.error: Failed to load resource: net::ERR_BLOCKED_BY_CLIENT/),
    ]);
  });
});
