/**
 * The pure part of keeping Perfscope's dashboards in step with the app settings (naming, thresholds,
 * custom signals): what a sync would write (plan), writing it dashboard by dashboard through
 * Grafana's dashboard API (dashboardApi.ts), and putting back what was written when a write fails,
 * so a failed sync leaves the dashboards as they were.
 *
 * A dashboard someone saved since the last sync is never overwritten unless the admin says so for
 * that dashboard: the settings record the version Grafana gave each of the sync's writes
 * (`dashboardVersions`), and a dashboard at another version whose content is neither what the sync
 * would write nor what the app installs (Grafana imports the app's dashboards when it is enabled,
 * pkg/services/plugindashboards/service/dashboard_updater.go, syncPluginDashboards) counts as edited.
 */
import { contains } from './ruleSync';

/** A dashboard's JSON model, as the app builds it and Grafana stores it. */
export interface DashboardModel {
  uid: string;
  title: string;
  [key: string]: unknown;
}

/** A dashboard as Grafana has it, read through the dashboard API. */
export interface StoredDashboard {
  /** Its JSON model (empty when Grafana could not give it in the classic schema). */
  spec: Record<string, unknown>;
  /** Grafana's version number: one more at every save. */
  version: number;
  /** What a write must name to be refused when someone saved in between (resourceVersion or version). */
  lock: string;
  /** Its folder's UID; undefined for the root (General). */
  folderUid?: string;
  /** What manages it, when not the API or the UI: file provisioning, a repository, Terraform… */
  managedBy?: string;
  /** Set when the dashboard is stored in another schema (v2) the classic API cannot give. */
  storedAs?: string;
  /** Who saved it last and when, as Grafana reports it. */
  updatedBy?: string;
  updated?: string;
  /** What the API client needs to write it back as Grafana's own editor does (its resource metadata). */
  meta?: Record<string, unknown>;
}

/** A dashboard the settings call for: what the sync writes, and the copy the app installs. */
export interface DesiredDashboard {
  dashboard: DashboardModel;
  /** The dashboard as the app ships it (what Grafana imports); undefined when it could not be read. */
  installed?: Record<string, unknown>;
}

interface Step {
  uid: string;
  title: string;
}
export interface CreateStep extends Step {
  kind: 'create';
  after: DashboardModel;
}
export interface UpdateStep extends Step {
  kind: 'update';
  after: DashboardModel;
  before: StoredDashboard;
  /** What changes, in words: "4 queries", "2 panels added", "title". */
  changes: string[];
  /** Why writing over it is safe: the sync wrote it last, or it is as the app installed it. */
  since: 'sync' | 'installed';
}
export interface EditedStep extends Step {
  kind: 'edited';
  after: DashboardModel;
  before: StoredDashboard;
  changes: string[];
  /** Why the sync leaves it unless told otherwise. */
  reason: string;
}
export interface UnchangedStep extends Step {
  kind: 'unchanged';
  current: StoredDashboard;
}
export interface LockedStep extends Step {
  kind: 'locked';
  reason: string;
}
export type DashboardStep = CreateStep | UpdateStep | EditedStep | UnchangedStep | LockedStep;

export interface DashboardPlan {
  steps: DashboardStep[];
}

/**
 * Fields Grafana sets itself: never a difference. The resource API keeps the uid as the resource's
 * name and the version as its generation, and migrates a stored dashboard to its newest schema
 * version on reading it.
 */
const VOLATILE = new Set(['id', 'uid', 'version', 'schemaVersion']);
/** Panel fields Grafana's editor writes itself: the version of the panel plugin that saved it. */
const PANEL_VOLATILE = new Set(['pluginVersion']);

/** The model without these fields. */
const without = (model: Record<string, unknown>, keys: Iterable<string>) => {
  const drop = new Set(keys);
  return Object.fromEntries(Object.entries(model).filter(([k]) => !drop.has(k)));
};

/** A dashboard as compared: without what Grafana sets itself, in its panels too. */
function comparable(model: Record<string, unknown>): Record<string, unknown> {
  const panels = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((p) => {
          const panel = without(p as Record<string, unknown>, PANEL_VOLATILE);
          return panel.panels === undefined ? panel : { ...panel, panels: panels(panel.panels) };
        })
      : list;
  const top = without(model, VOLATILE);
  return top.panels === undefined ? top : { ...top, panels: panels(top.panels) };
}

