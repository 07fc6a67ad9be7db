import { getSignal } from './signals';
import type { SignalDef } from './types';

/** A signal the health score weighs, and how much. */
export interface HealthComponentDef {
  /** Catalog signal id; the signal must have thresholds (they define the component's score). */
  readonly signal: string;
  /** Relative weight in the composite score (renormalised over the components that have data). */
  readonly weight: number;
}

/**
 * The default health-score components. Errors weigh most, because users feel them first: an error
 * rate past its zero point alone takes the score below 70. Latency counts twice, as the p95 tail
 * and as Apdex (how many requests felt fast). A cold cache and a loaded host reach users through
 * latency, which is already weighed, so they weigh least. The datasource's Health query runs one
 * query per entry, and the health-score panel and its recording rule weigh them the same way.
 */
export const HEALTH_COMPONENTS: readonly HealthComponentDef[] = [
  { signal: 'http_error_rate', weight: 3 },
  { signal: 'http_latency_p95', weight: 1 },
  { signal: 'http_apdex', weight: 1 },
  { signal: 'db_query_avg', weight: 1 },
  { signal: 'db_up', weight: 1 },
  { signal: 'cache_hit_ratio', weight: 0.5 },
  { signal: 'audio_stream_error_rate', weight: 1 },
  { signal: 'websocket_error_rate', weight: 0.5 },
  { signal: 'system_load1', weight: 0.5 },
];

/**
 * Components the score leaves out until an admin gives them a weight (`health.weights.<id>` in the
 * settings): a p95 much worse than at the same time last week. The score reads them after the
 * default ones.
 */
export const OPTIONAL_HEALTH_COMPONENTS: readonly string[] = ['http_latency_p95_wow'];

/** Every component an admin can weigh, with its default weight (0 for the optional ones). */
export const WEIGHABLE_COMPONENTS: readonly HealthComponentDef[] = [
  ...HEALTH_COMPONENTS,
  ...OPTIONAL_HEALTH_COMPONENTS.map((signal) => ({ signal, weight: 0 })),
];

/** Whether a signal id is a health component: a default one or an optional one. */
export const isHealthComponent = (id: string): boolean =>
  HEALTH_COMPONENTS.some((c) => c.signal === id) || OPTIONAL_HEALTH_COMPONENTS.includes(id);

/** The catalog signals of the health components, in order. */
export function healthSignals(): SignalDef[] {
  return HEALTH_COMPONENTS.map((c) => getSignal(c.signal));
}
