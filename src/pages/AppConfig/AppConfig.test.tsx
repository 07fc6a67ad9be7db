import React from 'react';
import { of, throwError } from 'rxjs';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import AppConfig, { type AppConfigProps } from './AppConfig';
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
    expect(await screen.findByTestId(testIds.appConfig.error)).toHaveTextContent(/needs the Grafana Admin role/);
    expect(locationService.reload).not.toHaveBeenCalled();
    expect(screen.getByTestId(testIds.appConfig.toggle)).not.toBeDisabled();
  });

  it('lists the default thresholds', () => {
    render(<AppConfig {...props(true)} />);
    expect(screen.getByText('HTTP error rate')).toBeInTheDocument();
  });
});
