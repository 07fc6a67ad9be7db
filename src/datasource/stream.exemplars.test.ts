import type { DataFrame, DataQueryResponse } from '@grafana/data';
import { type Exemplar, exemplarFrame } from './exemplars';
import type { ScannedSeries } from './scan';
import { type StreamExemplars, streamQuery } from './stream';

const STEP = 1000;
const WINDOW = 60_000;
const POLL = 2_000;

const flush = async () => {
  for (let i = 0; i < 8; i++) {
    await Promise.resolve();
  }
};

/**
 * A fake Prometheus: one series with a point every second, and an exemplar every `everyMs` with a
 * value that grows, each stored `lateMs` after its own timestamp (as a scrape stores it).
 */
function fakeApi(options: { everyMs: number; lateMs?: number }) {
  const state = { now: 1_000_000, exemplarsDown: false, exemplarCalls: [] as Array<[number, number]> };
  const fetch = jest.fn(async (start: number, end: number, step: number): Promise<ScannedSeries[]> => {
    const times: number[] = [];
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      times.push(t);
    }
    return [{ labels: {}, times, values: times.map(() => 0.2) }];
  });
  const exemplars = jest.fn(async (start: number, end: number): Promise<Exemplar[]> => {
    state.exemplarCalls.push([start, end]);
    if (state.exemplarsDown) {
      throw new Error('Not found (404) at http://vm:8428: the URL is wrong.');
    }
    const out: Exemplar[] = [];
    const stored = state.now - (options.lateMs ?? 0);
    for (
      let t = Math.ceil(start / options.everyMs) * options.everyMs;
      t <= Math.min(end, stored);
      t += options.everyMs
    ) {
      out.push({ timeMs: t, value: (t % 7_000) / 1000, labels: { trace_id: `t${t}` } });
    }
    return out;
  });
  return { state, fetch, exemplars };
}

describe('streamQuery with exemplars', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const start = (api: ReturnType<typeof fakeApi>, maxPoints = 200) => {
    const responses: DataQueryResponse[] = [];
    const source: StreamExemplars = {
      fetch: api.exemplars,
      present: (held) => ({
        frame: held.length ? exemplarFrame(held, { refId: 'A', unit: 's', traceIdLabel: 'trace_id' }) : undefined,
        notices: [{ severity: 'info', text: 'Choose a tracing datasource.' }],
      }),
      maxPoints,
    };
    const sub = streamQuery({
      refId: 'A',
      windowMs: WINDOW,
      stepMs: STEP,
      pollMs: POLL,
      fetch: api.fetch,
      exemplars: source,
      now: () => api.state.now,
    }).subscribe((r) => responses.push(r));
    return { responses, sub };
  };
  const advance = async (ms: number, api: ReturnType<typeof fakeApi>) => {
    api.state.now += ms;
    jest.advanceTimersByTime(ms);
    await flush();
  };
  const exemplarsOf = (r: DataQueryResponse) => (r.data as DataFrame[]).find((f) => f.name === 'exemplar');
  const times = (frame: DataFrame | undefined) => Array.from((frame?.fields[0].values ?? []) as number[]);

  it("emits the window's exemplars as one frame beside the series, each exemplar once", async () => {
    const api = fakeApi({ everyMs: 5_000 });
    const { responses, sub } = start(api);
    await flush();
    expect(api.state.exemplarCalls[0]).toEqual([1_000_000 - WINDOW, 1_000_000]);
    const first = exemplarsOf(responses[0]);
    expect(times(first)).toHaveLength(13);
    expect(responses[0].data[0].meta?.notices).toEqual([{ severity: 'info', text: 'Choose a tracing datasource.' }]);
    for (let i = 0; i < 5; i++) {
      await advance(POLL, api);
    }
    const last = exemplarsOf(responses[responses.length - 1]);
    const held = times(last);
    // Overlapping polls never repeat an exemplar; the window moved on by 10 s: two more, two fewer.
    expect(new Set(held).size).toBe(held.length);
    expect(held).toEqual([...held].sort((a, b) => a - b));
    expect(held[0]).toBeGreaterThanOrEqual(api.state.now - WINDOW);
    expect(held[held.length - 1]).toBe(1_010_000);
    sub.unsubscribe();
  });

  it('asks again from a little before the last poll, so an exemplar stored late is not missed', async () => {
    const api = fakeApi({ everyMs: 1_000, lateMs: 3_000 });
    const { responses, sub } = start(api);
    await flush();
    await advance(POLL, api);
    await advance(POLL, api);
    const [, second] = api.state.exemplarCalls;
    expect(second[0]).toBeLessThan(1_000_000);
    const held = times(exemplarsOf(responses[responses.length - 1]));
    // Every second up to 3 s before now: none missing although each arrived after a poll had passed it.
    const expected: number[] = [];
    for (let t = api.state.now - WINDOW; t <= api.state.now - 3_000; t += 1_000) {
      expected.push(t);
    }
    expect(held).toEqual(expected);
    sub.unsubscribe();
  });

  it('holds no more than its bound however long it runs, the slowest kept', async () => {
    const api = fakeApi({ everyMs: 100 });
    const { responses, sub } = start(api, 50);
    await flush();
    for (let i = 0; i < 40; i++) {
      await advance(POLL, api);
    }
    const last = exemplarsOf(responses[responses.length - 1])!;
    expect(last.length).toBeLessThanOrEqual(50);
    const values = Array.from(last.fields[1].values as number[]);
    expect(Math.max(...values)).toBeCloseTo(6.9);
    sub.unsubscribe();
  });

  it('goes on with the series and says why when exemplars fail, and recovers', async () => {
    const api = fakeApi({ everyMs: 5_000 });
    const { responses, sub } = start(api);
    await flush();
    api.state.exemplarsDown = true;
    await advance(POLL, api);
    const failed = responses[responses.length - 1];
    expect(failed.errors).toBeUndefined();
    expect(failed.data[0].fields[0].values.length).toBeGreaterThan(0);
    expect(failed.data[0].meta?.notices).toContainEqual({
      severity: 'warning',
      text: 'Exemplars could not be read, so the series are shown without them: Not found (404) at http://vm:8428: the URL is wrong.',
    });
    // The exemplars held before stay on the chart.
    expect(times(exemplarsOf(failed)).length).toBeGreaterThan(0);
    api.state.exemplarsDown = false;
    await advance(POLL, api);
    const recovered = responses[responses.length - 1];
    expect(recovered.data[0].meta?.notices).toEqual([{ severity: 'info', text: 'Choose a tracing datasource.' }]);
    sub.unsubscribe();
  });
});
