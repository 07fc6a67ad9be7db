/**
 * Grafana's dashboards, in memory, for the browser host's server and the dashboard sync's unit tests,
 * behind both of Grafana's dashboard APIs over one store:
 *
 * - the resource API `/apis/dashboard.grafana.app/v1beta1/namespaces/:ns/dashboards[/:name]`
 *   (pkg/registry/apis/dashboard, pkg/storage/unified/apistore): GET answers the resource with
 *   `metadata.generation` (1 at creation, one more whenever the spec or the folder changes,
 *   apistore/prepare.go prepareObjectForUpdate) and a new `resourceVersion` at every write; a PUT
 *   whose resourceVersion is not the current one is a 409 Conflict (the Kubernetes generic store's
 *   GuaranteedUpdate), one without resourceVersion writes unconditionally and creates a missing
 *   dashboard (generic/strategy.go AllowUnconditionalUpdate, AllowCreateOnUpdate); POST of a name
 *   in use is a 409 AlreadyExists; a write that drops or changes the manager annotations is a 403
 *   (apistore/managed.go), a repository-managed dashboard refuses other writers; DELETE of a missing
 *   name is a 404 and of a file-provisioned one a 400 (register.go validateDelete). Grafana sets
 *   `grafana.app/updatedBy` and `grafana.app/updatedTimestamp`, keeps `grafana.app/message` from the
 *   request, and answers a dashboard stored in the v2 schema with `status.conversion`
 *   (apps/dashboard/pkg/migration/conversion, normalizeConversion);
 * - the classic API (pkg/api/dashboard.go): GET /api/dashboards/uid/:uid with `meta.version`,
 *   `meta.folderUid` and `meta.provisioned` (file-provisioned without allowUiUpdates), 406 for a
 *   v2-stored dashboard; POST /api/dashboards/db, whose `overwrite: false` answers 412
 *   "version-mismatch" to a stale `dashboard.version` and 412 "plugin-dashboard" for an app's
 *   dashboard (pkg/api/apierrors/dashboard.go ToDashboardErrorResponse), 400 for a provisioned one;
 *   DELETE /api/dashboards/uid/:uid;
 * - the search (pkg/api/search.go, Search): GET /api/search with `type=dash-db` and `dashboardUIDs`.
 *
 * importAppDashboards() does what Grafana does when an app is enabled (pkg/services/plugindashboards/
 * service/dashboard_updater.go, syncPluginDashboards): each of its dashboards imported into the
 * root folder, managed by the plugin. editAsUser() is a person saving a dashboard in Grafana's
 * editor. Tests can make writes of one dashboard fail.
 */

export interface DashboardResponse {
  status: number;
  body?: unknown;
}

/** A dashboard as the store holds it. */
export interface StoredDashboardRecord {
  uid: string;
  spec: Record<string, unknown>;
  generation: number;
  resourceVersion: string;
  folderUid: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** "v1beta1", or "v2beta1" for a dashboard saved in the v2 schema. */
  storedVersion: string;
  /** Every spec it had, oldest first (Grafana's version history). */
  history: Array<Record<string, unknown>>;
}

const GROUP = 'dashboard.grafana.app';
const RESOURCE = /^\/apis\/dashboard\.grafana\.app\/v1beta1\/namespaces\/([^/]+)\/dashboards(?:\/([^/]+))?$/;
const CLASSIC_UID = /^\/api\/dashboards\/uid\/([^/]+)$/;
const MANAGER_KEYS = ['grafana.app/managedBy', 'grafana.app/managerId'];
/** Annotations Grafana sets itself, whatever a request says. */
const SERVER_KEYS = [
  'grafana.app/updatedBy',
  'grafana.app/updatedTimestamp',
  'grafana.app/createdBy',
  'grafana.app/grant-permissions',
];

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A Kubernetes Status object, as the resource API answers errors. */
function status(code: number, reason: string, message: string, name?: string): DashboardResponse {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details: name ? { name, group: GROUP, kind: 'dashboards' } : undefined,
      code,
    },
  };
}

