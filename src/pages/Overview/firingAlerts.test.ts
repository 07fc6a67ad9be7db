import { perfscopeFiring } from './firingAlerts';

describe('perfscopeFiring', () => {
  it("keeps Perfscope's firing alerts, critical first", () => {
    const origin = { __grafana_origin: 'plugin/perfscope-monitoring-app' };
    expect(
      perfscopeFiring([
        { labels: { ...origin, alertname: 'B warning', severity: 'warning' }, state: 'Alerting' },
        {
          labels: { ...origin, alertname: 'A critical', severity: 'critical' },
          state: 'firing',
          annotations: { summary: 'p95 high' },
        },
        { labels: { ...origin, alertname: 'pending', severity: 'critical' }, state: 'Pending' },
        { labels: { alertname: 'someone else', severity: 'critical' }, state: 'firing' },
      ])
    ).toEqual([
      { name: 'A critical', severity: 'critical', area: '', since: undefined, summary: 'p95 high' },
      { name: 'B warning', severity: 'warning', area: '', since: undefined, summary: undefined },
    ]);
  });
});
