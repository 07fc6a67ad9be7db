import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import {
  type DataFrame,
  DataTopic,
  FieldType,
  LoadingState,
  type PanelProps,
  type TimeRange,
  applyFieldOverrides,
  createTheme,
  dateTime,
  toDataFrame,
} from '@grafana/data';
import { of } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { type Exemplar, exemplarFrame } from '../../datasource/exemplars';
import { traceLinks } from '../../datasource/traceLinks';
import { testIds } from '../../components/testIds';
import { loadAppSettings } from '../../settings';
import { StreamController } from './controller';
import { buildStructure } from './model';
import { StreamPanel } from './StreamPanel';
import { recordCanvases } from './testCanvas';
import { defaultOptions, type Options } from './types';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

const NOW = 1_700_000_000_000;
const MIN = 60_000;

recordCanvases();

beforeEach(() => {
  jest.mocked(getBackendSrv).mockReturnValue({ fetch: () => of({ data: { jsonData: {} } }) } as never);
  loadAppSettings(true);
});

const range = (): TimeRange => {
  const from = dateTime(NOW - 10 * MIN);
  const to = dateTime(NOW);
  return { from, to, raw: { from: 'now-10m', to: 'now' } };
};

/** p95 latency of refId A, a point every 15 s over ten minutes. */
const latency = (): DataFrame =>
  toDataFrame({
    refId: 'A',
    fields: [
      { name: 'Time', type: FieldType.time, values: Array.from({ length: 41 }, (_, i) => NOW - 10 * MIN + i * 15_000) },
      {
        name: 'Value',
        type: FieldType.number,
        values: Array.from({ length: 41 }, () => 0.25),
        config: { unit: 's', displayNameFromDS: 'HTTP latency p95' },
      },
    ],
  });

const ex = (agoMs: number, value: number, trace: string): Exemplar => ({
  timeMs: NOW - agoMs,
  value,
  labels: { le: '1', trace_id: trace },
});

/**
 * Exemplar frames as a dashboard hands them to a panel: made by the datasource, then through
 * applyFieldOverrides (as PanelQueryRunner does for data.annotations), whose getLinks resolves the
 * internal link; `${__value.raw}` is replaced the way Grafana's template service does from the
 * link's data context.
 */
function exemplarAnnotations(list: Exemplar[], linked = true): DataFrame[] {
  const frame = exemplarFrame(list, {
    refId: 'A',
    unit: 's',
    traceIdLabel: 'trace_id',
    links: linked ? traceLinks({ uid: 'tempo-uid', name: 'Tempo', type: 'tempo' }) : undefined,
  });
  return applyFieldOverrides({
    data: [frame],
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (text, scoped) => {
      const v = scoped?.__dataContext?.value as { field: { values: unknown[] }; rowIndex: number } | undefined;
      return text.replace('${__value.raw}', String(v?.field.values[v.rowIndex] ?? ''));
    },
    theme: createTheme(),
  });
}

