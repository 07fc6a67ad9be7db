import {
  type Area,
  DEFAULT_OPTIONS,
  METRIC_AREAS,
  type PerfscopeSettings,
  SIGNALS,
  readsLastWeek,
  type SignalDef,
  buildPromQL,
  detect,
  findPreset,
  METRICS,
  getMetric,
  namingOptions,
  presetAreas,
  resolveMetric,
} from '@perfscope/catalog';
import { httpReader } from '@perfscope/doctor';
import { DIALECT_AREAS, DIALECT_IDS, type DialectId } from '@perfscope/simulator';
import { DASHBOARDS } from '@perfscope/dashboards';
import { PrometheusRig } from '../rig/prometheus';
import { suiteReport } from '../rig/report';

/**
 * Every simulator dialect (the same seeded traffic in another instrumentation's names, labels,
 * units and buckets) scraped by real Prometheus: under its preset every signal it can express has
 * data, equal to the kit's for the same traffic within bucket interpolation; and detection finds
 * each area's preset with no help, for each dialect and for a mixed fleet.
 */
const WINDOW = '30s';
// WINDOW_SECONDS below is the same window in seconds.
const SPEED = '5';
const SEED = '7';
const job = (dialect: string) => `dialect-${dialect}`;
const MIXED = 'dialect-mixed';
/** HTTP from OpenTelemetry, the database from postgres_exporter, the cache from redis_exporter. */
const MIXED_DIALECTS = ['postgres-exporter', 'redis-exporter', 'otel'] as const;

/** Signals of a dialect's areas that its instrumentation has no metric for, from its documentation. */
const CANNOT: Record<DialectId, readonly string[]> = {
  kit: [],
  otel: ['db_up'],
  'otel-legacy': [],
  'prom-client': ['http_requests_in_flight', 'system_load1'],
  micrometer: ['http_requests_in_flight', 'db_slow_query_rate', 'db_up', 'cache_memory', 'eventloop_lag'],
  promhttp: ['system_load1', 'eventloop_lag'],
  'prometheus-net': [],
  'ingress-nginx': ['http_requests_in_flight'],
  'redis-exporter': [],
  'mysqld-exporter': ['db_query_avg', 'db_query_p95'],
  'postgres-exporter': ['db_query_avg', 'db_query_p95', 'db_slow_query_rate'],
  'node-exporter': ['eventloop_lag'],
};

/**
 * Signals whose value is not the kit's by design: the process's own memory and event loop (real,
 * per process), the host memory node_exporter reports for it, the JVM's memory, and one database
 * server's connections where the kit counts the primary and the replica.
 */
const NOT_COMPARABLE = new Set(['process_memory', 'eventloop_lag']);
const ONE_SERVER: ReadonlySet<DialectId> = new Set(['mysqld-exporter', 'postgres-exporter']);
/** Signals that read metrics (the health score reads a recording rule, proven where the rule files are). */
// The comparisons with last week read nothing on minutes of history: tests/integration/trends.test.ts proves them.
const SIGNALS_READ = (SIGNALS as readonly SignalDef[]).filter(
  (s) => s.metrics.length > 0 && !readsLastWeek(buildPromQL(s))
);

/** The areas a dialect emits, each with the preset that names it (the kit's names where they are the same). */
function presetsFor(dialect: DialectId): Partial<Record<Area, DialectId>> {
  const preset = findPreset(dialect)!;
  return Object.fromEntries(
    DIALECT_AREAS[dialect].map((area) => [area, presetAreas(preset).includes(area as Area) ? dialect : 'kit'])
  );
}

const expressible = (dialect: DialectId) =>
  SIGNALS_READ.filter(
    (s) => (DIALECT_AREAS[dialect] as readonly string[]).includes(s.area) && !CANNOT[dialect].includes(s.id)
  );

/** The settings for presets by area, as the configuration page saves them: the kit's names are no setting. */
function settingsFor(presets: Partial<Record<Area, DialectId>>): PerfscopeSettings {
  const own = Object.fromEntries(Object.entries(presets).filter(([, p]) => p !== 'kit'));
  return Object.keys(own).length > 0 ? { presets: own } : {};
}

const expr = (signal: SignalDef, jobName: string, settings: PerfscopeSettings) =>
  buildPromQL(signal, {
    ...namingOptions(settings),
    window: WINDOW,
    matchers: [{ label: 'job', op: '=', value: jobName }],
  });

/** The window in seconds, for how many events a rate over it counts. */
const WINDOW_SECONDS = 30;

/**
 * How far a dialect's value may be from the kit's. The simulators tick on their own timers, so
 * after the first tick their random draws differ: a rate is a count of random events (three
 * standard deviations of a Poisson count over the window), a gauge of counts likewise; a quantile
 * is interpolated within a bucket, so by the widths of the buckets holding the kit's value in
 * both histograms; ratios come from the simulator's steady shares.
 */
