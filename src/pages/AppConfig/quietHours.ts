/**
 * Maintenance windows, the pure part: a window as the admin types it, checked field by field and
 * turned into a Grafana mute timing (Alertmanager's TimeInterval: times, weekdays, days_of_month,
 * months, years, location; prometheus/alertmanager timeinterval/timeinterval.go), mute timings
 * described in words and compared as Grafana stores them. The plan against what Grafana has, and
 * applying it, are in quietHoursSync.ts; the HTTP client in muteTimingsApi.ts.
 *
 * Perfscope owns only the mute timings it writes: their names start with WINDOW_PREFIX and Grafana
 * reports them with the provenance "api" (written through the provisioning API without
 * X-Disable-Provenance, so they are locked in the alerting UI and changed on this page).
 */

/** Every mute timing Perfscope writes is named so: `perfscope-maintenance-weekly-deploy`. */
export const WINDOW_PREFIX = 'perfscope-maintenance-';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Alertmanager's numbering: 0 is Sunday (timeinterval.go, daysOfWeek). */
const DAY_NUMBERS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const DAY_SHORT: Record<Weekday, string> = {
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
  sunday: 'Sun',
};
const MONTH_NAMES = [
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
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time of day range as Grafana writes it: "09:00" to "17:00", the end excluded; "24:00" ends a day. */
export interface TimeRange {
  start_time: string;
  end_time: string;
}

/** Alertmanager's TimeInterval in Grafana's JSON: every field optional, all of them must hold at once. */
export interface TimeInterval {
  times?: TimeRange[];
  /** "monday", "monday:friday". */
  weekdays?: string[];
  /** "1", "1:7", "-1" (the last day). */
  days_of_month?: string[];
  /** "12", "1:3" (Grafana writes months as numbers). */
  months?: string[];
  years?: string[];
  /** An IANA time zone; none is UTC. */
  location?: string;
}

/** A mute timing as the provisioning API lists it. */
export interface MuteTiming {
  name: string;
  time_intervals: TimeInterval[];
  /** Grafana's fingerprint of the content, for optimistic concurrency. */
  version?: string;
  /** "api", "file", "converted_prometheus"; absent for one made in the alerting UI. */
  provenance?: string;
}

/** A window as the admin types it: every field a string, as typed. */
export interface WindowForm {
  name: string;
  /** None: every day. */
  weekdays: Weekday[];
  /** HH:MM; both empty: the whole day. */
  from: string;
  to: string;
  /** An IANA time zone; empty: UTC. */
  timeZone: string;
  /** YYYY-MM-DD; the first day alone is a one-day window. */
  firstDay: string;
  lastDay: string;
  /** "1, 15, -1" or ranges "1:7". */
  daysOfMonth: string;
}

export const EMPTY_WINDOW: WindowForm = {
  name: '',
  weekdays: [],
  from: '',
  to: '',
  timeZone: '',
  firstDay: '',
  lastDay: '',
  daysOfMonth: '',
};

/** A field of the form, or the window as a whole. */
export type WindowField = keyof WindowForm | 'window';
export type WindowErrors = Partial<Record<WindowField, string>>;

export type WindowCheck = { ok: true; timing: MuteTiming } | { ok: false; errors: WindowErrors };

/** The longest date range a window takes (it becomes one interval per month). */
const MAX_DAYS = 366;

/** The part of a Grafana name after the prefix: "weekly-deploy". */
export const windowLabel = (name: string) => (name.startsWith(WINDOW_PREFIX) ? name.slice(WINDOW_PREFIX.length) : name);

/** The Grafana name of a window called `name`: lower case, letters and digits joined by dashes. */
export function windowName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug ? `${WINDOW_PREFIX}${slug}` : '';
}

/** Is this mute timing one Perfscope wrote? Its prefix, and written through the provisioning API. */
export const isOurWindow = (timing: MuteTiming) => timing.name.startsWith(WINDOW_PREFIX) && timing.provenance === 'api';

const pad = (n: number) => String(n).padStart(2, '0');
/** Minutes of the day as HH:MM; 1440 is 24:00. */
export const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Minutes of the day of "9:00", "09:00" or "24:00"; undefined when it is not a time of day. */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    return undefined;
  }
  return hours * 60 + minutes;
}

