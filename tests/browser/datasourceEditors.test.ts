/**
 * The built datasource's editors in Chromium, mounted as Grafana mounts them: the config editor as
 * the datasource settings page does (a changed URL, auth method and token reach the settings, and
 * saved they pass the connection test with the token added on the server side), the query editor as
 * a query row does (mode, signal and PromQL changes become the query, and each run returns data from real
 * Prometheus). Needs `npm run build` first.
 */
import { HEALTH_COMPONENTS } from '@perfscope/catalog';
import { testIds } from '../../src/components/testIds';
import { PrometheusRig } from '../rig/prometheus';
import { startAuthGuard } from '../rig/routeProxy';
import { type BrowserHost, RIG_DATASOURCE_UID, eventually, startBrowserHost } from './harness';

let rig: PrometheusRig;
let browser: BrowserHost;

beforeAll(async () => {
  rig = await PrometheusRig.start({ simulators: [{ job: 'sim', args: ['--speed', '5'] }] });
  await rig.waitForScrapes('sim', 4);
  browser = await startBrowserHost({ rig });
});

afterEach(async () => {
  await browser?.host.unmountDatasourceEditor();
  browser?.problems.assertNone();
});

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

const editor = () => browser.page.locator('[data-perfscope-datasource-editor]');

/** Waits until the query row's last run has finished; the error names the row's state. */
async function runFinished(what: string): Promise<void> {
  await eventually(async () => (await browser.host.queryEditorState()).dataState === 'Done', what).catch(
    async (error: Error) => {
      throw new Error(`${error.message} The row: ${JSON.stringify(await browser.host.queryEditorState())}`);
    }
  );
}

describe('the datasource config editor', () => {
  it('edits URL, auth method and token; saved, they pass the connection test through the proxy', async () => {
    const guard = await startAuthGuard(rig.url, { authorization: 'Bearer t0ken-from-the-editor' });
    try {
      await browser.addDatasource({ uid: 'edited', jsonData: { url: 'http://127.0.0.1:9', scrapeInterval: '1s' } });
      await browser.host.mountDatasourceConfigEditor('edited');
      const url = editor().locator('#perfscope-url');
      await expect(url.inputValue()).resolves.toBe('http://127.0.0.1:9');

      await url.fill(guard.url);
      await editor().getByRole('radio', { name: 'Bearer token' }).click();
      await editor().locator('#perfscope-bearerToken').fill('t0ken-from-the-editor');
      const { options, changes } = await browser.host.configEditorState();
      expect(changes).toBeGreaterThanOrEqual(3);
      expect(options.jsonData).toEqual({ url: guard.url, scrapeInterval: '1s', authMethod: 'bearer' });
      expect(options.secureJsonData).toEqual({ bearerToken: 't0ken-from-the-editor' });
      expect(options).toMatchObject({ uid: 'edited', type: 'perfscope-proxy-datasource', basicAuth: false });

      // Save & test, as the settings page does: Grafana stores the settings, then the datasource tests the connection.
      await browser.addDatasource({
        uid: 'edited',
        jsonData: options.jsonData,
        secureJsonData: options.secureJsonData,
      });
      await expect(browser.host.testDatasource('edited')).resolves.toMatchObject({ status: 'success' });
      expect(guard.seen.at(-1)).toMatchObject({ authorization: 'Bearer t0ken-from-the-editor' });

      // Opened again, the page shows the saved URL and the token as configured, never its value.
      await browser.host.mountDatasourceConfigEditor('edited');
      await expect(editor().locator('#perfscope-url').inputValue()).resolves.toBe(guard.url);
      const state = await browser.host.configEditorState();
      expect(state.options.secureJsonFields).toEqual({ bearerToken: true });
      expect(await editor().innerText()).not.toContain('t0ken-from-the-editor');
      await expect(editor().getByRole('button', { name: 'Reset' }).count()).resolves.toBe(1);
      await browser.screenshot('datasource-config-editor');
    } finally {
      await guard.close();
    }
  });

  it('moves credentials out of the URL, explains a URL it cannot use, and the message goes once the URL is right', async () => {
    await browser.addDatasource({ uid: 'bad-url', jsonData: {} });
    await browser.host.mountDatasourceConfigEditor('bad-url');
    const url = editor().locator('#perfscope-url');
    await url.fill('http://user:pw@prometheus:9090');
    const moved = 'Credentials moved out of the URL';
    await eventually(async () => (await editor().innerText()).includes(moved), 'the note that the credentials moved');
    await expect(url.inputValue()).resolves.toBe('http://prometheus:9090');
    const afterMove = (await browser.host.configEditorState()).options;
    expect(afterMove).toMatchObject({
      basicAuth: true,
      basicAuthUser: 'user',
      secureJsonData: { basicAuthPassword: 'pw' },
    });
    expect(JSON.stringify(afterMove.jsonData)).not.toContain('pw');
    await url.fill('http://prometheus:9090/api/v1');
    await eventually(async () => (await editor().innerText()).includes('Leave /api/v1 off'), 'the /api/v1 message');
    await url.fill('http://prometheus:9090');
    await eventually(async () => !(await editor().innerText()).includes('Leave /api/v1 off'), 'no message');
    const { options } = await browser.host.configEditorState();
    expect(options.jsonData.url).toBe('http://prometheus:9090');
  });
});