function tolerance(signal: SignalDef, kit: number, settings: PerfscopeSettings): number {
  const relative = 0.25 * Math.abs(kit);
  if (/_p\d+$/.test(signal.id)) {
    const metric = signal.metrics[0];
    const width = (buckets: readonly number[]) => {
      const i = buckets.findIndex((b) => b >= kit);
      return i < 0 ? Math.abs(kit) : buckets[i] - (i > 0 ? buckets[i - 1] : 0);
    };
    const own = resolveMetric(metric, { prefix: '', labelMap: {} }, namingOptions(settings).sources ?? {}).buckets;
    return relative + Math.max(width(own), width(getMetric(metric).buckets ?? []));
  }
  switch (signal.unit) {
    case 'reqps':
    case 'qps':
    case 'ops':
      return Math.max(relative, (3 * Math.sqrt(Math.abs(kit) * WINDOW_SECONDS)) / WINDOW_SECONDS) + 0.05;
    case 'short':
      return relative + 3 * Math.sqrt(Math.max(Math.abs(kit), 1));
    case 'percentunit':
      return Math.max(relative, 0.02);
    case 'x':
      // The error ratio over the error budget (1 − the objective): the error ratio's 0.02, as many times.
      return Math.max(relative, 0.02 / (1 - DEFAULT_OPTIONS.slo));
    default:
      return relative + 0.05;
  }
}

const report = suiteReport('integration-dialects.txt');
const out = report.out;
const fmt = (v: number | undefined) => (v === undefined ? 'no data' : Number(v.toPrecision(4)).toString());

let rig: PrometheusRig;

beforeAll(async () => {
  rig = await PrometheusRig.start(
    {
      simulators: [
        ...DIALECT_IDS.map((d) => ({ job: job(d), args: ['--speed', SPEED, '--seed', SEED, '--dialect', d] })),
        { job: MIXED, args: ['--speed', SPEED, '--seed', SEED, '--dialect', MIXED_DIALECTS.join(',')] },
      ],
    },
    (line) => process.stdout.write(`rig: ${line}\n`)
  );
  // A full window of scrapes of every job first, so that each rate has the window's events.
  await Promise.all([...DIALECT_IDS.map(job), MIXED].map((j) => rig.waitForScrapes(j, WINDOW_SECONDS, 90_000)));
}, 180_000);

afterAll(async () => {
  await rig?.stop();
  report.save();
});

describe('each dialect under its preset', () => {
  it('every signal it can express has data, equal to the kit for the same traffic', async () => {
    const values = new Map<string, number | undefined>();
    const read = async () => {
      await Promise.all(
        DIALECT_IDS.flatMap((d) =>
          expressible(d).map(async (s) => {
            values.set(`${d} ${s.id}`, await rig.value(expr(s, job(d), settingsFor(presetsFor(d)))));
          })
        )
      );
      return [...values.values()].every((v) => v !== undefined && Number.isFinite(v));
    };
    await rig
      .waitFor(read, 90_000, 'every dialect signal to have data', 2000)
      .catch((e: Error) => out(`waited: ${e.message}`));

    out('dialect             signals with data   largest deviation from the kit');
    const missing: string[] = [];
    const deviations: string[] = [];
    for (const d of DIALECT_IDS) {
      const signals = expressible(d);
      const settings = settingsFor(presetsFor(d));
      let withData = 0;
      let worst = { ratio: 0, text: '' };
      for (const s of signals) {
        const v = values.get(`${d} ${s.id}`);
        if (v === undefined || !Number.isFinite(v)) {
          missing.push(`${d}: ${s.id} = ${fmt(v)} (${expr(s, job(d), settings)})`);
          continue;
        }
        withData++;
        const kit = values.get(`kit ${s.id}`);
        if (d === 'kit' || kit === undefined || NOT_COMPARABLE.has(s.id)) {
          continue;
        }
        if (ONE_SERVER.has(d) && s.id === 'db_connections_active') {
          continue;
        }
        const allowed = tolerance(s, kit, settings);
        const ratio = Math.abs(v - kit) / allowed;
        if (ratio > worst.ratio) {
          worst = { ratio, text: `${s.id} ${fmt(v)} vs ${fmt(kit)} (±${fmt(allowed)})` };
        }
        if (ratio > 1) {
          deviations.push(`${d}: ${s.id} = ${fmt(v)}, the kit's ${fmt(kit)}, allowed ±${fmt(allowed)}`);
        }
      }
      out(
        `${d.padEnd(20)}${`${withData}/${signals.length} (${Math.round((withData / signals.length) * 100)} %)`.padEnd(20)}${worst.text}`
      );
    }
    expect(missing).toEqual([]);
    expect(deviations).toEqual([]);
  }, 150_000);
});

/** What Grafana puts in for its interval variables at a 1 s scrape interval, and `All` for the rest. */
const GRAFANA_VARIABLES: Record<string, string> = { __rate_interval: '30s', __interval: '15s', __range: '5m' };
const resolveVariables = (expr: string, jobName: string) =>
  expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => {
    const name = a ?? b;
    return name === 'service' ? jobName : (GRAFANA_VARIABLES[name] ?? '.*');
  });

