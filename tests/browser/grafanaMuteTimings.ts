/**
 * Grafana's mute timings and notification policy tree behind its provisioning API, in memory, for
 * the browser host's server and the maintenance windows' unit tests. It follows
 * pkg/services/ngalert/api/api_provisioning.go (RouteGetMuteTimings, RouteGetMuteTiming,
 * RoutePostMuteTiming, RoutePutMuteTiming, RouteDeleteMuteTiming, RouteGetPolicyTree,
 * RoutePutPolicyTree, determineProvenance), pkg/services/ngalert/provisioning/mute_timings.go
 * (MuteTimingService: CreateMuteTiming, UpdateMuteTiming, DeleteMuteTiming,
 * checkOptimisticConcurrency, isTimeIntervalInUseInRoutes), notification_policies.go
 * (UpdatePolicyTree), errors.go and validation/provenance.go (ValidateProvenanceRelaxed), the
 * route authorisation of pkg/services/ngalert/api/authorization.go, and Alertmanager's
 * timeinterval/timeinterval.go for what a time interval may hold and how Grafana writes it back:
 * - GET answers every mute timing sorted by name, each with `version` (a fingerprint of its content)
 *   and `provenance` ("api" unless written with the `X-Disable-Provenance` header; left out when none);
 * - a body whose intervals Alertmanager cannot read is a 400 "bad request data" (the JSON decoder
 *   validates ranges, times and zones); a mute timing without a name a 400 invalidFormat; POST of a
 *   name in use a 400 nameExists; PUT of an unknown name a 404; PUT or DELETE with a `version` that
 *   is not the current one a 409 conflict; DELETE of a mute timing a policy names a 409 "used"
 *   (and of an unknown one a 204: idempotent); a provenance that would go back to none a 403;
 * - intervals come back as Grafana marshals them: times "HH:MM", weekdays as names ("monday:friday"),
 *   months, days and years as numbers ("1:3"), the zone's name;
 * - PUT of the tree checks the default policy (a receiver, no matchers, no mute timings), that every
 *   receiver and mute timing it names exists (400 invalidFormat) and the provenance; it answers 202
 *   {"message":"policies updated"}; GET answers the tree with `provenance` when it has one;
 * - every call needs an Admin (alert.provisioning:read / :write); others get Grafana's 403.
 * Tests can preset mute timings and the tree, and make the next call of a method and path fail.
 */
import type { UserRole } from './server';

export interface TimeIntervalJson {
  times?: Array<{ start_time: string; end_time: string }>;
  weekdays?: string[];
  days_of_month?: string[];
  months?: string[];
  years?: string[];
  location?: string;
}

export interface StoredMuteTiming {
  name: string;
  time_intervals: TimeIntervalJson[];
  version: string;
  provenance?: string;
}

export interface PolicyRoute {
  receiver?: string;
  object_matchers?: Array<[string, string, string]>;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: PolicyRoute[];
  provenance?: string;
  [key: string]: unknown;
}

export interface StandInResponse {
  status: number;
  body?: unknown;
}

/** Grafana's default notification configuration (conf/defaults.ini, the default email receiver). */
export const DEFAULT_TREE: PolicyRoute = {
  receiver: 'grafana-default-email',
  group_by: ['grafana_folder', 'alertname'],
};
export const DEFAULT_RECEIVERS = ['grafana-default-email'];

const TIMINGS = '/api/v1/provisioning/mute-timings';
const POLICIES = '/api/v1/provisioning/policies';
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** errutil's public error body (apimachinery/errutil, Error.Public). */
const publicError = (statusCode: number, messageId: string, message: string): StandInResponse => ({
  status: statusCode,
  body: { message, messageId, statusCode },
});
const invalidFormat = () =>
  publicError(
    400,
    'alerting.notifications.time-intervals.invalidFormat',
    'Time interval is in invalid format. Correct the payload and try again.'
  );
const routeInvalid = (why: string) =>
  publicError(
    400,
    'alerting.notifications.routes.invalidFormat',
    `Invalid format of the submitted route: ${why}. Correct the payload and try again.`
  );
const provenanceRefused = (from: string, to: string) =>
  publicError(
    403,
    'alerting.notifications.invalidProvenance',
    `Resource with provenance status '${from || 'none'}' cannot be changed to '${to || 'none'}'. You must use appropriate API and permissions to manage this resource`
  );

