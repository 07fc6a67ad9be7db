/**
 * What Grafana does with this repository's provisioning at every start of the docker stack, and why
 * it keeps the admin's work and always starts. The models follow Grafana's source, named beside each.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT } from './shared';

type Json = any;

const readYaml = (file: string) => yaml.load(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Json;

interface PluginSetting {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown> | null;
  secureJsonData: Record<string, string>;
}

/**
 * pkg/services/provisioning/plugins/plugin_provisioner.go apply (Enabled = !disabled, Pinned =
 * true, JSONData as in the file or nil) → pluginsettings service updatePluginSetting: secureJsonData
 * merged per key, enabled and pinned always written (UseBool), jsonData written only when it is not
 * nil or empty (xorm's buildUpdates skips an empty map), and then wholesale.
 */
function provisionApps(store: Map<string, PluginSetting>, file: Json): void {
  for (const app of file.apps ?? []) {
    const current = store.get(app.type) ?? { enabled: false, pinned: false, jsonData: null, secureJsonData: {} };
    const jsonData = app.jsonData as Record<string, unknown> | undefined;
    store.set(app.type, {
      enabled: !app.disabled,
      pinned: true,
      jsonData: jsonData && Object.keys(jsonData).length > 0 ? jsonData : current.jsonData,
      secureJsonData: { ...current.secureJsonData, ...(app.secureJsonData ?? {}) },
    });
  }
}

describe('a restart of the docker stack', () => {
  const compose = yaml.load(execFileSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8' })) as Json;

  it("keeps Grafana's database: `npm run server` rebuilds the container, the data volume survives it", () => {
    const grafana = compose.services.grafana;
    const data = (grafana.volumes as string[]).find((v) => v.split(':')[1] === '/var/lib/grafana');
    expect(data).toMatch(/^grafana-data:\/var\/lib\/grafana/);
    expect(Object.keys(compose.volumes ?? {})).toContain('grafana-data');
  });

  it('keeps the settings saved on the configuration page when Grafana applies apps.yaml again', () => {
    const file = readYaml('provisioning/plugins/apps.yaml');
    for (const app of file.apps) {
      expect({ app: app.type, jsonData: app.jsonData, secureJsonData: app.secureJsonData }).toEqual({ app: app.type });
    }
    const saved = { signals: { http_latency_p95: { critical: 1.2 } } };
    const store = new Map<string, PluginSetting>([
      ['perfscope-monitoring-app', { enabled: true, pinned: false, jsonData: saved, secureJsonData: {} }],
    ]);
    provisionApps(store, file);
    provisionApps(store, file);
    expect(store.get('perfscope-monitoring-app')).toMatchObject({ enabled: true, jsonData: saved });
    // The model bites: a file that carried settings would replace the saved ones at every start.
    provisionApps(store, { apps: [{ type: 'perfscope-monitoring-app', jsonData: { prefix: 'x_' } }] });
    expect(store.get('perfscope-monitoring-app')?.jsonData).toEqual({ prefix: 'x_' });
  });

  it('gives every contact point a value Grafana accepts, so it starts even when the variables are not set', () => {
    // Grafana expands $__env{X} to "" when X is unset and then refuses the contact point at parse
    // time (ValidateContactPoint: "could not find addresses in settings", "required field 'url' is
    // not specified"), and does not start. The compose file supplies placeholders that deliver nowhere.
    const environment = compose.services.grafana.environment as Record<string, string>;
    const file = readYaml('provisioning/alerting/contact-points.yaml');
    const receivers = file.contactPoints.flatMap((c: Json) => c.receivers);
    expect(receivers.length).toBeGreaterThan(0);
    for (const receiver of receivers) {
      const settings = Object.fromEntries(
        Object.entries(receiver.settings as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === 'string' ? v.replace(/\$__env\{(\w+)\}/g, (_m, name: string) => environment[name] ?? '') : v,
        ])
      );
      const problem =
        receiver.type === 'email'
          ? String(settings.addresses ?? '')
              .split(/[;,\n]/)
              .some((a) => /^[^@\s]+@[^@\s]+$/.test(a.trim()))
            ? undefined
            : 'could not find addresses in settings'
          : receiver.type === 'slack' || receiver.type === 'webhook'
            ? /^https?:\/\/[^/\s]+/.test(String(settings.url ?? ''))
              ? undefined
              : "required field 'url' is not specified"
            : `no check for type ${receiver.type}`;
      expect({ receiver: receiver.uid, problem }).toEqual({ receiver: receiver.uid, problem: undefined });
    }
  });
});