/**
 * Is Grafana's copy this model, field for field (only what Grafana sets itself may differ)? Both
 * ways: a field someone added in Grafana, a panel description or a transformation, is a change.
 */
export function sameDashboard(stored: Record<string, unknown>, model: Record<string, unknown>): boolean {
  const [a, b] = [comparable(stored), comparable(model)];
  return contains(a, b) && contains(b, a);
}

type Panel = Record<string, unknown>;

/** Every panel of a dashboard by id, those inside collapsed rows too. */
function panelsById(model: Record<string, unknown>): Map<unknown, Panel> {
  const byId = new Map<unknown, Panel>();
  const visit = (panels: unknown) => {
    for (const panel of Array.isArray(panels) ? (panels as Panel[]) : []) {
      byId.set(panel.id, panel);
      visit(panel.panels);
    }
  };
  visit(model.panels);
  return byId;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a write changes in a dashboard, in words an admin reads before applying. */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changes: string[] = [];
  if (!contains(before.title, after.title)) {
    changes.push('title');
  }
  const was = panelsById(before);
  const will = panelsById(after);
  const added = [...will.keys()].filter((id) => !was.has(id)).length;
  const removed = [...was.keys()].filter((id) => !will.has(id)).length;
  let queries = 0;
  let thresholds = 0;
  let other = 0;
  for (const [id, panel] of will) {
    const old = was.get(id);
    if (!old) {
      continue;
    }
    const parts = ['targets', 'fieldConfig', 'panels'];
    queries += contains(old.targets, panel.targets) ? 0 : 1;
    thresholds += contains(old.fieldConfig, panel.fieldConfig) ? 0 : 1;
    other += contains(without(old, parts), without(panel, parts)) ? 0 : 1;
  }
  if (queries > 0) {
    changes.push(`queries of ${count(queries, 'panel')}`);
  }
  if (thresholds > 0) {
    changes.push(`thresholds or units of ${count(thresholds, 'panel')}`);
  }
  if (other > 0) {
    changes.push(`layout or options of ${count(other, 'panel')}`);
  }
  if (added > 0) {
    changes.push(`${count(added, 'panel')} added`);
  }
  if (removed > 0) {
    changes.push(`${count(removed, 'panel')} removed`);
  }
  if (!contains(before.templating, after.templating)) {
    changes.push('variables');
  }
  const top = (m: Record<string, unknown>) => without(m, ['title', 'panels', 'templating', ...VOLATILE]);
  if (!contains(top(before), top(after))) {
    changes.push('dashboard settings');
  }
  if (changes.length === 0 && !sameDashboard(before, after)) {
    // Only additions made in Grafana: the app's version has none of them.
    changes.push('fields added in Grafana');
  }
  return changes;
}

/** Who saved a dashboard, as a clause: " (version 7, saved by admin on 2026-12-01 10:00 UTC)". */
function savedBy(stored: StoredDashboard): string {
  if (!stored.version) {
    return '';
  }
  const by = stored.updatedBy ? `, saved by ${stored.updatedBy}` : '';
  const when = stored.updated ? ` on ${stored.updated.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}` : '';
  return ` (version ${stored.version}${by}${when})`;
}

/**
 * What a sync would do: each desired dashboard against Grafana's copy (`current`, undefined when it
 * has none) and the versions the last sync recorded.
 */
