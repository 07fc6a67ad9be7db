import {
  EMPTY_WINDOW,
  type WindowForm,
  canonicalTimeZone,
  checkWindow,
  describeTiming,
  isOurWindow,
  parseClock,
  parseDaysOfMonth,
  sameIntervals,
  weekdayRanges,
  windowName,
} from './quietHours';

const NOW = new Date('2026-11-03T10:00:00Z');
const form = (over: Partial<WindowForm>): WindowForm => ({ ...EMPTY_WINDOW, name: 'Weekly deploy', ...over });
const errorsOf = (over: Partial<WindowForm>) => {
  const check = checkWindow(form(over), NOW);
  return check.ok ? {} : check.errors;
};
const timingOf = (over: Partial<WindowForm>) => {
  const check = checkWindow(form(over), NOW);
  if (!check.ok) {
    throw new Error(JSON.stringify(check.errors));
  }
  return check.timing;
};

describe('windowName', () => {
  it('names a window with the prefix, in lower case letters and digits joined by dashes', () => {
    expect(windowName('Weekly deploy')).toBe('perfscope-maintenance-weekly-deploy');
    expect(windowName('  Base de données — été 2026 ')).toBe('perfscope-maintenance-base-de-donnees-ete-2026');
    expect(windowName('!!!')).toBe('');
  });

  it("counts as Perfscope's only what it wrote through the API under its prefix", () => {
    const intervals = [{ weekdays: ['saturday'] }];
    expect(isOurWindow({ name: 'perfscope-maintenance-x', time_intervals: intervals, provenance: 'api' })).toBe(true);
    expect(isOurWindow({ name: 'perfscope-maintenance-x', time_intervals: intervals })).toBe(false);
    expect(isOurWindow({ name: 'perfscope-maintenance-x', time_intervals: intervals, provenance: 'file' })).toBe(false);
    expect(isOurWindow({ name: 'weekends', time_intervals: intervals, provenance: 'api' })).toBe(false);
  });
});

describe('the parts of a window', () => {
  it('reads times of day as people write them, 24:00 ending a day', () => {
    expect(parseClock('9:00')).toBe(540);
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeUndefined();
    expect(parseClock('9')).toBeUndefined();
    expect(parseClock('12:60')).toBeUndefined();
  });

  it("writes weekdays as Alertmanager's ranges, Sunday first", () => {
    expect(weekdayRanges(['friday', 'monday', 'tuesday', 'wednesday', 'thursday'])).toEqual(['monday:friday']);
    expect(weekdayRanges(['sunday', 'saturday'])).toEqual(['sunday', 'saturday']);
    expect(weekdayRanges(['monday', 'wednesday', 'thursday'])).toEqual(['monday', 'wednesday:thursday']);
  });

  it('knows time zones by their IANA names, whatever their case, and refuses offsets', () => {
    expect(canonicalTimeZone('')).toBe('');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Berln')).toBeUndefined();
    expect(canonicalTimeZone('+01:00')).toBeUndefined();
  });

  it('reads days of the month, counting back from the end with negatives', () => {
    expect(parseDaysOfMonth('1, 15, -1, 1-7, 8:14, -7:-1')).toEqual({
      ranges: [
        [1, 1],
        [15, 15],
        [-1, -1],
        [1, 7],
        [8, 14],
        [-7, -1],
      ],
    });
    expect(parseDaysOfMonth('32')).toEqual({
      error: expect.stringMatching(/^32 is not a day of the month: use 1 to 31/),
    });
    expect(parseDaysOfMonth('-3:5')).toEqual({ error: expect.stringContaining('must end so too, e.g. -7:-1') });
    expect(parseDaysOfMonth('20:10')).toEqual({ error: expect.stringContaining('ends before it starts') });
    expect(parseDaysOfMonth('first')).toEqual({ error: expect.stringContaining('is not a day of the month') });
  });
});

