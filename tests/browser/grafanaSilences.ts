/**
 * Grafana Alertmanager's silences API, in memory, for the browser host's server and the Overview's
 * unit tests. It follows pkg/services/ngalert/api/api_alertmanager_silences.go (RouteGetSilences,
 * RouteGetSilence, RouteCreateSilence, RouteDeleteSilence), pkg/services/ngalert/notifier/silences.go
 * (CreateSilence, DeleteSilence: "unable to create silence", "silence not found"), the route
 * authorisation of pkg/services/ngalert/api/authorization.go, Alertmanager's OpenAPI postableSilence
 * (comment, createdBy, endsAt, matchers, startsAt required; a matcher's name, value and isRegex
 * required, isEqual true by default) and silence/silence.go (validateSilence, expire, getState):
 * - POST `/api/alertmanager/grafana/api/v2/silences` answers 202 {"silenceID"}; a missing field is a
 *   400 "silence failed validation: validation failure list: …", an end not after the start or in
 *   the past a 400 "…: unable to create silence", matchers that all match the empty string a 400;
 *   an `id` that does not exist a 404 "silence not found";
 * - DELETE `/api/alertmanager/grafana/api/v2/silence/:id` expires it (its end becomes now; a pending
 *   one starts and ends now; an expired one stays so) and answers 200 {"message":"silence deleted"},
 *   an unknown id 404 "silence not found";
 * - GET lists silences with their `status.state` (pending, active, expired) active first, then
 *   pending, then expired, filtered by `filter=name="value"` matchers as Alertmanager filters them
 *   (the silence must have a matcher of that name, operator and value);
 * - Viewers may read but not create (alert.instances:create) or expire (alert.instances:write):
 *   Grafana's 403.
 */
import { randomUUID } from 'crypto';
import type { UserRole } from './server';

export interface SilenceMatcherJson {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface StoredSilence {
  id: string;
  matchers: SilenceMatcherJson[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  updatedAt: string;
  status: { state: 'pending' | 'active' | 'expired' };
}

export interface SilenceResponse {
  status: number;
  body?: unknown;
}

const SILENCES = '/api/alertmanager/grafana/api/v2/silences';
const SILENCE = /^\/api\/alertmanager\/grafana\/api\/v2\/silence\/([^/]+)$/;
const ORDER = { active: 1, pending: 2, expired: 3 } as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** RFC 3339 as go-openapi's strfmt.DateTime reads it. */
const dateTime = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? Date.parse(value)
    : NaN;

/** Does a matcher match the empty string (a label the alert lacks)? silence.go matchesEmpty. */
function matchesEmpty(m: SilenceMatcherJson): boolean {
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test('') : m.value === '';
  return m.isEqual ? hit : !hit;
}

export class GrafanaSilences {
  private readonly stored = new Map<string, Omit<StoredSilence, 'status'>>();
  /** Every write that reached the store: "POST <id>", "DELETE <id>". */
  readonly writes: string[] = [];

  constructor(
    private readonly role: () => UserRole = () => 'Admin',
    private readonly now: () => number = Date.now
  ) {}

  private state(s: Omit<StoredSilence, 'status'>): StoredSilence['status']['state'] {
    const now = this.now();
    return now < Date.parse(s.startsAt) ? 'pending' : now < Date.parse(s.endsAt) ? 'active' : 'expired';
  }

  private view(s: Omit<StoredSilence, 'status'>): StoredSilence {
    return { ...copy(s), status: { state: this.state(s) } };
  }

  /** Every silence as GET lists it (notifier/silences.go sortSilences). */
  silences(): StoredSilence[] {
    const all = [...this.stored.values()].map((s) => this.view(s));
    return all.sort((a, b) => {
      if (a.status.state !== b.status.state) {
        return ORDER[a.status.state] - ORDER[b.status.state];
      }
      const [x, y] =
        a.status.state === 'pending'
          ? [a.startsAt, b.startsAt]
          : a.status.state === 'active'
            ? [a.endsAt, b.endsAt]
            : [b.endsAt, a.endsAt];
      return Date.parse(x) - Date.parse(y);
    });
  }

