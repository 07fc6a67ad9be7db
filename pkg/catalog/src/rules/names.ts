/** Names and uids of the rules: stable, so renaming a title or moving a threshold keeps each rule. */
import { fnv1a } from '../digest';
import { FILE_RULE_UID_PREFIX } from '../ids';
import type { Severity, SignalDef } from '../types';

/** Evaluation interval of every Grafana rule group: divides every `for` of the catalog. */
export const RULE_GROUP_INTERVAL = '1m';
/** Severities in the order rules are listed. */
export const SEVERITIES: readonly Severity[] = ['warning', 'critical'];

const UID_MAX = 40;
const SEVERITY_SHORT: Readonly<Record<Severity, string>> = { warning: 'warn', critical: 'crit' };

/** A short stable digest (base 36) to keep shortened UIDs unique. */
const digest = (text: string) => fnv1a(text).toString(36);

/**
 * The stable UID of a signal's rule at a severity, e.g. `perfscope-http_error_rate-crit`:
 * at most 40 characters of [a-zA-Z0-9-_] (Grafana's limit), shortened with a digest when longer.
 */
export function ruleUid(signalId: string, severity: Severity, prefix = FILE_RULE_UID_PREFIX, service?: string): string {
  const uid = `${prefix}${signalId.replace(/[^a-zA-Z0-9_-]/g, '_')}-${SEVERITY_SHORT[severity]}`;
  // A service's own rule: the same, with a digest of the service's name (any text) at the end.
  const end = service === undefined ? '' : `-${digest(service)}`;
  if (uid.length + end.length <= UID_MAX) {
    return `${uid}${end}`;
  }
  const tail = `-${digest(uid)}-${SEVERITY_SHORT[severity]}${end}`;
  return `${uid.slice(0, UID_MAX - tail.length)}${tail}`;
}

const pascal = (text: string) =>
  text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** The Prometheus alert name of a signal's rule at a severity, e.g. `PerfscopeHttpErrorRateCritical`. */
export function alertName(signalId: string, severity: Severity): string {
  return `Perfscope${pascal(signalId)}${pascal(severity)}`;
}

/** Rule title shown in Grafana, e.g. `HTTP error rate (critical)`; stable when thresholds change. */
export function ruleTitle(signal: SignalDef, severity: Severity, service?: string): string {
  return `${signal.title} (${severity})${service === undefined ? '' : ` in ${service}`}`;
}