describe('the datasource query editor', () => {
  it('turns mode and signal choices into the query and runs it against Prometheus', async () => {
    await browser.host.mountQueryEditor({
      datasourceUid: RIG_DATASOURCE_UID,
      query: { refId: 'A', mode: 'signal', signal: 'http_request_rate' },
      lastSeconds: 120,
    });
    const row = editor();
    await expect(row.getByRole('radio', { name: 'Signal' }).isChecked()).resolves.toBe(true);
    const signal = row.getByRole('combobox').nth(1);
    await expect(signal.inputValue()).resolves.toBe('HTTP request rate');

    // Health mode: one query per component, run at once.
    await row.getByRole('radio', { name: 'Health' }).click();
    await row.getByTestId(testIds.queryEditor.health).waitFor();
    await runFinished('the health run');
    let state = await browser.host.queryEditorState();
    expect(state.query).toMatchObject({ refId: 'A', mode: 'health' });
    expect(state.runs).toBe(1);
    expect(state.errors).toEqual([]);
    expect(state.seriesCount).toBeGreaterThanOrEqual(HEALTH_COMPONENTS.length - 2);

    // Back to a signal, picked in the combobox.
    await row.getByRole('radio', { name: 'Signal' }).click();
    await row.getByRole('combobox').nth(1).fill('HTTP latency p95');
    await browser.page
      .getByRole('option', { name: /HTTP latency p95/ })
      .first()
      .click();
    await eventually(
      async () => (await browser.host.queryEditorState()).query.signal === 'http_latency_p95',
      'the signal in the query'
    );
    await eventually(async () => (await browser.host.queryEditorState()).runs === 3, 'a run per change');
    await runFinished('the signal run');
    state = await browser.host.queryEditorState();
    expect(state.query).toMatchObject({ mode: 'signal', signal: 'http_latency_p95' });
    expect(state.errors).toEqual([]);
    expect(state.seriesCount).toBeGreaterThanOrEqual(1);

    // PromQL mode: an expression typed in the code editor runs with Shift+Enter.
    await row.getByRole('radio', { name: 'PromQL' }).click();
    const code = row.getByTestId(testIds.queryEditor.promql).getByRole('code');
    await code.waitFor({ timeout: 20_000 });
    await code.click();
    await browser.page.keyboard.type('up');
    await browser.page.keyboard.press('Escape');
    await browser.page.keyboard.press('Shift+Enter');
    await eventually(async () => (await browser.host.queryEditorState()).query.expr === 'up', 'the typed expression');
    await eventually(async () => (await browser.host.queryEditorState()).runs === 5, 'the run of the expression');
    await runFinished('the PromQL run');
    state = await browser.host.queryEditorState();
    expect(state.query).toMatchObject({ mode: 'promql', expr: 'up' });
    expect(state.errors).toEqual([]);
    expect(state.seriesCount).toBeGreaterThanOrEqual(1);
    await browser.screenshot('datasource-query-editor');
  });
});
