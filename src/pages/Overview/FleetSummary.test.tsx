import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FieldType, toDataFrame } from '@grafana/data';
import { testIds } from '../../components/testIds';
import { HEALTH_REF, serviceRows } from '../Services/servicesTable';
import type { FiringAlert } from './firingAlerts';
import { FleetSummary } from './FleetSummary';

// Grafana's TextLink routes through the router Grafana mounts around every page (react-router's
// v5-compat copy inside @grafana/ui); without that router here, a plain link stands in. The browser
// tests run the real one.
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  TextLink: ({ href, children }: { href: string; children: React.ReactNode }) => <a href={href}>{children}</a>,
}));

/** One service's latest health score and error rate, as the per-service queries answer. */
const service = (job: string, score: number | null, errorRate: number) => [
  toDataFrame({
    refId: HEALTH_REF,
    fields: [{ name: 'Value', type: FieldType.number, values: [score], labels: { job } }],
  }),
  toDataFrame({
    refId: 'http_error_rate',
    fields: [{ name: 'Value', type: FieldType.number, values: [errorRate], labels: { job } }],
  }),
];

const rows = serviceRows(
  [
    ...service('checkout', 95, 0.001),
    ...service('payments', 40, 0.3),
    ...service('search', 75, 0.06),
    ...service('reports', null, 0),
  ],
  undefined
);

const alert = (job: string | undefined, severity: string): FiringAlert => ({
  name: 'HTTP error rate',
  severity,
  state: 'firing',
  area: 'http',
  service: job,
});

describe('FleetSummary', () => {
  it('counts services by grade, lists the worst first and the services with firing alerts', () => {
    render(
      <FleetSummary
        rows={rows}
        loading={false}
        alerts={[alert('search', 'warning'), alert('payments', 'critical'), alert(undefined, 'critical')]}
      />
    );
    const fleet = screen.getByTestId(testIds.overview.fleet);
    for (const text of ['A: 1', 'C: 1', 'F: 1', 'No score: 1', 'B: 0']) {
      expect(within(fleet).getByText(text)).toBeInTheDocument();
    }
    const worst = within(screen.getByTestId(testIds.overview.worst)).getAllByRole('link');
    expect(worst.map((a) => a.textContent)).toEqual(['payments', 'search', 'checkout', 'reports']);
    expect(worst[0]).toHaveAttribute('href', '/a/perfscope-monitoring-app/service/payments');
    // Alerts of no service (a rule over the whole fleet) are not a service's.
    const firing = within(screen.getByTestId(testIds.overview.firingByService)).getAllByRole('link');
    expect(firing.map((a) => a.textContent)).toEqual(['payments', 'search']);
  });

  it('lists the services slower than last week, worst first, linking to each', () => {
    render(
      <FleetSummary
        rows={rows}
        loading={false}
        alerts={[]}
        regressions={[
          { service: 'checkout', change: 0.6, severity: 'critical' },
          { service: 'search', change: 0.25, severity: 'warning' },
        ]}
      />
    );
    const slower = within(screen.getByTestId(testIds.overview.slowerThanLastWeek));
    expect(slower.getAllByRole('link').map((a) => a.textContent)).toEqual(['checkout', 'search']);
    expect(slower.getByText('p95 +60 %')).toBeInTheDocument();
  });

  it('says when no service has data or a firing alert', () => {
    render(<FleetSummary rows={[]} loading={false} alerts={[]} regressions={[]} />);
    expect(screen.getByText(/past its regression level/)).toBeInTheDocument();
    expect(screen.getByText(/No service has data/)).toBeInTheDocument();
    expect(screen.getByText('No service has a firing alert.')).toBeInTheDocument();
  });
});
