import { type PresetId, presetOptions } from './presets';
import { findSignal } from './signals';
import type {
  Area,
  CanonicalLabel,
  CatalogOptions,
  CustomSignal,
  LabelMatcher,
  MetricSource,
  MetricSources,
  ObjectivesSettings,
  SignalDef,
  Thresholds,
} from './types';

/** An admin's changes to one signal's defaults. Absent fields keep the catalog's value. */
export interface SignalSettings {
  /** False turns the signal's alert rules off (panels still show it). */
  readonly enabled?: boolean;
  readonly warning?: number;
  readonly critical?: number;
  /** Prometheus duration, e.g. `5m`. */
  readonly for?: string;
  /** The signal's PromQL in place of the catalog's, with `$filters` and `$window` (template.ts). */
  readonly promql?: string;
}

/**
 * A service's own alert levels for some signals and its own objectives, over the settings' (a
 * batch job may be slow by design).
 */
export interface ServiceSettings {
  readonly signals?: Readonly<Record<string, Pick<SignalSettings, 'enabled' | 'warning' | 'critical' | 'for'>>>;
  readonly objectives?: ObjectivesSettings;
}

/**
 * The app's settings, saved as the plugin's jsonData (`/api/plugins/perfscope-monitoring-app/settings`).
 * Everything is optional: an empty object means the catalog's defaults throughout.
 */
export interface PerfscopeSettings {
  /** Metric-name namespace prefix, e.g. `shop_`. */
  readonly prefix?: string;
  /** Canonical label → the team's label name. */
  readonly labelMap?: Readonly<Partial<Record<CanonicalLabel, string>>>;
  /** Area → the naming preset its metrics follow (presets.ts); missing: the kit's names. */
  readonly presets?: Readonly<Partial<Record<Area, PresetId>>>;
  /** Canonical metric → its source, over the area's preset (field by field). */
  readonly metrics?: MetricSources;
  /** Per-signal overrides, by signal id. */
  readonly signals?: Readonly<Record<string, SignalSettings>>;
  readonly health?: {
    /** Component weights by signal id (missing: the catalog's weight). */
    readonly weights?: Readonly<Record<string, number>>;
    /** Apdex target T in seconds; must be a bucket boundary of the request-duration histogram. */
    readonly apdexT?: number;
  };
  /** Signals the admin adds: listed, alerted on, weighed and charted like the catalog's (custom.ts). */
  readonly customSignals?: readonly CustomSignal[];
  /** UID of the core Prometheus datasource Grafana-managed alert rules query. */
  readonly alertDatasourceUid?: string;
  /** UID of the Perfscope datasource the app pages use. */
  readonly datasourceUid?: string;
  /**
   * The label that names a service on every series (default `job`, the scrape job Prometheus sets;
   * `service_name` where OpenTelemetry's resource attributes are promoted to labels).
   */
  readonly serviceLabel?: string;
  /** Service name (its service label's value) → its own alert levels and objectives. */
  readonly services?: Readonly<Record<string, ServiceSettings>>;
  /** Every service's availability and latency objectives (slo.ts); a service may have its own. */
  readonly objectives?: ObjectivesSettings;
  /**
   * The dashboard sync's record, written by the configuration page: dashboard UID → the version
   * Grafana gave the sync's last write. A dashboard at another version was saved by someone else since.
   */
  readonly dashboardVersions?: Readonly<Record<string, number>>;
}

/** A signal's thresholds after the admin's overrides; undefined when it has none. */
export function effectiveThresholds(
  signal: string | SignalDef,
  settings: PerfscopeSettings | undefined
): Thresholds | undefined {
  const def = typeof signal === 'string' ? findSignal(signal) : signal;
  if (!def?.thresholds) {
    return undefined;
  }
  const own = settings?.signals?.[def.id];
  if (!own) {
    return def.thresholds;
  }
  return {
    direction: def.thresholds.direction,
    warning: own.warning ?? def.thresholds.warning,
    critical: own.critical ?? def.thresholds.critical,
    for: own.for ?? def.thresholds.for,
  };
}

