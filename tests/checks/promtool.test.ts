/**
 * The generated Prometheus rule files under promtool: `check rules` accepts every file, `test rules`
 * passes every generated unit test, every alert has its three cases, and a rule file with a changed
 * threshold or `for` fails them (so passing means something).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { alertName, buildSloRuleGroups, validateSettings } from '@perfscope/catalog';
import { PROMTOOL_DIR, RULES_DIR } from '../../scripts/generate/index';
import { PROVEN_ON_THE_RIG } from '../../scripts/generate/promtool/fixtures';
import { ROOT } from './shared';

if (spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status !== 0) {
  throw new Error('promtool is not installed: `apt-get install -y prometheus` (npm run test:all does it as root).');
}

type Json = Record<string, any>;
const ruleFiles = fs.readdirSync(path.join(ROOT, RULES_DIR)).filter((f) => f.endsWith('.yml'));
const testFiles = fs.readdirSync(path.join(ROOT, PROMTOOL_DIR)).filter((f) => f.endsWith('.test.yml'));
const load = (file: string) => yaml.load(fs.readFileSync(file, 'utf8')) as Json;
const promtool = (args: string[], cwd = ROOT) => {
  const result = spawnSync('promtool', args, { encoding: 'utf8', cwd });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};

const alerts: string[] = ruleFiles.flatMap((f) =>
  load(path.join(ROOT, RULES_DIR, f)).groups.flatMap((g: Json) =>
    g.rules.filter((r: Json) => r.alert).map((r: Json) => r.alert)
  )
);
const groups: Json[] = testFiles.flatMap((f) => load(path.join(ROOT, PROMTOOL_DIR, f)).tests);
/** The alerts proven on the rig instead (a week of history is beyond promtool's unit tests). */
const onTheRig = new Set(
  Object.keys(PROVEN_ON_THE_RIG).flatMap((id) => [alertName(id, 'warning'), alertName(id, 'critical')])
);

describe('promtool check rules', () => {
  it.each(ruleFiles)('accepts %s', (file) => {
    const result = promtool(['check', 'rules', path.join(RULES_DIR, file)]);
    expect(result).toEqual({ status: 0, output: expect.stringMatching(/SUCCESS: \d+ rules found/) });
    process.stdout.write(`promtool check rules ${file}: ${/SUCCESS: (\d+) rules/.exec(result.output)![1]} rules\n`);
  });
});

