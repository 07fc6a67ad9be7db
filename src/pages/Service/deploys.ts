import { type DataFrame, FieldType } from '@grafana/data';
import {
  type PerfscopeSettings,
  deployPromQL,
  deployVersionLabel,
  getSignal,
  perServiceOptions,
  serviceLabelOf,
} from '@perfscope/catalog';
import type { Query } from '../../datasource/types';
import { serviceMatcher } from './servicePage';

/** How far back the Service page lists deploys, seconds. */
export const DEPLOY_HISTORY_SECONDS = 24 * 3600;
/** Points of the day's query: one a minute, so no two-minute deploy mark falls between two. */
export const DEPLOY_POINTS = 1440;
export const DEPLOY_STEP_MS = (DEPLOY_HISTORY_SECONDS * 1000) / DEPLOY_POINTS;
/** The "after" of a deploy: its signals this long after it (a whole rate window past the deploy). */
export const AFTER_DEPLOY_SECONDS = 10 * 60;
/** The signals compared around each deploy. */
export const DEPLOY_SIGNALS = ['http_latency_p95', 'http_error_rate'] as const;
export type DeploySignal = (typeof DEPLOY_SIGNALS)[number];
const DEPLOYS_REF = 'deploys';

/** One range query of the last day: the service's deploys and the signals compared around them. */
export function deployQueries(service: string, settings: PerfscopeSettings | undefined): Query[] {
  const options = {
    ...perServiceOptions(settings),
    matchers: [{ label: serviceLabelOf(settings), op: '=' as const, value: service }],
  };
  return [
    { refId: DEPLOYS_REF, mode: 'promql', expr: deployPromQL(options) },
    ...DEPLOY_SIGNALS.map((signal): Query => ({
      refId: signal,
      mode: 'signal',
      signal,
      filters: serviceMatcher(service, settings),
      exemplars: false,
    })),
  ];
}

export interface DeployChange {
  readonly before?: number;
  /** Undefined while the deploy is younger than AFTER_DEPLOY_SECONDS. */
  readonly after?: number;
  readonly unit: string;
}

export interface Deploy {
  readonly version: string;
  /** When the version started running, ms. */
  readonly time: number;
  /** Whether AFTER_DEPLOY_SECONDS have passed, so the "after" values are in. */
  readonly settled: boolean;
  readonly signals: Readonly<Record<DeploySignal, DeployChange>>;
}

const timesAndValues = (frame: DataFrame) => {
  const times = frame.fields.find((f) => f.type === FieldType.time)?.values as ArrayLike<number> | undefined;
  const number = frame.fields.find((f) => f.type === FieldType.number);
  return { times: times ?? [], values: (number?.values ?? []) as ArrayLike<number | null>, labels: number?.labels };
};

/** The value of a series at `time`: its last point at or before it (NaN and gaps are no value). */
function valueAt(frame: DataFrame | undefined, time: number): number | undefined {
  if (!frame) {
    return undefined;
  }
  const { times, values } = timesAndValues(frame);
  for (let i = times.length - 1; i >= 0; i--) {
    const v = values[i];
    if (times[i] <= time && v !== null && v !== undefined && !Number.isNaN(v)) {
      return v;
    }
  }
  return undefined;
}

/**
 * The deploys in the answer, newest first: each run of the deploy series (a version that was not
 * running a moment before) starts a deploy; each signal before it (its value at the deploy, whose
 * window lies before) and AFTER_DEPLOY_SECONDS after it.
 */
export function deploysFrom(
  frames: readonly DataFrame[],
  settings: PerfscopeSettings | undefined,
  now: number,
  stepMs: number
): Deploy[] {
  const version = deployVersionLabel(perServiceOptions(settings));
  const signalFrame = (id: DeploySignal) => frames.find((f) => f.refId === id);
  const deploys: Deploy[] = [];
  for (const frame of frames.filter((f) => f.refId === DEPLOYS_REF)) {
    const { times, values, labels } = timesAndValues(frame);
    let previous = -Infinity;
    for (let i = 0; i < times.length; i++) {
      if (values[i] === null || values[i] === undefined) {
        continue;
      }
      // A point more than a step after the previous one starts a new run: a deploy.
      if (times[i] - previous > stepMs) {
        const time = times[i];
        const settled = now - time >= AFTER_DEPLOY_SECONDS * 1000;
        const signals = Object.fromEntries(
          DEPLOY_SIGNALS.map((id) => [
            id,
            {
              unit: getSignal(id).unit,
              before: valueAt(signalFrame(id), time),
              after: settled ? valueAt(signalFrame(id), time + AFTER_DEPLOY_SECONDS * 1000) : undefined,
            },
          ])
        ) as Record<DeploySignal, DeployChange>;
        deploys.push({ version: labels?.[version] ?? 'unknown version', time, settled, signals });
      }
      previous = times[i];
    }
  }
  return deploys.sort((a, b) => b.time - a.time);
}

/** The relative change of a signal across a deploy (0.3: 30 % higher); undefined without both values or from 0. */
export function relativeChange(change: DeployChange): number | undefined {
  const { before, after } = change;
  return before === undefined || after === undefined || before === 0 ? undefined : after / before - 1;
}