function props(series: DataFrame[], annotations: DataFrame[], options: Partial<Options> = {}): PanelProps<Options> {
  return {
    id: 1,
    data: { series, annotations, state: LoadingState.Done, timeRange: range() },
    timeRange: range(),
    options: { ...defaultOptions, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    width: 600,
    height: 300,
  } as unknown as PanelProps<Options>;
}

describe('StreamPanel exemplars', () => {
  it('marks the slowest exemplar of the window with its value and trace id, linked to the trace', async () => {
    const annotations = exemplarAnnotations([ex(5 * MIN, 0.4, 'aaa'), ex(3 * MIN, 1.2, 'slow'), ex(MIN, 0.3, 'ccc')]);
    render(<StreamPanel {...props([latency()], annotations)} />);
    const marker = await screen.findByTestId(testIds.streamPanel.exemplar);
    await waitFor(() => expect(marker).toBeVisible());
    expect(screen.getAllByTestId(testIds.streamPanel.tile)).toHaveLength(1);
    expect(marker).toHaveTextContent('1.20 s · slow');
    const href = marker.getAttribute('href')!;
    expect(href.startsWith('/explore?left=')).toBe(true);
    expect(JSON.parse(decodeURIComponent(href.split('left=')[1]))).toMatchObject({
      datasource: 'tempo-uid',
      queries: [{ query: 'slow', queryType: 'traceql' }],
    });
    expect(marker.title).toMatch(/^Slowest exemplar in the window: 1.20 s, trace slow\. Opens the trace/);
    // Placed where its time is: 7 of 10 minutes into the window, on a chart 584 px wide.
    const x = Number(/translate\(([\d.]+)px/.exec(marker.style.transform)![1]);
    expect(x).toBeGreaterThan(584 * 0.6);
    expect(x).toBeLessThan(584 * 0.8);
  });

  it('looks only at the window the chart shows', async () => {
    const annotations = exemplarAnnotations([ex(8 * MIN, 2, 'old and slow'), ex(MIN, 0.3, 'recent')]);
    render(<StreamPanel {...props([latency()], annotations, { windowSeconds: 300 })} />);
    const marker = await screen.findByTestId(testIds.streamPanel.exemplar);
    await waitFor(() => expect(marker).toHaveTextContent('300 ms · recent'));
  });

  it('shows an exemplar without a link, and says how to get one, when there is no tracing datasource', async () => {
    render(<StreamPanel {...props([latency()], exemplarAnnotations([ex(MIN, 0.9, 'abc')], false))} />);
    const marker = await screen.findByTestId(testIds.streamPanel.exemplar);
    await waitFor(() => expect(marker).toHaveTextContent('900 ms · abc'));
    expect(marker).not.toHaveAttribute('href');
    expect(marker.title).toContain('choose a tracing datasource in the datasource settings');
  });

  it('never makes a tile of an exemplar frame among the series', async () => {
    const [frame] = exemplarAnnotations([ex(MIN, 0.9, 'abc')]);
    render(<StreamPanel {...props([latency(), { ...frame, meta: {} }], [])} />);
    await screen.findByTestId(testIds.streamPanel.exemplar);
    expect(screen.getAllByTestId(testIds.streamPanel.tile)).toHaveLength(1);
  });

  it('has no marker without exemplars in the window', async () => {
    render(<StreamPanel {...props([latency()], exemplarAnnotations([ex(20 * MIN, 9, 'before the range')]))} />);
    const marker = await screen.findByTestId(testIds.streamPanel.exemplar);
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.value)).toHaveTextContent('250 ms'));
    expect(marker).not.toBeVisible();
  });
});

/** The dashboard's Deploys annotations as Grafana hands them to a panel (annotation events as a frame). */
const deployAnnotations = (rows: Array<{ agoMs: number; version: string }>): DataFrame =>
  toDataFrame({
    meta: { dataTopic: DataTopic.Annotations },
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => NOW - r.agoMs) },
      { name: 'timeEnd', type: FieldType.time, values: rows.map((r) => NOW - r.agoMs) },
      { name: 'title', type: FieldType.string, values: rows.map((r) => `Deploy ${r.version}`) },
      { name: 'text', type: FieldType.string, values: rows.map((r) => `checkout now runs ${r.version}`) },
      { name: 'color', type: FieldType.string, values: rows.map(() => 'blue') },
    ],
  });

