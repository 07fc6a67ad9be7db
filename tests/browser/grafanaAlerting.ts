/**
 * Grafana's alerting provisioning API and folders, in memory, for the browser host's server and the
 * sync's unit tests, following pkg/services/ngalert/api/api_provisioning.go and
 * pkg/services/ngalert/provisioning/alert_rules.go:
 * - `GET/POST /api/v1/provisioning/alert-rules`, `GET/PUT/DELETE /api/v1/provisioning/alert-rules/:uid`;
 * - `GET/PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group` (RoutePutAlertRuleGroup:
 *   the whole group replaced in one step, rules left out deleted, `interval` in seconds, the answer
 *   echoing the request; the group's GET carries no provenance);
 * - `GET/POST /api/folders`, `GET /api/folders/:uid`;
 * - `GET /api/prometheus/grafana/api/v1/alerts`, with the alerts a test sets.
 *
 * Where a client can tell: POST answers 201 with the stored rule, which carries `provenance: "api"`
 * unless the request has the `X-Disable-Provenance` header; a uid in use is a 409 conflict, a folder
 * that does not exist a 400, an unknown uid a 404 (but DELETE of one is 204: deleting is
 * idempotent); a single-rule PUT of a file-provisioned rule is a 500 "cannot change provenance from
 * 'file' to 'api'", its DELETE and a group PUT touching it a 409 (errProvenanceMismatch); a body
 * without title, ruleGroup, folderUID, condition, data (refId, datasourceUid, model) or a valid
 * `for` is a 400 with a message; each query model gets Grafana's intervalMs/maxDataPoints defaults
 * and `for` comes back as Prometheus' model.Duration prints it ("60m" → "1h", "90s" → "1m30s").
 * provisionFromFiles() does what Grafana's rule-file provisioner does at start. Tests can preset
 * rules and folders and make writes of one rule fail.
 */

/** A rule as Grafana's provisioning API returns it. */
export interface StoredAlertRule {
  id: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: Array<{ refId: string; datasourceUid: string; model: Record<string, unknown>; [key: string]: unknown }>;
  updated: string;
  noDataState: string;
  execErrState: string;
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
  /** "api" for rules written through the API, "file" for file-provisioned ones, "" for none. */
  provenance: string;
  [key: string]: unknown;
}

export interface StoredFolder {
  id: number;
  uid: string;
  title: string;
  url: string;
}

/** How writes of one rule fail (a test hook). */
export interface AlertRuleRejection {
  /** Default 400. */
  status?: number;
  /** Default "invalid rule". */
  message?: string;
  /** Default every write: POST, PUT and DELETE. */
  methods?: string[];
}

/** What the server sends back: a status and a JSON body (none for Grafana's empty responses). */
export interface AlertingResponse {
  status: number;
  body?: unknown;
}

const RULES = '/api/v1/provisioning/alert-rules';
const GROUP = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/;
/** Grafana's default evaluation interval for a group made by a single-rule POST, seconds. */
const DEFAULT_GROUP_INTERVAL = 60;
/** [unified_alerting] base interval: group intervals are multiples of it, seconds. */
const BASE_INTERVAL = 10;
const UID_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;
const NO_DATA_STATES = ['Alerting', 'NoData', 'OK', 'KeepLast'];
const EXEC_ERR_STATES = ['Alerting', 'Error', 'OK', 'KeepLast'];
/** Fields of Grafana's ProvisionedAlertRule a client may send; anything else is dropped, as Go's decoder does. */
const WRITABLE = [
  'uid',
  'title',
  'ruleGroup',
  'folderUID',
  'condition',
  'data',
  'noDataState',
  'execErrState',
  'for',
  'keep_firing_for',
  'annotations',
  'labels',
  'isPaused',
  'notification_settings',
  'record',
  'missing_series_evals_to_resolve',
] as const;

const DURATION_UNITS: Array<[string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** Milliseconds of a Prometheus duration ("1h30m", "5m", "0s"), or undefined when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  if (text === '0') {
    return 0;
  }
  const match = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!match || text === '') {
    return undefined;
  }
  return DURATION_UNITS.reduce((sum, [, ms], i) => sum + Number(match[i + 1] ?? 0) * ms, 0);
}

