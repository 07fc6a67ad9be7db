/**
 * The names of the series Perfscope's recording rules write: a signal per service, the health
 * score, and each banded signal's normal band. Signals, fleet views, rules and dashboards all read
 * them by these names.
 */

/** The recorded series of a signal, one per service (`perfscope:<signal id>`). */
export function recordName(signalId: string): string {
  return `perfscope:${signalId}`;
}

/** The recorded health score, one series per service. */
export const HEALTH_SCORE_RECORD = 'perfscope:health_score';

/** The parts of a signal's normal band (see trends.ts). */
export const BAND_PARTS = ['expected', 'spread', 'upper', 'lower', 'anomaly'] as const;
export type BandPart = (typeof BAND_PARTS)[number];

/** A part of a signal's normal band: `perfscope:http_latency_p95:upper`. */
export function bandRecordName(signalId: string, part: BandPart): string {
  return `${recordName(signalId)}:${part}`;
}
