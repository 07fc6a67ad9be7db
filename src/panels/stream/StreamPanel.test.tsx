import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, LoadingState, getDefaultTimeRange, toDataFrame, type PanelProps } from '@grafana/data';
import { StreamPanel } from './StreamPanel';
import { defaultOptions, type Options } from './types';
import { testIds } from '../../components/testIds';

const props = (series: PanelProps<Options>['data']['series']) =>
  ({
    id: 1,
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: defaultOptions,
    fieldConfig: { defaults: {}, overrides: [] },
    width: 400,
    height: 200,
  }) as unknown as PanelProps<Options>;

describe('StreamPanel', () => {
  it('shows the no-data view when there is no numeric field', () => {
    render(<StreamPanel {...props([])} />);
    expect(screen.queryByTestId(testIds.streamPanel.tiles)).not.toBeInTheDocument();
    expect(screen.getByText(/Unable to render data/)).toBeInTheDocument();
  });

  it('renders a tile per series with its latest value', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'Request rate', type: FieldType.number, values: [10, 42], config: { unit: 'reqps' } },
      ],
    });
    render(<StreamPanel {...props([frame])} />);
    const tiles = screen.getByTestId(testIds.streamPanel.tiles);
    expect(tiles).toHaveTextContent('Request rate');
    expect(tiles).toHaveTextContent('42 req/s');
  });
});
