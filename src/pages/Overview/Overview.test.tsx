import React from 'react';
import { of } from 'rxjs';
import { render, screen, waitFor, within } from '@testing-library/react';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { loadAppSettings } from '../../settings';
import { testIds } from '../../components/testIds';
import Overview from './Overview';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  // Grafana core renders the panels; here a stand-in shows which panel got which data.
  PanelRenderer: ({ pluginId, data }: { pluginId: string; data: { series: unknown[]; state: string } }) => (
    <div data-testid={`panel ${pluginId}`}>{`${data.state}:${data.series.length}`}</div>
  ),
  getBackendSrv: jest.fn(),
  getDataSourceSrv: jest.fn(),
}));

class FakeResizeObserver {
  constructor(private callback: ResizeObserverCallback) {}
  observe() {
    this.callback([{ contentRect: { width: 1200 } } as ResizeObserverEntry], this as never);
  }
  disconnect() {}
}

function setup({ settings = {}, datasources = [{ uid: 'ps' }] } = {}) {
  window.ResizeObserver = FakeResizeObserver as never;
  const fetch = jest.fn(({ url }: { url: string }) =>
    url.startsWith('/api/plugins/')
      ? of({ data: { jsonData: settings } })
      : of({
          data: {
            data: {
              alerts: [
                {
                  labels: { __grafana_origin: 'plugin/perfscope-monitoring-app', alertname: 'x', severity: 'critical' },
                  annotations: { summary: 'HTTP error rate is critical' },
                  state: 'Alerting',
                },
              ],
            },
          },
        })
  );
  jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
  loadAppSettings(true);
  const query = jest.fn(() => Promise.resolve({ data: [{ refId: 'A', fields: [], length: 0 }] }));
  const get = jest.fn(() => Promise.resolve({ query }));
  jest.mocked(getDataSourceSrv).mockReturnValue({ getList: () => datasources, get } as never);
  return { get, query };
}

describe('Overview page', () => {
  it('runs the health and live queries through the Perfscope datasource into the panels', async () => {
    const { get, query } = setup({ settings: { datasourceUid: 'configured' } });
    render(<Overview />);
    await waitFor(() => expect(screen.getByTestId('panel perfscope-healthscore-panel')).toHaveTextContent('Done:1'));
    expect(screen.getByTestId('panel perfscope-stream-panel')).toHaveTextContent('Done:1');
    expect(get).toHaveBeenCalledWith({ uid: 'configured' });
    const targets = (query.mock.calls as unknown as Array<[{ targets: Array<{ mode: string; stream: boolean }> }]>).map(
      ([r]) => r.targets
    );
    expect(targets).toContainEqual([expect.objectContaining({ mode: 'health', stream: true })]);
  });

  it('lists firing Perfscope alerts and links every area', async () => {
    setup();
    render(<Overview />);
    const alerts = screen.getByTestId(testIds.overview.alerts);
    expect(await within(alerts).findByText('HTTP error rate is critical')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Database/ })).toHaveAttribute(
      'href',
      '/a/perfscope-monitoring-app/area/database'
    );
    expect(screen.getByRole('link', { name: /Overview dashboard/ })).toHaveAttribute('href', '/d/perfscope-overview');
  });

  it('says how to start when there is no Perfscope datasource', async () => {
    setup({ datasources: [] });
    render(<Overview />);
    expect(await screen.findByText('No Perfscope datasource yet')).toBeInTheDocument();
    expect(screen.queryByTestId('panel perfscope-stream-panel')).not.toBeInTheDocument();
  });

  it("shows the thresholds in force, the admin's included", async () => {
    setup({ settings: { signals: { http_latency_p95: { critical: 3 } } } });
    render(<Overview />);
    const row = (await screen.findByText('HTTP latency p95')).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('> 3 s')).toBeInTheDocument());
  });
});