export function planDashboards(
  desired: readonly DesiredDashboard[],
  current: ReadonlyMap<string, StoredDashboard | undefined>,
  recorded: Readonly<Record<string, number>> = {}
): DashboardPlan {
  const steps = desired.map(({ dashboard: after, installed }): DashboardStep => {
    const { uid, title } = after;
    const before = current.get(uid);
    if (!before) {
      return { kind: 'create', uid, title, after };
    }
    const edited = (reason: string, changes: string[]): EditedStep => ({
      kind: 'edited',
      uid,
      title,
      after,
      before,
      changes,
      reason,
    });
    if (before.managedBy) {
      return {
        kind: 'locked',
        uid,
        title,
        reason: `Grafana has this dashboard from ${before.managedBy}: change it there, or remove it from there to let the app manage it.`,
      };
    }
    if (before.storedAs) {
      return {
        kind: 'locked',
        uid,
        title,
        reason: `It was saved in Grafana's ${before.storedAs} dashboard schema${savedBy(before)}: the app can neither compare it nor put it back after a failure. Delete it, or save a copy, to let the sync write the app's version.`,
      };
    }
    if (sameDashboard(before.spec, after)) {
      return { kind: 'unchanged', uid, title, current: before };
    }
    const changes = describeChanges(before.spec, after);
    if (recorded[uid] === before.version) {
      return { kind: 'update', uid, title, after, before, changes, since: 'sync' };
    }
    if (installed && sameDashboard(before.spec, installed)) {
      return { kind: 'update', uid, title, after, before, changes, since: 'installed' };
    }
    if (recorded[uid] !== undefined) {
      return edited(
        `Someone saved it since the last sync${savedBy(before)}; the sync wrote version ${recorded[uid]}.`,
        changes
      );
    }
    return edited(
      installed
        ? `It differs from the dashboard the app installs: someone changed it${savedBy(before)}.`
        : `The app's own copy of it could not be read to compare, so it may hold someone's changes${savedBy(before)}.`,
      changes
    );
  });
  return { steps };
}

/** The writes a plan makes: creates, updates, and the edited dashboards the admin chose to overwrite. */
export function writesOf(plan: DashboardPlan, overwrite: ReadonlySet<string> = new Set()) {
  return plan.steps.filter(
    (s): s is CreateStep | UpdateStep | EditedStep =>
      s.kind === 'create' || s.kind === 'update' || (s.kind === 'edited' && overwrite.has(s.uid))
  );
}

/** Grafana's dashboard API as the sync uses it (dashboardApi.ts). */
export interface DashboardApi {
  /** Which of these dashboards Grafana has (asking for one it lacks would be a 404 in the browser's log). */
  existing(uids: readonly string[]): Promise<Set<string>>;
  /** Grafana's copy, or undefined when there is none. */
  get(uid: string): Promise<StoredDashboard | undefined>;
  /** Creates the dashboard in the root folder; answers its version and lock. */
  create(dashboard: DashboardModel, message: string): Promise<{ version: number; lock: string }>;
  /** Writes over `before` (refused when someone saved in between), keeping its folder. */
  update(
    dashboard: Record<string, unknown>,
    before: Pick<StoredDashboard, 'lock' | 'version' | 'folderUid' | 'meta'>,
    message: string
  ): Promise<{ version: number; lock: string }>;
  remove(uid: string): Promise<void>;
}

/** The message Grafana keeps with each version the sync writes. */
export const SYNC_MESSAGE = 'Perfscope: the dashboard as the app settings call for it';
const UNDO_MESSAGE = 'Perfscope: a failed sync put the dashboard back';

/** A readable reason for a failed dashboard call, naming the dashboard. */
export function describeDashboardError(error: unknown, title?: string): string {
  const status = (error as { status?: number })?.status;
  // A Kubernetes Status from the resource API (reason), or the classic API's body (status).
  const data = (error as { data?: { message?: string; status?: string; reason?: string } })?.data;
  const which = title ? `Dashboard "${title}": ` : '';
  const said = data?.message ? `: ${data.message}` : '';
  if (data?.reason === 'Conflict' || data?.status === 'version-mismatch') {
    return `${which}someone saved it while the sync ran (${status}${said}). Review the changes again.`;
  }
  if (data?.reason === 'AlreadyExists' || data?.status === 'name-exists') {
    return `${which}Grafana already has a dashboard with its UID that it did not list before (${status}${said}). Review the changes again.`;
  }
  if ((status === 401 || status === 403) && !data?.message) {
    return `${which}Grafana refused (${status}): syncing dashboards needs the Admin role or the dashboards:write permission.`;
  }
  if (data?.message) {
    return `${which}Grafana refused it (${status ?? 'error'}): ${data.message}`;
  }
  if (error instanceof Error) {
    return `${which}${error.message}`;
  }
  return `${which}the request failed${status ? ` (${status})` : ''}: check the connection to Grafana and try again.`;
}

/** A write the sync made, and how to take it back. */
export interface DoneWrite {
  uid: string;
  title: string;
  /** Grafana's copy before the write; undefined when the write created the dashboard. */
  before?: StoredDashboard;
  /** The version and lock the write got. */
  version: number;
  lock: string;
}

