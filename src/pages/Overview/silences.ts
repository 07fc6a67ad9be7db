/**
 * Silencing a firing alert from Perfscope's pages, the pure part: the matchers that pick out one
 * alert, when a silence ends, the body Grafana Alertmanager's silences API takes (Alertmanager's
 * OpenAPI postableSilence: matchers, startsAt, endsAt, createdBy, comment), finding the silence that
 * already mutes an alert, and what to tell people when Grafana refuses. The HTTP client is
 * silencesApi.ts, the state useSilences.ts.
 */
import { DEFAULT_SERVICE_LABEL, GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import type { FiringAlert } from './firingAlerts';

/** A matcher as Alertmanager's API writes it; isEqual false negates it. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface PostableSilence {
  matchers: SilenceMatcher[];
  /** RFC 3339. */
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** A silence as Grafana lists it. */
export interface Silence extends PostableSilence {
  id: string;
  status?: { state?: string };
}

/** The filter that lists only silences of Perfscope's alerts (Alertmanager's `filter` query parameter). */
export const PERFSCOPE_SILENCES_FILTER = `${GRAFANA_ORIGIN_LABEL}="${ORIGIN}"`;

/** How long to silence for: one or four hours, or until 09:00 tomorrow. */
export type SilenceChoice = '1h' | '4h' | 'tomorrow';

/** The user the silence is recorded for, as Grafana's boot data has them (config.bootData.user). */
export interface SilenceUser {
  login?: string;
  name?: string;
  email?: string;
  orgRole?: string;
  permissions?: Record<string, boolean>;
}

/** One line's key: an alert is its rule (name and severity) and its service. */
export const alertKey = (alert: FiringAlert) => [alert.name, alert.severity, alert.service ?? ''].join('\u0000');

/**
 * The matchers that silence this alert and no other: its alertname, its service label (empty when
 * the alert has none, which only matches alerts without the label) and Perfscope's origin label.
 * Undefined for what cannot be silenced: a rule in error (it does not notify), or an alert without
 * its labels.
 */
export function silenceMatchers(alert: FiringAlert): SilenceMatcher[] | undefined {
  const alertname = alert.labels?.alertname;
  if (alert.state !== 'firing' || !alertname) {
    return undefined;
  }
  const serviceLabel = alert.serviceLabel ?? DEFAULT_SERVICE_LABEL;
  const equal = (name: string, value: string): SilenceMatcher => ({ name, value, isRegex: false, isEqual: true });
  return [
    equal('alertname', alertname),
    equal(serviceLabel, alert.labels?.[serviceLabel] ?? ''),
    equal(GRAFANA_ORIGIN_LABEL, ORIGIN),
  ];
}

/** When a silence chosen at `now` ends: in one or four hours, or tomorrow at 09:00 local time. */
export function silenceEnd(choice: SilenceChoice, now: Date): Date {
  switch (choice) {
    case '1h':
      return new Date(now.getTime() + 3_600_000);
    case '4h':
      return new Date(now.getTime() + 4 * 3_600_000);
    case 'tomorrow':
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An end time as people say it, local time: "14:30" today, "tomorrow 09:00", else "Tue 3 Mar 09:00". */
export function formatUntil(end: Date, now: Date): string {
  const time = `${pad(end.getHours())}:${pad(end.getMinutes())}`;
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(end) - day(now)) / 86_400_000);
  if (days === 0) {
    return time;
  }
  if (days === 1) {
    return `tomorrow ${time}`;
  }
  return `${WEEKDAY[end.getDay()]} ${end.getDate()} ${MONTH[end.getMonth()]} ${time}`;
}

/** The menu's words for a choice: "1 h (until 15:30)", "Until tomorrow 09:00". */
export function choiceLabel(choice: SilenceChoice, now: Date): string {
  const until = formatUntil(silenceEnd(choice, now), now);
  return choice === 'tomorrow' ? `Until ${until}` : `${choice === '1h' ? '1 h' : '4 h'} (until ${until})`;
}

/** Who the silence is recorded for: the signed-in user's login (Grafana requires someone). */
export const silenceAuthor = (user?: SilenceUser) => user?.login || user?.name || user?.email || 'Perfscope';

/** The body of POST /api/alertmanager/grafana/api/v2/silences for silencing this alert from `now` until `end`. */
export function silenceRequest(
  alert: FiringAlert,
  matchers: SilenceMatcher[],
  now: Date,
  end: Date,
  user?: SilenceUser
): PostableSilence {
  const what = alert.summary ?? `${alert.name}${alert.service ? ` in ${alert.service}` : ''}`;
  return {
    matchers,
    startsAt: now.toISOString(),
    endsAt: end.toISOString(),
    createdBy: silenceAuthor(user),
    comment: `Silenced from Perfscope until ${formatUntil(end, now)}: ${what}`,
  };
}

const matcherKey = (m: SilenceMatcher) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual ?? true]);

/** Do two lists hold the same matchers, in any order? */
export function sameMatchers(a: readonly SilenceMatcher[], b: readonly SilenceMatcher[]): boolean {
  const keys = new Set(a.map(matcherKey));
  return a.length === b.length && b.every((m) => keys.has(matcherKey(m)));
}

/** The silence that mutes exactly this alert at `now` (the one ending last), if any. */
export function activeSilence(
  silences: readonly Silence[],
  matchers: readonly SilenceMatcher[],
  now: Date
): Silence | undefined {
  return silences
    .filter((s) => {
      const [start, end] = [Date.parse(s.startsAt), Date.parse(s.endsAt)];
      return start <= now.getTime() && now.getTime() < end && sameMatchers(s.matchers, matchers);
    })
    .sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt))[0];
}

/**
 * May this user silence alerts? Grafana's boot data lists the user's permissions where it has
 * them (alert.silences:create, or alert.instances:create); otherwise Editors and Admins may.
 */
export function canSilence(user?: SilenceUser): boolean {
  const permissions = user?.permissions ?? {};
  if (Object.keys(permissions).length > 0) {
    return Boolean(permissions['alert.silences:create'] || permissions['alert.instances:create']);
  }
  return user?.orgRole === 'Editor' || user?.orgRole === 'Admin';
}

/** What to tell people when silencing (or undoing it) fails, and what to do next. */
export function describeSilenceError(error: unknown, action: 'silence' | 'undo'): string {
  const status = (error as { status?: number })?.status;
  const message = (error as { data?: { message?: string } })?.data?.message;
  if (status === 401 || status === 403) {
    return action === 'silence'
      ? 'You need the alerting silence permission (Editor or Admin role, or alert.silences:create) to silence alerts: ask an admin of this Grafana.'
      : 'You need the alerting silence permission (Editor or Admin role, or alert.silences:write) to end a silence: ask an admin of this Grafana, or wait until it ends.';
  }
  if (status === 404) {
    return action === 'silence'
      ? 'Grafana has no Alertmanager for this organisation (404): check that Grafana alerting is enabled.'
      : 'Grafana no longer has this silence (it ended, or someone removed it): the alert is not silenced.';
  }
  if (status === 409) {
    return "Grafana's Alertmanager is not ready yet (409): try again in a minute.";
  }
  if (message) {
    return `Grafana refused (${status ?? 'error'}): ${message}. Reload the page and try again.`;
  }
  return `The request did not reach Grafana${status ? ` (${status})` : ''}: check the connection and try again.`;
}