describe('checkWindow', () => {
  it('builds a weekly window with its times and zone, as Grafana stores it', () => {
    const timing = timingOf({
      weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      from: '2:00',
      to: '04:30',
      timeZone: 'europe/berlin',
    });
    expect(timing).toEqual({
      name: 'perfscope-maintenance-weekly-deploy',
      time_intervals: [
        {
          times: [{ start_time: '02:00', end_time: '04:30' }],
          weekdays: ['monday:friday'],
          location: 'Europe/Berlin',
        },
      ],
    });
    expect(describeTiming(timing)).toBe('Mon–Fri, 02:00–04:30 (Europe/Berlin)');
  });

  it('turns a date range into one interval per month, whole months without days', () => {
    const timing = timingOf({ firstDay: '2026-12-30', lastDay: '2027-02-02', from: '22:00', to: '24:00' });
    expect(timing.time_intervals).toEqual([
      {
        times: [{ start_time: '22:00', end_time: '24:00' }],
        days_of_month: ['30:31'],
        months: ['12'],
        years: ['2026'],
      },
      { times: [{ start_time: '22:00', end_time: '24:00' }], months: ['1'], years: ['2027'] },
      { times: [{ start_time: '22:00', end_time: '24:00' }], days_of_month: ['1:2'], months: ['2'], years: ['2027'] },
    ]);
    expect(describeTiming(timing)).toBe(
      '30–31 Dec 2026, 22:00–24:00 (UTC); Jan 2027, 22:00–24:00 (UTC); 1–2 Feb 2027, 22:00–24:00 (UTC)'
    );
    // A first day alone is that one day.
    expect(timingOf({ firstDay: '2026-12-24' }).time_intervals).toEqual([
      { days_of_month: ['24'], months: ['12'], years: ['2026'] },
    ]);
  });

  it('builds a monthly window from days of the month and weekdays', () => {
    const timing = timingOf({ daysOfMonth: '1:7', weekdays: ['saturday'] });
    expect(timing.time_intervals).toEqual([{ weekdays: ['saturday'], days_of_month: ['1:7'] }]);
    expect(describeTiming(timing)).toBe('Sat, days 1–7 of the month, all day (UTC)');
    expect(describeTiming(timingOf({ daysOfMonth: '15, -1' }))).toBe(
      'day 15, the last day of the month, all day (UTC)'
    );
    expect(describeTiming(timingOf({ daysOfMonth: '-7:-1' }))).toBe('the last 7 days of the month, all day (UTC)');
  });

  it('says what is wrong with each field, and how to write it', () => {
    expect(errorsOf({ from: '09:00', to: '07:00' }).to).toBe(
      'End time 07:00 is before start 09:00: a window ends later on the same day. For one over midnight, add two windows: 09:00–24:00, and 00:00–07:00 on the next days.'
    );
    expect(errorsOf({ from: '09:00', to: '9:00' }).to).toMatch(/^End time 09:00 is the start time/);
    expect(errorsOf({ from: '9h', to: '17:00' }).from).toBe(
      'Start time "9h" is not a time of day: write it as HH:MM, from 00:00 to 23:59, e.g. 09:00.'
    );
    expect(errorsOf({ from: '09:00' }).to).toMatch(/^Give an end time too/);
    expect(errorsOf({ timeZone: 'Europe/Berln', weekdays: ['sunday'] }).timeZone).toBe(
      '"Europe/Berln" is not a time zone: use an IANA name such as Europe/Berlin or America/New_York, or leave it empty for UTC.'
    );
    expect(errorsOf({ firstDay: '2026-02-30' }).firstDay).toBe(
      '"2026-02-30" is not a date: write it as YYYY-MM-DD, e.g. 2026-12-24.'
    );
    expect(errorsOf({ firstDay: '2026-12-24', lastDay: '2026-12-20' }).lastDay).toBe(
      'Last day 2026-12-20 is before the first day 2026-12-24: swap them.'
    );
    expect(errorsOf({ firstDay: '2026-01-01', lastDay: '2027-06-01' }).lastDay).toMatch(/is more than a year/);
    expect(errorsOf({ firstDay: '2026-10-01', lastDay: '2026-10-02' }).lastDay).toBe(
      '2026-10-02 is over, so the window would never mute anything: choose days from today (2026-11-03) on.'
    );
    expect(errorsOf({ lastDay: '2026-12-26' }).firstDay).toMatch(/^Give the first day too/);
    expect(errorsOf({ firstDay: '2026-12-24', daysOfMonth: '1' }).daysOfMonth).toMatch(/^Choose either dates or days/);
    expect(errorsOf({ name: '', weekdays: ['sunday'] }).name).toMatch(/^Name the window/);
    expect(errorsOf({ name: '***', weekdays: ['sunday'] }).name).toBe(
      '"***" has no letter or digit: Grafana\'s name of the window is made of them.'
    );
  });

  it('refuses a window that would mute at all times', () => {
    expect(errorsOf({})).toEqual({
      window:
        "This window would mute Perfscope's alerts at all times: choose days of the week, times of day, dates or days of the month.",
    });
    expect(
      errorsOf({ weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] })
    ).toEqual({ window: expect.stringMatching(/at all times/) });
  });

  it("judges a date's end in the window's zone", () => {
    // 10:00 UTC on 3 November is already midnight of 4 November on Kiritimati (UTC+14).
    expect(errorsOf({ firstDay: '2026-11-03', timeZone: 'Pacific/Kiritimati' }).firstDay).toMatch(
      /^2026-11-03 is over/
    );
    expect(errorsOf({ firstDay: '2026-11-03' })).toEqual({});
  });
});

describe('sameIntervals', () => {
  it('compares what is muted, however Grafana wrote the ranges', () => {
    expect(
      sameIntervals(
        [{ weekdays: ['monday:friday'], months: ['january:march'] }],
        [{ weekdays: ['monday:friday'], months: ['1:3'], location: 'UTC' }]
      )
    ).toBe(true);
    expect(sameIntervals([{ weekdays: ['monday'] }], [{ weekdays: ['tuesday'] }])).toBe(false);
    expect(sameIntervals([{ times: [{ start_time: '02:00', end_time: '04:00' }] }], [{}])).toBe(false);
  });
});
