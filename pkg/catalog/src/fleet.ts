/**
 * The fleet view's signals (one row per service on the Services page and the Overview) and their
 * PromQL: the recording rule's series where Prometheus records it, the raw expression elsewhere.
 */
import { type PerfscopeSettings, perServiceOptions, serviceLabelOf } from './settings';
import { buildPromQL } from './promql';
import { HEALTH_SCORE_RECORD, recordName } from './records';

export { HEALTH_SCORE_RECORD, recordName } from './records';

/** The signals of a service's row, in column order (the health score is its own column). */
export const FLEET_SIGNALS = ['http_request_rate', 'http_error_rate', 'http_latency_p95', 'http_apdex'] as const;
export type FleetSignal = (typeof FLEET_SIGNALS)[number];

/**
 * An instant query that answers one series per recorded fleet signal present (its `__name__`),
 * so a page reads recorded series where they exist and computes the others. It touches only the
 * recorded series: O(services), whatever the raw series count.
 */
export function recordedProbePromQL(): string {
  const names = FLEET_SIGNALS.map(recordName).join('|');
  return `count by (__name__) ({__name__=~"${names}"})`;
}

/**
 * A fleet signal per service: the recording rule's series (the service label kept, duplicates of
 * an HA pair folded) when recorded, else the raw expression grouped by the service label.
 */
export function fleetSignalPromQL(
  signalId: FleetSignal,
  settings: PerfscopeSettings | undefined,
  recorded: boolean
): string {
  const label = serviceLabelOf(settings);
  return recorded ? `max by (${label}) (${recordName(signalId)})` : buildPromQL(signalId, perServiceOptions(settings));
}

/** The health score per service (the recording rule: there is no raw form cheap enough for a fleet). */
export function fleetScorePromQL(settings: PerfscopeSettings | undefined): string {
  return `min by (${serviceLabelOf(settings)}) (${HEALTH_SCORE_RECORD})`;
}