export interface DashboardSyncResult {
  ok: boolean;
  created: number;
  updated: number;
  /** The record to save: every desired dashboard's version after the sync (written or found up to date). */
  versions: Record<string, number>;
  /** The writes made, for undoing them when the record cannot be saved. */
  done: DoneWrite[];
  /**
   * After a failure: the versions the undo wrote for dashboards the sync had written last, so the
   * record can follow (the undo is the sync's own write, not someone's edit).
   */
  undoVersions?: Record<string, number>;
  /** Why the sync stopped, when it did; what was written before was undone. */
  error?: string;
  /** Problems undoing a failed sync (rare: then the named dashboards need a look). */
  rollbackErrors: string[];
}

/** What an undo did: problems, and the version each dashboard put back got. */
export interface UndoResult {
  errors: string[];
  versions: Record<string, number>;
}

/** Puts back what the writes changed, last first: updated dashboards as they were, created ones deleted. */
export async function undoWrites(done: readonly DoneWrite[], api: DashboardApi): Promise<UndoResult> {
  const errors: string[] = [];
  const versions: Record<string, number> = {};
  for (const write of [...done].reverse()) {
    try {
      if (write.before) {
        const back = await api.update(
          { ...write.before.spec, uid: write.uid },
          { ...write.before, lock: write.lock, version: write.version },
          UNDO_MESSAGE
        );
        versions[write.uid] = back.version;
      } else {
        await api.remove(write.uid);
      }
    } catch (e) {
      errors.push(describeDashboardError(e, write.title));
    }
  }
  return { errors, versions };
}

/**
 * Writes a plan dashboard by dashboard (each write is atomic in Grafana, and refused when someone
 * saved the dashboard since the review); when one fails, the writes already made are undone.
 */
export async function applyDashboardPlan(
  plan: DashboardPlan,
  api: DashboardApi,
  overwrite: ReadonlySet<string> = new Set()
): Promise<DashboardSyncResult> {
  const done: DoneWrite[] = [];
  for (const step of writesOf(plan, overwrite)) {
    try {
      const written =
        step.kind === 'create'
          ? await api.create(step.after, SYNC_MESSAGE)
          : await api.update(step.after, step.before, SYNC_MESSAGE);
      done.push({
        uid: step.uid,
        title: step.title,
        before: step.kind === 'create' ? undefined : step.before,
        ...written,
      });
    } catch (e) {
      const error = describeDashboardError(e, step.title);
      const undo = await undoWrites(done, api);
      return {
        ok: false,
        created: 0,
        updated: 0,
        versions: {},
        done: [],
        error,
        rollbackErrors: undo.errors,
        undoVersions: undo.versions,
      };
    }
  }
  const versions: Record<string, number> = {};
  for (const step of plan.steps) {
    if (step.kind === 'unchanged') {
      versions[step.uid] = step.current.version;
    }
  }
  for (const write of done) {
    versions[write.uid] = write.version;
  }
  return {
    ok: true,
    created: done.filter((w) => !w.before).length,
    updated: done.filter((w) => w.before).length,
    versions,
    done,
    rollbackErrors: [],
  };
}

/**
 * The record after a failed sync put dashboards back: a dashboard the sync had written last is the
 * sync's again at the version the undo got; undefined when nothing moves.
 */
export function recordAfterUndo(
  recorded: Readonly<Record<string, number>> | undefined,
  plan: DashboardPlan,
  undoVersions: Readonly<Record<string, number>> = {}
): Record<string, number> | undefined {
  const moved = { ...recorded };
  let changed = false;
  for (const step of plan.steps) {
    const version = undoVersions[step.uid];
    if ((step.kind === 'update' || step.kind === 'edited') && version !== undefined) {
      if (recorded?.[step.uid] === step.before.version) {
        moved[step.uid] = version;
        changed = true;
      }
    }
  }
  return changed ? moved : undefined;
}

/** Reads Grafana's copy of every desired dashboard it has (in parallel) and plans the sync. */
export async function reviewDashboards(
  desired: readonly DesiredDashboard[],
  api: DashboardApi,
  recorded: Readonly<Record<string, number>> = {}
): Promise<DashboardPlan> {
  const present = await api.existing(desired.map(({ dashboard }) => dashboard.uid));
  const current = await Promise.all(
    desired.map(
      async ({ dashboard }) =>
        [dashboard.uid, present.has(dashboard.uid) ? await api.get(dashboard.uid) : undefined] as const
    )
  );
  return planDashboards(desired, new Map(current), recorded);
}