/**
 * The canonical name of an IANA time zone ("europe/berlin" is "Europe/Berlin"), "" for none (UTC),
 * or undefined when there is no such zone. Offsets such as "+01:00" are refused: Grafana's
 * Alertmanager loads zones by name (Go's time.LoadLocation).
 */
export function canonicalTimeZone(text: string): string | undefined {
  const zone = text.trim();
  if (!zone) {
    return '';
  }
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

interface Day {
  year: number;
  month: number;
  day: number;
}
const dayText = ({ year, month, day }: Day) => `${year}-${pad(month)}-${pad(day)}`;
const dayNumber = ({ year, month, day }: Day) => Date.UTC(year, month - 1, day) / 86_400_000;

/** A calendar day of "2026-12-24"; undefined when it is not one (2026-02-30 is not). */
export function parseDay(text: string): Day | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? { year, month, day }
    : undefined;
}

/** Today in a time zone ("" is UTC), as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone || 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Ranges of days of the month from "1, 15, -1, 1:7" (also "1-7" and "1–7"), or why not. */
export function parseDaysOfMonth(text: string): { ranges: Array<[number, number]> } | { error: string } {
  const ranges: Array<[number, number]> = [];
  for (const item of text.split(',').map((s) => s.trim())) {
    if (!item) {
      continue;
    }
    const match = /^(-?\d{1,3})(?:\s*[:–]\s*(-?\d{1,3})|\s*-\s*(\d{1,3}))?$/.exec(item);
    if (!match) {
      return {
        error: `"${item}" is not a day of the month: write days as 1 to 31 (-1 is the last day), ranges as 1:7, separated by commas.`,
      };
    }
    const begin = Number(match[1]);
    const end = Number(match[2] ?? match[3] ?? match[1]);
    for (const n of [begin, end]) {
      if (n === 0 || n < -31 || n > 31) {
        return { error: `${n} is not a day of the month: use 1 to 31, or -1 for the last day (-2 the day before).` };
      }
    }
    // Alertmanager's checks (DayOfMonthRange.UnmarshalYAML), with a month of at least 28 days.
    if (begin < 0 && end > 0) {
      return { error: `"${item}" starts counting from the end of the month, so it must end so too, e.g. -7:-1.` };
    }
    if ((begin < 0 ? 28 + begin : begin) > (end < 0 ? 28 + end : end)) {
      return { error: `"${item}" ends before it starts: write the earlier day first, e.g. 1:7.` };
    }
    ranges.push([begin, end]);
  }
  return { ranges };
}

const rangeText = ([begin, end]: [number, number]) => (begin === end ? String(begin) : `${begin}:${end}`);

/** The chosen weekdays as Alertmanager ranges in its order (Sunday first): Mon–Fri is "monday:friday". */
export function weekdayRanges(days: readonly string[]): string[] {
  const numbers = [...new Set(days.map((d) => DAY_NUMBERS[d]).filter((n) => n !== undefined))].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === n - 1) {
      last[1] = n;
    } else {
      ranges.push([n, n]);
    }
  }
  return ranges.map(([b, e]) => (b === e ? DAY_NAMES[b] : `${DAY_NAMES[b]}:${DAY_NAMES[e]}`));
}

/** The months from `first` to `last`: each with its first and last day in the range, and whether that is all of it. */
function monthSegments(first: Day, last: Day) {
  const segments: Array<{ year: number; month: number; from: number; to: number; whole: boolean }> = [];
  let { year, month } = first;
  while (year < last.year || (year === last.year && month <= last.month)) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const from = year === first.year && month === first.month ? first.day : 1;
    const to = year === last.year && month === last.month ? last.day : days;
    segments.push({ year, month, from, to, whole: from === 1 && to === days });
    month = month === 12 ? 1 : month + 1;
    year = month === 1 ? year + 1 : year;
  }
  return segments;
}

/**
 * Checks a window as typed and builds its mute timing, or says for each wrong field what is wrong
 * and how to write it. `now` decides whether dates are over.
 */