/** The series names of a catalog metric under a naming (a histogram by its `_count`), its outcomes' too. */
function seriesOf(metric: string, settings: PerfscopeSettings): string[] {
  const resolved = resolveMetric(metric, { prefix: '', labelMap: {} }, namingOptions(settings).sources ?? {});
  const suffix = resolved.def.type === 'histogram' ? '_count' : '';
  return resolved.series.map((n) => `${n}${suffix}`);
}

/** The catalog metrics an expression reads under a naming, told by their series names in it. */
function metricsRead(expr: string, settings: PerfscopeSettings): string[] {
  return METRICS.filter((m) =>
    seriesOf(m.name, settings).some((n) =>
      new RegExp(`(?<![\\w:])${n.replace(/_count$/, '')}(_bucket|_sum|_count)?(?![\\w:])`).test(expr)
    )
  ).map((m) => m.name);
}

/** `A or B * 0` → `A`: the zero a bad-event rate falls back to is no data of its own. */
function withoutZeroFallback(expr: string): string {
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth === 0 && expr.startsWith(' or ', i) && expr.trimEnd().endsWith('* 0')) {
      return expr.slice(0, i);
    }
  }
  return expr;
}

describe('dashboards for each dialect', () => {
  it('at least 95 % of the targets of the metrics it emits have real data (not the zero fallback)', async () => {
    type Json = Record<string, any>;
    out('\ndialect             dashboard targets of the metrics it emits with real data');
    const below: string[] = [];
    for (const d of DIALECT_IDS) {
      const settings = settingsFor(presetsFor(d));
      // What the job exposes: a metric is emitted when every series it is read from is there.
      const names = new Set(await httpReader(rig.url).metricNames(`{job="${job(d)}"}`));
      const emitted = (metric: string) => seriesOf(metric, settings).every((n) => names.has(n));
      const targets = DASHBOARDS.flatMap(({ file, build }) =>
        ((build({ naming: namingOptions(settings) }) as Json).panels as Json[]).flatMap((panel) =>
          ((panel.targets ?? []) as Json[])
            .filter((t) => typeof t.expr === 'string')
            .map((t) => ({ where: `${file}: ${panel.title} [${t.refId}]`, expr: t.expr as string }))
        )
      ).filter((t) => {
        if (readsLastWeek(t.expr)) {
          return false;
        }
        const read = metricsRead(t.expr, settings);
        return read.length > 0 && read.every(emitted);
      });
      const empty: string[] = [];
      for (const t of targets) {
        const samples = await rig.query(resolveVariables(withoutZeroFallback(t.expr), job(d)));
        if (!samples.some((x) => Number.isFinite(x.value))) {
          empty.push(`${t.where}: ${t.expr}`);
        }
      }
      const share = (targets.length - empty.length) / targets.length;
      out(`${d.padEnd(20)}${targets.length - empty.length}/${targets.length} (${Math.round(share * 100)} %)`);
      for (const e of empty) {
        out(`    no data: ${e}`);
      }
      if (share < 0.95) {
        below.push(`${d}: ${Math.round(share * 1000) / 10} %`);
      }
    }
    expect(below).toEqual([]);
  }, 150_000);
});

describe('detection', () => {
  const reader = () => httpReader(rig.url);

  it.each(DIALECT_IDS.map((d) => [d]))('finds the preset of every area %s emits, and nothing else', async (d) => {
    const dialect = d as DialectId;
    const result = await detect(reader(), `{job="${job(dialect)}"}`);
    const found = Object.fromEntries(result.areas.filter((a) => a.preset).map((a) => [a.area, a.preset]));
    // The kit's rate-limit counter appears with the first rejected request only.
    const expected = presetsFor(dialect);
    if (dialect === 'kit' && found.ratelimit === undefined) {
      delete expected.ratelimit;
    }
    expect(found).toEqual(expected);
    expect(result.settings).toEqual(settingsFor(expected));
  });

  it('finds each area of a mixed fleet in its own instrumentation', async () => {
    const result = await detect(reader(), `{job="${MIXED}"}`);
    expect(result.settings).toEqual({
      presets: { http: 'otel', database: 'postgres-exporter', cache: 'redis-exporter' },
    });
    const covered = METRIC_AREAS.filter((a) => ['http', 'database', 'cache'].includes(a));
    const withData = result.signals.filter((s) => covered.includes(s.signal.area) && s.state === 'data');
    out(`\nmixed fleet (${MIXED_DIALECTS.join(', ')}): ${withData.length} signals with data after detection`);
    expect(withData.map((s) => s.signal.id)).toEqual(
      expect.arrayContaining(['http_request_rate', 'http_error_rate', 'cache_hit_ratio', 'db_up'])
    );
  });
});
