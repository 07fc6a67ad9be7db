/**
 * `npm run generate -- --settings FILE --out DIR`: the dashboards and rule files for a settings
 * file. In the team's metric names, with the custom signals charted where their alerts link, rule
 * files promtool accepts, and bad settings refused field by field with nothing written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { type PerfscopeSettings, getSignal, thresholdPanelId } from '@perfscope/catalog';
import { DASHBOARDS } from '@perfscope/dashboards';
import { SETTINGS_OUT } from '../../scripts/generate/index';
import { ROOT } from './shared';

type Json = Record<string, any>;

const SETTINGS: PerfscopeSettings = {
  presets: { http: 'otel', cache: 'redis-exporter' },
  signals: { http_error_rate: { critical: 0.2 } },
  customSignals: [
    {
      id: 'custom_checkout_p95',
      title: 'Checkout latency p95',
      area: 'http',
      unit: 's',
      promql: 'histogram_quantile(0.95, sum by (le) (rate(checkout_duration_seconds_bucket{$filters}[$window])))',
      direction: 'above',
      warning: 0.8,
      critical: 1.5,
      weight: 2,
    },
  ],
};

function generate(settings: unknown): { status: number | null; output: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-generate-'));
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, JSON.stringify(settings));
  const out = path.join(dir, 'out');
  const result = spawnSync(
    process.execPath,
    ['node_modules/.bin/tsx', 'scripts/generate.ts', '--settings', file, '--out', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
    }
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}`, dir: out };
}

describe('generate --settings', () => {
  const run = generate(SETTINGS);
  const read = (file: string) => fs.readFileSync(path.join(run.dir, file), 'utf8');
  afterAll(() => fs.rmSync(path.dirname(run.dir), { recursive: true, force: true }));

  it('writes the dashboards and rule files for the settings', () => {
    // Every dashboard, the Grafana rules and the three Prometheus rule files.
    const files = DASHBOARDS.length + 4;
    expect(run).toMatchObject({ status: 0, output: expect.stringContaining(`generate: ${files} files for`) });
    const http = JSON.parse(read(`${SETTINGS_OUT.dashboards}/http.json`)) as Json;
    const exprs: string[] = http.panels.flatMap((p: Json) => (p.targets ?? []).map((t: Json) => t.expr));
    expect(
      exprs.some((e) => e.includes('http_server_request_duration_seconds_count{job=~"$service",http_route=~"$route"'))
    ).toBe(true);
    expect(exprs.some((e) => /\bhttp_requests_total\b/.test(e))).toBe(false);
    // The custom signal has its panel where its alerts' runbook link points, with its levels.
    const custom = http.panels.find((p: Json) => p.id === thresholdPanelId('custom_checkout_p95'));
    expect(custom).toMatchObject({ title: 'Checkout latency p95', type: 'timeseries' });
    expect(custom.fieldConfig.defaults.thresholds.steps.map((s: Json) => s.value)).toEqual([null, 0.8, 1.5]);
    const cache = read(`${SETTINGS_OUT.dashboards}/cache.json`);
    expect(cache).toContain('redis_keyspace_hits_total');
  });

  it('draws the admin thresholds of catalog signals, the catalog defaults where there are none', () => {
    const http = JSON.parse(read(`${SETTINGS_OUT.dashboards}/http.json`)) as Json;
    const steps = (id: string) =>
      http.panels
        .find((p: Json) => p.id === thresholdPanelId(id))
        .fieldConfig.defaults.thresholds.steps.map((s: Json) => s.value);
    const catalog = (id: string) => getSignal(id).thresholds!;
    // The settings raise the error rate's critical level only; its warning stays the catalog's.
    expect(steps('http_error_rate')).toEqual([null, catalog('http_error_rate').warning, 0.2]);
    expect(steps('http_latency_p95')).toEqual([
      null,
      catalog('http_latency_p95').warning,
      catalog('http_latency_p95').critical,
    ]);
    // The stat of the error rate is coloured at the same levels.
    const stats = http.panels.filter(
      (p: Json) => p.type === 'stat' && p.targets?.some((t: Json) => t.refId === 'http_error_rate')
    );
    expect(stats.length).toBeGreaterThan(0);
    for (const stat of stats) {
      expect(stat.fieldConfig.defaults.thresholds.steps.map((s: Json) => s.value)).toContain(0.2);
    }
  });

  it('writes rule files promtool accepts, at the admin levels and with the custom signal', () => {
    const dir = path.join(run.dir, SETTINGS_OUT.prometheusRules);
    for (const file of fs.readdirSync(dir)) {
      const result = spawnSync('promtool', ['check', 'rules', path.join(dir, file)], { encoding: 'utf8' });
      expect({ file, status: result.status }).toEqual({ file, status: 0 });
    }
    const alerts = yaml.load(fs.readFileSync(path.join(dir, 'perfscope-alerts.yml'), 'utf8')) as Json;
    const rules: Json[] = alerts.groups.flatMap((g: Json) => g.rules);
    expect(rules.filter((r) => r.expr.includes('checkout_duration_seconds_bucket'))).toHaveLength(2);
    expect(rules.find((r) => r.alert === 'PerfscopeHttpErrorRateCritical')?.expr).toMatch(/> 0\.2$/);
    const grafana = read(SETTINGS_OUT.grafanaRules);
    expect(grafana).toContain('custom_checkout_p95');
  });

  it('refuses bad settings field by field and writes nothing', () => {
    const bad = generate({ presets: { cache: 'otel' }, customSignals: [{ id: 'checkout' }] });
    expect(bad.status).toBe(2);
    expect(bad.output).toContain('presets.cache: OpenTelemetry semantic conventions names no Cache metrics');
    expect(bad.output).toContain('customSignals[0].id: The id must start with custom_');
    expect(fs.existsSync(bad.dir)).toBe(false);
    fs.rmSync(path.dirname(bad.dir), { recursive: true, force: true });
  });
});
