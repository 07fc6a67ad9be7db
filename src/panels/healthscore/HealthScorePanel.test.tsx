import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FieldType, LoadingState, dateTime, toDataFrame, type DataFrame, type PanelProps } from '@grafana/data';
import { useAppSettings } from '../../settings';
import { testIds } from '../../components/testIds';
import { HealthScorePanel } from './HealthScorePanel';
import { T0, healthFrames } from './testFrames';
import { defaultOptions, type Options } from './types';

jest.mock('../../settings', () => ({ useAppSettings: jest.fn() }));

const FROM = T0 - 3_600_000;

const props = (series: DataFrame[], options: Partial<Options> = {}) =>
  ({
    id: 1,
    width: 640,
    height: 420,
    data: {
      series,
      state: LoadingState.Done,
      timeRange: { from: dateTime(FROM), to: dateTime(T0), raw: { from: 'now-1h', to: 'now' } },
    },
    timeRange: { from: dateTime(FROM), to: dateTime(T0), raw: { from: 'now-1h', to: 'now' } },
    options: { ...defaultOptions, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
  }) as unknown as PanelProps<Options>;

const ready = (settings = {}) => jest.mocked(useAppSettings).mockReturnValue({ status: 'ready', settings });

const rows = () =>
  screen.getAllByTestId(testIds.healthPanel.component).map((li) => ({
    id: li.dataset.component,
    status: li.dataset.status,
    text: li.textContent ?? '',
  }));

describe('HealthScorePanel', () => {
  it('waits for the app settings before scoring', () => {
    jest.mocked(useAppSettings).mockReturnValue({ status: 'loading' });
    render(<HealthScorePanel {...props(healthFrames())} />);
    expect(screen.getByText('Reading the Perfscope app settings…')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.healthPanel.score)).not.toBeInTheDocument();
  });

  it('shows a healthy score as a gauge with grade A, and every component at 0 points', () => {
    ready();
    render(<HealthScorePanel {...props(healthFrames())} />);
    expect(screen.getByTestId(testIds.healthPanel.score)).toHaveTextContent('100');
    expect(screen.getByTestId(testIds.healthPanel.grade)).toHaveTextContent('A');
    expect(screen.getByRole('img', { name: 'Health score 100 of 100, grade A' })).toBeInTheDocument();
    expect(rows()).toHaveLength(9);
    expect(rows().every((r) => r.status === 'ok' && r.text.includes('0 pts'))).toBe(true);
  });

  it('breaks an error burst down worst first, with value, thresholds, score, points and a dashboard link', () => {
    ready();
    render(<HealthScorePanel {...props(healthFrames({ http_error_rate: 0.3 }))} />);
    expect(screen.getByTestId(testIds.healthPanel.score)).toHaveTextContent('68');
    expect(screen.getByTestId(testIds.healthPanel.grade)).toHaveTextContent('D');
    const [first] = rows();
    expect(first).toMatchObject({ id: 'http_error_rate', status: 'critical' });
    expect(first.text).toContain('HTTP error rate');
    expect(first.text).toContain('30.00%');
    expect(first.text).toContain('warning > 5 % · critical > 10 %');
    expect(first.text).toContain('0/100');
    expect(first.text).toContain('−31.6 pts');
    const link = within(screen.getAllByTestId(testIds.healthPanel.component)[0]).getByRole('link', {
      name: 'HTTP error rate',
    });
    expect(link).toHaveAttribute('href', `/d/perfscope-http?from=${FROM}&to=${T0}`);
  });

  it('draws the trend of a range query', () => {
    ready();
    render(<HealthScorePanel {...props(healthFrames({ http_error_rate: [0.002, 0.3, 0.002] }))} />);
    const trend = screen.getByTestId(testIds.healthPanel.trend);
    expect(trend).toHaveAttribute('data-points', '3');
    expect(trend).toHaveAccessibleName('Score over the window: from 100 to 100, lowest 68');
  });

  it('shows the score as a number, or as one compact line naming the biggest loss', () => {
    ready();
    const { rerender } = render(
      <HealthScorePanel {...props(healthFrames({ http_latency_p95: 1.5 }), { display: 'number', scoreDecimals: 1 })} />
    );
    expect(screen.queryByRole('img', { name: /Health score/ })).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.healthPanel.score)).toHaveTextContent(/^95\.7$/);
    expect(screen.getByTestId(testIds.healthPanel.grade)).toHaveTextContent('A');

    rerender(<HealthScorePanel {...props(healthFrames({ http_latency_p95: 1.5 }), { display: 'compact' })} />);
    expect(screen.getByTestId(testIds.healthPanel.headline)).toHaveTextContent('95Amost lost: HTTP latency p95');
    expect(screen.queryByTestId(testIds.healthPanel.trend)).not.toBeInTheDocument();
    expect(rows()[0].text).not.toContain('warning >');
  });

  it('hides the breakdown when turned off', () => {
    ready();
    render(<HealthScorePanel {...props(healthFrames(), { showBreakdown: false })} />);
    expect(screen.queryByTestId(testIds.healthPanel.components)).not.toBeInTheDocument();
  });

  it('says the settings could not be read and scores with the defaults', () => {
    jest.mocked(useAppSettings).mockReturnValue({
      status: 'error',
      message: 'This user may not read the Perfscope app settings: showing the default thresholds.',
    });
    render(<HealthScorePanel {...props(healthFrames())} />);
    expect(screen.getByTestId(testIds.healthPanel.score)).toHaveTextContent('100');
    expect(screen.getByTestId(testIds.healthPanel.notes)).toHaveTextContent(
      'This user may not read the Perfscope app settings: showing the default thresholds. Weights and Apdex T are the defaults too.'
    );
  });

  it('uses the thresholds of the app settings', () => {
    ready({ signals: { http_error_rate: { warning: 0.001, critical: 0.002 } } });
    render(<HealthScorePanel {...props(healthFrames())} />);
    expect(rows()[0]).toMatchObject({ id: 'http_error_rate', status: 'warning' });
    expect(rows()[0].text).toContain('warning > 0.1 % · critical > 0.2 %');
  });

  it.each([
    [
      'no series mapped',
      [toDataFrame({ refId: 'A', fields: [{ name: 'Value', type: FieldType.number, values: [1] }] })],
      {},
      /No series is mapped to a health component.*Series found: Value \(A\)/,
    ],
    [
      'all weights zero',
      healthFrames(),
      { thresholdsSource: 'auto', components: defaultOptions.components.map((c) => ({ ...c, weight: 0 })) },
      /Every health component has weight 0/,
    ],
    [
      'inverted thresholds',
      healthFrames(),
      {
        thresholdsSource: 'auto',
        components: defaultOptions.components.map((c) =>
          c.id === 'db_query_avg' ? { ...c, warning: 2, critical: 1 } : c
        ),
      },
      /DB average query time: thresholds are inverted/,
    ],
    [
      'every component NaN',
      healthFrames(Object.fromEntries(defaultOptions.components.map((c) => [c.id, NaN]))),
      {},
      /No health component has a value, so there is no score/,
    ],
  ])('explains %s instead of showing a score', (_name, frames, options, message) => {
    ready();
    render(<HealthScorePanel {...props(frames, options as Partial<Options>)} />);
    expect(screen.queryByTestId(testIds.healthPanel.score)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.healthPanel.problems)).toHaveTextContent(message);
  });
});
