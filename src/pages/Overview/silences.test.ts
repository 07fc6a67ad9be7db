import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import type { FiringAlert } from './firingAlerts';
import {
  type Silence,
  activeSilence,
  canSilence,
  choiceLabel,
  describeSilenceError,
  formatUntil,
  sameMatchers,
  silenceEnd,
  silenceMatchers,
  silenceRequest,
} from './silences';

// jest runs in UTC (jest.config.js): local times below are UTC times.
const NOW = new Date('2026-11-03T14:30:00Z');
const origin = { [GRAFANA_ORIGIN_LABEL]: ORIGIN };
const alert = (over: Partial<FiringAlert> = {}): FiringAlert => ({
  name: 'HTTP error rate (critical)',
  severity: 'critical',
  state: 'firing',
  area: 'http',
  service: 'checkout',
  summary: 'HTTP error rate is above 10 % in checkout (critical)',
  labels: { ...origin, alertname: 'HTTP error rate (critical)', severity: 'critical', area: 'http', job: 'checkout' },
  serviceLabel: 'job',
  ...over,
});
const eq = (name: string, value: string) => ({ name, value, isRegex: false, isEqual: true });

describe('silenceMatchers', () => {
  it("matches the alert's name, its service and Perfscope's origin", () => {
    expect(silenceMatchers(alert())).toEqual([
      eq('alertname', 'HTTP error rate (critical)'),
      eq('job', 'checkout'),
      eq(GRAFANA_ORIGIN_LABEL, ORIGIN),
    ]);
  });

  it('matches only alerts without a service when the alert has none, by the settings service label', () => {
    const fleet = alert({ service: undefined, labels: { ...origin, alertname: 'Health score (critical)' } });
    expect(silenceMatchers(fleet)?.[1]).toEqual(eq('job', ''));
    const named = alert({ serviceLabel: 'service_name', labels: { ...origin, alertname: 'X', service_name: 'shop' } });
    expect(silenceMatchers(named)?.[1]).toEqual(eq('service_name', 'shop'));
  });

  it('offers nothing for a rule in error or an alert without its labels', () => {
    expect(silenceMatchers(alert({ state: 'error' }))).toBeUndefined();
    expect(silenceMatchers(alert({ labels: undefined }))).toBeUndefined();
  });
});

describe('when a silence ends', () => {
  it('ends in one or four hours, or tomorrow at 09:00', () => {
    expect(silenceEnd('1h', NOW).toISOString()).toBe('2026-11-03T15:30:00.000Z');
    expect(silenceEnd('4h', NOW).toISOString()).toBe('2026-11-03T18:30:00.000Z');
    expect(silenceEnd('tomorrow', NOW).toISOString()).toBe('2026-11-04T09:00:00.000Z');
    expect(silenceEnd('tomorrow', new Date('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T09:00:00.000Z');
  });

  it('says the end as people say it', () => {
    expect(formatUntil(new Date('2026-11-03T15:30:00Z'), NOW)).toBe('15:30');
    expect(formatUntil(new Date('2026-11-04T09:00:00Z'), NOW)).toBe('tomorrow 09:00');
    expect(formatUntil(new Date('2026-11-10T09:05:00Z'), NOW)).toBe('Tue 10 Nov 09:05');
    expect(choiceLabel('4h', NOW)).toBe('4 h (until 18:30)');
    expect(choiceLabel('tomorrow', NOW)).toBe('Until tomorrow 09:00');
    expect(choiceLabel('4h', new Date('2026-11-03T22:00:00Z'))).toBe('4 h (until tomorrow 02:00)');
  });
});

describe('silenceRequest', () => {
  it("is Alertmanager's postable silence: matchers, from now, until the end, by the signed-in user", () => {
    const matchers = silenceMatchers(alert())!;
    expect(silenceRequest(alert(), matchers, NOW, silenceEnd('1h', NOW), { login: 'ada', name: 'Ada' })).toEqual({
      matchers,
      startsAt: '2026-11-03T14:30:00.000Z',
      endsAt: '2026-11-03T15:30:00.000Z',
      createdBy: 'ada',
      comment: 'Silenced from Perfscope until 15:30: HTTP error rate is above 10 % in checkout (critical)',
    });
    // Grafana requires someone: the name, the e-mail address, or Perfscope when the user has none.
    expect(silenceRequest(alert(), matchers, NOW, NOW, { login: '', email: 'ada@example.com' }).createdBy).toBe(
      'ada@example.com'
    );
    expect(silenceRequest(alert({ summary: undefined }), matchers, NOW, NOW).comment).toBe(
      'Silenced from Perfscope until 14:30: HTTP error rate (critical) in checkout'
    );
  });
});

describe('activeSilence', () => {
  const matchers = silenceMatchers(alert())!;
  const silence = (id: string, startsAt: string, endsAt: string, m = matchers): Silence => ({
    id,
    matchers: m,
    startsAt,
    endsAt,
    createdBy: 'ada',
    comment: '',
  });

  it('finds the silence of exactly these matchers that holds now, the one ending last', () => {
    const silences = [
      silence('expired', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'),
      silence('pending', '2026-11-03T16:00:00Z', '2026-11-03T17:00:00Z'),
      silence('short', '2026-11-03T14:00:00Z', '2026-11-03T15:00:00Z'),
      silence('long', '2026-11-03T14:00:00Z', '2026-11-03T18:00:00Z', [...matchers].reverse()),
      silence('wider', '2026-11-03T14:00:00Z', '2026-11-03T19:00:00Z', matchers.slice(0, 1)),
    ];
    expect(activeSilence(silences, matchers, NOW)?.id).toBe('long');
    expect(sameMatchers(matchers, matchers.slice(0, 2))).toBe(false);
  });
});

describe('canSilence', () => {
  it("reads the user's permissions where Grafana lists them, else the role", () => {
    expect(canSilence({ permissions: { 'alert.silences:create': true } })).toBe(true);
    expect(canSilence({ orgRole: 'Admin', permissions: { 'alert.rules:read': true } })).toBe(false);
    expect(canSilence({ orgRole: 'Editor' })).toBe(true);
    expect(canSilence({ orgRole: 'Viewer' })).toBe(false);
    expect(canSilence(undefined)).toBe(false);
  });
});

describe('describeSilenceError', () => {
  it('says what went wrong and what to do next', () => {
    expect(describeSilenceError({ status: 403, data: {} }, 'silence')).toBe(
      'You need the alerting silence permission (Editor or Admin role, or alert.silences:create) to silence alerts: ask an admin of this Grafana.'
    );
    expect(describeSilenceError({ status: 403 }, 'undo')).toMatch(/alert\.silences:write\) to end a silence/);
    expect(describeSilenceError({ status: 404 }, 'undo')).toBe(
      'Grafana no longer has this silence (it ended, or someone removed it): the alert is not silenced.'
    );
    expect(
      describeSilenceError(
        { status: 400, data: { message: "end time can't be in the past: unable to create silence" } },
        'silence'
      )
    ).toBe(
      "Grafana refused (400): end time can't be in the past: unable to create silence. Reload the page and try again."
    );
    expect(describeSilenceError(new Error('offline'), 'silence')).toBe(
      'The request did not reach Grafana: check the connection and try again.'
    );
  });
});
