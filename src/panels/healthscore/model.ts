import type { DataFrame, Field } from '@grafana/data';
import {
  type ApdexTarget,
  DEFAULT_APDEX_T,
  type Grade,
  type HealthScoreOverrides,
  type PerfscopeSettings,
  type ScoreComponent,
  type Status,
  apdexTarget,
  areaDashboardPath,
  checkGrades,
  componentScore,
  composite,
  evaluate,
  findSignal,
  grade,
  healthScoreConfig,
} from '@perfscope/catalog';
import { formatThresholds, formatValue } from '../../components/format';
import { type ComponentSeries, mapFrames } from './mapping';
import { type Track, apdexTrack, seriesTrack, valueAt, worse } from './tracks';
import { type Options, defaultOptions } from './types';

/** What the panel knows of the app settings. */
export interface SettingsInput {
  settings?: PerfscopeSettings;
  /** Why they could not be read (the catalog's defaults apply then). */
  error?: string;
}

/** One row of the breakdown. */
export interface ComponentRow {
  id: string;
  title: string;
  weight: number;
  value?: number;
  valueText: string;
  thresholdsText: string;
  /** 0–100; undefined for no data. */
  score?: number;
  /** Points this component takes off 100. */
  cost?: number;
  status: Status;
  /** Why there is no score, when there is none. */
  noData?: string;
  /** Where the component's name links to (without the time range). */
  link?: string;
}

export interface HealthModel {
  /** Why there is no score; shown instead of it. */
  problems: string[];
  /** What the reader should know about the score shown. */
  notes: string[];
  score?: number;
  grade?: Grade;
  /** Worst first: the largest cost, then components without data, then the healthy ones. */
  rows: ComponentRow[];
  /** The score at each time of the data (two points or more). */
  trend: Array<{ time: number; score: number }>;
}

const empty = (problems: string[], notes: string[]): HealthModel => ({ problems, notes, rows: [], trend: [] });

/**
 * Thresholds from a field's config: the lowest two steps above the base for "higher is worse"
 * (warning, critical), the highest two for "lower is worse" (critical, warning). Undefined unless the
 * field has two steps or more.
 */
function fieldThresholds(field: Field | undefined, direction: 'above' | 'below') {
  const steps = (field?.config.thresholds?.steps ?? [])
    .map((s) => s.value)
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  if (steps.length < 2) {
    return undefined;
  }
  return direction === 'above'
    ? { warning: steps[0], critical: steps[1] }
    : { warning: steps[steps.length - 1], critical: steps[steps.length - 2] };
}

/** The panel's overrides of the app settings: only with the panel as the source. */
function overridesOf(options: Options, mapped: Map<string, ComponentSeries[]>): HealthScoreOverrides {
  const enabled = options.components.filter((c) => c.enabled);
  if (options.thresholdsSource !== 'auto') {
    return { components: enabled.map((c) => c.id) };
  }
  const weights: Record<string, number> = {};
  const thresholds: Record<string, { warning?: number; critical?: number }> = {};
  for (const c of enabled) {
    if (c.weight !== undefined && c.weight !== null) {
      weights[c.id] = c.weight;
    }
    const direction = findSignal(c.id)?.thresholds?.direction ?? 'above';
    const fromField = fieldThresholds(mapped.get(c.id)?.[0]?.field, direction);
    const warning = c.warning ?? fromField?.warning;
    const critical = c.critical ?? fromField?.critical;
    if (warning !== undefined || critical !== undefined) {
      thresholds[c.id] = { warning, critical };
    }
  }
  return { components: enabled.map((c) => c.id), weights, thresholds, apdexT: options.apdexT ?? undefined };
}

function defaultLink(component: ScoreComponent): string {
  return areaDashboardPath(component.signal.area);
}

interface Measured {
  track: Track;
  unit: string;
  /** Notes about how the value was found. */
  notes: string[];
  noData?: string;
}

