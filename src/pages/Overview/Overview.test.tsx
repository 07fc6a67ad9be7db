import React from 'react';
import { render, screen, within } from '@testing-library/react';
import Overview from './Overview';
import { testIds } from '../../components/testIds';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

describe('Overview page', () => {
  it('lists the alerting signals with their default thresholds', () => {
    render(<Overview />);
    const page = screen.getByTestId(testIds.overview.container);
    const row = within(page).getByText('HTTP latency p95').closest('tr')!;
    expect(within(row).getByText('> 1 s')).toBeInTheDocument();
    expect(within(row).getByText('> 2 s')).toBeInTheDocument();
    expect(within(page).getByText('Cache hit ratio')).toBeInTheDocument();
  });
});