describe('promtool test rules', () => {
  it.each(testFiles)(
    'passes %s',
    (file) => {
      const tests = load(path.join(ROOT, PROMTOOL_DIR, file)).tests as Json[];
      const evaluations = tests.reduce(
        (n, t) => n + (t.alert_rule_test?.length ?? 0) + (t.promql_expr_test?.length ?? 0),
        0
      );
      const started = Date.now();
      const result = promtool(['test', 'rules', path.join(PROMTOOL_DIR, file)]);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
      process.stdout.write(
        `promtool test rules ${file}: ${tests.length} test groups, ${evaluations} checks, passed in ${Date.now() - started} ms\n`
      );
    },
    120_000
  );

  it('covers every alert with a case that fires after `for`, one that stays silent and one that recovers', () => {
    const covered = alerts
      .filter((a) => !onTheRig.has(a))
      .map((alert) => {
        const tests = groups.filter((g) => (g.alert_rule_test ?? []).some((t: Json) => t.alertname === alert));
        const sequence = (g: Json) =>
          g.alert_rule_test
            .filter((t: Json) => t.alertname === alert)
            .map((t: Json) => (t.exp_alerts.length > 0 ? 'firing' : 'quiet'))
            .join(' ');
        const kinds = tests.map(sequence);
        return {
          alert,
          fires: kinds.includes('quiet firing firing'),
          silent: kinds.some((k) => !k.includes('firing')),
          recovers: kinds.includes('firing quiet'),
        };
      });
    expect(alerts.length).toBeGreaterThan(25);
    expect(covered.filter((c) => !(c.fires && c.silent && c.recovers))).toEqual([]);
    process.stdout.write(
      `promtool cases: ${alerts.length} alerts × 3 (fires after for, stays silent just inside, recovers) = ${alerts.length * 3}\n`
    );
  });

  it('proves the alerts it does not unit-test in an integration test that exists', () => {
    expect(alerts.filter((a) => onTheRig.has(a)).length).toBe(onTheRig.size);
    for (const where of Object.values(PROVEN_ON_THE_RIG)) {
      const file = where.split(':')[0];
      expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
    }
  });

  it('fails once a rule no longer says what the catalog says (threshold or for changed)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-promtool-'));
    try {
      fs.cpSync(path.join(ROOT, RULES_DIR), path.join(dir, 'rules'), { recursive: true });
      fs.cpSync(path.join(ROOT, PROMTOOL_DIR), path.join(dir, 'tests'), { recursive: true });
      const file = path.join(dir, 'rules/perfscope-alerts.yml');
      const text = fs.readFileSync(file, 'utf8');
      // p95 critical 2 s → 2.5 s (the case just above 2 s no longer fires), and a `for` of 5m → 4m.
      const mutated = text
        .replace(/(http_request_duration_seconds_bucket\[5m\]\)\)\)\) > )2\n/, '$12.5\n')
        .replace(/(alert: PerfscopeCacheHitRatioWarning\n\s+expr: .*\n\s+for: )5m/, '$14m');
      expect(mutated).not.toBe(text);
      expect(mutated.split('\n').filter((l, i) => l !== text.split('\n')[i])).toHaveLength(2);
      fs.writeFileSync(file, mutated);
      const result = promtool(['test', 'rules', 'tests/perfscope-alerts.test.yml'], dir);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('PerfscopeHttpLatencyP95Critical');
      expect(result.output).toContain('PerfscopeCacheHitRatioWarning');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a latency objective on a millisecond histogram', () => {
  it('counts the slow requests at the bucket of its threshold in the histogram’s own unit', () => {
    // OpenTelemetry's classic HTTP histogram in milliseconds, scaled to the catalog's seconds; the
    // objective's 300 ms is the bucket le="300".
    const settings = {
      metrics: {
        http_request_duration_seconds: {
          name: 'http_server_duration_milliseconds',
          scale: 0.001,
          buckets: [100, 300, 1000, 3000],
        },
      },
      objectives: { latency: { threshold: 0.3 } },
    };
    const check = validateSettings(settings);
    expect(check.errors).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-promtool-ms-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'slo.yml'),
        yaml.dump({ groups: buildSloRuleGroups(check.settings).filter((g) => g.name.includes('latency')) })
      );
      // 600 requests a minute, 6 of them slower than 300 ms (1 %); a bucket le="0.3" (seconds, as a
      // histogram in seconds would have it) says everything is fast, and must not be read.
      const series = (name: string, labels: string, perMinute: number) => ({
        series: `${name}{job="checkout",route="/tracks/:id"${labels}}`,
        values: `0+${perMinute}x30`,
      });
      fs.writeFileSync(
        path.join(dir, 'slo.test.yml'),
        yaml.dump({
          rule_files: ['slo.yml'],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [
                series('http_server_duration_milliseconds_bucket', ',le="300"', 594),
                series('http_server_duration_milliseconds_bucket', ',le="0.3"', 600),
                series('http_server_duration_milliseconds_count', '', 600),
              ],
              promql_expr_test: [
                {
                  expr: 'abs(perfscope:slo_error_ratio:rate5m{objective="latency"} / 0.01 - 1) < bool 1e-9',
                  eval_time: '10m',
                  exp_samples: [{ labels: '{job="checkout",objective="latency"}', value: 1 }],
                },
              ],
            },
          ],
        })
      );
      const result = promtool(['test', 'rules', 'slo.test.yml'], dir);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
