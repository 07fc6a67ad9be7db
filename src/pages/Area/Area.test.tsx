import React from 'react';
import { of } from 'rxjs';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { loadAppSettings } from '../../settings';
import Area from './Area';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  getBackendSrv: jest.fn(),
}));

const renderAt = (area: string) => {
  jest.mocked(getBackendSrv).mockReturnValue({ fetch: () => of({ data: { jsonData: {} } }) } as never);
  loadAppSettings(true);
  render(
    <MemoryRouter initialEntries={[`/area/${area}`]}>
      <Routes>
        <Route path="/area/:area" element={<Area />} />
      </Routes>
    </MemoryRouter>
  );
};

describe('Area page', () => {
  it("lists the area's signals and links its dashboard", () => {
    renderAt('realtime');
    expect(screen.getByRole('link', { name: /Open the Uploads & realtime dashboard/ })).toHaveAttribute(
      'href',
      '/d/perfscope-realtime'
    );
    expect(screen.getByText('WebSocket connection error rate')).toBeInTheDocument();
    expect(screen.getByText('System load (1m)')).toBeInTheDocument();
    expect(screen.queryByText('HTTP error rate')).not.toBeInTheDocument();
  });

  it('says when the area does not exist', () => {
    renderAt('nope');
    expect(screen.getByText('There is no Perfscope area "nope".')).toBeInTheDocument();
  });
});
