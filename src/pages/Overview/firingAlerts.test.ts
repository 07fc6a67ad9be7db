import { type FiringAlert, firingByService, parseAlertState, perfscopeFiring } from './firingAlerts';

const origin = { __grafana_origin: 'plugin/perfscope-monitoring-app' };

describe('parseAlertState', () => {
  it.each([
    ['Alerting', { state: 'Alerting' }],
    ['Alerting (NoData)', { state: 'Alerting', reason: 'NoData' }],
    ['Alerting (Error)', { state: 'Alerting', reason: 'Error' }],
    ['Normal (MissingSeries)', { state: 'Normal', reason: 'MissingSeries' }],
    ['Pending', { state: 'Pending' }],
    ['Error', { state: 'Error' }],
    [undefined, { state: '' }],
  ])('reads %p as Grafana writes it', (text, parsed) => {
    expect(parseAlertState(text)).toEqual(parsed);
  });
});

describe('perfscopeFiring', () => {
  it("keeps Perfscope's alerting instances, whatever the reason, and rules in error; critical first", () => {
    expect(
      perfscopeFiring([
        { labels: { ...origin, alertname: 'B warning', severity: 'warning' }, state: 'Alerting' },
        {
          labels: { ...origin, alertname: 'A critical', severity: 'critical' },
          state: 'Alerting (NoData)',
          annotations: { summary: 'no data from the database' },
        },
        { labels: { ...origin, alertname: 'C broken', severity: 'warning' }, state: 'Error' },
        { labels: { ...origin, alertname: 'pending', severity: 'critical' }, state: 'Pending' },
        { labels: { ...origin, alertname: 'fine', severity: 'critical' }, state: 'Normal (MissingSeries)' },
        { labels: { alertname: 'someone else', severity: 'critical' }, state: 'Alerting' },
      ])
    ).toEqual([
      {
        name: 'A critical',
        severity: 'critical',
        state: 'firing',
        reason: 'NoData',
        area: '',
        since: undefined,
        summary: 'no data from the database',
        labels: { ...origin, alertname: 'A critical', severity: 'critical' },
        serviceLabel: 'job',
      },
      {
        name: 'B warning',
        severity: 'warning',
        state: 'firing',
        reason: undefined,
        area: '',
        since: undefined,
        summary: undefined,
        labels: { ...origin, alertname: 'B warning', severity: 'warning' },
        serviceLabel: 'job',
      },
      {
        name: 'C broken',
        severity: 'warning',
        state: 'error',
        reason: undefined,
        area: '',
        since: undefined,
        summary: undefined,
        labels: { ...origin, alertname: 'C broken', severity: 'warning' },
        serviceLabel: 'job',
      },
    ]);
  });

  it('names the service of each instance by the settings service label', () => {
    const alerts = [
      {
        labels: { ...origin, alertname: 'A', severity: 'critical', job: 'checkout', service_name: 'shop' },
        state: 'Alerting',
      },
    ];
    expect(perfscopeFiring(alerts)[0].service).toBe('checkout');
    expect(perfscopeFiring(alerts, 'service_name')[0]).toMatchObject({ service: 'shop', serviceLabel: 'service_name' });
    expect(perfscopeFiring(alerts, 'app')[0].service).toBeUndefined();
  });
});

describe('firingByService', () => {
  const alert = (service: string | undefined, severity: string, name = 'x'): FiringAlert => ({
    name,
    severity,
    state: 'firing',
    area: 'http',
    service,
  });

  it('groups by service, most critical first, then most alerts, alerts of no service last', () => {
    const groups = firingByService([
      alert('search', 'warning', 'a'),
      alert('search', 'warning', 'b'),
      alert(undefined, 'critical'),
      alert('payments', 'critical'),
      alert('checkout', 'warning'),
    ]);
    expect(groups.map((g) => [g.service, g.alerts.length, g.critical])).toEqual([
      ['payments', 1, 1],
      ['search', 2, 0],
      ['checkout', 1, 0],
      [undefined, 1, 1],
    ]);
    expect(firingByService([])).toEqual([]);
  });
});
