import { FieldType, LoadingState, type DataQueryResponse } from '@grafana/data';
import type { ScannedSeries } from './scan';
import { SeriesWindow, streamQuery } from './stream';

const STEP = 1000;
const flush = async () => {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
};

/** A fake API: one series with a point every second up to "now", or failures while `down`. */
function fakeApi() {
  const state = { now: 100_000, down: false, calls: [] as Array<[number, number]>, signals: [] as AbortSignal[] };
  const fetch = jest.fn(
    async (start: number, end: number, step: number, signal: AbortSignal): Promise<ScannedSeries[]> => {
      state.calls.push([start, end]);
      state.signals.push(signal);
      if (state.down) {
        throw new Error('Prometheus is unreachable (502).');
      }
      const times: number[] = [];
      for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
        times.push(t);
      }
      return [{ labels: { job: 'api' }, times, values: times.map((t) => t / 1000) }];
    }
  );
  return { state, fetch };
}

describe('streamQuery', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const start = (api: ReturnType<typeof fakeApi>, extra = {}) => {
    const responses: DataQueryResponse[] = [];
    const completed = jest.fn();
    const sub = streamQuery({
      refId: 'A',
      windowMs: 10_000,
      stepMs: STEP,
      pollMs: 2_000,
      fetch: api.fetch,
      now: () => api.state.now,
      ...extra,
    }).subscribe({ next: (r) => responses.push(r), complete: completed });
    return { responses, sub, completed };
  };
  const advance = async (ms: number, api: ReturnType<typeof fakeApi>) => {
    api.state.now += ms;
    jest.advanceTimersByTime(ms);
    await flush();
  };
  const times = (r: DataQueryResponse) => Array.from(r.data[0].fields[0].values as ArrayLike<number>);

  it('loads the window once, then asks only for newer points', async () => {
    const api = fakeApi();
    const { responses, sub } = start(api);
    await flush();
    expect(api.state.calls[0]).toEqual([90_000, 100_000]);
    expect(responses[0].state).toBe(LoadingState.Streaming);
    expect(times(responses[0])).toEqual([
      90_000, 91_000, 92_000, 93_000, 94_000, 95_000, 96_000, 97_000, 98_000, 99_000, 100_000,
    ]);
    await advance(2_000, api);
    expect(api.state.calls[1]).toEqual([101_000, 102_000]);
    sub.unsubscribe();
  });

  it('keeps memory bounded to the window', async () => {
    const api = fakeApi();
    const { responses, sub } = start(api);
    await flush();
    for (let i = 0; i < 50; i++) {
      await advance(2_000, api);
    }
    const last = responses[responses.length - 1];
    expect(times(last)).toHaveLength(11);
    expect(times(last)[10]).toBe(api.state.now);
    sub.unsubscribe();
  });

  it('drops points it already has at the seam', async () => {
    const api = fakeApi();
    // The API returns overlapping points: the stream must not duplicate them.
    api.fetch.mockImplementation(async (s: number, e: number) => {
      api.state.calls.push([s, e]);
      const times: number[] = [];
      for (let t = s - 3_000; t <= e; t += STEP) {
        times.push(t);
      }
      return [{ labels: {}, times, values: times.map(() => 1) }];
    });
    const { responses, sub } = start(api);
    await flush();
    await advance(2_000, api);
    const t = times(responses[responses.length - 1]);
    expect(new Set(t).size).toBe(t.length);
    expect([...t].sort((a, b) => a - b)).toEqual(t);
    sub.unsubscribe();
  });

  it('backs off exponentially while the API is down, says why, and resumes without a gap', async () => {
    const api = fakeApi();
    const { responses, sub } = start(api);
    await flush();
    api.state.down = true;
    await advance(2_000, api); // fails: next try in 4 s
    expect(responses[responses.length - 1].errors?.[0]?.message).toMatch(
      /Prometheus is unreachable \(502\)\. Retrying in 4 s; the stream resumes where it stopped\./
    );
    const callsAfterFirstFailure = api.state.calls.length;
    await advance(3_000, api);
    expect(api.state.calls.length).toBe(callsAfterFirstFailure); // still waiting
    await advance(1_000, api); // second failure: next in 8 s
    expect(responses[responses.length - 1].errors?.[0]?.message).toMatch(/Retrying in 8 s/);
    api.state.down = false;
    await advance(8_000, api);
    const last = responses[responses.length - 1];
    expect(last.errors).toBeUndefined();
    // The recovered request starts right after the last point held: no gap, no duplicate.
    expect(api.state.calls[api.state.calls.length - 1][0]).toBe(101_000);
    const t = times(last);
    for (let i = 1; i < t.length; i++) {
      expect(t[i] - t[i - 1]).toBe(STEP);
    }
    sub.unsubscribe();
  });

  it('caps the backoff', async () => {
    const api = fakeApi();
    api.state.down = true;
    const { responses, sub } = start(api, { maxBackoffMs: 5_000 });
    await flush();
    for (let i = 0; i < 6; i++) {
      await advance(5_000, api);
    }
    expect(responses[responses.length - 1].errors?.[0]?.message).toMatch(/Retrying in 5 s/);
    sub.unsubscribe();
  });

  it('stops polling and aborts the request in flight when unsubscribed', async () => {
    const api = fakeApi();
    api.fetch.mockImplementation((_s, _e, _st, signal) => {
      api.state.signals.push(signal);
      return new Promise(() => {}); // never answers
    });
    const { sub } = start(api);
    await flush();
    expect(api.state.signals[0].aborted).toBe(false);
    sub.unsubscribe();
    expect(api.state.signals[0].aborted).toBe(true);
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(api.fetch).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows a permanent error once and stops, where a passing one is retried', async () => {
    const api = fakeApi();
    api.fetch.mockImplementationOnce(async () => {
      throw Object.assign(new Error('Prometheus rejected the query (bad_data): parse error.'), { permanent: true });
    });
    const { responses, completed } = start(api);
    await flush();
    await advance(120_000, api);
    expect(api.fetch).toHaveBeenCalledTimes(1);
    expect(responses).toHaveLength(1);
    expect(responses[0].state).toBe(LoadingState.Error);
    expect(responses[0].errors?.[0].message).toMatch(/parse error\. The stream stopped: refresh the panel/);
    expect(completed).toHaveBeenCalled();
  });
});

