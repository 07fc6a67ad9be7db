/**
 * Detection: which naming preset each area's metrics follow on a Prometheus-compatible server, and
 * what every signal reads there under the settings. It asks for the metric names once, then the
 * label names of the few candidate metrics the presets name, then one instant query per signal:
 * a bounded number of requests however many metrics the server has.
 */
import { METRICS } from './metrics';
import { METRIC_AREAS, PRESETS, type Preset, type PresetId, presetAreas } from './presets';
import { resolveOptions } from './options';
import { buildPromQL } from './promql';
import { namingOptions, type PerfscopeSettings } from './settings';
import { SIGNALS } from './signals';
import { resolveMetric } from './sources';
import type { Area, CatalogOptions, LabelMatcher, MetricDef, SignalDef } from './types';

/** What detection reads from the server (the doctor over HTTP, the configuration page through the datasource). */
export interface PrometheusReader {
  /** Every metric name (of series matching the selector, when there is one). */
  metricNames(match?: string): Promise<readonly string[]>;
  /** The label names of the series of one metric (matching the selector, when there is one). */
  labelNames(metric: string, match?: string): Promise<readonly string[]>;
  /** An instant query's sample values (empty: no series). */
  query(expr: string): Promise<readonly number[]>;
}

/** How well one preset's names fit one area's metrics on the server. */
export interface PresetFit {
  readonly preset: PresetId;
  /** 0–1: each metric of the area counts half for its series, half for its labels. */
  readonly score: number;
  /** Series names it looked for and did not find. */
  readonly missing: readonly string[];
}

export interface AreaDetection {
  readonly area: Area;
  /** The best fit; undefined when no preset finds any of the area's metrics. */
  readonly preset?: PresetId;
  /** Every preset that names this area, best first. */
  readonly fits: readonly PresetFit[];
}

export type SignalState = 'data' | 'missing' | 'no-traffic';

export interface SignalCheck {
  readonly signal: SignalDef;
  /** data: a value; missing: a metric it reads is not on the server; no-traffic: there, but no value now. */
  readonly state: SignalState;
  readonly promql: string;
  readonly value?: number;
  /** Series names it reads that the server does not have. */
  readonly missing: readonly string[];
}

export interface Detection {
  readonly areas: readonly AreaDetection[];
  /** Exactly what the configuration page would save: the presets detected (kit areas left out). */
  readonly settings: PerfscopeSettings;
  readonly signals: readonly SignalCheck[];
}

/** `{__name__="metric",…}`: one metric's series, narrowed by a selector's matchers (`{job="api"}`). */
export function metricSelector(metric: string, match?: string): string {
  const inner = match
    ?.trim()
    .replace(/^\{|\}$/g, '')
    .trim();
  return `{__name__="${metric}"${inner ? `,${inner}` : ''}}`;
}

/** The sample values of an instant query's `data` (`vector` or `scalar`); throws for anything else. */
export function instantValues(data: unknown, expr: string): number[] {
  const { resultType, result } = (data ?? {}) as { resultType?: unknown; result?: unknown };
  if (resultType === 'scalar' && Array.isArray(result)) {
    return [Number(result[1])];
  }
  if (!Array.isArray(result)) {
    throw new Error(`The server answered the query ${expr} with no result list.`);
  }
  return (result as Array<{ value?: [number, string] }>).map((r) => Number(r.value?.[1]));
}

/** `{job="api", instance=~"a.*"}` → its matchers; throws with the expected form otherwise. */
export function parseSelector(selector: string): LabelMatcher[] {
  const text = selector.trim();
  const inner = /^\{(.*)\}$/s.exec(text)?.[1];
  if (inner === undefined) {
    throw new Error(`The selector ${JSON.stringify(selector)} must be label matchers in braces, e.g. {job="api"}.`);
  }
  const matchers: LabelMatcher[] = [];
  const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;
  let at = 0;
  while (at < inner.length && inner.slice(at).trim() !== '') {
    re.lastIndex = at;
    const m = re.exec(inner);
    if (!m) {
      throw new Error(
        `The selector ${JSON.stringify(selector)} cannot be read from "${inner.slice(at).trim()}": write label="value", separated by commas.`
      );
    }
    matchers.push({ label: m[1], op: m[2] as LabelMatcher['op'], value: JSON.parse(`"${m[3]}"`) });
    at = re.lastIndex;
  }
  return matchers;
}

/**
 * The namespace prefix the kit's metrics carry on the server (`shop_` of `shop_http_requests_total`),
 * when none of them is there without one: the prefix most kit metric names are found behind, seen
 * at least twice. Undefined when the kit's names are there as they are, or nowhere.
 */
export function detectPrefix(names: ReadonlySet<string>): string | undefined {
  const kit = (METRICS as readonly MetricDef[])
    .filter((m) => !m.external)
    .map((m) => (m.type === 'histogram' ? `${m.name}_count` : m.name));
  if (kit.some((n) => names.has(n))) {
    return undefined;
  }
  const counts = new Map<string, number>();
  for (const name of names) {
    for (const series of kit) {
      if (name.length > series.length && name.endsWith(series)) {
        const prefix = name.slice(0, -series.length);
        counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      }
    }
  }
  const [best] = [...counts.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]);
  return best?.[0];
}

/** The metric names a PromQL template selects (`name{…}`). */
const templateMetrics = (template: string) => [
  ...new Set([...template.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1])),
];

/** The series a metric is seen by: a histogram by its buckets (quantiles need them), others by name. */
const seriesNames = (def: MetricDef, names: readonly string[]) =>
  def.type === 'histogram' ? names.map((n) => `${n}_bucket`) : names;

