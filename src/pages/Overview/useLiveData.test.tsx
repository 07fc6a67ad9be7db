import React from 'react';
import { act, render, waitFor } from '@testing-library/react';
import { Subject } from 'rxjs';
import { type DataQueryResponse, FieldType, LoadingState, createDataFrame } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { useLiveData } from './useLiveData';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getDataSourceSrv: jest.fn() }));

const TARGETS = [{ refId: 'A' }];
const ROWS = 12;
const ROW_MS = 8;

/** Keeps the thread busy for `ms`. */
function holdThread(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/** Renders slowly on purpose: each row holds the thread for ROW_MS, as a row of sparklines can. */
function SlowRow({ value, log }: { value: number; log: string[] }) {
  holdThread(ROW_MS);
  log.push(`row ${value}`);
  return <div>{value}</div>;
}

function Rows({ log }: { log: string[] }) {
  const data = useLiveData('prom', TARGETS, 60);
  const values = (data.series[0]?.fields[0]?.values ?? []) as number[];
  return (
    <div data-testid="rows" data-state={data.state}>
      {values.map((v) => (
        <SlowRow key={v} value={v} log={log} />
      ))}
    </div>
  );
}

describe('useLiveData', () => {
  let responses: Subject<DataQueryResponse>;
  let cleanups: Array<() => void> = [];
  const onCleanup = (f: () => void) => cleanups.push(f);
  afterEach(() => {
    cleanups.forEach((f) => f());
    cleanups = [];
  });
  beforeEach(() => {
    responses = new Subject();
    jest.mocked(getDataSourceSrv).mockReturnValue({ get: async () => ({ query: () => responses }) } as never);
  });

  it('renders an answer in slices, letting other work run before the render is done', async () => {
    const log: string[] = [];
    const { getByTestId } = render(<Rows log={log} />);
    // The datasource is looked up asynchronously; the subscription follows.
    await waitFor(() => expect(responses.observed).toBe(true));
    const values = Array.from({ length: ROWS }, (_, i) => i);
    // As in a browser: the answer comes from the network outside act(), and React's scheduler
    // decides when and in how many pieces to render it.
    const actEnvironment = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    onCleanup(() => {
      (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    });
    responses.next({
      key: 'A',
      state: LoadingState.Done,
      data: [createDataFrame({ refId: 'A', fields: [{ name: 'v', type: FieldType.number, values }] })],
    });
    setTimeout(() => log.push('timer'), 0);
    await waitFor(() => expect(log.filter((l) => l.startsWith('row'))).toHaveLength(ROWS), { timeout: 5000 });
    await waitFor(() => expect(getByTestId('rows').dataset.state).toBe(LoadingState.Done));
    // A render of ~100 ms in one piece would run every row before the timer; in slices the timer
    // comes in between.
    expect(log.indexOf('timer')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('timer')).toBeLessThan(log.lastIndexOf(`row ${ROWS - 1}`));
  });

  it('keeps the latest answer of each query', async () => {
    const log: string[] = [];
    const { getByTestId } = render(<Rows log={log} />);
    await waitFor(() => expect(responses.observed).toBe(true));
    for (const values of [[1], [2, 3]]) {
      await act(async () =>
        responses.next({
          key: 'A',
          state: LoadingState.Done,
          data: [createDataFrame({ refId: 'A', fields: [{ name: 'v', type: FieldType.number, values }] })],
        })
      );
    }
    expect(getByTestId('rows').textContent).toBe('23');
  });
});
