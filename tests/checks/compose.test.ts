import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import * as semver from 'semver';
import {
  ALERTING_DATASOURCE_UID,
  APP_PLUGIN_ID,
  DATASOURCE_PLUGIN_ID,
  PERFSCOPE_DATASOURCE_UID,
} from '@perfscope/catalog';
import { ROOT } from './shared';

const hasComposeValidator = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasComposeValidator) {
  throw new Error(
    'docker-compose is not installed: `apt-get install -y docker-compose` (npm run test:all does it as root).'
  );
}

/** Runs `docker-compose config -q` in a folder; returns exit status and messages. */
function validate(dir: string) {
  const result = spawnSync('docker-compose', ['config', '-q'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A copy of the files compose reads, to break on purpose. */
function copyStack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-compose-'));
  fs.copyFileSync(path.join(ROOT, 'docker-compose.yaml'), path.join(dir, 'docker-compose.yaml'));
  fs.cpSync(path.join(ROOT, '.config'), path.join(dir, '.config'), { recursive: true });
  return dir;
}

describe('docker-compose.yaml', () => {
  it('is valid for docker-compose', () => {
    expect(validate(ROOT)).toEqual({ status: 0, output: '' });
  });

  it('is rejected when broken, so the validation above means something', () => {
    const dir = copyStack();
    try {
      const text = fs.readFileSync(path.join(dir, 'docker-compose.yaml'), 'utf8');
      fs.writeFileSync(
        path.join(dir, 'docker-compose.yaml'),
        text.replace('    depends_on:', '    depends_on: 5\n    bogus_key:')
      );
      const result = validate(dir);
      expect(result.status).not.toBe(0);
      expect(result.output.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs Grafana with the built plugin, the provisioning and only our unsigned ids', () => {
    const config = yaml.load(execFileSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8' })) as any;
    const grafana = config.services.grafana;
    const plugin = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/plugin.json'), 'utf8'));
    // Pinned Grafana version inside the plugin's grafanaDependency range.
    const version: string = grafana.build.args.grafana_version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(semver.satisfies(version, plugin.dependencies.grafanaDependency)).toBe(true);
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        `${path.join(ROOT, 'dist')}:/var/lib/grafana/plugins/perfscope-monitoring-app:rw`,
        `${path.join(ROOT, 'provisioning')}:/etc/grafana/provisioning:rw`,
      ])
    );
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual([
      'perfscope-healthscore-panel',
      'perfscope-monitoring-app',
      'perfscope-proxy-datasource',
      'perfscope-stream-panel',
    ]);
    expect(config.services.prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(config.services.simulator.build.dockerfile).toBe('pkg/simulator/Dockerfile');
    expect(fs.existsSync(path.join(ROOT, 'pkg/simulator/Dockerfile'))).toBe(true);
  });

  it('gives Prometheus a config that promtool accepts', () => {
    const result = spawnSync(
      'promtool',
      ['check', 'config', path.join(ROOT, 'provisioning/prometheus/prometheus.yml')],
      { encoding: 'utf8' }
    );
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('has Prometheus scrape the simulator', () => {
    const prom = yaml.load(fs.readFileSync(path.join(ROOT, 'provisioning/prometheus/prometheus.yml'), 'utf8')) as any;
    const job = prom.scrape_configs.find((c: { job_name: string }) => c.job_name === 'simulator');
    expect(job.static_configs[0].targets).toEqual(['simulator:9464']);
  });

  it('provisions the core Prometheus datasource with the fixed uid and the Perfscope datasource', () => {
    const file = yaml.load(
      fs.readFileSync(path.join(ROOT, 'provisioning/datasources/datasources.yaml'), 'utf8')
    ) as any;
    const byType = (type: string) => file.datasources.find((d: { type: string }) => d.type === type);
    // The uids and types the catalog names (pkg/catalog/src/ids.ts): alert rules and the app's pages use them.
    expect(byType('prometheus')).toMatchObject({ uid: ALERTING_DATASOURCE_UID, url: 'http://prometheus:9090' });
    expect(byType(DATASOURCE_PLUGIN_ID)).toMatchObject({
      uid: PERFSCOPE_DATASOURCE_UID,
      jsonData: { url: 'http://prometheus:9090' },
    });
    const apps = yaml.load(fs.readFileSync(path.join(ROOT, 'provisioning/plugins/apps.yaml'), 'utf8')) as any;
    expect(apps.apps).toEqual([expect.objectContaining({ type: APP_PLUGIN_ID, disabled: false })]);
  });
});
