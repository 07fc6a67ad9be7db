/**
 * Custom signals: the signals an admin adds in the settings (a checkout's latency, a queue's depth)
 * with a title, an area, a unit, PromQL, thresholds and a health weight. They are signals like the
 * catalog's: the query editor lists them, the alert rules watch them, the health score weighs them
 * and the generated dashboards chart them.
 */
import { describe } from './duration';
import { type FieldError, isRecord } from './fields';
import { HEALTH_COMPONENTS, type HealthComponentDef, OPTIONAL_HEALTH_COMPONENTS } from './health';
import { METRIC_AREAS } from './presets';
import type { PerfscopeSettings } from './settings';
import { SIGNALS, findSignal } from './signals';
import { renderTemplate, templateProblem } from './template';
import { validateThresholds } from './thresholds';
import type { Area, CustomSignal, SignalDef } from './types';

export type { CustomSignal } from './types';

export const CUSTOM_SIGNAL_PREFIX = 'custom_';

/** The units a custom signal may have, as Grafana names them. */
export const CUSTOM_UNITS = [
  'short',
  'none',
  'percentunit',
  'percent',
  's',
  'ms',
  'reqps',
  'ops',
  'qps',
  'bytes',
  'Bps',
  'x',
  'bool',
] as const;

/** A custom signal as a catalog signal. */
export function customSignalDef(custom: CustomSignal): SignalDef {
  const levels = custom.warning !== undefined || custom.critical !== undefined;
  return {
    id: custom.id,
    title: custom.title,
    area: custom.area,
    unit: custom.unit,
    description: `Custom signal of the app settings: ${custom.promql}`,
    metrics: [],
    promql: (ctx) => renderTemplate(custom.promql, ctx),
    thresholds:
      levels && custom.direction
        ? {
            direction: custom.direction,
            warning: custom.warning,
            critical: custom.critical,
            for: custom.for ?? '5m',
          }
        : undefined,
    sources: [],
  };
}

/** Every signal under the settings: the catalog's, then the custom ones. */
export function signalsOf(settings: PerfscopeSettings | undefined): readonly SignalDef[] {
  const custom = settings?.customSignals ?? [];
  return custom.length === 0 ? SIGNALS : [...SIGNALS, ...custom.map(customSignalDef)];
}

/** A signal by id among the catalog's (and its health-only ones) and the settings' custom signals. */
export function findSignalIn(id: string, settings: PerfscopeSettings | undefined): SignalDef | undefined {
  const custom = settings?.customSignals?.find((c) => c.id === id);
  return custom ? customSignalDef(custom) : findSignal(id);
}

/** The health components under the settings: the catalog's, then each custom signal with a weight. */
export function healthComponentsOf(settings: PerfscopeSettings | undefined): readonly HealthComponentDef[] {
  const custom = (settings?.customSignals ?? []).filter((c) => (c.weight ?? 0) > 0 && c.direction);
  const weights = settings?.health?.weights ?? {};
  const optional = OPTIONAL_HEALTH_COMPONENTS.filter((id) => (weights[id] ?? 0) > 0);
  return custom.length === 0 && optional.length === 0
    ? HEALTH_COMPONENTS
    : [
        ...HEALTH_COMPONENTS,
        ...optional.map((id) => ({ signal: id, weight: weights[id] })),
        ...custom.map((c) => ({ signal: c.id, weight: c.weight as number })),
      ];
}

const ID_RE = /^custom_[a-z0-9_]+$/;

/** Checks custom signals (untrusted JSON) at `customSignals[i].<field>`; returns the valid ones. */
export function validateCustomSignals(raw: unknown, errors: FieldError[]): CustomSignal[] {
  if (!Array.isArray(raw)) {
    errors.push({ field: 'customSignals', message: `Custom signals must be a list, got ${describe(raw)}.` });
    return [];
  }
  const valid: CustomSignal[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const at = `customSignals[${i}]`;
    const before = errors.length;
    const problem = (field: string, message: string) => errors.push({ field: `${at}.${field}`, message });
    if (!isRecord(item)) {
      errors.push({ field: at, message: `Custom signal ${i + 1} must be an object, got ${describe(item)}.` });
      return;
    }
    const { id, title, area, unit, promql, direction, warning, critical, weight } = item;
    if (typeof id !== 'string' || !ID_RE.test(id)) {
      problem(
        'id',
        `The id must start with ${CUSTOM_SIGNAL_PREFIX} and use lower-case letters, digits and _, got ${describe(id)}.`
      );
    } else if (seen.has(id)) {
      problem('id', `"${id}" is the id of another custom signal: give each its own.`);
    } else {
      seen.add(id);
    }
    if (typeof title !== 'string' || title.trim() === '') {
      problem('title', `Give the signal a title people read on panels and alerts, got ${describe(title)}.`);
    }
    if (!METRIC_AREAS.includes(area as Area)) {
      problem('area', `${describe(area)} is not an area: use one of ${METRIC_AREAS.join(', ')}.`);
    }
    if (!(CUSTOM_UNITS as readonly unknown[]).includes(unit)) {
      problem('unit', `${describe(unit)} is not a unit Perfscope shows: use one of ${CUSTOM_UNITS.join(', ')}.`);
    }
    const promqlProblem = templateProblem(promql);
    if (promqlProblem) {
      problem('promql', promqlProblem);
    }
    const levels = warning !== undefined || critical !== undefined;
    if (direction !== undefined && direction !== 'above' && direction !== 'below') {
      problem('direction', `The direction is "above" or "below" (which side is bad), got ${describe(direction)}.`);
    } else if (levels && direction === undefined) {
      problem('direction', 'A signal with levels needs a direction: "above" when high is bad, "below" when low is.');
    }
    if (levels && typeof id === 'string' && (direction === 'above' || direction === 'below')) {
      const def = customSignalDef({ ...(item as unknown as CustomSignal), direction, title: String(title ?? id) });
      const check = validateThresholds(def, { warning, critical, for: item.for ?? '5m' });
      if (!check.ok) {
        for (const e of check.errors) {
          problem(e.field, e.message);
        }
      }
    }
    if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)) {
      problem('weight', `The health weight must be a number of 0 or more, got ${describe(weight)}.`);
    } else if ((weight ?? 0) > 0 && !levels) {
      problem(
        'weight',
        'A signal in the health score needs a warning or critical level: its score is measured against them.'
      );
    }
    if (errors.length === before) {
      valid.push(item as unknown as CustomSignal);
    }
  });
  return valid;
}