/** A component's values from its series: Apdex from buckets, else the worst of its value series. */
function measure(component: ScoreComponent, series: ComponentSeries[], apdex: ApdexTarget): Measured {
  const { signal } = component;
  const direction = component.thresholds.direction;
  const buckets = series.filter((s) => s.le !== undefined);
  const values = series.filter((s) => s.le === undefined);
  const notes: string[] = [];
  if (signal.id === 'http_apdex' && buckets.length > 0) {
    const bounds = buckets.map((b) => b.le as number).filter((le) => Number.isFinite(le));
    const target = apdexTarget(
      apdex.requested,
      [...bounds].sort((a, b) => a - b)
    );
    if (!target.ok) {
      return { track: { times: [], values: [], latest: undefined }, unit: signal.unit, notes, noData: target.message };
    }
    notes.push(...target.target.notes);
    const track = apdexTrack(buckets, target.target);
    return {
      track,
      unit: signal.unit,
      notes,
      noData: track.latest === undefined ? 'the bucket series have no +Inf bucket or no requests' : undefined,
    };
  }
  if (values.length === 0) {
    const why = buckets.length > 0 ? 'histogram buckets only score Apdex' : 'no series is mapped to it';
    return { track: { times: [], values: [], latest: undefined }, unit: signal.unit, notes, noData: why };
  }
  const tracks = values.map(seriesTrack);
  if (values.length > 1) {
    notes.push(`${values.length} series map to ${signal.title}: the worst value counts.`);
  }
  const times = [...new Set(tracks.flatMap((t) => t.times))].sort((a, b) => a - b);
  const track: Track = {
    times,
    values: times.map((t) =>
      tracks.reduce<number | undefined>((w, tr) => worse(w, valueAt(tr, t), direction), undefined)
    ),
    latest: tracks.reduce<number | undefined>((w, tr) => worse(w, tr.latest, direction), undefined),
  };
  const unit = values[0].field.config.unit || signal.unit;
  const latest = track.latest;
  const noData =
    latest === undefined
      ? 'its series has no value'
      : Number.isNaN(latest)
        ? 'its latest value is NaN (e.g. a ratio without traffic)'
        : undefined;
  return { track, unit, notes, noData };
}

/**
 * The panel's model: the score, grade, breakdown and trend from the frames, the options and the app
 * settings; or the problems that prevent a score, each in words to act on. Never a default 100: a
 * component without data is reported as such and the weights are renormalised over the others.
 */