/**
 * A duration the way Prometheus' model.Duration prints it (prometheus/common model/time.go,
 * Duration.String; Grafana returns `for` so): 300000 → "5m", 3600000 → "1h", 90000 → "1m30s".
 * Years and weeks are used only when they divide the whole duration.
 */
export function formatPromDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  let rest = ms;
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    const exactOnly = unit === 'y' || unit === 'w';
    const count = Math.floor(rest / size);
    if (count > 0 && (!exactOnly || rest % size === 0)) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isStringMap = (value: unknown) => isObject(value) && Object.values(value).every((v) => typeof v === 'string');

/** Why Grafana would refuse this rule body, or undefined when the shape is acceptable. */
export function ruleShapeError(body: unknown): string | undefined {
  const invalid = (why: string) => `invalid alert rule: ${why}`;
  if (!isObject(body)) {
    return 'bad request data: the body must be a JSON object';
  }
  for (const field of ['title', 'ruleGroup', 'folderUID', 'condition'] as const) {
    if (!isText(body[field])) {
      return invalid(`${field} is missing or empty`);
    }
  }
  if (!Array.isArray(body.data) || body.data.length === 0) {
    return invalid('no queries or expressions are found (data is empty)');
  }
  for (const [i, query] of body.data.entries()) {
    if (!isObject(query)) {
      return invalid(`data[${i}] is not an object`);
    }
    for (const field of ['refId', 'datasourceUid'] as const) {
      if (!isText(query[field])) {
        return invalid(`data[${i}].${field} is missing or empty`);
      }
    }
    if (!isObject(query.model)) {
      return invalid(`data[${i}] (${String(query.refId)}) has no model`);
    }
  }
  const refIds = body.data.map((q) => (q as { refId: string }).refId);
  if (!refIds.includes(body.condition as string)) {
    return `Condition ${String(body.condition)} does not exist, must be one of [${refIds.join(' ')}]`;
  }
  if (typeof body.for !== 'string' || parsePromDuration(body.for) === undefined) {
    return `bad request data: invalid duration for "for": ${JSON.stringify(body.for)}`;
  }
  if (body.uid !== undefined && (typeof body.uid !== 'string' || !UID_PATTERN.test(body.uid))) {
    return invalid(
      `cannot create rule with UID ${JSON.stringify(body.uid)}: UID must be 1 to 40 letters, digits, - or _`
    );
  }
  if (body.noDataState !== undefined && !NO_DATA_STATES.includes(body.noDataState as string)) {
    return invalid(`unknown noDataState ${JSON.stringify(body.noDataState)}`);
  }
  if (body.execErrState !== undefined && !EXEC_ERR_STATES.includes(body.execErrState as string)) {
    return invalid(`unknown execErrState ${JSON.stringify(body.execErrState)}`);
  }
  for (const field of ['labels', 'annotations'] as const) {
    if (body[field] !== undefined && body[field] !== null && !isStringMap(body[field])) {
      return invalid(`${field} must map names to strings`);
    }
  }
  return undefined;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class GrafanaAlerting {
  private readonly rules = new Map<string, StoredAlertRule>();
  private readonly folderMap = new Map<string, StoredFolder>();
  private readonly rejections = new Map<string, Required<AlertRuleRejection>>();
  /** `${folderUid}/${group}` → evaluation interval, seconds. */
  private readonly intervals = new Map<string, number>();
  private firing: unknown[] = [];
  private nextRuleId = 1;
  private nextFolderId = 1;
  private generatedUids = 0;

  /** Every stored rule, in the order Grafana lists them (by id); copies. */
  alertRules(): StoredAlertRule[] {
    return copy(Array.from(this.rules.values()).sort((a, b) => a.id - b.id));
  }

  folders(): StoredFolder[] {
    return copy(Array.from(this.folderMap.values()));
  }

  addFolder(folder: { uid: string; title: string }): StoredFolder {
    const stored = {
      id: this.nextFolderId++,
      uid: folder.uid,
      title: folder.title,
      url: `/dashboards/f/${folder.uid}/`,
    };
    this.folderMap.set(folder.uid, stored);
    return copy(stored);
  }

  /** Stores rules as they are (e.g. file-provisioned ones), creating their folders; no checks. */
  presetAlertRules(rules: Array<Partial<StoredAlertRule> & { uid: string }>, provenance = ''): void {
    for (const rule of rules) {
      if (rule.folderUID && !this.folderMap.has(rule.folderUID)) {
        this.addFolder({ uid: rule.folderUID, title: rule.folderUID });
      }
      this.store(rule as unknown as Record<string, unknown>, rule.uid, provenance);
    }
  }

  /**
   * What Grafana does with provisioning/alerting rule files at start (pkg/services/provisioning/
   * alerting/rules_provisioner.go): each group's folder is found by title among the top-level
   * folders, or created with a random UID; rules are stored with provenance "file", and a rule
   * whose UID an API rule already has stops Grafana ("cannot change provenance from 'api' to
   * 'file'", thrown here as Grafana would exit).
   */
  provisionFromFiles(
    groups: Array<{ name: string; folder: string; interval: string; rules: Array<Record<string, unknown>> }>
  ): void {
    for (const group of groups) {
      const folder =
        Array.from(this.folderMap.values()).find((f) => f.title === group.folder) ??
        this.addFolder({ uid: `f${Math.random().toString(36).slice(2, 12)}`, title: group.folder });
      for (const rule of group.rules) {
        const uid = String(rule.uid);
        const stored = this.rules.get(uid);
        if (stored && stored.provenance !== 'file' && stored.provenance !== '') {
          throw new Error(`alert rules: cannot change provenance from '${stored.provenance}' to 'file'`);
        }
        this.store({ ...rule, folderUID: folder.uid, ruleGroup: group.name }, uid, 'file');
      }
      this.intervals.set(`${folder.uid}/${group.name}`, (parsePromDuration(group.interval) ?? 60_000) / 1000);
    }
  }

  /** The alerts GET /api/prometheus/grafana/api/v1/alerts lists from now on (Grafana's shape). */
  setFiringAlerts(alerts: unknown[]): void {
    this.firing = copy(alerts);
  }

  /** A group's evaluation interval in seconds, or undefined when the group has no rule. */
  groupInterval(folderUid: string, group: string): number | undefined {
    const hasRules = Array.from(this.rules.values()).some((r) => r.folderUID === folderUid && r.ruleGroup === group);
    return hasRules ? (this.intervals.get(`${folderUid}/${group}`) ?? DEFAULT_GROUP_INTERVAL) : undefined;
  }

  /** Makes writes of the rule with this uid fail until clearRejections(). */
  rejectAlertRule(uid: string, rejection: AlertRuleRejection = {}): void {
    this.rejections.set(uid, {
      status: rejection.status ?? 400,
      message: rejection.message ?? 'invalid rule',
      methods: (rejection.methods ?? ['POST', 'PUT', 'DELETE']).map((m) => m.toUpperCase()),
    });
  }

  clearRejections(): void {
    this.rejections.clear();
  }

  /** Answers a request when the path is one of these APIs; undefined otherwise. */
  handle(
    method: string,
    route: string,
    headers: Record<string, string | string[] | undefined>,
    readJson: () => Promise<unknown>
  ): Promise<AlertingResponse> | undefined {
    // A body that is not JSON is refused as Grafana's decoder refuses it (400 "bad request data").
    const readBody = () => readJson().catch(() => undefined);
    if (route === '/api/prometheus/grafana/api/v1/alerts' && method === 'GET') {
      return Promise.resolve({ status: 200, body: { status: 'success', data: { alerts: copy(this.firing) } } });
    }
    const group = GROUP.exec(route);
    if (group) {
      const [folderUid, title] = [decodeURIComponent(group[1]), decodeURIComponent(group[2])];
      if (method === 'GET') {
        return Promise.resolve(this.getGroup(folderUid, title));
      }
      if (method === 'PUT') {
        return readBody().then((body) =>
          this.putGroup(folderUid, title, body, 'x-disable-provenance' in headers ? '' : 'api')
        );
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    if (route === '/api/folders') {
      return method === 'POST' ? readBody().then((body) => this.createFolder(body)) : this.listFolders(method);
    }
    let match = /^\/api\/folders\/([^/]+)$/.exec(route);
    if (match) {
      const folder = this.folderMap.get(decodeURIComponent(match[1]));
      if (method !== 'GET') {
        return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
      }
      return Promise.resolve(
        folder
          ? { status: 200, body: copy(folder) }
          : { status: 404, body: { status: 'not-found', message: 'folder not found' } }
      );
    }
    const provenance = 'x-disable-provenance' in headers ? '' : 'api';
    if (route === RULES) {
      if (method === 'GET') {
        return Promise.resolve({ status: 200, body: this.alertRules() });
      }
      if (method === 'POST') {
        return readBody().then((body) => this.create(body, provenance));
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    match = new RegExp(`^${RULES}/([^/]+)$`).exec(route);
    if (match) {
      const uid = decodeURIComponent(match[1]);
      switch (method) {
        case 'GET': {
          const rule = this.rules.get(uid);
          return Promise.resolve(rule ? { status: 200, body: copy(rule) } : { status: 404 });
        }
        case 'PUT':
          return readBody().then((body) => this.update(uid, body, provenance));
        case 'DELETE':
          return Promise.resolve(this.remove(uid));
        default:
          return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
      }
    }
    return undefined;
  }

  private getGroup(folderUid: string, title: string): AlertingResponse {
    const interval = this.groupInterval(folderUid, title);
    if (!this.folderMap.has(folderUid) || interval === undefined) {
      return { status: 404, body: { message: 'rule group does not exist' } };
    }
    const rules = this.alertRules()
      .filter((r) => r.folderUID === folderUid && r.ruleGroup === title)
      .map(({ provenance, ...rule }) => rule);
    return { status: 200, body: { title, folderUid, interval, rules } };
  }

  /** RoutePutAlertRuleGroup → ReplaceRuleGroup: validated as a whole, then written in one step. */
  private putGroup(folderUid: string, title: string, body: unknown, provenance: string): AlertingResponse {
    if (!isObject(body)) {
      return { status: 400, body: { message: 'bad request data: the body must be a JSON object' } };
    }
    if (!this.folderMap.has(folderUid)) {
      return { status: 400, body: { message: 'invalid rule group: folder does not exist' } };
    }
    const interval = body.interval;
    if (
      typeof interval !== 'number' ||
      !Number.isInteger(interval) ||
      interval <= 0 ||
      interval % BASE_INTERVAL !== 0
    ) {
      return {
        status: 400,
        body: {
          message: `invalid rule group: interval (${String(interval)}) should be non-zero and divided exactly by scheduler interval: ${BASE_INTERVAL}`,
        },
      };
    }
    const incoming = Array.isArray(body.rules)
      ? body.rules
      : body.rules === undefined || body.rules === null
        ? undefined
        : null;
    if (incoming === null) {
      return { status: 400, body: { message: 'bad request data: rules must be a list' } };
    }
    const current = Array.from(this.rules.values()).filter((r) => r.folderUID === folderUid && r.ruleGroup === title);
    const next: Array<Record<string, unknown>> = (incoming ?? current).map((rule) => ({
      ...(isObject(rule) ? rule : {}),
      folderUID: folderUid,
      ruleGroup: title,
    }));
    for (const rule of next) {
      const refused = this.checked(rule) ?? this.rejection(typeof rule.uid === 'string' ? rule.uid : undefined, 'PUT');
      if (refused) {
        return refused;
      }
    }
    const keep = new Set(next.map((r) => r.uid));
    const touched = [
      ...current.filter((r) => !keep.has(r.uid)),
      ...next.flatMap((r) => this.rules.get(String(r.uid)) ?? []),
    ];
    const fileRule = touched.find((r) => r.provenance === 'file' && provenance !== 'file');
    if (fileRule) {
      return {
        status: 409,
        body: { message: `cannot update with provided provenance '${provenance}', needs '${fileRule.provenance}'` },
      };
    }
    for (const rule of current.filter((r) => !keep.has(r.uid))) {
      this.rules.delete(rule.uid);
    }
    for (const rule of next) {
      this.store(
        rule,
        typeof rule.uid === 'string' && rule.uid ? rule.uid : `generated-${++this.generatedUids}`,
        provenance
      );
    }
    this.intervals.set(`${folderUid}/${title}`, interval);
    return { status: 200, body: copy(body) };
  }

  private listFolders(method: string): Promise<AlertingResponse> {
    if (method !== 'GET') {
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    return Promise.resolve({ status: 200, body: this.folders().map(({ id, uid, title }) => ({ id, uid, title })) });
  }

  private createFolder(body: unknown): AlertingResponse {
    if (!isObject(body) || !isText(body.title)) {
      return { status: 400, body: { message: 'folder title cannot be empty' } };
    }
    const uid = isText(body.uid) ? body.uid : `folder-${this.nextFolderId}`;
    if (this.folderMap.has(uid)) {
      return { status: 409, body: { message: 'a folder with the same uid already exists' } };
    }
    return { status: 200, body: this.addFolder({ uid, title: body.title }) };
  }

  private rejection(uid: string | undefined, method: string): AlertingResponse | undefined {
    const rejection = uid === undefined ? undefined : this.rejections.get(uid);
    return rejection?.methods.includes(method)
      ? { status: rejection.status, body: { message: rejection.message } }
      : undefined;
  }

  private checked(body: unknown): AlertingResponse | undefined {
    const error = ruleShapeError(body);
    if (error) {
      return { status: 400, body: { message: error } };
    }
    if (!this.folderMap.has((body as { folderUID: string }).folderUID)) {
      return { status: 400, body: { message: 'invalid alert rule: folder does not exist' } };
    }
    return undefined;
  }

  private create(body: unknown, provenance: string): AlertingResponse {
    const uid = isObject(body) && typeof body.uid === 'string' ? body.uid : undefined;
    const refused = this.checked(body) ?? this.rejection(uid, 'POST');
    if (refused) {
      return refused;
    }
    const rule = body as Record<string, unknown>;
    if (uid !== undefined && this.rules.has(uid)) {
      return {
        status: 409,
        body: {
          message: `conflicting alert rule found [rule_uid: '${uid}', title: '${String(rule.title)}', namespace_uid: '${String(rule.folderUID)}']: a conflicting alert rule is found: rule UID under the same organisation should be unique`,
        },
      };
    }
    return { status: 201, body: this.store(rule, uid ?? `generated-${++this.generatedUids}`, provenance) };
  }

  private update(uid: string, body: unknown, provenance: string): AlertingResponse {
    const stored = this.rules.get(uid);
    if (!stored) {
      return { status: 404 };
    }
    if (stored.provenance === 'file') {
      // UpdateAlertRule's plain error, which the handler reports as a 500.
      return { status: 500, body: { message: `cannot change provenance from 'file' to '${provenance}'` } };
    }
    const refused = this.checked(body) ?? this.rejection(uid, 'PUT');
    return refused ?? { status: 200, body: this.store(body as Record<string, unknown>, uid, provenance) };
  }

  private remove(uid: string): AlertingResponse {
    const stored = this.rules.get(uid);
    if (!stored) {
      return { status: 204 }; // "single delete is idempotent"
    }
    if (stored.provenance === 'file') {
      return { status: 409, body: { message: `cannot delete with provided provenance 'api', needs 'file'` } };
    }
    const refused = this.rejection(uid, 'DELETE');
    if (refused) {
      return refused;
    }
    this.rules.delete(uid);
    return { status: 204 };
  }

  /** Stores a rule the way Grafana does (defaults filled in, `for` normalised) and returns a copy. */
  private store(body: Record<string, unknown>, uid: string, provenance: string): StoredAlertRule {
    const fields = Object.fromEntries(WRITABLE.filter((k) => body[k] !== undefined).map((k) => [k, copy(body[k])]));
    const data = ((fields.data as StoredAlertRule['data'] | undefined) ?? []).map((query) => ({
      ...query,
      model: { intervalMs: 1000, maxDataPoints: 43200, ...query.model },
    }));
    const forMs = parsePromDuration(String(fields.for ?? '0s')) ?? 0;
    const rule: StoredAlertRule = {
      id: this.rules.get(uid)?.id ?? this.nextRuleId++,
      orgID: 1,
      noDataState: 'NoData',
      execErrState: 'Error',
      annotations: {},
      labels: {},
      isPaused: false,
      ...(fields as Partial<StoredAlertRule>),
      uid,
      folderUID: String(fields.folderUID ?? ''),
      ruleGroup: String(fields.ruleGroup ?? ''),
      title: String(fields.title ?? ''),
      condition: String(fields.condition ?? ''),
      data,
      for: formatPromDuration(forMs),
      updated: new Date().toISOString(),
      provenance,
    };
    this.rules.set(uid, rule);
    return copy(rule);
  }
}
