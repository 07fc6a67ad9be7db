import { formattedValueToString, getValueFormat } from '@grafana/data';
import { type Area, type SignalDef, SIGNALS } from '@perfscope/catalog';

export const AREA_TITLES: Record<Area, string> = {
  http: 'HTTP',
  database: 'Database',
  cache: 'Cache',
  audio: 'Audio streaming',
  uploads: 'Uploads',
  websocket: 'WebSocket',
  ratelimit: 'Rate limiting',
  system: 'System',
  webvitals: 'Web vitals',
  health: 'Health',
};

export interface SignalRow {
  id: string;
  area: string;
  title: string;
  warning: string;
  critical: string;
  for: string;
}

/** A threshold value in the signal's unit, with the comparison that breaches it (e.g. "> 1 s"). */
export function formatThreshold(signal: SignalDef, value: number | undefined): string {
  if (value === undefined || !signal.thresholds) {
    return '—';
  }
  const op = signal.thresholds.direction === 'above' ? '>' : '<';
  return `${op} ${formattedValueToString(getValueFormat(signal.unit)(value))}`;
}

/** Table rows for the signals that have alert thresholds, grouped by area in catalog order. */
export function signalRows(signals: readonly SignalDef[] = SIGNALS): SignalRow[] {
  return signals
    .filter((s) => s.thresholds)
    .map((s) => ({
      id: s.id,
      area: AREA_TITLES[s.area],
      title: s.title,
      warning: formatThreshold(s, s.thresholds?.warning),
      critical: formatThreshold(s, s.thresholds?.critical),
      for: s.thresholds?.for ?? '—',
    }));
}