/** Alertmanager's time of day ("09:00", "24:00"), minutes; timeinterval.go parseTime. */
function parseTime(text: unknown): number {
  if (typeof text !== 'string' || !/^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/.test(text)) {
    throw new Error(`couldn't parse timestamp ${String(text)}, invalid format`);
  }
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

/** A range of a stringable field ("monday:friday", "1:7", "january"), as Alertmanager reads it. */
function parseRange(text: unknown, member: (s: string) => number): [number, number] {
  if (typeof text !== 'string') {
    throw new Error('range must be a string');
  }
  const parts = text.toLowerCase().split(':');
  if (parts.length > 2) {
    throw new Error(`couldn't parse range ${text}, invalid format`);
  }
  const begin = member(parts[0]);
  return [begin, parts.length === 2 ? member(parts[1]) : begin];
}

const number = (s: string) => {
  if (!/^-?\d+$/.test(s)) {
    throw new Error(`${s} is not a valid number`);
  }
  return Number(s);
};

/** A time interval read (and so validated) as Alertmanager's JSON decoder reads it, then written back as Grafana writes it. */
function canonicalInterval(raw: unknown): TimeIntervalJson {
  if (!isObject(raw)) {
    throw new Error('time interval must be an object');
  }
  const out: TimeIntervalJson = {};
  if (raw.times !== undefined && raw.times !== null) {
    out.times = (raw.times as unknown[]).map((t) => {
      const range = isObject(t) ? t : {};
      if (!range.start_time || !range.end_time) {
        throw new Error('both start and end times must be provided');
      }
      const [start, end] = [parseTime(range.start_time), parseTime(range.end_time)];
      if (start >= end) {
        throw new Error('start time cannot be equal or greater than end time');
      }
      const hhmm = (n: number) => `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
      return { start_time: hhmm(start), end_time: hhmm(end) };
    });
  }
  const list = (field: string, read: (s: unknown) => [number, number], write: (r: [number, number]) => string) => {
    const values = raw[field];
    if (values === undefined || values === null) {
      return undefined;
    }
    if (!Array.isArray(values)) {
      throw new Error(`${field} must be a list`);
    }
    return values.map((v) => write(read(v)));
  };
  const numeric = ([b, e]: [number, number]) => (b === e ? String(b) : `${b}:${e}`);
  const weekdays = list(
    'weekdays',
    (s) => {
      const r = parseRange(s, (d) => {
        const i = DAYS.indexOf(d.trim());
        if (i < 0) {
          throw new Error(`${d} is not a valid weekday`);
        }
        return i;
      });
      if (r[0] > r[1]) {
        throw new Error('start day cannot be before end day');
      }
      return r;
    },
    ([b, e]) => (b === e ? DAYS[b] : `${DAYS[b]}:${DAYS[e]}`)
  );
  const days = list(
    'days_of_month',
    (s) => {
      const [b, e] = parseRange(s, number);
      for (const n of [b, e]) {
        if (n === 0 || n < -31 || n > 31) {
          throw new Error(`${n} is not a valid day of the month: out of range`);
        }
      }
      if (b < 0 && e > 0) {
        throw new Error('end day must be negative if start day is negative');
      }
      if ((b < 0 ? 28 + b : b) > (e < 0 ? 28 + e : e)) {
        throw new Error(`end day ${e} is always before start day ${b}`);
      }
      return [b, e];
    },
    numeric
  );
  const months = list(
    'months',
    (s) => {
      const r = parseRange(s, (m) => {
        const i = MONTHS.indexOf(m.trim());
        const n = i >= 0 ? i + 1 : number(m);
        if (n < 1 || n > 12) {
          throw new Error(`${m} is not a valid month`);
        }
        return n;
      });
      if (r[0] > r[1]) {
        throw new Error(`end month ${MONTHS[r[1] - 1]} is before start month ${MONTHS[r[0] - 1]}`);
      }
      return r;
    },
    numeric
  );
  const years = list(
    'years',
    (s) => {
      const r = parseRange(s, number);
      if (r[0] > r[1]) {
        throw new Error(`end year ${r[1]} is before start year ${r[0]}`);
      }
      return r;
    },
    numeric
  );
  if (weekdays) {
    out.weekdays = weekdays;
  }
  if (days) {
    out.days_of_month = days;
  }
  if (months) {
    out.months = months;
  }
  if (years) {
    out.years = years;
  }
  if (raw.location !== undefined && raw.location !== null) {
    // Go's time.LoadLocation reads the zone's file by its exact name.
    const zone = String(raw.location);
    let resolved = '';
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      // unknown zone
    }
    // Intl finds zones whatever their case and reads offsets ("+01:00"); Go knows neither.
    const caseVariant = resolved.toLowerCase() === zone.toLowerCase() && resolved !== zone;
    if (zone !== '' && (!resolved || caseVariant || /^[+-]/.test(zone))) {
      throw new Error(`unknown time zone ${zone}`);
    }
    out.location = zone || 'UTC';
  }
  return out;
}

/** A 64-bit fingerprint of a mute timing's content, as 16 hex digits (mute_timings.go calculateMuteTimeIntervalFingerprint). */
function fingerprint(name: string, intervals: TimeIntervalJson[]): string {
  const text = JSON.stringify([name, intervals]);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

function namesIn(route: PolicyRoute, field: 'mute_time_intervals' | 'active_time_intervals' | 'receiver'): string[] {
  const own = field === 'receiver' ? (route.receiver ? [route.receiver] : []) : (route[field] ?? []);
  return [...own, ...(route.routes ?? []).flatMap((r) => namesIn(r, field))];
}

/** The route with fields left out as Go's encoder leaves them (omitempty), provenance dropped. */
function stored(route: PolicyRoute): PolicyRoute {
  const out: PolicyRoute = {};
  for (const [key, value] of Object.entries(route)) {
    if (key === 'provenance' || value === undefined || value === null || value === false || value === '') {
      continue;
    }
    if (Array.isArray(value) && value.length === 0) {
      continue;
    }
    out[key] = key === 'routes' ? (value as PolicyRoute[]).map(stored) : copy(value);
  }
  return out;
}

export class GrafanaMuteTimings {
  private readonly timings = new Map<string, { intervals: TimeIntervalJson[]; provenance: string }>();
  private tree: PolicyRoute = copy(DEFAULT_TREE);
  private treeProvenance = '';
  private receivers = new Set(DEFAULT_RECEIVERS);
  private readonly failures = new Map<string, StandInResponse>();
  /** Every write that reached the store: "POST name", "PUT name", "DELETE name", "PUT policies". */
  readonly writes: string[] = [];

  constructor(private readonly role: () => UserRole = () => 'Admin') {}

  /** Every mute timing as GET lists it. */
  muteTimings(): StoredMuteTiming[] {
    return [...this.timings.keys()].sort().map((name) => this.view(name));
  }

  /** The tree as GET answers it. */
  policyTree(): PolicyRoute {
    return { ...copy(this.tree), ...(this.treeProvenance ? { provenance: this.treeProvenance } : {}) };
  }

  /** Stores a mute timing as it is (no checks), e.g. one provisioned from a file (provenance "file"). */
  presetMuteTiming(timing: { name: string; time_intervals: TimeIntervalJson[] }, provenance = ''): void {
    this.timings.set(timing.name, { intervals: timing.time_intervals.map(canonicalInterval), provenance });
  }

  /** Sets the tree and the contact points it may name, e.g. Perfscope's policies file (provenance "file"). */
  presetPolicyTree(tree: PolicyRoute, provenance = '', receivers: string[] = namesIn(tree, 'receiver')): void {
    this.tree = stored(tree);
    this.treeProvenance = provenance;
    this.receivers = new Set([...DEFAULT_RECEIVERS, ...receivers]);
  }

  /** Makes the next `method path` (e.g. "PUT /api/v1/provisioning/policies") answer this instead. */
  failNext(method: string, path: string, response: StandInResponse): void {
    this.failures.set(`${method.toUpperCase()} ${path}`, response);
  }

  handle(
    method: string,
    route: string,
    headers: Record<string, string | string[] | undefined>,
    readJson: () => Promise<unknown>,
    query: URLSearchParams
  ): Promise<StandInResponse> | undefined {
    if (route !== TIMINGS && route !== POLICIES && !route.startsWith(`${TIMINGS}/`)) {
      return undefined;
    }
    const failure = this.failures.get(`${method} ${route}`);
    if (failure) {
      this.failures.delete(`${method} ${route}`);
      return Promise.resolve(failure);
    }
    if (this.role() !== 'Admin') {
      const permissions =
        method === 'GET'
          ? 'any of alert.provisioning:read, alert.provisioning.secrets:read'
          : 'any of alert.provisioning:write, alert.notifications.provisioning:write';
      return Promise.resolve({
        status: 403,
        body: {
          title: 'Access denied',
          message: `You'll need additional permissions to perform this action. Permissions needed: ${permissions}`,
        },
      });
    }
    // determineProvenance: the header's presence, whatever its value.
    const provenance = 'x-disable-provenance' in headers ? '' : 'api';
    const readBody = () => readJson().catch(() => undefined);
    if (route === POLICIES) {
      if (method === 'GET') {
        return Promise.resolve({ status: 200, body: this.policyTree() });
      }
      if (method === 'PUT') {
        return readBody().then((body) => this.putTree(body, provenance));
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    if (route === TIMINGS) {
      if (method === 'GET') {
        return Promise.resolve({ status: 200, body: this.muteTimings() });
      }
      if (method === 'POST') {
        return readBody().then((body) => this.create(body, provenance));
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    const name = decodeURIComponent(route.slice(TIMINGS.length + 1));
    switch (method) {
      case 'GET':
        return Promise.resolve(
          this.timings.has(name)
            ? { status: 200, body: this.view(name) }
            : publicError(404, 'alerting.notifications.time-intervals.notFound', 'Not found')
        );
      case 'PUT':
        return readBody().then((body) => this.update(name, body, provenance));
      case 'DELETE':
        return Promise.resolve(this.remove(name, query.get('version') ?? '', provenance));
      default:
        return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
  }

  private view(name: string): StoredMuteTiming {
    const timing = this.timings.get(name)!;
    return {
      name,
      time_intervals: copy(timing.intervals),
      version: fingerprint(name, timing.intervals),
      ...(timing.provenance ? { provenance: timing.provenance } : {}),
    };
  }

  /** The body read as Grafana's decoder reads it, or the 400 it answers. */
  private read(body: unknown): { name: string; intervals: TimeIntervalJson[]; version: string } | StandInResponse {
    if (!isObject(body)) {
      return { status: 400, body: { message: 'bad request data' } };
    }
    let intervals: TimeIntervalJson[];
    try {
      intervals = Array.isArray(body.time_intervals) ? body.time_intervals.map(canonicalInterval) : [];
    } catch {
      return { status: 400, body: { message: 'bad request data' } };
    }
    return {
      name: typeof body.name === 'string' ? body.name : '',
      intervals,
      version: typeof body.version === 'string' ? body.version : '',
    };
  }

  private create(body: unknown, provenance: string): StandInResponse {
    const read = this.read(body);
    if ('status' in read) {
      return read;
    }
    if (!read.name) {
      return invalidFormat(); // "missing name in mute time interval"
    }
    if (this.timings.has(read.name)) {
      return publicError(
        400,
        'alerting.notifications.time-intervals.nameExists',
        'Time interval with this name already exists. Use a different name or update existing one.'
      );
    }
    this.timings.set(read.name, { intervals: read.intervals, provenance });
    this.writes.push(`POST ${read.name}`);
    return { status: 201, body: this.view(read.name) };
  }

  private update(name: string, body: unknown, provenance: string): StandInResponse {
    const read = this.read(body);
    if ('status' in read) {
      return read;
    }
    const current = this.timings.get(name);
    // A different name in the body makes the path a UID (a rename); none of Perfscope's calls rename.
    if (!current || (read.name && read.name !== name)) {
      return publicError(404, 'alerting.notifications.time-intervals.notFound', 'Not found');
    }
    if (current.provenance && !provenance) {
      return provenanceRefused(current.provenance, provenance);
    }
    if (read.version && read.version !== fingerprint(name, current.intervals)) {
      return publicError(409, 'alerting.notifications.conflict', 'Conflict');
    }
    this.timings.set(name, { intervals: read.intervals, provenance });
    this.writes.push(`PUT ${name}`);
    return { status: 202, body: this.view(name) };
  }

  private remove(name: string, version: string, provenance: string): StandInResponse {
    const current = this.timings.get(name);
    if (!current) {
      return { status: 204 };
    }
    if (current.provenance && !provenance) {
      return provenanceRefused(current.provenance, provenance);
    }
    if ([...namesIn(this.tree, 'mute_time_intervals'), ...namesIn(this.tree, 'active_time_intervals')].includes(name)) {
      return publicError(
        409,
        'alerting.notifications.time-intervals.used',
        'Time interval is used by notification policies'
      );
    }
    if (version && version !== fingerprint(name, current.intervals)) {
      return publicError(409, 'alerting.notifications.conflict', 'Conflict');
    }
    this.timings.delete(name);
    this.writes.push(`DELETE ${name}`);
    return { status: 204 };
  }

  private putTree(body: unknown, provenance: string): StandInResponse {
    if (!isObject(body)) {
      return { status: 400, body: { message: 'bad request data' } };
    }
    const tree = body as PolicyRoute;
    if (!tree.receiver) {
      return routeInvalid('root route must specify a default receiver');
    }
    if (tree.object_matchers?.length || (tree.matchers as unknown[] | undefined)?.length) {
      return routeInvalid('root route must not have any matchers');
    }
    if (tree.mute_time_intervals?.length) {
      return routeInvalid('root route must not have any mute time intervals');
    }
    if (this.treeProvenance && !provenance) {
      return provenanceRefused(this.treeProvenance, provenance);
    }
    const receiver = namesIn(tree, 'receiver').find((r) => !this.receivers.has(r));
    if (receiver) {
      return routeInvalid(`receiver '${receiver}' does not exist`);
    }
    const interval = [...namesIn(tree, 'mute_time_intervals'), ...namesIn(tree, 'active_time_intervals')].find(
      (n) => !this.timings.has(n)
    );
    if (interval) {
      return routeInvalid(`mute time interval '${interval}' does not exist`);
    }
    this.tree = stored(tree);
    this.treeProvenance = provenance;
    this.writes.push('PUT policies');
    return { status: 202, body: { message: 'policies updated' } };
  }
}
