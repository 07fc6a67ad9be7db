import React from 'react';
import { from, of, throwError } from 'rxjs';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import { getBackendSrv, locationService, setDataSourceSrv } from '@grafana/runtime';
import AppConfig, { type AppConfigProps } from './AppConfig';
import { GrafanaAlerting } from '../../../tests/browser/grafanaAlerting';
import { desiredGroups } from './desiredRules';
import { testIds } from '../../components/testIds';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
  locationService: { reload: jest.fn() },
}));

const props = (enabled: boolean) =>
  ({
    plugin: {
      meta: {
        id: 'perfscope-monitoring-app',
        name: 'Perfscope',
        type: PluginType.app,
        enabled,
        jsonData: { prefix: 'shop_' },
      },
    },
    query: {},
  }) as unknown as AppConfigProps;

/** Grafana's datasource list as the pickers see it: one core Prometheus and the Perfscope datasource. */
const DATASOURCES = [
  {
    uid: 'perfscope-prometheus',
    name: 'Prometheus (alerting)',
    type: 'prometheus',
    meta: { id: 'prometheus', info: { logos: { small: '' } } },
  },
  {
    uid: 'perfscope-proxy',
    name: 'Perfscope',
    type: 'perfscope-proxy-datasource',
    meta: { id: 'perfscope-proxy-datasource', info: { logos: { small: '' } } },
  },
];

beforeEach(() => {
  setDataSourceSrv({
    getList: ({ type }: { type?: string | string[] } = {}) =>
      DATASOURCES.filter((d) => !type || [type].flat().includes(d.type)),
    getInstanceSettings: (ref: string | { uid?: string } | null) =>
      DATASOURCES.find((d) => d.uid === (typeof ref === 'string' ? ref : ref?.uid)),
  } as never);
});

describe('AppConfig', () => {
  it('enables the app with the whole jsonData and reloads', async () => {
    const fetch = jest.fn().mockReturnValue(of({ status: 200, data: {} }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    render(<AppConfig {...props(false)} />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.toggle));
    await waitFor(() => expect(locationService.reload).toHaveBeenCalled());
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/plugins/perfscope-monitoring-app/settings',
        method: 'POST',
        data: { enabled: true, pinned: true, jsonData: { prefix: 'shop_' } },
      })
    );
  });

  it('shows why saving failed and stays on the page', async () => {
    const fetch = jest.fn().mockReturnValue(throwError(() => ({ status: 403 })));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    render(<AppConfig {...props(true)} />);
    expect(screen.getByRole('button', { name: 'Disable Perfscope' })).toBeInTheDocument();
    fireEvent.click(screen.getByTestId(testIds.appConfig.toggle));
    expect(await screen.findByTestId(testIds.appConfig.error)).toHaveTextContent(
      /needs the Admin role in this organisation/
    );
    expect(locationService.reload).not.toHaveBeenCalled();
    expect(screen.getByTestId(testIds.appConfig.toggle)).not.toBeDisabled();
  });

  it('lists the default thresholds', () => {
    render(<AppConfig {...props(true)} />);
    expect(screen.getByText('HTTP error rate')).toBeInTheDocument();
  });

  it('saves an edited threshold as the whole jsonData, with only what differs from the defaults', async () => {
    const fetch = jest.fn().mockReturnValue(of({ status: 200, data: {} }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    render(<AppConfig {...props(true)} />);
    const save = screen.getByTestId(testIds.appConfig.save);
    expect(save).toBeDisabled();
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('Saved');
    fireEvent.change(screen.getByLabelText('HTTP latency p95 critical'), { target: { value: '3' } });
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('Unsaved changes');
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('Saved'));
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/plugins/perfscope-monitoring-app/settings',
        method: 'POST',
        data: {
          enabled: true,
          pinned: false,
          jsonData: { prefix: 'shop_', signals: { http_latency_p95: { critical: 3 } } },
        },
      })
    );
  });

  it('flags a bad value at its field and does not save', () => {
    const fetch = jest.fn();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    render(<AppConfig {...props(true)} />);
    fireEvent.change(screen.getByLabelText('HTTP latency p95 warning'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Cache hit ratio for'), { target: { value: '5x' } });
    expect(
      screen.getByText('Warning (5 s) must be lower than critical (2 s) for HTTP latency p95, where higher is worse.')
    ).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('2 fields need fixing before saving.');
    expect(screen.getByTestId(testIds.appConfig.save)).toBeDisabled();
    fireEvent.click(screen.getByTestId(testIds.appConfig.save));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('resets every field to the catalog defaults', () => {
    jest.mocked(getBackendSrv).mockReturnValue({ fetch: jest.fn() } as never);
    render(<AppConfig {...props(true)} />);
    fireEvent.change(screen.getByLabelText('HTTP latency p95 warning'), { target: { value: '0.7' } });
    fireEvent.click(screen.getByText('Reset to defaults'));
    expect(screen.getByLabelText('HTTP latency p95 warning')).toHaveValue('1');
    // The saved settings had a prefix; the defaults have none: resetting is itself a change to save.
    expect(screen.getByTestId(testIds.appConfig.status)).toHaveTextContent('Unsaved changes');
  });

  it('offers the alert-rule changes after a save, applies them, and then has nothing left to change', async () => {
    // Grafana with the rules of the saved settings already synced (tests/browser/grafanaAlerting.ts).
    const alerting = new GrafanaAlerting();
    alerting.addFolder({ uid: 'perfscope', title: 'Perfscope' });
    alerting.presetAlertRules(
      desiredGroups({ prefix: 'shop_' }, 'perfscope').flatMap((g) => g.rules),
      'api'
    );
    const fetch = jest.fn(({ url, method, data }: { url: string; method: string; data?: unknown }) => {
      const answer = alerting.handle(method, new URL(url, 'http://grafana').pathname, {}, async () => data);
      if (!answer) {
        return of({ status: 200, data: {} });
      }
      return from(
        answer.then(({ status, body }) => {
          if (status >= 400) {
            throw { status, data: body };
          }
          return { status, data: body };
        })
      );
    });
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    render(<AppConfig {...props(true)} />);
    fireEvent.change(screen.getByLabelText('HTTP latency p95 critical'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId(testIds.appConfig.save));
    const plan = await screen.findByTestId(testIds.appConfig.syncPlan);
    expect(plan).toHaveTextContent(/Update .*p95.* \(/);
    expect(plan).toHaveTextContent(/Unchanged: \d+/);
    fireEvent.click(within(plan).getByRole('button', { name: 'Apply 1 change' }));
    expect(await screen.findByText('Created 0, updated 1, removed 0.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId(testIds.appConfig.syncPlan)).toHaveTextContent(/^No changes: the alert rules match/)
    );
    const put = fetch.mock.calls.find(([r]) => r.method === 'PUT')![0];
    expect(put.url).toBe('/api/v1/provisioning/folder/perfscope/rule-groups/HTTP');
    expect(JSON.stringify(put.data)).toContain('"params":[3]');
  });
});
