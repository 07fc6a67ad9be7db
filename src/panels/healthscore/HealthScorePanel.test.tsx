import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type PanelProps } from '@grafana/data';
import { HealthScorePanel } from './HealthScorePanel';
import { defaultOptions, type Options } from './types';
import { testIds } from '../../components/testIds';

const props = (series: PanelProps<Options>['data']['series']) =>
  ({
    id: 1,
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: defaultOptions,
    fieldConfig: { defaults: {}, overrides: [] },
  }) as unknown as PanelProps<Options>;

describe('HealthScorePanel', () => {
  it('explains how to name series when none matches a signal', () => {
    const frame = toDataFrame({ refId: 'A', fields: [{ name: 'Value', type: FieldType.number, values: [1] }] });
    render(<HealthScorePanel {...props([frame])} />);
    expect(screen.getByText(/Set each query's refId to a signal id such as http_error_rate/)).toBeInTheDocument();
  });

  it('lists components worst first with their status', () => {
    const frames = [
      toDataFrame({ refId: 'cache_hit_ratio', fields: [{ name: 'Value', type: FieldType.number, values: [0.99] }] }),
      toDataFrame({ refId: 'http_latency_p95', fields: [{ name: 'Value', type: FieldType.number, values: [1.5] }] }),
    ];
    render(<HealthScorePanel {...props(frames)} />);
    const items = screen.getByTestId(testIds.healthPanel.components).querySelectorAll('li');
    expect(items[0]).toHaveTextContent('HTTP latency p95');
    expect(items[0]).toHaveTextContent('Warning');
    expect(items[1]).toHaveTextContent('Cache hit ratio');
    expect(items[1]).toHaveTextContent('OK');
  });
});
