/**
 * Keeps Grafana-managed alert rules in step with the app settings, through Grafana's alerting
 * provisioning API: plan (what would be created, updated, removed), then apply, undoing what was
 * already applied when a step fails, so a failed sync leaves the previous rules as they were.
 *
 * Synced rules keep Grafana's provisioning mark ("api"), so they are locked in the alerting UI: the
 * thresholds live on this page, and an edit made elsewhere would be overwritten by the next sync.
 */
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

/** Label every synced rule carries; rules without it are never touched. */
export const ORIGIN_LABEL = '__grafana_origin';
export const ORIGIN = 'plugin/perfscope-monitoring-app';
export const FOLDER = { uid: 'perfscope', title: 'Perfscope' };

/** The parts of a provisioned rule the sync reads; the rest is passed through as built. */
export interface RuleLike {
  uid: string;
  title: string;
  ruleGroup: string;
  folderUID: string;
  labels?: Record<string, string>;
  /** Set by Grafana on rules it returns: "file" for file-provisioned rules, "api" for API ones. */
  provenance?: string;
  [key: string]: unknown;
}

export interface RuleChange<R extends RuleLike = RuleLike> {
  before: R;
  after: R;
  /** Fields that differ, e.g. ["for", "data"]. */
  fields: string[];
}

export interface SyncPlan<R extends RuleLike = RuleLike> {
  create: R[];
  update: Array<RuleChange<R>>;
  remove: R[];
  /** Rules Grafana provisioned from files: the API may not change them. */
  locked: R[];
  unchanged: number;
}

/** Does `actual` hold everything `expected` says (Grafana may add fields of its own)? */
export function contains(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) || (typeof expected === 'number' && actual === expected);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => contains(actual[i], e))
    );
  }
  if (actual === null || typeof actual !== 'object') {
    return false;
  }
  return Object.entries(expected).every(
    ([k, v]) => v === undefined || contains((actual as Record<string, unknown>)[k], v)
  );
}

export const isOurs = (rule: RuleLike) => rule.labels?.[ORIGIN_LABEL] === ORIGIN;

/** What a sync would do: desired rules against the ones Grafana has (only ours are compared). */
export function planSync<R extends RuleLike>(desired: readonly R[], existing: readonly R[]): SyncPlan<R> {
  const ours = new Map(existing.filter(isOurs).map((r) => [r.uid, r]));
  const plan: SyncPlan<R> = { create: [], update: [], remove: [], locked: [], unchanged: 0 };
  for (const rule of desired) {
    const current = ours.get(rule.uid) ?? existing.find((r) => r.uid === rule.uid);
    ours.delete(rule.uid);
    if (!current) {
      plan.create.push(rule);
      continue;
    }
    const fields = Object.keys(rule).filter((k) => !contains(current[k], rule[k]));
    if (fields.length === 0) {
      plan.unchanged++;
    } else if (current.provenance === 'file') {
      plan.locked.push(rule);
    } else {
      plan.update.push({ before: current, after: rule, fields });
    }
  }
  for (const rule of ours.values()) {
    (rule.provenance === 'file' ? plan.locked : plan.remove).push(rule);
  }
  return plan;
}

export const planIsEmpty = (plan: SyncPlan) => plan.create.length + plan.update.length + plan.remove.length === 0;

/** Grafana's alerting provisioning API, as the sync uses it. */
export interface AlertingApi {
  list(): Promise<RuleLike[]>;
  ensureFolder(): Promise<void>;
  create(rule: RuleLike): Promise<void>;
  update(rule: RuleLike): Promise<void>;
  remove(uid: string): Promise<void>;
}

export function grafanaAlertingApi(): AlertingApi {
  const call = async <T>(method: string, url: string, data?: unknown): Promise<T> =>
    (await lastValueFrom(getBackendSrv().fetch<T>({ method, url, data, showErrorAlert: false }))).data;
  const base = '/api/v1/provisioning/alert-rules';
  return {
    list: () => call<RuleLike[]>('GET', base),
    ensureFolder: async () => {
      try {
        await call('GET', `/api/folders/${FOLDER.uid}`);
      } catch (e) {
        if ((e as { status?: number }).status !== 404) {
          throw e;
        }
        await call('POST', '/api/folders', FOLDER);
      }
    },
    create: (rule) => call('POST', base, rule),
    update: (rule) => call('PUT', `${base}/${rule.uid}`, rule),
    remove: (uid) => call('DELETE', `${base}/${uid}`),
  };
}

/** A readable reason for a failed alerting call, naming the rule it was for. */
export function describeSyncError(error: unknown, rule?: Pick<RuleLike, 'title' | 'uid'>): string {
  const status = (error as { status?: number })?.status;
  const message = (error as { data?: { message?: string } })?.data?.message;
  const which = rule ? `Rule "${rule.title}" (${rule.uid}): ` : '';
  if (status === 401 || status === 403) {
    return `${which}Grafana refused (${status}): syncing alert rules needs the Admin role or the alert.provisioning:write permission.`;
  }
  if (message && /data ?source/i.test(message)) {
    return `${which}${message}. Check that the alerting Prometheus datasource in these settings exists.`;
  }
  if (message) {
    return `${which}Grafana rejected it (${status ?? 'error'}): ${message}`;
  }
  if (error instanceof Error) {
    return `${which}${error.message}`;
  }
  return `${which}the request failed${status ? ` (${status})` : ''}: check the connection to Grafana and try again.`;
}

export interface SyncResult {
  ok: boolean;
  created: number;
  updated: number;
  removed: number;
  /** Why the sync stopped, when it did; what was applied before was undone. */
  error?: string;
  /** Problems undoing a failed sync (rare: then the listed rules need a look). */
  rollbackErrors: string[];
}

/**
 * Applies a plan step by step. When a step fails, the steps already done are undone in reverse
 * (created rules removed, updated ones put back, removed ones recreated).
 */
export async function applyPlan(plan: SyncPlan, api: AlertingApi): Promise<SyncResult> {
  const undo: Array<{ rule: RuleLike; run: () => Promise<void> }> = [];
  const result: SyncResult = { ok: true, created: 0, updated: 0, removed: 0, rollbackErrors: [] };
  const strip = ({ provenance, ...rule }: RuleLike) => rule as RuleLike;
  let current: RuleLike | undefined;
  try {
    if (plan.create.length > 0) {
      await api.ensureFolder();
    }
    for (const rule of plan.create) {
      current = rule;
      await api.create(rule);
      undo.push({ rule, run: () => api.remove(rule.uid) });
      result.created++;
    }
    for (const change of plan.update) {
      current = change.after;
      await api.update(change.after);
      undo.push({ rule: change.before, run: () => api.update(strip(change.before)) });
      result.updated++;
    }
    for (const rule of plan.remove) {
      current = rule;
      await api.remove(rule.uid);
      undo.push({ rule, run: () => api.create(strip(rule)) });
      result.removed++;
    }
    return result;
  } catch (e) {
    const error = describeSyncError(e, current);
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (rollbackError) {
        result.rollbackErrors.push(describeSyncError(rollbackError, step.rule));
      }
    }
    return { ok: false, created: 0, updated: 0, removed: 0, error, rollbackErrors: result.rollbackErrors };
  }
}