export class GrafanaDashboards {
  private readonly store = new Map<string, StoredDashboardRecord>();
  private rv = 1000;
  private readonly rejections = new Map<string, { status: number; message: string }>();
  /** Every write request, "METHOD uid", in order. */
  readonly writes: string[] = [];

  constructor(
    private readonly namespace = 'default',
    private readonly user = 'user:admin'
  ) {}

  dashboards(): StoredDashboardRecord[] {
    return [...this.store.values()].map(copy);
  }

  get(uid: string): StoredDashboardRecord | undefined {
    const d = this.store.get(uid);
    return d && copy(d);
  }

  /** Grafana enabling an app: its dashboards imported into the root folder, managed by the plugin. */
  importAppDashboards(pluginId: string, dashboards: ReadonlyArray<Record<string, unknown>>): void {
    for (const spec of dashboards) {
      const uid = String(spec.uid);
      this.put(uid, copy(spec), 'user:dashboard_updater', {
        'grafana.app/managedBy': 'plugin',
        'grafana.app/managerId': pluginId,
      });
    }
  }

  /** A dashboard provisioned from a file (classic file provisioning). */
  provisionFromFile(spec: Record<string, unknown>, options: { allowUiUpdates?: boolean; path?: string } = {}): void {
    this.put(String(spec.uid), copy(spec), 'user:provisioning', {
      'grafana.app/managedBy': 'classic-file-provisioning',
      'grafana.app/managerId': 'perfscope',
      'grafana.app/managerAllowsEdits': String(Boolean(options.allowUiUpdates)),
      'grafana.app/sourcePath': options.path ?? 'dashboards/dashboard.json',
    });
  }

  /** Someone saving the dashboard in Grafana's editor (optionally in the v2 schema). */
  editAsUser(
    uid: string,
    edit: (spec: Record<string, unknown>) => void,
    user = 'user:alice',
    storedVersion = 'v1beta1'
  ) {
    const current = this.store.get(uid);
    if (!current) {
      throw new Error(`no dashboard ${uid} to edit`);
    }
    const spec = copy(current.spec);
    edit(spec);
    this.put(uid, spec, user, current.annotations, current.folderUid);
    this.store.get(uid)!.storedVersion = storedVersion;
  }

  /** Makes every write of one dashboard fail (a test hook). */
  rejectWrites(uid: string, rejection: { status?: number; message?: string } = {}): void {
    this.rejections.set(uid, { status: rejection.status ?? 400, message: rejection.message ?? 'invalid dashboard' });
  }

  clearRejections(): void {
    this.rejections.clear();
  }