export function checkWindow(form: WindowForm, now: Date): WindowCheck {
  const errors: WindowErrors = {};
  const name = windowName(form.name);
  if (!form.name.trim()) {
    errors.name = 'Name the window, e.g. "Weekly deploy": Grafana keeps it as perfscope-maintenance-weekly-deploy.';
  } else if (!name) {
    errors.name = `"${form.name.trim()}" has no letter or digit: Grafana's name of the window is made of them.`;
  }

  const interval: TimeInterval = {};
  const [from, to] = [form.from.trim(), form.to.trim()];
  if (from || to) {
    const start = parseClock(from);
    const end = parseClock(to);
    if (!from) {
      errors.from = 'Give a start time too (e.g. 09:00), or leave both times empty for the whole day.';
    } else if (start === undefined || start === 1440) {
      errors.from = `Start time "${from}" is not a time of day: write it as HH:MM, from 00:00 to 23:59, e.g. 09:00.`;
    }
    if (!to) {
      errors.to = 'Give an end time too (e.g. 17:00), or leave both times empty for the whole day.';
    } else if (end === undefined || end === 0) {
      errors.to = `End time "${to}" is not a time of day: write it as HH:MM, from 00:01 to 24:00, e.g. 17:00.`;
    }
    if (start !== undefined && end !== undefined && !errors.from && !errors.to) {
      if (end === start) {
        errors.to = `End time ${clock(end)} is the start time: a window lasts at least a minute. Leave both times empty for the whole day.`;
      } else if (end < start) {
        errors.to = `End time ${clock(end)} is before start ${clock(start)}: a window ends later on the same day. For one over midnight, add two windows: ${clock(start)}–24:00, and 00:00–${clock(end)} on the next days.`;
      } else {
        interval.times = [{ start_time: clock(start), end_time: clock(end) }];
      }
    }
  }

  if (form.weekdays.length > 0 && form.weekdays.length < WEEKDAYS.length) {
    interval.weekdays = weekdayRanges(form.weekdays);
  }

  const zone = canonicalTimeZone(form.timeZone);
  if (zone === undefined) {
    errors.timeZone = `"${form.timeZone.trim()}" is not a time zone: use an IANA name such as Europe/Berlin or America/New_York, or leave it empty for UTC.`;
  }

  const days = form.daysOfMonth.trim() ? parseDaysOfMonth(form.daysOfMonth) : { ranges: [] };
  if ('error' in days) {
    errors.daysOfMonth = days.error;
  } else if (days.ranges.length > 0) {
    interval.days_of_month = days.ranges.map(rangeText);
  }

  const [firstText, lastText] = [form.firstDay.trim(), form.lastDay.trim()];
  let dates: { first: Day; last: Day } | undefined;
  if (firstText || lastText) {
    const first = parseDay(firstText);
    const last = lastText ? parseDay(lastText) : first;
    if (!firstText) {
      errors.firstDay = `Give the first day too (YYYY-MM-DD); for a one-day window, the same day as the last.`;
    } else if (!first) {
      errors.firstDay = `"${firstText}" is not a date: write it as YYYY-MM-DD, e.g. 2026-12-24.`;
    }
    if (lastText && !last) {
      errors.lastDay = `"${lastText}" is not a date: write it as YYYY-MM-DD, e.g. 2026-12-26.`;
    }
    if (first && last && !errors.firstDay && !errors.lastDay) {
      const today = todayIn(zone ?? '', now);
      const span = dayNumber(last) - dayNumber(first) + 1;
      if (span < 1) {
        errors.lastDay = `Last day ${dayText(last)} is before the first day ${dayText(first)}: swap them.`;
      } else if (span > MAX_DAYS) {
        errors.lastDay = `${dayText(first)} to ${dayText(last)} is more than a year: for a window that comes back, choose days of the week or of the month instead.`;
      } else if (dayText(last) < today) {
        errors[lastText ? 'lastDay' : 'firstDay'] =
          `${dayText(last)} is over, so the window would never mute anything: choose days from today (${today}) on.`;
      } else {
        dates = { first, last };
      }
    }
    if (form.daysOfMonth.trim() && (first || last)) {
      errors.daysOfMonth =
        'Choose either dates or days of the month, not both: dates already say which days of the month.';
    }
  }

  if (zone) {
    interval.location = zone;
  }
  const chosen = interval.times || interval.weekdays || interval.days_of_month || dates;
  if (Object.keys(errors).length === 0 && !chosen) {
    errors.window =
      "This window would mute Perfscope's alerts at all times: choose days of the week, times of day, dates or days of the month.";
  }
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const intervals = dates
    ? monthSegments(dates.first, dates.last).map((m) =>
        ordered({
          ...interval,
          days_of_month: m.whole ? undefined : [rangeText([m.from, m.to])],
          months: [String(m.month)],
          years: [String(m.year)],
        })
      )
    : [ordered(interval)];
  return { ok: true, timing: { name, time_intervals: intervals } };
}