describe('StreamPanel annotations', () => {
  it('marks each deploy in the chart’s window where it happened, named, and none outside it', async () => {
    const annotations = [
      deployAnnotations([
        { agoMs: 20 * MIN, version: '1.4.0' },
        { agoMs: 6 * MIN, version: '1.5.0' },
        { agoMs: 2 * MIN, version: '1.5.1' },
      ]),
      ...exemplarAnnotations([ex(MIN, 0.3, 'abc')]),
    ];
    render(<StreamPanel {...props([latency()], annotations)} />);
    await waitFor(() => expect(screen.getAllByTestId(testIds.streamPanel.annotation)).toHaveLength(2));
    const [first, second] = screen.getAllByTestId(testIds.streamPanel.annotation);
    expect(first).toHaveAccessibleName(/^Deploy 1\.5\.0 at \d\d:\d\d:\d\d: checkout now runs 1\.5\.0$/);
    expect(second).toHaveAccessibleName(/^Deploy 1\.5\.1 at /);
    expect(first.title).toBe(first.getAttribute('aria-label'));
    // 4 and 8 of 10 minutes into the window, on a chart 584 px wide.
    const x = (el: HTMLElement) => Number(/translateX\(([\d.]+)px/.exec(el.style.transform)![1]);
    expect(x(first)).toBeCloseTo(584 * 0.4, -1);
    expect(x(second)).toBeCloseTo(584 * 0.8, -1);
    // The exemplar is still the exemplar marker, not an annotation.
    expect(screen.getByTestId(testIds.streamPanel.exemplar)).toHaveTextContent('300 ms · abc');
  });

  it('moves the markers with the window and drops the deploys that leave it', async () => {
    const annotations = [deployAnnotations([{ agoMs: 6 * MIN, version: '1.5.0' }])];
    const { rerender } = render(<StreamPanel {...props([latency()], annotations, { windowSeconds: 600 })} />);
    await waitFor(() => expect(screen.getAllByTestId(testIds.streamPanel.annotation)).toHaveLength(1));
    // A five-minute window: the deploy six minutes ago is out of it.
    rerender(<StreamPanel {...props([latency()], annotations, { windowSeconds: 300 })} />);
    await waitFor(() => expect(screen.getByTestId(testIds.streamPanel.annotation)).not.toBeVisible());
  });
});

describe('StreamController exemplar marker', () => {
  it('writes the marker only when the marked exemplar or its place changes', () => {
    let queued: Array<() => void> = [];
    const controller = new StreamController(
      createTheme(),
      () => NOW,
      (cb) => queued.push(cb) as number,
      () => undefined
    );
    const drawQueued = () => {
      const now = queued;
      queued = [];
      now.forEach((cb) => cb());
    };
    const series = [latency()];
    const { tiles } = buildStructure(series, defaultOptions);
    controller.setStructure(tiles, series);
    controller.setDisplay({
      windowMs: undefined,
      rangeMs: 10 * MIN,
      colorMode: 'value',
      showSparkline: true,
      theme: createTheme(),
    });
    const div = () => document.createElement('div');
    const canvas = document.createElement('canvas');
    const marker = document.createElement('a');
    const text = document.createElement('span');
    marker.hidden = true;
    controller.attach(
      tiles[0].key,
      {
        root: div(),
        value: div(),
        delta: div(),
        stale: div(),
        note: div(),
        canvas,
        exemplar: marker,
        exemplarText: text,
      },
      { width: 400, height: 100 }
    );
    controller.ingest(series);
    const annotations = exemplarAnnotations([ex(2 * MIN, 0.8, 'one')]);
    controller.ingestExemplars(annotations);
    drawQueued();
    expect(marker.hidden).toBe(false);
    expect(text.textContent).toBe('800 ms · one');
    const place = marker.style.transform;

    // The same data again: nothing is loaded, drawn or written.
    const writes = jest.spyOn(marker.style, 'transform', 'set');
    controller.ingestExemplars(annotations);
    expect(queued).toHaveLength(1);
    drawQueued();
    expect(writes).not.toHaveBeenCalled();
    expect(marker.style.transform).toBe(place);
    expect(controller.markedExemplar(tiles[0].key)?.traceId).toBe('one');

    // A slower one arrives: the marker moves to it.
    controller.ingestExemplars(exemplarAnnotations([ex(2 * MIN, 0.8, 'one'), ex(MIN, 1.5, 'two')]));
    drawQueued();
    expect(text.textContent).toBe('1.50 s · two');
    expect(marker.style.transform).not.toBe(place);
  });
});
