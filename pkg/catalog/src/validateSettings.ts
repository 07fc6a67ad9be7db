import { apdexSettingProblem } from './apdex';
import { describe } from './duration';
import { HEALTH_COMPONENTS, OPTIONAL_HEALTH_COMPONENTS, isHealthComponent } from './health';
import { AREA_TITLES } from './areas';
import { validateCustomSignals } from './custom';
import { type FieldError, isRecord, LABEL_NAME_RE } from './fields';
import { validateOptions } from './options';
import { findPreset, METRIC_AREAS, PRESET_IDS, PRESETS, type PresetId, presetAreas } from './presets';
import {
  effectiveThresholds,
  namingOptions,
  type PerfscopeSettings,
  type ServiceSettings,
  type SignalSettings,
} from './settings';
import { findSignal } from './signals';
import { validateObjectives } from './slo';
import { validateThresholds } from './thresholds';
import { resolveMetric, validateSources } from './sources';
import { templateProblem } from './template';
import { type Area, CANONICAL_LABELS, type CanonicalLabel, type Thresholds } from './types';

/** What validateSettings found: the settings it can vouch for, and every problem at its field. */
export interface SettingsCheck {
  /** True when nothing is wrong. */
  ok: boolean;
  /** Every value of the right type and in range; what is wrong is left out (the catalog's default applies). */
  settings: PerfscopeSettings;
  /** Field (`signals.<id>.warning`, `health.weights.<id>`, `health.apdexT`, `prefix`, `labelMap.<label>`, …) → problem. */
  errors: FieldError[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The one check of the app's settings (the plugin's jsonData), whatever JSON they hold: used by the
 * configuration page before it saves, and by the datasource, the panels and the rule builders when
 * they read what was saved (by provisioning or the API too), so that settings the page calls "Saved"
 * are settings all of them accept, and settings of the wrong type never crash any of them.
 */
export function validateSettings(input: unknown): SettingsCheck {
  const errors: FieldError[] = [];
  const settings: Mutable<PerfscopeSettings> = {};
  if (input === undefined || input === null) {
    return { ok: true, settings, errors };
  }
  if (!isRecord(input)) {
    return {
      ok: false,
      settings,
      errors: [{ field: 'settings', message: `The app settings must be an object, got ${describe(input)}.` }],
    };
  }

  if (input.prefix !== undefined) {
    const check = typeof input.prefix === 'string' ? validateOptions({ prefix: input.prefix }) : undefined;
    if (check?.ok) {
      settings.prefix = input.prefix as string;
    } else {
      errors.push({
        field: 'prefix',
        message:
          check && !check.ok
            ? check.errors[0].message
            : `The metric-name prefix must be text, got ${describe(input.prefix)}.`,
      });
    }
  }

  if (input.labelMap !== undefined) {
    if (!isRecord(input.labelMap)) {
      errors.push({
        field: 'labelMap',
        message: `The label mapping must be an object, got ${describe(input.labelMap)}.`,
      });
    } else {
      const labelMap: Partial<Record<CanonicalLabel, string>> = {};
      for (const [from, to] of Object.entries(input.labelMap)) {
        if (!CANONICAL_LABELS.includes(from as CanonicalLabel)) {
          errors.push({
            field: `labelMap.${from}`,
            message: `"${from}" is not a label Perfscope maps: use one of ${CANONICAL_LABELS.join(', ')}.`,
          });
        } else if (typeof to !== 'string' || !LABEL_NAME_RE.test(to)) {
          errors.push({
            field: `labelMap.${from}`,
            message: `${describe(to)} is not a valid label name for ${from}: use letters, digits and _, not starting with a digit.`,
          });
        } else {
          labelMap[from as CanonicalLabel] = to;
        }
      }
      if (Object.keys(labelMap).length > 0) {
        settings.labelMap = labelMap;
      }
    }
  }

  if (input.presets !== undefined) {
    const presets = presetSettings(input.presets, errors);
    if (presets) {
      settings.presets = presets;
    }
  }

  if (input.metrics !== undefined) {
    const metrics = validateSources(input.metrics, 'metrics', errors);
    if (Object.keys(metrics).length > 0) {
      settings.metrics = metrics;
    }
  }

  if (input.signals !== undefined) {
    if (!isRecord(input.signals)) {
      errors.push({
        field: 'signals',
        message: `The signal settings must be an object, got ${describe(input.signals)}.`,
      });
    } else {
      const signals: Record<string, SignalSettings> = {};
      for (const [id, raw] of Object.entries(input.signals)) {
        const own = signalSettings(id, raw, errors);
        if (own) {
          signals[id] = own;
        }
      }
      if (Object.keys(signals).length > 0) {
        settings.signals = signals;
      }
    }
  }

  if (input.health !== undefined) {
    const health = healthSettings(input.health, requestBuckets(settings), errors);
    if (health) {
      settings.health = health;
    }
  }

  if (input.customSignals !== undefined) {
    const custom = validateCustomSignals(input.customSignals, errors);
    if (custom.length > 0) {
      settings.customSignals = custom;
    }
  }

  for (const field of ['alertDatasourceUid', 'datasourceUid'] as const) {
    const value = input[field];
    if (value === undefined) {
      continue;
    }
    if (typeof value === 'string' && value.trim() !== '') {
      settings[field] = value;
    } else {
      errors.push({ field, message: `The datasource must be given by its UID (text), got ${describe(value)}.` });
    }
  }
  if (input.objectives !== undefined) {
    const objectives = validateObjectives(input.objectives, 'objectives', errors, requestBuckets(settings));
    if (objectives) {
      settings.objectives = objectives;
    }
  }
  if (input.services !== undefined) {
    const services = serviceSettings(input.services, settings, errors);
    if (services) {
      settings.services = services;
    }
  }

  if (input.serviceLabel !== undefined) {
    if (typeof input.serviceLabel === 'string' && LABEL_NAME_RE.test(input.serviceLabel)) {
      settings.serviceLabel = input.serviceLabel;
    } else {
      errors.push({
        field: 'serviceLabel',
        message: `The service label must be a label name such as job or service_name, got ${describe(input.serviceLabel)}: use letters, digits and _, not starting with a digit.`,
      });
    }
  }

  if (input.dashboardVersions !== undefined) {
    const versions = dashboardVersions(input.dashboardVersions, errors);
    if (versions) {
      settings.dashboardVersions = versions;
    }
  }
  return { ok: errors.length === 0, settings, errors };
}

/**
 * Each service's own alert levels, checked against the settings' levels of the signal (a warning
 * of its own must still come before the critical it keeps). Per service there are levels only: no
 * signal expressions.
 */
function serviceSettings(
  raw: unknown,
  settings: PerfscopeSettings,
  errors: FieldError[]
): Record<string, ServiceSettings> | undefined {
  if (!isRecord(raw)) {
    errors.push({
      field: 'services',
      message: `The services' own levels must be an object of service name → levels, got ${describe(raw)}.`,
    });
    return undefined;
  }
  const services: Record<string, ServiceSettings> = {};
  for (const [name, own] of Object.entries(raw)) {
    if (name.trim() === '') {
      errors.push({
        field: 'services',
        message: 'A service needs a name: the value of its service label, such as checkout.',
      });
      continue;
    }
    if (
      !isRecord(own) ||
      (own.signals === undefined && own.objectives === undefined) ||
      (own.signals !== undefined && !isRecord(own.signals))
    ) {
      errors.push({
        field: `services.${name}`,
        message: `The levels of service "${name}" go under "signals" (signal id → warning, critical, for, enabled) and its objectives under "objectives", got ${describe(own)}.`,
      });
      continue;
    }
    const objectives =
      own.objectives === undefined
        ? undefined
        : validateObjectives(own.objectives, `services.${name}.objectives`, errors, requestBuckets(settings));
    const signals: Record<string, Pick<SignalSettings, 'enabled' | 'warning' | 'critical' | 'for'>> = {};
    for (const [id, levels] of Object.entries((own.signals ?? {}) as Record<string, unknown>)) {
      const path = `services.${name}.signals.${id}`;
      if (isRecord(levels) && levels.promql !== undefined) {
        errors.push({
          field: `${path}.promql`,
          message: 'A signal has one expression for every service: set it under signals, not per service.',
        });
        continue;
      }
      const signal = findSignal(id);
      const checked = signalSettings(
        id,
        levels,
        errors,
        path,
        signal ? effectiveThresholds(signal, settings) : undefined
      );
      if (checked) {
        signals[id] = checked;
      }
    }
    if (Object.keys(signals).length > 0 || objectives) {
      services[name] = {
        ...(Object.keys(signals).length > 0 ? { signals } : {}),
        ...(objectives ? { objectives } : {}),
      };
    }
  }
  return Object.keys(services).length > 0 ? services : undefined;
}

/** The dashboard sync's record: dashboard UID → the version number Grafana gave its last write. */
function dashboardVersions(raw: unknown, errors: FieldError[]): Record<string, number> | undefined {
  if (!isRecord(raw)) {
    errors.push({
      field: 'dashboardVersions',
      message: `The synced dashboard versions must be an object of dashboard UID → version, got ${describe(raw)}.`,
    });
    return undefined;
  }
  const versions: Record<string, number> = {};
  for (const [uid, version] of Object.entries(raw)) {
    if (typeof version === 'number' && Number.isInteger(version) && version >= 0) {
      versions[uid] = version;
    } else {
      errors.push({
        field: `dashboardVersions.${uid}`,
        message: `The synced version of dashboard "${uid}" must be a whole number, got ${describe(version)}: review the dashboard sync again to record it anew.`,
      });
    }
  }
  return Object.keys(versions).length > 0 ? versions : undefined;
}

function signalSettings(
  id: string,
  raw: unknown,
  errors: FieldError[],
  path = `signals.${id}`,
  base?: Thresholds
): SignalSettings | undefined {
  const signal = findSignal(id);
  if (!signal) {
    errors.push({
      field: path,
      message: `"${id}" is not a Perfscope signal: remove it, or use one of the catalog's signal ids.`,
    });
    return undefined;
  }
  if (!isRecord(raw)) {
    errors.push({
      field: path,
      message: `The settings of ${signal.title} must be an object, got ${describe(raw)}.`,
    });
    return undefined;
  }
  const own: Mutable<SignalSettings> = {};
  if (raw.enabled !== undefined) {
    if (typeof raw.enabled === 'boolean') {
      own.enabled = raw.enabled;
    } else {
      errors.push({
        field: `${path}.enabled`,
        message: `Alerts on ${signal.title} are on or off (true or false), got ${describe(raw.enabled)}.`,
      });
    }
  }
  if (raw.promql !== undefined) {
    const problem = templateProblem(raw.promql);
    if (problem) {
      errors.push({ field: `${path}.promql`, message: problem });
    } else {
      own.promql = raw.promql as string;
    }
  }
  const levels = { warning: raw.warning, critical: raw.critical, for: raw.for };
  const t = signal.thresholds && base ? { ...signal.thresholds, ...base } : signal.thresholds;
  if (!t) {
    for (const field of ['enabled', 'warning', 'critical', 'for'] as const) {
      if (raw[field] !== undefined) {
        errors.push({
          field: `${path}.${field}`,
          message: `${signal.title} has no thresholds or alerts, so it takes no "${field}".`,
        });
      }
    }
    delete own.enabled;
    return Object.keys(own).length > 0 ? own : undefined;
  }
  if (levels.for !== undefined && typeof levels.for !== 'string') {
    errors.push({
      field: `${path}.for`,
      message: `"for" of ${signal.title} must be a duration such as 5m, got ${describe(levels.for)}.`,
    });
    levels.for = undefined;
  }
  if (levels.warning === undefined && levels.critical === undefined && levels.for === undefined) {
    return Object.keys(own).length > 0 ? own : undefined;
  }
  const check = validateThresholds(id, {
    warning: levels.warning ?? t.warning,
    critical: levels.critical ?? t.critical,
    for: levels.for ?? t.for,
  });
  if (!check.ok) {
    for (const e of check.errors) {
      errors.push({ field: `${path}.${e.field}`, message: e.message });
    }
    return Object.keys(own).length > 0 ? own : undefined;
  }
  for (const field of ['warning', 'critical', 'for'] as const) {
    if (levels[field] !== undefined) {
      (own as Record<string, unknown>)[field] = check.thresholds[field];
    }
  }
  return own;
}

/** The request-duration buckets (in seconds) the settings' presets and sources give. */
function requestBuckets(settings: PerfscopeSettings): readonly number[] {
  const { sources } = namingOptions(settings);
  return resolveMetric('http_request_duration_seconds', { prefix: '', labelMap: {} }, sources).buckets;
}

function presetSettings(raw: unknown, errors: FieldError[]): PerfscopeSettings['presets'] | undefined {
  if (!isRecord(raw)) {
    errors.push({ field: 'presets', message: `The presets must be an object of area → preset, got ${describe(raw)}.` });
    return undefined;
  }
  const presets: Partial<Record<Area, PresetId>> = {};
  for (const [area, id] of Object.entries(raw)) {
    const field = `presets.${area}`;
    const preset = typeof id === 'string' ? findPreset(id) : undefined;
    if (!METRIC_AREAS.includes(area as Area)) {
      errors.push({ field, message: `"${area}" is not an area with metrics: use one of ${METRIC_AREAS.join(', ')}.` });
    } else if (!preset) {
      errors.push({
        field,
        message: `${typeof id === 'string' ? `"${id}"` : describe(id)} is not a naming preset: use one of ${PRESET_IDS.join(', ')}.`,
      });
    } else if (!presetAreas(preset).includes(area as Area)) {
      const fits = PRESETS.filter((p) => presetAreas(p).includes(area as Area)).map((p) => p.id);
      errors.push({
        field,
        message: `${preset.title} names no ${AREA_TITLES[area as Area]} metrics: use one of ${fits.join(', ')}.`,
      });
    } else {
      presets[area as Area] = preset.id;
    }
  }
  return Object.keys(presets).length > 0 ? presets : undefined;
}

function healthSettings(
  raw: unknown,
  buckets: readonly number[],
  errors: FieldError[]
): PerfscopeSettings['health'] | undefined {
  if (!isRecord(raw)) {
    errors.push({ field: 'health', message: `The health settings must be an object, got ${describe(raw)}.` });
    return undefined;
  }
  const health: Mutable<NonNullable<PerfscopeSettings['health']>> = {};
  if (raw.weights !== undefined) {
    if (!isRecord(raw.weights)) {
      errors.push({
        field: 'health.weights',
        message: `The health weights must be an object, got ${describe(raw.weights)}.`,
      });
    } else {
      const weights: Record<string, number> = {};
      for (const [id, weight] of Object.entries(raw.weights)) {
        if (!isHealthComponent(id)) {
          errors.push({ field: `health.weights.${id}`, message: `"${id}" is not a health-score component.` });
        } else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
          errors.push({
            field: `health.weights.${id}`,
            message: `The weight of ${id} must be a number of 0 or more, got ${describe(weight)}.`,
          });
        } else {
          weights[id] = weight;
        }
      }
      const total =
        HEALTH_COMPONENTS.reduce((sum, c) => sum + (weights[c.signal] ?? c.weight), 0) +
        OPTIONAL_HEALTH_COMPONENTS.reduce((sum, id) => sum + (weights[id] ?? 0), 0);
      if (total === 0) {
        errors.push({ field: 'health.weights', message: 'At least one health component needs a weight above 0.' });
      } else if (Object.keys(weights).length > 0) {
        health.weights = weights;
      }
    }
  }
  if (raw.apdexT !== undefined) {
    const t = raw.apdexT;
    const problem = apdexSettingProblem(t, buckets);
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
      errors.push({
        field: 'health.apdexT',
        message: `Apdex T must be a positive number of seconds, got ${describe(t)}.`,
      });
    } else if (problem) {
      errors.push({ field: 'health.apdexT', message: problem });
    } else {
      health.apdexT = t;
    }
  }
  return Object.keys(health).length > 0 ? health : undefined;
}
