/**
 * Bytes fetched by the datasource's incremental stream over one simulated hour at 5 s ticks, against
 * re-querying the whole one-hour window at every tick (what a refreshing panel does). Drives the real
 * streamQuery with a simulated clock; the fake Prometheus answers with genuine query_range JSON.
 */
import { streamQuery, type StreamSeries } from '../../src/datasource/stream';

const SERIES = 10;
const STEP_MS = 5_000;
const WINDOW_MS = 3_600_000;
const TICKS = WINDOW_MS / STEP_MS; // one hour of 5 s ticks

/** query_range body for [start, end] as Prometheus writes it, and the series it holds. */
function rangeBody(startMs: number, endMs: number): { text: string; series: StreamSeries[] } {
  const result = [];
  const series: StreamSeries[] = [];
  for (let s = 0; s < SERIES; s++) {
    const values: Array<[number, string]> = [];
    const points: Array<[number, number]> = [];
    for (let t = Math.ceil(startMs / STEP_MS) * STEP_MS; t <= endMs; t += STEP_MS) {
      const v = 100 + 10 * Math.sin(t / 60_000 + s);
      values.push([t / 1000, String(v)]);
      points.push([t, v]);
    }
    const metric = { __name__: 'http_requests:rate5m', job: 'api', instance: `api-${s}:8080` };
    result.push({ metric, values });
    series.push({ labels: metric, points });
  }
  return { text: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }), series };
}

export interface StreamBenchResult {
  ticks: number;
  series: number;
  incrementalBytes: number;
  fullRequeryBytes: number;
  ratio: number;
}

export async function runStreamBench(progress: (line: string) => void = () => {}): Promise<StreamBenchResult> {
  const t0 = 1_800_000_000_000;
  let clock = t0;
  let incrementalBytes = 0;
  let fetches = 0;
  await new Promise<void>((resolve, reject) => {
    const subscription = streamQuery({
      refId: 'A',
      windowMs: WINDOW_MS,
      stepMs: STEP_MS,
      pollMs: 1, // real milliseconds between polls; simulated time advances 5 s per poll
      now: () => clock,
      fetch: async (start, end) => {
        const { text, series } = rangeBody(start, end);
        incrementalBytes += Buffer.byteLength(text);
        fetches++;
        clock += STEP_MS;
        if (fetches === TICKS + 1) {
          setImmediate(() => {
            subscription.unsubscribe();
            resolve();
          });
        }
        return series;
      },
    }).subscribe({ error: reject });
  });
  progress(`stream: ${fetches} polls fetched ${(incrementalBytes / 1024).toFixed(0)} KiB incrementally`);

  let fullRequeryBytes = 0;
  for (let i = 0; i <= TICKS; i++) {
    const now = t0 + i * STEP_MS;
    fullRequeryBytes += Buffer.byteLength(rangeBody(now - WINDOW_MS, now).text);
  }
  progress(`stream: re-querying the window each tick would fetch ${(fullRequeryBytes / 1024 / 1024).toFixed(1)} MiB`);
  return {
    ticks: TICKS,
    series: SERIES,
    incrementalBytes,
    fullRequeryBytes,
    ratio: incrementalBytes / fullRequeryBytes,
  };
}