/**
 * The signal with the admin's thresholds in place of the defaults (for evaluate() and rule builders);
 * with a service, its own levels over them.
 */
export function withSettings(signal: SignalDef, settings: PerfscopeSettings | undefined, service?: string): SignalDef {
  const thresholds =
    service === undefined ? effectiveThresholds(signal, settings) : serviceThresholds(signal, service, settings);
  return thresholds === signal.thresholds ? signal : { ...signal, thresholds };
}

/** Whether the signal's alert rules are on. */
export function alertsEnabled(signal: SignalDef, settings: PerfscopeSettings | undefined): boolean {
  return Boolean(signal.thresholds) && settings?.signals?.[signal.id]?.enabled !== false;
}

/**
 * The catalog options the settings set: their namespace prefix, label mapping and Apdex T, the
 * sources of the presets chosen per area with the settings' own sources over them, the signals'
 * own expressions (the settings' over the presets'), and the availability objective's target.
 */
export function namingOptions(settings: PerfscopeSettings | undefined): Partial<CatalogOptions> {
  const preset = presetOptions(settings?.presets ?? {});
  const sources: Record<string, MetricSource> = { ...preset.sources };
  for (const [metric, own] of Object.entries(settings?.metrics ?? {})) {
    sources[metric] = { ...sources[metric], ...own };
  }
  const overrides: Record<string, string> = { ...preset.overrides };
  for (const [id, own] of Object.entries(settings?.signals ?? {})) {
    if (own.promql !== undefined) {
      overrides[id] = own.promql;
    }
  }
  return {
    ...(settings?.prefix !== undefined ? { prefix: settings.prefix } : {}),
    ...(settings?.labelMap !== undefined ? { labelMap: settings.labelMap } : {}),
    ...(settings?.health?.apdexT !== undefined ? { apdexT: settings.health.apdexT } : {}),
    // The burn-rate signal spends the availability objective's budget.
    ...(settings?.objectives?.availability?.target !== undefined
      ? { slo: settings.objectives.availability.target }
      : {}),
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
  };
}

/** The label that names a service in the settings' metrics. */
export const DEFAULT_SERVICE_LABEL = 'job';

export function serviceLabelOf(settings: PerfscopeSettings | undefined): string {
  return settings?.serviceLabel ?? DEFAULT_SERVICE_LABEL;
}

/** The settings' naming with every aggregation kept per service: each signal gives one series per service. */
export function perServiceOptions(settings: PerfscopeSettings | undefined): Partial<CatalogOptions> {
  return { ...namingOptions(settings), groupBy: [serviceLabelOf(settings)] };
}

/** The services with levels of their own for a signal, in the settings' order. */
export function servicesWithOwnLevels(signalId: string, settings: PerfscopeSettings | undefined): string[] {
  return Object.entries(settings?.services ?? {})
    .filter(([, own]) => own.signals?.[signalId] !== undefined)
    .map(([name]) => name);
}

/**
 * Which services a rule or a health component watches: every one but those with levels of their
 * own for the signal (`except`), or one service with its own levels (`only`).
 */
export type ServiceScope = { readonly except: readonly string[] } | { readonly only: string };

/** Matchers on the service label for a scope. */
export function scopeMatchers(scope: ServiceScope, serviceLabel: string): LabelMatcher[] {
  if ('only' in scope) {
    return [{ label: serviceLabel, op: '=', value: scope.only }];
  }
  return scope.except.length === 0
    ? []
    : [{ label: serviceLabel, op: '!~', value: scope.except.map(escapeRegex).join('|') }];
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A signal's thresholds for one service: its own levels over the settings' (undefined when it has none). */
export function serviceThresholds(
  signal: SignalDef,
  service: string,
  settings: PerfscopeSettings | undefined
): Thresholds | undefined {
  const base = effectiveThresholds(signal, settings);
  const own = settings?.services?.[service]?.signals?.[signal.id];
  if (!base || !own) {
    return base;
  }
  return {
    direction: base.direction,
    warning: own.warning ?? base.warning,
    critical: own.critical ?? base.critical,
    for: own.for ?? base.for,
  };
}
