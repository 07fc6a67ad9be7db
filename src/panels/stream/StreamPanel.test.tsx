import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import {
  FieldType,
  LoadingState,
  getDefaultTimeRange,
  toDataFrame,
  type DataFrame,
  type PanelProps,
} from '@grafana/data';
import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { loadAppSettings } from '../../settings';
import { StreamPanel } from './StreamPanel';
import { defaultOptions, type Options } from './types';
import { testIds } from '../../components/testIds';

const props = (series: DataFrame[], options: Partial<Options> = {}) =>
  ({
    id: 1,
    data: { series, state: LoadingState.Streaming, timeRange: getDefaultTimeRange() },
    timeRange: getDefaultTimeRange(),
    options: { ...defaultOptions, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    width: 600,
    height: 300,
  }) as unknown as PanelProps<Options>;

const rate = (values: number[]) =>
  toDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => 1_700_000_000_000 + i * 1000) },
      { name: 'Request rate', type: FieldType.number, values, config: { unit: 'reqps' } },
    ],
  });

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

/** The app settings the panel reads, as Grafana would answer them. */
function appSettings(jsonData: object) {
  jest.mocked(getBackendSrv).mockReturnValue({ fetch: () => of({ data: { jsonData } }) } as never);
  loadAppSettings(true);
}

beforeEach(() => appSettings({}));

describe('StreamPanel', () => {
  it('shows the no-data view when there is no numeric field', () => {
    render(<StreamPanel {...props([])} />);
    expect(screen.queryByTestId(testIds.streamPanel.tiles)).not.toBeInTheDocument();
    expect(screen.getByText(/Unable to render data/)).toBeInTheDocument();
  });

  it('renders a tile per series with its latest value and change over the window', async () => {
    render(<StreamPanel {...props([rate([10, 42])])} />);
    const tiles = screen.getByTestId(testIds.streamPanel.tiles);
    expect(tiles).toHaveTextContent('Request rate');
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.value)).toHaveTextContent('42 req/s'));
    expect(tiles).toHaveTextContent('+32 req/s');
  });

  it('updates values in place when points are appended, without rebuilding the tiles', async () => {
    const { rerender } = render(<StreamPanel {...props([rate([1, 2])])} />);
    const tile = screen.getByTestId(testIds.streamPanel.tile);
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.value)).toHaveTextContent('2 req/s'));
    rerender(<StreamPanel {...props([rate([1, 2, 7])])} />);
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.value)).toHaveTextContent('7 req/s'));
    expect(screen.getByTestId(testIds.streamPanel.tile)).toBe(tile);
  });

  it('says how many series are hidden by the tile cap', () => {
    const frames = Array.from({ length: 30 }, (_, i) =>
      toDataFrame({
        refId: `R${i}`,
        fields: [
          { name: 'time', type: FieldType.time, values: [1] },
          { name: `s${i}`, type: FieldType.number, values: [i] },
        ],
      })
    );
    render(<StreamPanel {...props(frames, { maxTiles: 12 })} />);
    expect(screen.getAllByTestId(testIds.streamPanel.tile)).toHaveLength(12);
    expect(screen.getByTestId(testIds.streamPanel.notes)).toHaveTextContent(
      /^18 more series are hidden \(showing 12\)/
    );
  });

  it('shows NaN and infinity as such', async () => {
    render(<StreamPanel {...props([rate([1, NaN])])} />);
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.value)).toHaveTextContent('NaN'));
  });

  it('names a bad option instead of failing', () => {
    render(<StreamPanel {...props([rate([1])], { seriesFilter: '(' })} />);
    expect(screen.getByText('Series filter "(" is not a valid regular expression.')).toBeInTheDocument();
  });

  it("colours a known signal by the admin's thresholds from the app settings", async () => {
    appSettings({ signals: { http_error_rate: { warning: 0.01, critical: 0.02 } } });
    const frame = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1_700_000_000_000] },
        {
          name: 'Value',
          type: FieldType.number,
          values: [0.03],
          config: { unit: 'percentunit', displayNameFromDS: 'HTTP error rate' },
        },
      ],
    });
    render(<StreamPanel {...props([frame])} />);
    // 3 % is ok by the catalog's defaults (warning 5 %), critical by these settings.
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.tile).dataset.status).toBe('critical'));
  });

  it('says when the app settings cannot be read, and uses the defaults', async () => {
    jest.mocked(getBackendSrv).mockReturnValue({ fetch: () => throwError(() => ({ status: 403 })) } as never);
    loadAppSettings(true).catch(() => undefined);
    render(<StreamPanel {...props([rate([1])])} />);
    expect(await screen.findByText(/may not read the Perfscope app settings/)).toBeInTheDocument();
  });
});
