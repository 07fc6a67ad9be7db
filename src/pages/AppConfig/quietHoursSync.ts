/**
 * Maintenance windows against Grafana: what applying the page's windows would write (plan), and
 * writing it with every write undone when one fails. Pure; the HTTP client is muteTimingsApi.ts.
 *
 * How the windows mute Perfscope's alerts. Grafana mutes a notification by the mute_time_intervals
 * of the notification policy it ends at, and of that policy only: Alertmanager does not pass them on
 * to child policies (dispatch/route.go NewRoute sets them from each route's own config), and the
 * default policy may have none (config.go, "root route must not have any mute time intervals"). The
 * other way, a rule's simplified routing (notification_settings.mute_time_intervals), needs a
 * contact point chosen per rule and takes the rule's alerts out of the admin's policy tree. So
 * Perfscope adds one policy, first under the default policy: it matches
 * `__grafana_origin=plugin/perfscope-monitoring-app`, is muted during Perfscope's windows, and holds
 * a copy of the admin's policies, each muted too. Perfscope's alerts reach the same contact points,
 * grouped and timed as before; other alerts never enter it. The tree is written through
 * PUT /api/v1/provisioning/policies with X-Disable-Provenance when Grafana has it from the UI (so it
 * stays editable there); Grafana has no version for the tree on that API, so the page reads the tree
 * again just before writing and stops when it changed since the review.
 */
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import { type MuteTiming, WINDOW_PREFIX, describeTiming, isOurWindow, sameIntervals, windowLabel } from './quietHours';

/** A notification policy as the provisioning API returns it (definitions.Route); unknown fields are kept. */
export interface Route {
  receiver?: string;
  group_by?: string[];
  object_matchers?: Array<[string, string, string]>;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  continue?: boolean;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
  /** On the tree only: "file", "api", or absent for one edited in the UI. */
  provenance?: string;
  [key: string]: unknown;
}

/** Perfscope's own policy: its one matcher, and mute timings that are all Perfscope's. */
export function isPerfscopeRoute(route: Route): boolean {
  const matchers = route.object_matchers ?? [];
  return (
    matchers.length === 1 &&
    matchers[0][0] === GRAFANA_ORIGIN_LABEL &&
    matchers[0][1] === '=' &&
    matchers[0][2] === ORIGIN &&
    !route.matchers?.length &&
    !Object.keys(route.match ?? {}).length &&
    !Object.keys(route.match_re ?? {}).length &&
    !route.receiver &&
    (route.mute_time_intervals ?? []).length > 0 &&
    (route.mute_time_intervals ?? []).every((n) => n.startsWith(WINDOW_PREFIX))
  );
}

/** A policy without what Grafana reports but does not store (provenance), and without empty fields. */
function writableRoute({ provenance, ...route }: Route): Route {
  const kept = Object.entries(route).filter(
    ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== false
  );
  const result = Object.fromEntries(kept) as Route;
  if (result.routes) {
    result.routes = result.routes.map(writableRoute);
  }
  return result;
}

/** The policy and every policy under it, muted during `names` as well. */
function mutedCopy(route: Route, names: readonly string[]): Route {
  const own = route.mute_time_intervals ?? [];
  return {
    ...route,
    mute_time_intervals: [...own, ...names.filter((n) => !own.includes(n))],
    ...(route.routes ? { routes: route.routes.map((r) => mutedCopy(r, names)) } : {}),
  };
}

/** Perfscope's policy for these windows over the admin's policies (`others`). */
export function perfscopeRoute(others: readonly Route[], names: readonly string[]): Route {
  return {
    object_matchers: [[GRAFANA_ORIGIN_LABEL, '=', ORIGIN]],
    mute_time_intervals: [...names],
    ...(others.length > 0 ? { routes: others.map((r) => mutedCopy(writableRoute(r), names)) } : {}),
  };
}

/** The tree with Perfscope's policy for `names` first under the default policy; none when there are no names. */
export function withPerfscopeRoute(tree: Route, names: readonly string[]): Route {
  const root = writableRoute(tree);
  const others = (root.routes ?? []).filter((r) => !isPerfscopeRoute(r));
  const routes = names.length > 0 ? [perfscopeRoute(others, names), ...others] : others;
  const result: Route = { ...root, routes };
  if (routes.length === 0) {
    delete result.routes;
  }
  return result;
}