describe('SeriesWindow', () => {
  const info = {
    refId: 'A',
    name: 'api',
    meta: { custom: { streamWindowMs: 5_000 } },
    value: { name: 'Value', type: FieldType.number, config: {}, labels: { job: 'api' } },
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => (from + i) * 1000);

  it('holds plain arrays of at most its capacity, the newest points', () => {
    const w = new SeriesWindow(4, info);
    expect(w.append(range(1, 3), [1, 2, 3])).toBe(3000);
    expect(w.append(range(4, 6), [4, 5, 6])).toBe(6000);
    const frame = w.withNotices(undefined);
    expect(Array.isArray(frame.fields[0].values)).toBe(true);
    expect(frame.fields[0].values).toEqual([3000, 4000, 5000, 6000]);
    expect(frame.fields[1].values).toEqual([3, 4, 5, 6]);
    expect(frame.length).toBe(4);
    // More new points than it holds: only the newest.
    w.append(range(7, 12), [7, 8, 9, 10, 11, 12]);
    expect(w.withNotices(undefined).fields[1].values).toEqual([9, 10, 11, 12]);
  });

  it('skips points at or before the newest it holds', () => {
    const w = new SeriesWindow(10, info);
    w.append(range(1, 3), [1, 2, 3]);
    expect(w.append(range(2, 3), [20, 30])).toBeUndefined();
    w.append(range(3, 5), [30, 4, 5]);
    expect(w.withNotices(undefined).fields[1].values).toEqual([1, 2, 3, 4, 5]);
  });

  it('hands out a new frame when points arrive and leaves the one handed out before as it was', () => {
    const w = new SeriesWindow(3, info);
    w.append(range(1, 3), [1, 2, 3]);
    const before = w.withNotices(undefined);
    expect(w.withNotices(undefined)).toBe(before);
    w.append(range(4, 4), [4]);
    const after = w.withNotices(undefined);
    expect(after).not.toBe(before);
    expect(before.fields[1].values).toEqual([1, 2, 3]);
    expect(after.fields[1].values).toEqual([2, 3, 4]);
  });

  it('carries the series labels, the meta and the notices, a new frame when the notices change', () => {
    const w = new SeriesWindow(3, info);
    w.append(range(1, 2), [1, 2]);
    const plain = w.withNotices(undefined);
    expect(plain.fields[1].labels).toEqual({ job: 'api' });
    expect(plain.meta?.custom).toEqual({ streamWindowMs: 5_000 });
    const warned = w.withNotices([{ severity: 'warning', text: 'Exemplars could not be read.' }]);
    expect(warned).not.toBe(plain);
    expect(warned.meta?.notices?.[0].text).toBe('Exemplars could not be read.');
    expect(w.withNotices([{ severity: 'warning', text: 'Exemplars could not be read.' }])).toBe(warned);
  });
});
