import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';
import { HEALTH_COMPONENTS } from '@perfscope/catalog';
import { NORMAL } from './normalValues';

export { NORMAL };

/** Fixed start of every test series (2023-11-14T22:13:20Z), one point every 15 s. */
export const T0 = 1_700_000_000_000;
export const STEP = 15_000;

/** A series as the Health query returns it: refId of the query, value field named after the signal. */
export function healthFrame(
  signal: string,
  values: Array<number | null>,
  extra: { refId?: string; unit?: string; start?: number } = {}
): DataFrame {
  const start = extra.start ?? T0;
  return toDataFrame({
    refId: extra.refId ?? 'H',
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => start + i * STEP) },
      { name: signal, type: FieldType.number, values, config: extra.unit ? { unit: extra.unit } : {} },
    ],
  });
}

/** One Health-query frame per default component, with `overrides` in place of the normal values. */
export function healthFrames(overrides: Record<string, Array<number | null> | number | null> = {}): DataFrame[] {
  return HEALTH_COMPONENTS.map(({ signal }) => {
    const v = signal in overrides ? overrides[signal] : NORMAL[signal];
    return healthFrame(signal, Array.isArray(v) ? v : [v]);
  });
}

/** Cumulative histogram buckets as Prometheus returns `sum by (le) (…_bucket)`: one frame per `le`. */
export function bucketFrames(refId: string, counts: Record<string, number[]>): DataFrame[] {
  return Object.entries(counts).map(([le, values]) =>
    toDataFrame({
      refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: values.map((_, i) => T0 + i * STEP) },
        { name: 'Value', type: FieldType.number, values, labels: { le } },
      ],
    })
  );
}