  handle(
    method: string,
    route: string,
    readJson: () => Promise<unknown>,
    query: URLSearchParams
  ): Promise<SilenceResponse> | undefined {
    const one = SILENCE.exec(route);
    if (route !== SILENCES && !one) {
      return undefined;
    }
    const viewer = this.role() === 'Viewer';
    const denied = (permissions: string): SilenceResponse => ({
      status: 403,
      body: {
        title: 'Access denied',
        message: `You'll need additional permissions to perform this action. Permissions needed: ${permissions}`,
      },
    });
    if (one) {
      const id = decodeURIComponent(one[1]);
      const silence = this.stored.get(id);
      if (method === 'GET') {
        return Promise.resolve(
          silence ? { status: 200, body: this.view(silence) } : { status: 404, body: { message: 'silence not found' } }
        );
      }
      if (method === 'DELETE') {
        if (viewer) {
          return Promise.resolve(denied('alert.instances:write'));
        }
        return Promise.resolve(this.expire(id));
      }
      return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
    }
    if (method === 'GET') {
      return Promise.resolve(this.list(query.getAll('filter')));
    }
    if (method === 'POST') {
      if (viewer) {
        return Promise.resolve(denied('any of alert.instances:create, alert.instances:write'));
      }
      return readJson()
        .catch(() => undefined)
        .then((body) => this.create(body));
    }
    return Promise.resolve({ status: 405, body: { message: 'Method not allowed' } });
  }

  private list(filters: string[]): SilenceResponse {
    const parsed: Array<{ name: string; op: string; value: string }> = [];
    for (const filter of filters) {
      const match = /^\s*([^=!~\s]+)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(filter);
      if (!match) {
        return { status: 400, body: { message: `bad matcher format: ${filter}: unable to list silences` } };
      }
      parsed.push({ name: match[1], op: match[2], value: match[3] });
    }
    const opOf = (m: SilenceMatcherJson) => (m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=');
    return {
      status: 200,
      body: this.silences().filter((s) =>
        parsed.every((f) => s.matchers.some((m) => m.name === f.name && opOf(m) === f.op && m.value === f.value))
      ),
    };
  }

  private create(body: unknown): SilenceResponse {
    const missing: string[] = [];
    const b = isObject(body) ? body : {};
    for (const field of ['comment', 'createdBy'] as const) {
      if (typeof b[field] !== 'string' || b[field] === '') {
        missing.push(`${field} in body is required`);
      }
    }
    for (const field of ['endsAt', 'startsAt'] as const) {
      if (b[field] === undefined) {
        missing.push(`${field} in body is required`);
      } else if (Number.isNaN(dateTime(b[field]))) {
        missing.push(`${field} in body must be of type date-time: ${JSON.stringify(b[field])}`);
      }
    }
    if (!Array.isArray(b.matchers)) {
      missing.push('matchers in body is required');
    } else {
      b.matchers.forEach((m, i) => {
        const matcher = isObject(m) ? m : {};
        for (const field of ['name', 'value'] as const) {
          if (typeof matcher[field] !== 'string' || (field === 'name' && matcher[field] === '')) {
            missing.push(`matchers.${i}.${field} in body is required`);
          }
        }
        if (typeof matcher.isRegex !== 'boolean') {
          missing.push(`matchers.${i}.isRegex in body is required`);
        }
      });
      if (b.matchers.length === 0) {
        missing.push('matchers in body should have at least 1 items');
      }
    }
    if (missing.length > 0) {
      return {
        status: 400,
        body: { message: `silence failed validation: validation failure list:\n${missing.join('\n')}` },
      };
    }
    const matchers = (b.matchers as Array<Record<string, unknown>>).map((m) => ({
      name: String(m.name),
      value: String(m.value),
      isRegex: Boolean(m.isRegex),
      isEqual: m.isEqual === undefined ? true : Boolean(m.isEqual),
    }));
    const [startsAt, endsAt] = [dateTime(b.startsAt), dateTime(b.endsAt)];
    const bad = (why: string) => ({ status: 400, body: { message: `${why}: unable to create silence` } });
    if (startsAt >= endsAt) {
      return bad('start time must be before end time');
    }
    if (endsAt < this.now()) {
      return bad("end time can't be in the past");
    }
    if (matchers.every(matchesEmpty)) {
      return bad('unable to save silence: invalid silence: at least one matcher must not match the empty string');
    }
    const id = typeof b.id === 'string' && b.id ? b.id : randomUUID();
    if (b.id && !this.stored.has(id)) {
      return { status: 404, body: { message: 'silence not found' } };
    }
    this.stored.set(id, {
      id,
      matchers,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      createdBy: String(b.createdBy),
      comment: String(b.comment),
      updatedAt: new Date(this.now()).toISOString(),
    });
    this.writes.push(`POST ${id}`);
    return { status: 202, body: { silenceID: id } };
  }

  private expire(id: string): SilenceResponse {
    const silence = this.stored.get(id);
    if (!silence) {
      return { status: 404, body: { message: 'silence not found' } };
    }
    const now = new Date(this.now()).toISOString();
    const state = this.state(silence);
    if (state !== 'expired') {
      this.stored.set(id, {
        ...silence,
        startsAt: state === 'pending' ? now : silence.startsAt,
        endsAt: now,
        updatedAt: now,
      });
    }
    this.writes.push(`DELETE ${id}`);
    return { status: 200, body: { message: 'silence deleted' } };
  }
}
