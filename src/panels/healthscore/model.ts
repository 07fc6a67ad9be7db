import { type DataFrame, FieldType, formattedValueToString, getValueFormat } from '@grafana/data';
import { type SignalDef, type Status, evaluate, findSignal } from '@perfscope/catalog';

/** One health component: a catalog signal with alert thresholds, found in the panel's data. */
export interface HealthComponent {
  signalId: string;
  title: string;
  /** Latest value, undefined when the series has none. */
  value?: number;
  text: string;
  status: Status;
}

export interface HealthModel {
  components: HealthComponent[];
  /** Names of numeric series that match no catalog signal, so a person can fix their refIds. */
  unmatched: string[];
}

const SEVERITY_ORDER: Record<Status, number> = { critical: 0, warning: 1, 'no-data': 2, ok: 3 };

function latest(values: readonly unknown[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    if (typeof values[i] === 'number') {
      return values[i] as number;
    }
  }
  return undefined;
}

/** A value in its unit; NaN and infinities are shown as such, never as a bogus number. */
export function formatValue(unit: string, value: number | undefined, decimals: number): string {
  if (value === undefined) {
    return 'No data';
  }
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+∞' : '-∞';
  }
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}

/**
 * Finds health components in frames: a frame's refId or a numeric field's name must be a catalog
 * signal id that has thresholds (e.g. refId `http_error_rate`). Worst status first.
 */
export function toHealthModel(frames: readonly DataFrame[], decimals: number): HealthModel {
  const components: HealthComponent[] = [];
  const unmatched: string[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const signal = [field.name, frame.refId]
        .map((id) => (id ? findSignal(id) : undefined))
        .find((s) => s?.thresholds) as SignalDef | undefined;
      if (!signal) {
        unmatched.push(field.config.displayName ?? field.name);
        continue;
      }
      const value = latest(field.values);
      components.push({
        signalId: signal.id,
        title: signal.title,
        value,
        text: formatValue(signal.unit, value, decimals),
        status: evaluate(signal, value),
      });
    }
  }
  components.sort((a, b) => SEVERITY_ORDER[a.status] - SEVERITY_ORDER[b.status]);
  return { components, unmatched };
}