  /** Answers a request for one of the dashboard routes, or undefined for other routes. */
  handle(
    method: string,
    route: string,
    readJson: () => Promise<unknown>,
    query: URLSearchParams = new URLSearchParams()
  ): Promise<DashboardResponse> | undefined {
    const readBody = () => readJson().catch(() => undefined);
    if (route === '/api/search' && method === 'GET') {
      return Promise.resolve(this.search(query));
    }
    const resource = RESOURCE.exec(route);
    if (resource) {
      if (decodeURIComponent(resource[1]) !== this.namespace) {
        return Promise.resolve(status(403, 'Forbidden', `namespace "${resource[1]}" is not this organisation's`));
      }
      const name = resource[2] === undefined ? undefined : decodeURIComponent(resource[2]);
      if (name === undefined) {
        return method === 'POST'
          ? readBody().then((body) => this.resourceCreate(body))
          : Promise.resolve(status(405, 'MethodNotAllowed', 'the server does not allow this method'));
      }
      switch (method) {
        case 'GET':
          return Promise.resolve(this.resourceGet(name));
        case 'PUT':
          return readBody().then((body) => this.resourceUpdate(name, body));
        case 'DELETE':
          return Promise.resolve(this.resourceDelete(name));
        default:
          return Promise.resolve(status(405, 'MethodNotAllowed', 'the server does not allow this method'));
      }
    }
    const classic = CLASSIC_UID.exec(route);
    if (classic) {
      const uid = decodeURIComponent(classic[1]);
      if (method === 'GET') {
        return Promise.resolve(this.classicGet(uid));
      }
      if (method === 'DELETE') {
        return Promise.resolve(this.classicDelete(uid));
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    if (route === '/api/dashboards/db' && method === 'POST') {
      return readBody().then((body) => this.classicSave(body));
    }
    return undefined;
  }

  /** Dashboards by UID (every one without `dashboardUIDs`), as hits of Grafana's search. */
  private search(query: URLSearchParams): DashboardResponse {
    const uids = query.getAll('dashboardUIDs');
    const type = query.get('type');
    const hits =
      type && type !== 'dash-db'
        ? []
        : [...this.store.values()].filter((d) => uids.length === 0 || uids.includes(d.uid));
    return {
      status: 200,
      body: hits.map((d) => ({
        id: Number(d.labels['grafana.app/deprecatedInternalID']),
        uid: d.uid,
        title: String(d.spec.title),
        uri: `db/${d.uid}`,
        url: `/d/${d.uid}`,
        type: 'dash-db',
        tags: Array.isArray(d.spec.tags) ? d.spec.tags : [],
        isStarred: false,
        folderUid: d.folderUid || undefined,
      })),
    };
  }

  /* ------------------------------------------------------------ the store */

  private put(
    uid: string,
    spec: Record<string, unknown>,
    user: string,
    annotations: Record<string, string>,
    folderUid = ''
  ): StoredDashboardRecord {
    const before = this.store.get(uid);
    // The resource's name and generation hold the uid and the version; the spec keeps neither, nor
    // the id (pkg/registry/apis/dashboard/mutate.go).
    const { id: _id, version: _version, uid: _uid, ...content } = spec;
    const changed = !before || !same(before.spec, content) || before.folderUid !== folderUid;
    const now = new Date(Date.UTC(2026, 11, 1, 12, 0, this.rv % 60)).toISOString();
    const record: StoredDashboardRecord = {
      uid,
      spec: content,
      generation: before ? before.generation + (changed ? 1 : 0) : 1,
      resourceVersion: String(++this.rv),
      folderUid,
      annotations: {
        ...Object.fromEntries(Object.entries(annotations).filter(([k]) => !SERVER_KEYS.includes(k))),
        ...(folderUid ? { 'grafana.app/folder': folderUid } : {}),
        // Metadata-only writes keep who changed the spec last (prepare.go).
        'grafana.app/updatedBy': changed ? user : (before?.annotations['grafana.app/updatedBy'] ?? user),
        'grafana.app/updatedTimestamp': changed ? now : (before?.annotations['grafana.app/updatedTimestamp'] ?? now),
      },
      labels: {
        'grafana.app/deprecatedInternalID': String(
          before ? before.labels['grafana.app/deprecatedInternalID'] : this.store.size + 1
        ),
      },
      storedVersion: 'v1beta1',
      history: [...(before?.history ?? []), ...(changed ? [content] : [])],
    };
    if (!folderUid) {
      delete record.annotations['grafana.app/folder'];
    }
    this.store.set(uid, record);
    return record;
  }

  private rejected(uid: string): { status: number; message: string } | undefined {
    return this.rejections.get(uid);
  }

  /* ------------------------------------------------------- resource API */

  private resource(d: StoredDashboardRecord) {
    const v2 = d.storedVersion.startsWith('v2');
    return {
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'Dashboard',
      metadata: {
        name: d.uid,
        namespace: this.namespace,
        resourceVersion: d.resourceVersion,
        generation: d.generation,
        annotations: copy(d.annotations),
        labels: copy(d.labels),
      },
      // A v2 dashboard converts to v1 with a layout of its own; here the conversion is reported failed.
      spec: v2 ? {} : copy(d.spec),
      status: v2
        ? {
            conversion: {
              failed: true,
              storedVersion: d.storedVersion,
              error: 'backend conversion not yet implemented',
            },
          }
        : {},
    };
  }

  private resourceGet(name: string): DashboardResponse {
    const d = this.store.get(name);
    return d
      ? { status: 200, body: this.resource(d) }
      : status(404, 'NotFound', `dashboards.${GROUP} "${name}" not found`, name);
  }

  private checkBody(
    body: unknown
  ): { metadata: Record<string, any>; spec: Record<string, unknown> } | DashboardResponse {
    if (!isObject(body) || !isObject(body.metadata) || !isObject(body.spec)) {
      return status(400, 'BadRequest', 'the body must be a dashboard resource with metadata and spec');
    }
    return body as { metadata: Record<string, any>; spec: Record<string, unknown> };
  }

  private resourceCreate(body: unknown): DashboardResponse {
    const checked = this.checkBody(body);
    if ('status' in checked && typeof checked.status === 'number') {
      return checked;
    }
    const { metadata, spec } = checked as { metadata: Record<string, any>; spec: Record<string, unknown> };
    const name = String(metadata.name ?? spec.uid ?? '');
    if (!name) {
      return status(400, 'BadRequest', 'metadata.name is required');
    }
    this.writes.push(`POST ${name}`);
    const rejection = this.rejected(name);
    if (rejection) {
      return status(rejection.status, 'BadRequest', rejection.message, name);
    }
    if (this.store.has(name)) {
      return status(409, 'AlreadyExists', `dashboards.${GROUP} "${name}" already exists`, name);
    }
    const annotations = { ...(metadata.annotations ?? {}) } as Record<string, string>;
    const folder = annotations['grafana.app/folder'] ?? '';
    const record = this.put(name, spec, this.user, annotations, folder);
    return { status: 201, body: this.resource(record) };
  }

  private resourceUpdate(name: string, body: unknown): DashboardResponse {
    const checked = this.checkBody(body);
    if ('status' in checked && typeof checked.status === 'number') {
      return checked;
    }
    const { metadata, spec } = checked as { metadata: Record<string, any>; spec: Record<string, unknown> };
    this.writes.push(`PUT ${name}`);
    const rejection = this.rejected(name);
    if (rejection) {
      return status(rejection.status, 'BadRequest', rejection.message, name);
    }
    const current = this.store.get(name);
    const rv = metadata.resourceVersion ? String(metadata.resourceVersion) : '';
    if (!current) {
      if (rv) {
        return status(
          409,
          'Conflict',
          `Operation cannot be fulfilled on dashboards.${GROUP} "${name}": the object was deleted`,
          name
        );
      }
      const annotations = { ...(metadata.annotations ?? {}) } as Record<string, string>;
      return {
        status: 201,
        body: this.resource(this.put(name, spec, this.user, annotations, annotations['grafana.app/folder'] ?? '')),
      };
    }
    if (rv && rv !== current.resourceVersion) {
      return status(
        409,
        'Conflict',
        `Operation cannot be fulfilled on dashboards.${GROUP} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        name
      );
    }
    const annotations = { ...(metadata.annotations ?? {}) } as Record<string, string>;
    if (current.annotations['grafana.app/managedBy'] === 'repo') {
      return status(403, 'Forbidden', 'this resource is managed by a repository', name);
    }
    for (const key of MANAGER_KEYS) {
      if (current.annotations[key] !== undefined && annotations[key] !== current.annotations[key]) {
        return status(
          403,
          'Forbidden',
          annotations[key] === undefined
            ? 'Can not remove resource manager from resource'
            : 'Can not change the resource manager',
          name
        );
      }
    }
    const record = this.put(name, spec, this.user, annotations, annotations['grafana.app/folder'] ?? '');
    return { status: 200, body: this.resource(record) };
  }

  private resourceDelete(name: string): DashboardResponse {
    const current = this.store.get(name);
    this.writes.push(`DELETE ${name}`);
    if (!current) {
      return status(404, 'NotFound', `dashboards.${GROUP} "${name}" not found`, name);
    }
    if (current.annotations['grafana.app/managedBy'] === 'classic-file-provisioning') {
      return status(400, 'BadRequest', 'provisioned dashboard cannot be deleted', name);
    }
    this.store.delete(name);
    return {
      status: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Success',
        details: { name, group: GROUP, kind: 'dashboards' },
      },
    };
  }

  /* -------------------------------------------------------- classic API */

  private classicGet(uid: string): DashboardResponse {
    const d = this.store.get(uid);
    if (!d) {
      return { status: 404, body: { message: 'Dashboard not found' } };
    }
    if (d.storedVersion.startsWith('v2')) {
      return {
        status: 406,
        body: {
          message: `dashboard api version not supported, use /apis/dashboard.grafana.app/v2beta1/namespaces/${this.namespace}/dashboards/${uid} instead`,
        },
      };
    }
    const file = d.annotations['grafana.app/managedBy'] === 'classic-file-provisioning';
    return {
      status: 200,
      body: {
        dashboard: {
          ...copy(d.spec),
          id: Number(d.labels['grafana.app/deprecatedInternalID']),
          uid,
          version: d.generation,
        },
        meta: {
          version: d.generation,
          folderUid: d.folderUid,
          folderTitle: d.folderUid ? d.folderUid : 'General',
          provisioned: file && d.annotations['grafana.app/managerAllowsEdits'] !== 'true',
          provisionedExternalId: file ? d.annotations['grafana.app/sourcePath'] : '',
          updatedBy: d.annotations['grafana.app/updatedBy'].replace(/^user:/, ''),
          updated: d.annotations['grafana.app/updatedTimestamp'],
          canSave: true,
        },
      },
    };
  }

  private classicSave(body: unknown): DashboardResponse {
    if (!isObject(body) || !isObject(body.dashboard)) {
      return { status: 400, body: { message: 'bad request data' } };
    }
    const dashboard = body.dashboard;
    const uid = typeof dashboard.uid === 'string' && dashboard.uid ? dashboard.uid : `generated-${this.rv + 1}`;
    this.writes.push(`POST ${uid}`);
    const rejection = this.rejected(uid);
    if (rejection) {
      return { status: rejection.status, body: { message: rejection.message } };
    }
    const current = this.store.get(uid);
    const overwrite = body.overwrite === true;
    if (current) {
      const managedBy = current.annotations['grafana.app/managedBy'];
      if (
        managedBy === 'classic-file-provisioning' &&
        current.annotations['grafana.app/managerAllowsEdits'] !== 'true'
      ) {
        return { status: 400, body: { message: 'Cannot save provisioned dashboard' } };
      }
      // The version first, then the plugin (the dashboard service's save checks, in that order).
      if (!overwrite && dashboard.version !== current.generation) {
        return {
          status: 412,
          body: { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' },
        };
      }
      if (!overwrite && managedBy === 'plugin') {
        return {
          status: 412,
          body: {
            status: 'plugin-dashboard',
            message: `The dashboard belongs to plugin ${current.annotations['grafana.app/managerId']}.`,
          },
        };
      }
    }
    const folderUid = typeof body.folderUid === 'string' ? body.folderUid : '';
    const annotations = current ? { ...current.annotations } : {};
    if (typeof body.message === 'string') {
      annotations['grafana.app/message'] = body.message;
    }
    const record = this.put(uid, dashboard, this.user, annotations, folderUid);
    return {
      status: 200,
      body: {
        id: Number(record.labels['grafana.app/deprecatedInternalID']),
        uid,
        status: 'success',
        version: record.generation,
        url: `/d/${uid}`,
      },
    };
  }

  private classicDelete(uid: string): DashboardResponse {
    const current = this.store.get(uid);
    this.writes.push(`DELETE ${uid}`);
    if (!current) {
      return { status: 404, body: { message: 'Dashboard not found' } };
    }
    this.store.delete(uid);
    return { status: 200, body: { title: String(current.spec.title), message: 'Dashboard deleted', id: 0 } };
  }
}
