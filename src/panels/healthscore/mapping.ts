import { type DataFrame, type Field, FieldType } from '@grafana/data';
import type { MappingRule } from './types';

/** One number series found for a component. */
export interface ComponentSeries {
  /** How the series is named in the panel (for notes). */
  name: string;
  field: Field;
  /** Times of the values, when the frame has a time field. */
  times?: readonly number[];
  /** Histogram bucket boundary (`le` label) when the series is a bucket of a histogram. */
  le?: number;
}

export interface MappedFrames {
  /** Series by component id, in the order they came. */
  byComponent: Map<string, ComponentSeries[]>;
  /** Names of number series mapped to no component. */
  unmatched: string[];
}

const displayNames = (field: Field): string[] =>
  [field.name, field.config.displayName, field.config.displayNameFromDS].filter((n): n is string => Boolean(n));

const parseLe = (text: string | undefined): number | undefined => {
  if (text === undefined) {
    return undefined;
  }
  const value = text === '+Inf' ? Infinity : Number(text);
  return Number.isNaN(value) ? undefined : value;
};

/**
 * Maps the number series of frames to health components: first the explicit rules (a rule's source
 * is a query refId or a series name), then any series whose name or refId is a component id, as the
 * datasource's Health query names them. `components` are the ids that may be mapped.
 */
export function mapFrames(
  frames: readonly DataFrame[],
  rules: readonly MappingRule[],
  components: ReadonlySet<string>
): MappedFrames {
  const byComponent = new Map<string, ComponentSeries[]>();
  const unmatched: string[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const names = displayNames(field);
      const keys = [...names, frame.refId].filter((k): k is string => Boolean(k));
      const rule = rules.find((r) => r.source && components.has(r.component) && keys.includes(r.source.trim()));
      const component = rule?.component ?? keys.find((k) => components.has(k));
      const name = field.config.displayNameFromDS ?? field.config.displayName ?? field.name;
      if (!component) {
        unmatched.push(frame.refId && frame.refId !== name ? `${name} (${frame.refId})` : name);
        continue;
      }
      const list = byComponent.get(component) ?? [];
      list.push({
        name,
        field,
        times: time ? (time.values as number[]) : undefined,
        le: parseLe(field.labels?.le),
      });
      byComponent.set(component, list);
    }
  }
  return { byComponent, unmatched };
}
