import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';
import { GrafanaSilences } from '../../../tests/browser/grafanaSilences';
import { standInBackendSrv } from '../../../tests/browser/standInFetch';
import { testIds } from '../../components/testIds';
import { FiringAlertList } from './FiringAlertList';
import { perfscopeFiring } from './firingAlerts';
import { formatUntil } from './silences';
import { useSilences } from './useSilences';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  config: { bootData: { user: { login: 'ada', orgRole: 'Editor' } } },
}));

const ALERTS = perfscopeFiring([
  {
    labels: {
      [GRAFANA_ORIGIN_LABEL]: ORIGIN,
      alertname: 'HTTP error rate (critical)',
      severity: 'critical',
      job: 'checkout',
    },
    annotations: { summary: 'HTTP error rate is above 10 % in checkout (critical)' },
    state: 'Alerting',
  },
  { labels: { [GRAFANA_ORIGIN_LABEL]: ORIGIN, alertname: 'DB broken', severity: 'warning' }, state: 'Error' },
]);

function grafana(role: 'Viewer' | 'Editor' = 'Editor') {
  const silences = new GrafanaSilences(() => role);
  const { backendSrv, calls } = standInBackendSrv((method, path, readJson, query) =>
    silences.handle(method, path, readJson, query)
  );
  jest.mocked(getBackendSrv).mockReturnValue(backendSrv as never);
  return { silences, calls };
}

function List() {
  const silences = useSilences();
  return <FiringAlertList alerts={ALERTS} none="none" silences={silences} />;
}

const line = (index: number) => screen.getAllByTestId(testIds.overview.firingAlert)[index];

describe('FiringAlertList silencing', () => {
  it("silences a firing alert for 1 h through Grafana's Alertmanager, shows until when, and undoes it", async () => {
    const { silences, calls } = grafana();
    render(<List />);
    const firing = line(0);
    // A rule in error sends no notification: nothing to silence.
    expect(within(line(1)).queryByRole('button', { name: 'Silence 1 h' })).not.toBeInTheDocument();
    await waitFor(() =>
      expect(calls).toContain(
        'GET /api/alertmanager/grafana/api/v2/silences?filter=__grafana_origin%3D%22plugin%2Fperfscope-monitoring-app%22'
      )
    );
    fireEvent.click(within(firing).getByRole('button', { name: 'Silence 1 h' }));
    const [stored] = await waitFor(() => {
      const all = silences.silences();
      expect(all).toHaveLength(1);
      return all;
    });
    expect(stored).toMatchObject({
      matchers: [
        { name: 'alertname', value: 'HTTP error rate (critical)', isRegex: false, isEqual: true },
        { name: 'job', value: 'checkout', isRegex: false, isEqual: true },
        { name: GRAFANA_ORIGIN_LABEL, value: ORIGIN, isRegex: false, isEqual: true },
      ],
      createdBy: 'ada',
      status: { state: 'active' },
    });
    expect(Date.parse(stored.endsAt) - Date.parse(stored.startsAt)).toBe(3_600_000);
    const until = formatUntil(new Date(stored.endsAt), new Date());
    expect(await within(firing).findByText(`Silenced until ${until}`)).toBeInTheDocument();

    fireEvent.click(within(firing).getByRole('button', { name: 'Undo' }));
    expect(await within(firing).findByRole('button', { name: 'Silence 1 h' })).toBeInTheDocument();
    expect(silences.silences()[0].status.state).toBe('expired');
    expect(silences.writes).toEqual([`POST ${stored.id}`, `DELETE ${stored.id}`]);
  });

  it('shows an alert silenced earlier as silenced', async () => {
    const { silences } = grafana();
    const now = Date.now();
    await silences.handle(
      'POST',
      '/api/alertmanager/grafana/api/v2/silences',
      async () => ({
        matchers: [
          { name: GRAFANA_ORIGIN_LABEL, value: ORIGIN, isRegex: false },
          { name: 'alertname', value: 'HTTP error rate (critical)', isRegex: false },
          { name: 'job', value: 'checkout', isRegex: false },
        ],
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 7_200_000).toISOString(),
        createdBy: 'bob',
        comment: 'deploy',
      }),
      new URLSearchParams()
    );
    render(<List />);
    expect(await within(line(0)).findByText(/^Silenced until /)).toBeInTheDocument();
  });

  it("says what to do when Grafana refuses, and keeps the alert's actions", async () => {
    grafana('Viewer');
    render(<List />);
    fireEvent.click(within(line(0)).getByRole('button', { name: 'Silence 1 h' }));
    expect(
      await within(line(0)).findByText(
        'You need the alerting silence permission (Editor or Admin role, or alert.silences:create) to silence alerts: ask an admin of this Grafana.'
      )
    ).toBeInTheDocument();
    expect(within(line(0)).getByRole('button', { name: 'Silence 1 h' })).not.toBeDisabled();
  });

  it('shows no action without silencing', () => {
    render(<FiringAlertList alerts={ALERTS} none="none" />);
    expect(screen.queryByRole('button', { name: 'Silence 1 h' })).not.toBeInTheDocument();
  });
});