/** Every series name a metric is read from under the options (its outcomes' own series too). */
function readNames(metric: string, options: CatalogOptions): readonly string[] {
  const resolved = resolveMetric(metric, options, options.sources);
  return seriesNames(resolved.def, resolved.series);
}

const fullOptions = (settings: PerfscopeSettings, matchers: readonly LabelMatcher[]): CatalogOptions =>
  resolveOptions({ ...namingOptions(settings), matchers });

/**
 * Scores every preset that names an area against the server, best first. The labels of a metric
 * are asked for only when its series exist, and once per series name.
 */
async function fitArea(
  area: Area,
  names: ReadonlySet<string>,
  labelsOf: (series: string) => Promise<ReadonlySet<string>>,
  presets: readonly Preset[],
  matchers: readonly LabelMatcher[],
  prefix?: string
): Promise<PresetFit[]> {
  const signals = (SIGNALS as readonly SignalDef[]).filter((s) => s.area === area);
  const fits: PresetFit[] = [];
  for (const preset of presets) {
    const options = fullOptions({ presets: { [area]: preset.id }, ...(prefix ? { prefix } : {}) }, matchers);
    // A signal the preset writes its own PromQL for counts by the series it reads, in place of the
    // metrics only it reads (node_exporter's host memory for the process memory).
    const own = signals.filter((s) => options.overrides[s.id] !== undefined);
    const readElsewhere = (metric: string) => signals.some((s) => !own.includes(s) && s.metrics.includes(metric));
    const metrics = (METRICS as readonly MetricDef[]).filter(
      (m) => m.area === area && (readElsewhere(m.name) || !own.some((s) => s.metrics.includes(m.name)))
    );
    let score = 0;
    const missing: string[] = [];
    for (const signal of own) {
      const absent = templateMetrics(options.overrides[signal.id]).filter((n) => !names.has(n));
      missing.push(...absent);
      score += absent.length === 0 ? 1 : 0;
    }
    for (const def of metrics) {
      const series = readNames(def.name, options);
      const absent = series.filter((s) => !names.has(s));
      missing.push(...absent);
      if (absent.length > 0) {
        continue;
      }
      const resolved = resolveMetric(def.name, options, options.sources);
      const wanted = [...resolved.labels.map((l) => resolved.label(l)), ...resolved.matchers.map((m) => m.label)];
      const found = await labelsOf(series[0]);
      const labelled = wanted.length === 0 ? 1 : wanted.filter((l) => found.has(l)).length / wanted.length;
      score += 0.5 + 0.5 * labelled;
    }
    const units = metrics.length + own.length;
    fits.push({ preset: preset.id, score: units > 0 ? score / units : 0, missing });
  }
  // Best first; between equals, the one the catalog lists first (the kit before the others).
  return fits.sort((a, b) => b.score - a.score);
}

/** Checks each signal under the settings: its PromQL, whether its metrics exist, and its value now. */
export async function checkSignals(
  reader: PrometheusReader,
  settings: PerfscopeSettings,
  names: ReadonlySet<string>,
  matchers: readonly LabelMatcher[] = []
): Promise<SignalCheck[]> {
  const options = fullOptions(settings, matchers);
  const checks: SignalCheck[] = [];
  for (const signal of SIGNALS as readonly SignalDef[]) {
    if (signal.metrics.length === 0) {
      continue;
    }
    const promql = buildPromQL(signal, options);
    const own = options.overrides[signal.id] !== undefined;
    // A signal with its own expression reads what it reads: only its value tells.
    const missing = own ? [] : signal.metrics.flatMap((m) => readNames(m, options)).filter((s) => !names.has(s));
    const values = await reader.query(promql);
    const value = values.find((v) => Number.isFinite(v));
    const state: SignalState =
      value !== undefined ? 'data' : missing.length > 0 || (own && values.length === 0) ? 'missing' : 'no-traffic';
    checks.push({ signal, state, promql, value, missing: [...new Set(missing)] });
  }
  return checks;
}

/**
 * Detects the preset of every area with metrics, and checks every signal under the presets found.
 * `match` (`{job="api"}`) narrows both to one service's series.
 */
export async function detect(reader: PrometheusReader, match?: string): Promise<Detection> {
  const matchers = match ? parseSelector(match) : [];
  const names = new Set(await reader.metricNames(match));
  const labelCache = new Map<string, Promise<ReadonlySet<string>>>();
  const labelsOf = (series: string) => {
    let labels = labelCache.get(series);
    if (!labels) {
      labels = reader.labelNames(series, match).then((l) => new Set(l));
      labelCache.set(series, labels);
    }
    return labels;
  };
  const prefix = detectPrefix(names);
  const areas: AreaDetection[] = [];
  for (const area of METRIC_AREAS) {
    const candidates = PRESETS.filter((p) => presetAreas(p).includes(area));
    const fits = await fitArea(area, names, labelsOf, candidates, matchers, prefix);
    const best = fits[0];
    areas.push({ area, preset: best && best.score > 0 ? best.preset : undefined, fits });
  }
  const presets = Object.fromEntries(
    areas.filter((a) => a.preset !== undefined && a.preset !== 'kit').map((a) => [a.area, a.preset as PresetId])
  );
  // The prefix is a setting only where the kit's names, behind it, won an area.
  const kitFound = areas.some((a) => a.preset === 'kit');
  const settings: PerfscopeSettings = {
    ...(prefix && kitFound ? { prefix } : {}),
    ...(Object.keys(presets).length > 0 ? { presets } : {}),
  };
  const signals = await checkSignals(reader, settings, names, matchers);
  return { areas, settings, signals };
}