/** An interval with its fields in Grafana's order and none empty. */
function ordered(interval: TimeInterval): TimeInterval {
  const keys = ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'] as const;
  return Object.fromEntries(keys.filter((k) => interval[k] !== undefined).map((k) => [k, interval[k]]));
}

/** Ranges of numbers of a field, whatever form it was written in ("monday:friday", "jan:mar", "1:7"). */
function numericRanges(values: readonly string[] | undefined, names?: string[], offset = 0): Array<[number, number]> {
  return (values ?? []).map((value) => {
    const [a, b = a] = value.toLowerCase().split(':');
    const member = (s: string) => {
      const index = names?.indexOf(s.trim()) ?? -1;
      return index >= 0 ? index + offset : Number(s);
    };
    return [member(a), member(b)];
  });
}

/** An interval as compared: numbers instead of names, UTC for no location. */
function normalized(interval: TimeInterval) {
  return {
    times: (interval.times ?? []).map((t) => [parseClock(t.start_time), parseClock(t.end_time)]),
    weekdays: numericRanges(interval.weekdays, DAY_NAMES),
    days: numericRanges(interval.days_of_month),
    months: numericRanges(interval.months, MONTH_NAMES, 1),
    years: numericRanges(interval.years),
    location: interval.location || 'UTC',
  };
}

/** Do two mute timings mute at the same times (however Grafana wrote the ranges)? */
export function sameIntervals(a: readonly TimeInterval[], b: readonly TimeInterval[]): boolean {
  return JSON.stringify(a.map(normalized)) === JSON.stringify(b.map(normalized));
}

const listOf = (items: string[]) => items.join(', ');

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
const lastOrdinal = (n: number) => (n === 1 ? 'last' : `${ordinal(n)}-last`);

/** Days of the month in words: "days 1–7", "day 15", "the last day", "the last 7 days", "the 3rd-last day". */
function monthDays([begin, end]: [number, number]): string {
  if (begin > 0) {
    return begin === end ? `day ${begin}` : `days ${begin}–${end}`;
  }
  if (begin === end) {
    return `the ${lastOrdinal(-begin)} day`;
  }
  return end === -1 ? `the last ${-begin} days` : `the ${lastOrdinal(-begin)} to ${lastOrdinal(-end)} days`;
}

/** One interval in words: "Mon–Fri, 02:00–04:00 (UTC)", "24–26 Dec 2026, all day (Europe/Berlin)". */
export function describeInterval(interval: TimeInterval): string {
  const n = normalized(interval);
  const span = ([b, e]: [number, number], name: (x: number) => string) => (b === e ? name(b) : `${name(b)}–${name(e)}`);
  const weekday = (x: number) => DAY_SHORT[DAY_NAMES[x] as Weekday] ?? String(x);
  const parts: string[] = [];
  if (n.weekdays.length > 0) {
    parts.push(listOf(n.weekdays.map((r) => span(r, weekday))));
  }
  const month = (x: number) => MONTH_SHORT[x - 1] ?? String(x);
  const singleDate = n.years.length === 1 && n.months.length === 1 && n.years[0][0] === n.years[0][1];
  if (singleDate && n.months[0][0] === n.months[0][1]) {
    const days = n.days.length > 0 ? `${listOf(n.days.map((r) => span(r, String)))} ` : '';
    parts.push(`${days}${month(n.months[0][0])} ${n.years[0][0]}`);
  } else {
    if (n.days.length > 0) {
      parts.push(`${listOf(n.days.map(monthDays))} of the month`);
    }
    if (n.months.length > 0) {
      parts.push(listOf(n.months.map((r) => span(r, month))));
    }
    if (n.years.length > 0) {
      parts.push(listOf(n.years.map((r) => span(r, String))));
    }
  }
  const when = parts.length > 0 ? listOf(parts) : 'Every day';
  const times = n.times.length > 0 ? listOf(n.times.map(([s, e]) => `${clock(s ?? 0)}–${clock(e ?? 0)}`)) : 'all day';
  return `${when}, ${times} (${n.location})`;
}

/** A mute timing in words, its intervals separated by semicolons. */
export const describeTiming = (timing: Pick<MuteTiming, 'time_intervals'>) =>
  timing.time_intervals.length === 0
    ? 'never (no time interval)'
    : timing.time_intervals.map(describeInterval).join('; ');