/** Keys sorted, for comparing trees whatever order Grafana writes their fields in. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])])
        )
      : value;

/** Are two policy trees the same, provenance and empty fields aside? */
export const sameTree = (a: Route, b: Route) =>
  JSON.stringify(canonical(writableRoute(a))) === JSON.stringify(canonical(writableRoute(b)));

/** A policy's matchers in words: `severity=critical, team=~"db.*"`; "every alert" for none. */
export function matcherText(route: Route): string {
  const parts = [
    ...(route.object_matchers ?? []).map(([n, op, v]) => `${n}${op}${v}`),
    ...(route.matchers ?? []),
    ...Object.entries(route.match ?? {}).map(([n, v]) => `${n}=${v}`),
    ...Object.entries(route.match_re ?? {}).map(([n, v]) => `${n}=~${v}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'every alert';
}

export type WindowStep =
  | { kind: 'create'; name: string; after: MuteTiming }
  | { kind: 'update'; name: string; before: MuteTiming; after: MuteTiming }
  | { kind: 'remove'; name: string; before: MuteTiming }
  | { kind: 'unchanged'; name: string; current: MuteTiming }
  /** A mute timing of that name that is not Perfscope's: never written. */
  | { kind: 'foreign'; name: string; current: MuteTiming; reason: string };

export interface PolicyChange {
  /** What happens to Perfscope's policy. */
  kind: 'none' | 'add' | 'update' | 'remove';
  before: Route;
  after: Route;
  /** Perfscope's policy after the change (none when it is removed). */
  route?: Route;
  /** Why Perfscope cannot write the tree, and what to do instead; nothing is written to it then. */
  locked?: string;
  /** Something to know before writing it. */
  warning?: string;
  /** Grafana has the tree from the API ("api"): written without X-Disable-Provenance, which Grafana would refuse. */
  keepApiProvenance: boolean;
}

export interface QuietHoursPlan {
  steps: WindowStep[];
  policy: PolicyChange;
}

/** The page's edits to Perfscope's windows: windows added or changed, by name, and names removed. */
export interface WindowEdits {
  added: ReadonlyMap<string, MuteTiming>;
  removed: ReadonlySet<string>;
}

export const NO_EDITS: WindowEdits = { added: new Map(), removed: new Set() };

/** The windows the page wants: Perfscope's in Grafana, less the removed, with the added (by name). */
export function desiredWindows(existing: readonly MuteTiming[], edits: WindowEdits): MuteTiming[] {
  const byName = new Map(existing.filter(isOurWindow).map((t) => [t.name, t]));
  for (const name of edits.removed) {
    byName.delete(name);
  }
  for (const [name, timing] of edits.added) {
    byName.set(name, timing);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function foreignReason(timing: MuteTiming): string {
  const where =
    timing.provenance === 'file'
      ? 'is provisioned from a file'
      : timing.provenance === 'converted_prometheus'
        ? 'was imported from a Prometheus Alertmanager configuration'
        : timing.provenance
          ? `is managed through Grafana's API by another tool (provenance "${timing.provenance}")`
          : "was made in Grafana's alerting UI";
  return `Grafana has a mute timing of this name that Perfscope did not write (it ${where}): Perfscope never writes over it. Give the window another name.`;
}

/** What applying the page's windows would do, against what Grafana has (every mute timing, and the policy tree). */
export function planQuietHours(
  desired: readonly MuteTiming[],
  existing: readonly MuteTiming[],
  tree: Route
): QuietHoursPlan {
  const byName = new Map(existing.map((t) => [t.name, t]));
  const wanted = new Set(desired.map((t) => t.name));
  const steps: WindowStep[] = desired.map((after): WindowStep => {
    const current = byName.get(after.name);
    if (!current) {
      return { kind: 'create', name: after.name, after };
    }
    if (!isOurWindow(current)) {
      return { kind: 'foreign', name: after.name, current, reason: foreignReason(current) };
    }
    return sameIntervals(current.time_intervals, after.time_intervals)
      ? { kind: 'unchanged', name: after.name, current }
      : { kind: 'update', name: after.name, before: current, after };
  });
  for (const current of existing.filter(isOurWindow)) {
    if (!wanted.has(current.name)) {
      steps.push({ kind: 'remove', name: current.name, before: current });
    }
  }
  const names = steps
    .filter((s) => s.kind === 'create' || s.kind === 'update' || s.kind === 'unchanged')
    .map((s) => s.name)
    .sort();
  return { steps, policy: planPolicy(tree, names) };
}

function planPolicy(tree: Route, names: readonly string[]): PolicyChange {
  const after = withPerfscopeRoute(tree, names);
  const had = (tree.routes ?? []).some(isPerfscopeRoute);
  const route = (after.routes ?? []).find(isPerfscopeRoute);
  const kind = sameTree(tree, after) ? 'none' : !had ? 'add' : route ? 'update' : 'remove';
  const provenance = tree.provenance ?? '';
  const change: PolicyChange = { kind, before: tree, after, route, keepApiProvenance: provenance === 'api' };
  if (kind === 'none') {
    return change;
  }
  if (provenance === 'file') {
    change.locked =
      kind === 'remove'
        ? "Grafana has the notification policies from a provisioning file: remove Perfscope's policy (the first one, matching " +
          `${GRAFANA_ORIGIN_LABEL}=${ORIGIN}) from that file, or the windows it names cannot be removed.`
        : 'Grafana has the notification policies from a provisioning file, so Perfscope cannot add its policy there: ' +
          'the windows are written, but mute nothing until the policy below is in that file, first under its routes.';
  } else if (provenance && provenance !== 'api') {
    change.locked = `Grafana has the notification policies from elsewhere (provenance "${provenance}"): add the policy below there.`;
  } else if (provenance === 'api') {
    change.warning =
      'Another tool manages the notification policies through the provisioning API (Terraform, for example): it may drop ' +
      "Perfscope's policy the next time it writes them. Add the policy below to that tool's configuration to keep it.";
  }
  return change;
}

/** How many writes applying the plan makes: windows written or removed, and the tree. */
export function changesOf(plan: QuietHoursPlan): number {
  const windows = plan.steps.filter((s) => s.kind === 'create' || s.kind === 'update' || s.kind === 'remove').length;
  return windows + (plan.policy.kind !== 'none' && !plan.policy.locked ? 1 : 0);
}

/** Grafana's mute-timing and notification-policy provisioning API, as the page uses it (muteTimingsApi.ts). */
export interface QuietHoursApi {
  /** Every mute timing, with its version and provenance. */
  list(): Promise<MuteTiming[]>;
  /** Answers the stored mute timing, with its version. */
  create(timing: MuteTiming): Promise<MuteTiming>;
  /** Replaces the mute timing of that name; refused when its version is no longer `version`. */
  update(timing: MuteTiming, version?: string): Promise<MuteTiming>;
  remove(name: string, version?: string): Promise<void>;
  /** The notification policy tree, with its provenance. */
  policyTree(): Promise<Route>;
  putPolicyTree(tree: Route, keepApiProvenance: boolean): Promise<void>;
}

/** What Grafana has: every mute timing and the policy tree. */
export interface QuietHoursState {
  existing: MuteTiming[];
  tree: Route;
}

export async function readQuietHours(api: QuietHoursApi): Promise<QuietHoursState> {
  const [existing, tree] = await Promise.all([api.list(), api.policyTree()]);
  return { existing, tree };
}

/** A readable reason for a failed call, naming what it was about. */
export function describeQuietHoursError(error: unknown, what?: string): string {
  const status = (error as { status?: number })?.status;
  const data = (error as { data?: { message?: string; messageId?: string } })?.data;
  const which = what ? `${what}: ` : '';
  switch (data?.messageId) {
    case 'alerting.notifications.conflict':
      return `${which}someone changed it in Grafana since the review (${status}). Review again.`;
    case 'alerting.notifications.time-intervals.used':
      return `${which}a notification policy that is not Perfscope's uses it (${status}): remove it from that policy (Alerting → Notification policies), then apply again.`;
    case 'alerting.notifications.time-intervals.nameExists':
      return `${which}Grafana has a mute timing of this name that the review did not see (${status}). Review again.`;
    case 'alerting.notifications.invalidProvenance':
      return `${which}Grafana refused (${status}): ${data.message ?? 'its provenance cannot change'}. It is managed elsewhere: change it there.`;
  }
  if (status === 401 || status === 403) {
    return `${which}Grafana refused (${status}): maintenance windows need the Admin role or the alert.provisioning:write permission.`;
  }
  if (data?.message) {
    return `${which}Grafana rejected it (${status ?? 'error'}): ${data.message}`;
  }
  if (error instanceof Error) {
    return `${which}${error.message}`;
  }
  return `${which}the request failed${status ? ` (${status})` : ''}: check the connection to Grafana and try again.`;
}

export interface QuietHoursResult {
  ok: boolean;
  created: number;
  updated: number;
  removed: number;
  /** What the apply did to Perfscope's policy ("none" when nothing, or when it stopped). */
  policy: PolicyChange['kind'];
  /** Why it stopped, when it did; what was written before was undone. */
  error?: string;
  /** Problems undoing a failed apply (rare: then the named windows or the policies need a look). */
  rollbackErrors: string[];
}

const windowTitle = (name: string) => `Window "${windowLabel(name)}"`;
const POLICIES = 'Notification policies';
const body = ({ name, time_intervals }: MuteTiming): MuteTiming => ({ name, time_intervals });

/**
 * Writes a plan: new and changed windows first (the tree may only name mute timings that exist),
 * then the tree, then the removals (Grafana keeps a mute timing a policy names). When a write fails,
 * every write before it is undone, last first: removed windows made again, the tree put back,
 * changed windows restored, new ones deleted.
 */
export async function applyQuietHours(plan: QuietHoursPlan, api: QuietHoursApi): Promise<QuietHoursResult> {
  const undo: Array<{ what: string; run: () => Promise<unknown> }> = [];
  const counts = { created: 0, updated: 0, removed: 0 };
  const fail = async (error: unknown, what: string): Promise<QuietHoursResult> => {
    const rollbackErrors: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (e) {
        rollbackErrors.push(describeQuietHoursError(e, step.what));
      }
    }
    return {
      ok: false,
      created: 0,
      updated: 0,
      removed: 0,
      policy: 'none',
      error: describeQuietHoursError(error, what),
      rollbackErrors,
    };
  };
  for (const step of plan.steps) {
    const what = windowTitle(step.name);
    try {
      if (step.kind === 'create') {
        const stored = await api.create(body(step.after));
        undo.push({ what, run: () => api.remove(step.name, stored.version) });
        counts.created++;
      } else if (step.kind === 'update') {
        const stored = await api.update(body(step.after), step.before.version);
        undo.push({ what, run: () => api.update(body(step.before), stored.version) });
        counts.updated++;
      }
    } catch (e) {
      return fail(e, what);
    }
  }
  const { policy } = plan;
  if (policy.kind !== 'none' && !policy.locked) {
    try {
      const current = await api.policyTree();
      if (!sameTree(current, policy.before)) {
        throw new Error('someone changed them in Grafana since the review. Review again.');
      }
      await api.putPolicyTree(policy.after, policy.keepApiProvenance);
      undo.push({ what: POLICIES, run: () => api.putPolicyTree(policy.before, policy.keepApiProvenance) });
    } catch (e) {
      return fail(e, POLICIES);
    }
  }
  for (const step of plan.steps) {
    if (step.kind === 'remove') {
      const what = windowTitle(step.name);
      try {
        await api.remove(step.name, step.before.version);
        undo.push({ what, run: () => api.create(body(step.before)) });
        counts.removed++;
      } catch (e) {
        return fail(e, what);
      }
    }
  }
  return { ok: true, ...counts, policy: policy.locked ? 'none' : policy.kind, rollbackErrors: [] };
}

/** A plan in words for the review, one line per change; exported for the page and its tests. */
export function describeStep(step: WindowStep): string {
  switch (step.kind) {
    case 'create':
      return `Create ${step.name}: ${describeTiming(step.after)}`;
    case 'update':
      return `Update ${step.name}: ${describeTiming(step.after)} (was ${describeTiming(step.before)})`;
    case 'remove':
      return `Remove ${step.name} (${describeTiming(step.before)})`;
    case 'unchanged':
      return `${step.name} is up to date: ${describeTiming(step.current)}`;
    case 'foreign':
      return `Leave ${step.name}: ${step.reason}`;
  }
}
