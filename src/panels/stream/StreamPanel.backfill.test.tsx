import React from 'react';
import { render, waitFor } from '@testing-library/react';
import {
  type DataFrame,
  type DataQueryResponse,
  FieldType,
  LoadingState,
  type PanelProps,
  type TimeRange,
  dateTime,
  toDataFrame,
} from '@grafana/data';
import { firstValueFrom, of } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { streamQuery } from '../../datasource/stream';
import { loadAppSettings } from '../../settings';
import { StreamPanel } from './StreamPanel';
import { recordCanvases } from './testCanvas';
import { defaultOptions, type Options } from './types';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

const recorders = recordCanvases();

beforeEach(() => {
  jest.mocked(getBackendSrv).mockReturnValue({ fetch: () => of({ data: { jsonData: {} } }) } as never);
  loadAppSettings(true);
});

const lastHour = (): TimeRange => {
  const from = dateTime(NOW - HOUR);
  const to = dateTime(NOW);
  return { from, to, raw: { from: 'now-1h', to: 'now' } };
};

function props(series: DataFrame[], options: Partial<Options> = {}): PanelProps<Options> {
  return {
    id: 1,
    data: { series, state: LoadingState.Streaming, timeRange: lastHour() },
    timeRange: lastHour(),
    options: { ...defaultOptions, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    width: 600,
    height: 300,
  } as unknown as PanelProps<Options>;
}

/** The first response of a live query keeping `windowMs`, from an API that has every point. */
async function firstResponse(windowMs: number, stepMs: number): Promise<DataFrame[]> {
  const response: DataQueryResponse = await firstValueFrom(
    streamQuery({
      refId: 'A',
      windowMs,
      stepMs,
      pollMs: 60_000,
      now: () => NOW,
      fetch: async (start, end, step) => {
        const times: number[] = [];
        for (let t = start; t <= end; t += step) {
          times.push(t);
        }
        return [{ labels: { job: 'api' }, times, values: times.map((t) => Math.sin(t / 60_000)) }];
      },
    })
  );
  return response.data;
}

/** Share of the canvas width the drawn line covers, 0–1. */
async function drawnSpan(): Promise<number> {
  let span = 0;
  await waitFor(() => {
    const [[canvas, recorder]] = [...recorders.entries()];
    expect(recorder.xs.length).toBeGreaterThan(1);
    span = (Math.max(...recorder.xs) - Math.max(0, Math.min(...recorder.xs))) / canvas.width;
  });
  return span;
}

describe('StreamPanel chart at first draw', () => {
  it("spans the live query's whole window when the query keeps less than the time range", async () => {
    // Query window 5 minutes, time range 1 hour: the data holds 5 minutes, the chart must show them all.
    const frames = await firstResponse(5 * 60_000, 15_000);
    render(<StreamPanel {...props(frames)} />);
    // The first point sits on the step grid, up to one step (5 % here) after the window's start.
    expect(await drawnSpan()).toBeGreaterThanOrEqual(0.95 - 0.005);
  });

  it('spans its whole window when the panel asks for more than the data holds', async () => {
    // 10 minutes of data over the time range (a one-off query), the panel's window set to 1 hour.
    const times = Array.from({ length: 41 }, (_, i) => NOW - 600_000 + i * 15_000);
    const frame = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'Value', type: FieldType.number, values: times.map((t) => Math.sin(t / 60_000)) },
      ],
    });
    const p = props([frame], { windowSeconds: 3600 });
    const tenMinutes: TimeRange = {
      from: dateTime(NOW - 600_000),
      to: dateTime(NOW),
      raw: { from: 'now-10m', to: 'now' },
    };
    render(<StreamPanel {...p} timeRange={tenMinutes} data={{ ...p.data, timeRange: tenMinutes }} />);
    expect(await drawnSpan()).toBeGreaterThan(0.97);
  });

  it('spans the whole time range with the default window', async () => {
    const frames = await firstResponse(HOUR, 15_000);
    render(<StreamPanel {...props(frames)} />);
    expect(await drawnSpan()).toBeGreaterThan(0.97);
  });
});