export function toHealthModel(
  frames: readonly DataFrame[],
  rawOptions: Partial<Options>,
  input: SettingsInput
): HealthModel {
  const options: Options = { ...defaultOptions, ...rawOptions };
  const notes: string[] = input.error ? [`${input.error} Weights and Apdex T are the defaults too.`] : [];
  const settings = input.error ? undefined : input.settings;

  const gradeProblem = checkGrades(options.grades);
  if (gradeProblem) {
    return empty([gradeProblem], notes);
  }
  const allIds = new Set(options.components.map((c) => c.id));
  const mapped = mapFrames(frames, options.mappings, allIds);
  // A service's own levels (options.service, already resolved by the panel) under the panel's overrides.
  const check = healthScoreConfig(settings, {
    ...overridesOf(options, mapped.byComponent),
    service: options.service || undefined,
  });
  if (!check.ok) {
    return empty(check.errors, notes);
  }
  const { config } = check;
  const unmatchedNote = mapped.unmatched.length
    ? `Not mapped to a component: ${mapped.unmatched.slice(0, 5).join(', ')}${mapped.unmatched.length > 5 ? ` and ${mapped.unmatched.length - 5} more` : ''}.`
    : undefined;
  if (!config.components.some((c) => mapped.byComponent.has(c.signal.id))) {
    return empty(
      [
        'No series is mapped to a health component, so there is no score. Use the Perfscope datasource\'s Health query, name each query (refId) or series after a component such as http_error_rate, or map series under "Component mapping".' +
          (mapped.unmatched.length
            ? ` Series found: ${mapped.unmatched.slice(0, 5).join(', ')}.`
            : ' The query returned no number series.'),
      ],
      notes
    );
  }

  const measured = config.components.map((c) => ({
    component: c,
    ...measure(c, mapped.byComponent.get(c.signal.id) ?? [], config.apdex),
  }));
  const result = composite(
    measured.map((m) => ({
      id: m.component.signal.id,
      weight: m.component.weight,
      score: m.noData ? undefined : componentScore(m.track.latest, m.component.curve),
    }))
  );
  for (const m of measured) {
    notes.push(...m.notes);
  }
  const apdexMeasured = measured.find((m) => m.component.signal.id === 'http_apdex');
  const apdexFromValues =
    apdexMeasured && !(mapped.byComponent.get('http_apdex') ?? []).some((s) => s.le !== undefined);
  // The Perfscope datasource's Health query computes Apdex at the app's T; this panel may ask for another.
  const queryT = settings?.health?.apdexT ?? DEFAULT_APDEX_T;
  if (apdexFromValues && !apdexMeasured.noData && config.apdex.requested !== queryT) {
    notes.push(
      `Apdex comes from its query as is (the Health query computes it at the app's T = ${queryT} s); this panel's T = ${config.apdex.requested} s applies only to histogram buckets mapped to Apdex.`
    );
  }
  if (result.missing.length > 0 && result.score !== undefined) {
    const titles = measured
      .filter((m) => result.missing.includes(m.component.signal.id))
      .map((m) => m.component.signal.title);
    notes.push(
      `Score from ${measured.length - result.missing.length} of ${measured.length} components, weights renormalised: no data for ${titles.join(', ')}.`
    );
  }
  if (unmatchedNote) {
    notes.push(unmatchedNote);
  }

  const rows: ComponentRow[] = measured.map((m) => {
    const { signal, thresholds, weight } = m.component;
    const id = signal.id;
    const value = m.track.latest;
    const link = options.components.find((c) => c.id === id)?.link?.trim();
    const apdexSuffix = id === 'http_apdex' ? ` · T ${config.apdex.t} s` : '';
    return {
      id,
      title: signal.title,
      weight,
      value,
      valueText: m.noData && value === undefined ? 'No data' : formatValue(m.unit, value, options.decimals),
      // Levels in the signal's unit, the one they are kept and typed in on the configuration page.
      thresholdsText: formatThresholds(signal.unit, thresholds) + apdexSuffix,
      score: m.noData ? undefined : componentScore(value, m.component.curve),
      cost: result.cost[id],
      status: m.noData ? 'no-data' : evaluate(signal, value, thresholds),
      noData: m.noData,
      link: link || defaultLink(m.component),
    };
  });
  const rank = (r: ComponentRow) => (r.cost !== undefined && r.cost > 0 ? 0 : r.cost === undefined ? 1 : 2);
  rows.sort((a, b) => rank(a) - rank(b) || (b.cost ?? 0) - (a.cost ?? 0) || (a.score ?? 0) - (b.score ?? 0));

  if (result.score === undefined) {
    const reasons = rows.map((r) => `${r.title}: ${r.noData ?? 'no data'}`).join('; ');
    return {
      problems: [`No health component has a value, so there is no score (${reasons}).`],
      notes,
      rows,
      trend: [],
    };
  }

  const times = [...new Set(measured.flatMap((m) => m.track.times))].sort((a, b) => a - b);
  const trend: HealthModel['trend'] = [];
  for (const time of times) {
    const at = composite(
      measured.map((m) => ({
        id: m.component.signal.id,
        weight: m.component.weight,
        score:
          m.noData && m.track.times.length === 0
            ? undefined
            : componentScore(valueAt(m.track, time), m.component.curve),
      }))
    );
    if (at.score !== undefined) {
      trend.push({ time, score: at.score });
    }
  }
  return {
    problems: [],
    notes,
    score: result.score,
    grade: grade(result.score, options.grades),
    rows,
    trend: trend.length >= 2 ? trend : [],
  };
}
