import { type DataFrame, type Field, FieldType } from '@grafana/data';

/** A frame's number field (the series' values), if it has one. */
export const numberField = (frame: DataFrame): Field | undefined =>
  frame.fields.find((f) => f.type === FieldType.number);

/**
 * The last number of a field that is a number (a gap or NaN at its end skipped); undefined without one.
 * Reads from the end by index, not a copy: a streaming frame's values are a CircularVector, whose every
 * read goes through a Proxy, and a fleet page reads thousands of them per answer.
 */
export function lastNumber(field: Field | undefined): number | undefined {
  const values: ArrayLike<number | null | undefined> = field?.values ?? [];
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && !Number.isNaN(v)) {
      return v;
    }
  }
  return undefined;
}
