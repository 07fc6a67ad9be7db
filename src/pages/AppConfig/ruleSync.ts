/**
 * The pure part of keeping Grafana-managed alert rules in step with the app settings: what a sync
 * would write (plan) and writing it group by group through Grafana's rule-group API, which replaces
 * one group atomically (PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group,
 * pkg/services/ngalert/api/api_provisioning.go RoutePutAlertRuleGroup). When a group fails, the
 * groups already written are put back as they were, so a failed sync leaves the rules as before.
 *
 * Synced rules keep Grafana's provisioning mark ("api"), so they are locked in the alerting UI: the
 * thresholds live on this page, and an edit made elsewhere would be overwritten by the next sync.
 * The HTTP client is in alertingApi.ts.
 */
import { GRAFANA_ORIGIN_LABEL, ORIGIN, checkDuration } from '@perfscope/catalog';

/** The parts of a provisioned rule the sync reads; the rest is passed through as built. */
export interface RuleLike {
  uid: string;
  title: string;
  ruleGroup: string;
  folderUID: string;
  labels?: Record<string, string>;
  /** Set by Grafana on rules it lists: "file" for file-provisioned rules, "api" for API ones. */
  provenance?: string;
  [key: string]: unknown;
}

/** A rule group as the sync writes it: its rules and its evaluation interval in seconds. */
export interface GroupLike<R extends RuleLike = RuleLike> {
  title: string;
  /** Evaluation interval, seconds (the API's unit). */
  interval: number;
  rules: R[];
}

export interface RuleChange<R extends RuleLike = RuleLike> {
  before: R;
  after: R;
  /** Fields that differ, e.g. ["for", "data"]. */
  fields: string[];
}

/** One group the sync writes: what it will hold, and what Grafana has now (to put back on failure). */
export interface GroupWrite {
  title: string;
  after: GroupLike;
  before: GroupLike;
  /** The group's interval changes. */
  interval: boolean;
}

export interface SyncPlan<R extends RuleLike = RuleLike> {
  create: R[];
  update: Array<RuleChange<R>>;
  remove: R[];
  /**
   * Perfscope rules Grafana provisioned from files: while there are any, the sync writes nothing
   * (its rules would only repeat them), and the page says where they come from.
   */
  locked: R[];
  unchanged: number;
  groups: GroupWrite[];
}

/** Fields Grafana returns as a Prometheus duration in canonical form ("60m" comes back as "1h"). */
const DURATION_FIELDS = new Set(['for', 'keep_firing_for']);

const durationMs = (value: unknown) => {
  const check = typeof value === 'string' ? checkDuration(value) : undefined;
  return check?.ok ? check.ms : undefined;
};
const sameDuration = (actual: unknown, expected: unknown) =>
  durationMs(actual) !== undefined && durationMs(actual) === durationMs(expected);

/**
 * Does `actual` hold everything `expected` says? Grafana may add fields of its own, and returns
 * durations in canonical form, so "60m" holds "1h" and "90s" holds "1m30s".
 */
export function contains(actual: unknown, expected: unknown, key?: string): boolean {
  if (key !== undefined && DURATION_FIELDS.has(key) && typeof expected === 'string') {
    return actual === expected || sameDuration(actual, expected);
  }
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected);
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
    ([k, v]) => v === undefined || contains((actual as Record<string, unknown>)[k], v, k)
  );
}

export const isOurs = (rule: RuleLike) => rule.labels?.[GRAFANA_ORIGIN_LABEL] === ORIGIN;

/** A rule as it is written back: without the provenance Grafana reports (the API sets its own). */
export const writable = ({ provenance, ...rule }: RuleLike): RuleLike => rule;

/**
 * What a sync would do: the desired groups against the rules Grafana has in the folder (`existing`,
 * as GET /api/v1/provisioning/alert-rules lists them) and the groups' current intervals.
 * Only Perfscope's rules are compared; other rules that share a group are kept as they are.
 */
export function planSync<R extends RuleLike>(
  desired: ReadonlyArray<GroupLike<R>>,
  existing: readonly R[],
  intervals: Readonly<Record<string, number | undefined>>,
  folderUid: string
): SyncPlan<R> {
  const plan: SyncPlan<R> = { create: [], update: [], remove: [], locked: [], unchanged: 0, groups: [] };
  const ours = existing.filter(isOurs);
  plan.locked = ours.filter((r) => r.provenance === 'file');
  if (plan.locked.length > 0) {
    return plan;
  }
  const inFolder = existing.filter((r) => r.folderUID === folderUid);
  const byUid = new Map(ours.map((r) => [r.uid, r]));
  const wanted = new Set(desired.flatMap((g) => g.rules.map((r) => r.uid)));
  const touched = new Set<string>();
  for (const group of desired) {
    for (const rule of group.rules) {
      const current = byUid.get(rule.uid);
      if (!current) {
        plan.create.push(rule);
        touched.add(group.title);
        continue;
      }
      const fields = Object.keys(rule).filter((k) => !contains(current[k], rule[k], k));
      if (fields.length === 0) {
        plan.unchanged++;
      } else {
        plan.update.push({ before: current, after: rule, fields });
        touched.add(group.title).add(current.ruleGroup);
      }
    }
  }
  for (const rule of ours) {
    if (!wanted.has(rule.uid)) {
      plan.remove.push(rule);
      touched.add(rule.ruleGroup);
    }
  }
  const titles = new Set([...desired.map((g) => g.title), ...touched]);
  for (const title of titles) {
    const want = desired.find((g) => g.title === title);
    const now = inFolder.filter((r) => r.ruleGroup === title);
    const current = intervals[title];
    const intervalChanges = want !== undefined && now.length > 0 && current !== undefined && current !== want.interval;
    if (!touched.has(title) && !intervalChanges) {
      continue;
    }
    // Rules that are not Perfscope's stay in their group: a PUT replaces the whole group.
    const others = now.filter((r) => !isOurs(r)).map(writable);
    const interval = want?.interval ?? current ?? 60;
    plan.groups.push({
      title,
      after: { title, interval, rules: [...others, ...(want?.rules ?? []).map(writable)] },
      before: { title, interval: current ?? interval, rules: now.map(writable) },
      interval: intervalChanges,
    });
  }
  return plan;
}

