/**
 * Which alert rules the settings call for, and their wording: what Grafana's and Prometheus's rules
 * of a signal share.
 */
import { getMetric } from '../metrics';
import { resolveOptions } from '../options';
import {
  DEFAULT_SERVICE_LABEL,
  type PerfscopeSettings,
  alertsEnabled,
  effectiveThresholds,
  perServiceOptions,
  serviceThresholds,
  servicesWithOwnLevels,
  type ServiceScope,
  scopeMatchers,
} from '../settings';
import { formatNumber } from '../number';
import { signalsOf } from '../custom';
import type { Area, CatalogOptions, Direction, Severity, SignalDef, Thresholds } from '../types';
import { SEVERITIES } from './names';
import type { ProvisionedRule } from './types';

/** A threshold in the signal's unit, for people: `2 s`, `200 ms`, `5 %`, `14.4×`. */
export function formatThreshold(value: number, unit: string): string {
  switch (unit) {
    case 's':
      return value !== 0 && Math.abs(value) < 1 ? `${formatNumber(value * 1000)} ms` : `${formatNumber(value)} s`;
    case 'percentunit':
      return `${formatNumber(value * 100)} %`;
    case 'percent':
      return `${formatNumber(value)} %`;
    case 'reqps':
      return `${formatNumber(value)} req/s`;
    case 'qps':
      return `${formatNumber(value)} queries/s`;
    case 'ops':
      return `${formatNumber(value)}/s`;
    case 'x':
      return `${formatNumber(value)}×`;
    default:
      return formatNumber(value);
  }
}

/**
 * The Go-template pipeline that prints a value in the signal's unit (Grafana and Prometheus share
 * these functions), and the text after it.
 */
export function valuePipeline(unit: string, ref: string): { pipeline: string; suffix: string } {
  switch (unit) {
    case 's':
      return { pipeline: `humanizeDuration ${ref}`, suffix: '' };
    case 'percentunit':
      return { pipeline: `humanizePercentage ${ref}`, suffix: '' };
    case 'percent':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '%' };
    case 'reqps':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: ' req/s' };
    case 'qps':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: ' queries/s' };
    case 'ops':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '/s' };
    case 'x':
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '×' };
    default:
      return { pipeline: `printf "%.4g" ${ref}`, suffix: '' };
  }
}

const side = (direction: Direction) => (direction === 'above' ? 'above' : 'below');

/**
 * The service an alert instance is about, as a Go template both Prometheus and Grafana render from
 * the instance's labels: " in checkout", or nothing for an alert over the whole fleet.
 */
export const serviceClause = (serviceLabel: string) => `{{ with $labels.${serviceLabel} }} in {{ . }}{{ end }}`;

export function summary(
  signal: SignalDef,
  severity: Severity,
  threshold: number,
  direction: Direction,
  serviceLabel = DEFAULT_SERVICE_LABEL
): string {
  return `${signal.title} is ${side(direction)} ${formatThreshold(threshold, signal.unit)}${serviceClause(serviceLabel)} (${severity})`;
}

export function description(
  signal: SignalDef,
  severity: Severity,
  t: Thresholds,
  threshold: number,
  value: string
): string {
  return `${signal.description} Now ${value}; ${severity} when ${side(t.direction)} ${formatThreshold(threshold, signal.unit)} for ${t.for}.`;
}

/**
 * Which services a rule watches: every one but those with levels of their own for the signal
 * (`except`), or one service with its own levels (`only`).
 */
export type AlertScope = ServiceScope;

export { scopeMatchers };

/** One alert rule to build: a signal at one severity with its effective thresholds. */
export interface AlertSpec {
  signal: SignalDef;
  severity: Severity;
  thresholds: Thresholds;
  /** The threshold of this severity. */
  threshold: number;
  scope: AlertScope;
}

/**
 * The alert rules the settings call for, in catalog order: every signal with alerts enabled, one
 * rule per level its effective thresholds define.
 */
export function alertSpecs(settings: PerfscopeSettings | undefined): AlertSpec[] {
  const specs: AlertSpec[] = [];
  const levels = (signal: SignalDef, thresholds: Thresholds, scope: AlertScope) => {
    for (const severity of SEVERITIES) {
      const threshold = thresholds[severity];
      if (threshold !== undefined) {
        specs.push({ signal, severity, thresholds, threshold, scope });
      }
    }
  };
  for (const signal of signalsOf(settings)) {
    const thresholds = effectiveThresholds(signal, settings);
    if (!thresholds) {
      continue;
    }
    // Services with levels of their own get rules of their own; the fleet's rule leaves them out.
    const own = servicesWithOwnLevels(signal.id, settings);
    if (alertsEnabled(signal, settings)) {
      levels(signal, thresholds, { except: own });
    }
    for (const service of own) {
      const enabled = settings?.services?.[service]?.signals?.[signal.id]?.enabled ?? alertsEnabled(signal, settings);
      const mine = serviceThresholds(signal, service, settings);
      if (enabled && mine) {
        levels(signal, mine, { only: service });
      }
    }
  }
  return specs;
}

/** The one service a spec's rule is for, if it is one service's. */
export const only = (spec: AlertSpec) => ('only' in spec.scope ? spec.scope.only : undefined);

/** The rules' options for one spec: the service matchers of its scope over the rules' options. */
export function scopedOptions(options: CatalogOptions, spec: AlertSpec, serviceLabel: string): CatalogOptions {
  const matchers = scopeMatchers(spec.scope, serviceLabel);
  return matchers.length === 0 ? options : { ...options, matchers: [...options.matchers, ...matchers] };
}

/** Areas in catalog order, each with its specs. */
export function byArea(specs: AlertSpec[]): Array<[Area, AlertSpec[]]> {
  const areas = new Map<Area, AlertSpec[]>();
  for (const spec of specs) {
    areas.set(spec.signal.area, [...(areas.get(spec.signal.area) ?? []), spec]);
  }
  return [...areas.entries()];
}

/**
 * The options rules are built with: the settings' naming, every signal per service (one alert
 * instance, one recorded series per service), and the caller's extra options.
 */
export function catalogOptions(
  settings: PerfscopeSettings | undefined,
  extra?: Partial<CatalogOptions>
): CatalogOptions {
  return resolveOptions({ ...perServiceOptions(settings), ...extra });
}

/**
 * What Grafana does without data: a signal read only from gauges (connection up, load, the health
 * score's recording rule) has lost its exporter or rule when it has no data, which people must hear
 * about (NoData alert); a rate, ratio or quantile has no data when there is no traffic, which is fine.
 */
export function noDataState(signal: SignalDef): ProvisionedRule['noDataState'] {
  const gaugesOnly = signal.metrics.length === 0 || signal.metrics.every((m) => getMetric(m).type === 'gauge');
  return gaugesOnly ? 'NoData' : 'OK';
}

/** A link made absolute on Grafana's address (Alertmanager notifications leave Grafana). */
export const absolute = (base: string | undefined, link: string) =>
  base && link.startsWith('/') ? `${base.replace(/\/$/, '')}${link}` : link;
