import { AREA_TITLES, type SignalDef, SIGNALS } from '@perfscope/catalog';
import { formatLevel } from '../format';

export interface SignalRow {
  id: string;
  area: string;
  title: string;
  warning: string;
  critical: string;
  for: string;
}

/** A threshold level as people write it, with the comparison that breaches it (e.g. "> 1.5 s", "> 5 %"). */
export function formatThreshold(signal: SignalDef, value: number | undefined): string {
  if (value === undefined || !signal.thresholds) {
    return '—';
  }
  if (signal.unit === 'bool') {
    // An up/down signal breaches its level when it is down: "down", not "< True".
    return 'down';
  }
  const op = signal.thresholds.direction === 'above' ? '>' : '<';
  return `${op} ${formatLevel(value, signal.unit)}`;
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