export const planIsEmpty = (plan: SyncPlan) => plan.groups.length === 0;

/** Grafana's alerting provisioning API, as the sync uses it (alertingApi.ts). */
export interface AlertingApi {
  /** Every Grafana-managed rule, with its provenance. */
  list(): Promise<RuleLike[]>;
  /** The folder the rules live in: by uid, else by title; undefined when there is none yet. */
  findFolder(): Promise<{ uid: string; title: string } | undefined>;
  createFolder(): Promise<{ uid: string; title: string }>;
  /** A group's evaluation interval in seconds, or undefined when the group does not exist. */
  groupInterval(folderUid: string, group: string): Promise<number | undefined>;
  /** Replaces a group (an empty list of rules deletes it). */
  putGroup(folderUid: string, group: GroupLike): Promise<void>;
}

/** A readable reason for a failed alerting call, naming the group it was for. */
export function describeSyncError(error: unknown, group?: string): string {
  const status = (error as { status?: number })?.status;
  const message = (error as { data?: { message?: string } })?.data?.message;
  const which = group ? `Group "${group}": ` : '';
  if (status === 401 || status === 403) {
    return `${which}Grafana refused (${status}): syncing alert rules needs the Admin role or the alert.provisioning:write permission.`;
  }
  if (message && /data ?source/i.test(message)) {
    return `${which}${message}. Check that the alerting Prometheus datasource in these settings exists.`;
  }
  if (message && /provenance/i.test(message)) {
    return `${which}Grafana refused (${status ?? 'error'}): ${message}. Rules provisioned from files can only be changed in those files.`;
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
  /** Problems undoing a failed sync (rare: then the listed groups need a look). */
  rollbackErrors: string[];
}

/**
 * Writes a plan group by group. Each group is atomic in Grafana; when one fails, the groups
 * already written are put back as they were, in reverse order.
 */
export async function applyPlan(plan: SyncPlan, folderUid: string, api: AlertingApi): Promise<SyncResult> {
  const done: GroupWrite[] = [];
  const rollbackErrors: string[] = [];
  for (const write of plan.groups) {
    try {
      await api.putGroup(folderUid, write.after);
      done.push(write);
    } catch (e) {
      const error = describeSyncError(e, write.title);
      for (const undo of done.reverse()) {
        try {
          await api.putGroup(folderUid, undo.before);
        } catch (rollbackError) {
          rollbackErrors.push(describeSyncError(rollbackError, undo.title));
        }
      }
      return { ok: false, created: 0, updated: 0, removed: 0, error, rollbackErrors };
    }
  }
  return {
    ok: true,
    created: plan.create.length,
    updated: plan.update.length,
    removed: plan.remove.length,
    rollbackErrors,
  };
}

/** A plan and where it goes: the folder's UID, and whether the folder must be created first. */
export interface Review {
  plan: SyncPlan;
  folderUid: string;
  folderExists: boolean;
}

/**
 * Reads what Grafana has (the folder, every rule, the intervals of the groups the settings call
 * for) and plans the sync. `desired` builds the groups for a folder UID.
 */
export async function review(
  desired: (folderUid: string) => GroupLike[],
  api: AlertingApi,
  newFolderUid: string
): Promise<Review> {
  const folder = await api.findFolder();
  const folderUid = folder?.uid ?? newFolderUid;
  const groups = desired(folderUid);
  const existing = await api.list();
  // Only groups that have rules exist in Grafana: asking for another would be a 404.
  const present = new Set(existing.filter((r) => r.folderUID === folderUid).map((r) => r.ruleGroup));
  const intervals = await Promise.all(
    groups
      .filter((g) => folder && present.has(g.title))
      .map(async (g) => [g.title, await api.groupInterval(folderUid, g.title)] as const)
  );
  return {
    plan: planSync(groups, existing, Object.fromEntries(intervals), folderUid),
    folderUid,
    folderExists: Boolean(folder),
  };
}

/** Creates the folder when the review found none, then applies the plan. */
export async function applyReview({ plan, folderUid, folderExists }: Review, api: AlertingApi): Promise<SyncResult> {
  if (!folderExists && plan.groups.length > 0) {
    try {
      await api.createFolder();
    } catch (e) {
      return { ok: false, created: 0, updated: 0, removed: 0, error: describeSyncError(e), rollbackErrors: [] };
    }
  }
  return applyPlan(plan, folderUid, api);
}
