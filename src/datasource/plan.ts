import type { DataFrame } from '@grafana/data';
import { HEALTH_COMPONENTS, type HealthComponentDef } from '@perfscope/catalog';
import { legendName, namesSeries } from './legend';
import type { Query } from './types';

/** The health component (signal id) an expanded Health query stands for. */
const components = new WeakMap<Query, string>();

/**
 * Health queries become one signal query per health component (the catalog's and the settings'
 * custom ones), with the query's label filters,
 * refId and live settings; other queries pass through unchanged.
 */
export function expandHealth(
  targets: readonly Query[],
  health: readonly HealthComponentDef[] = HEALTH_COMPONENTS
): Query[] {
  return targets.flatMap((target) => {
    if (target.mode !== 'health') {
      return [target];
    }
    return health.map(({ signal }) => {
      const query: Query = { ...target, mode: 'signal', signal, legendFormat: undefined };
      components.set(query, signal);
      return query;
    });
  });
}

/** The health component of an expanded Health query, or undefined. */
export function healthComponentOf(query: Query): string | undefined {
  return components.get(query);
}

/**
 * Applies what a query asks of its frames: the legend format as each series' display name, and for
 * a health component the signal id as the value field's name, which the health-score panel maps by.
 */
export function decorate(frames: DataFrame[], query: Query): DataFrame[] {
  const component = healthComponentOf(query);
  if (!component && !namesSeries(query.legendFormat)) {
    return frames;
  }
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => {
      if (field.type !== 'number') {
        return field;
      }
      const legend = legendName(query.legendFormat, field.labels);
      return {
        ...field,
        name: component ?? field.name,
        config: legend === undefined ? field.config : { ...field.config, displayNameFromDS: legend },
      };
    }),
  }));
}
