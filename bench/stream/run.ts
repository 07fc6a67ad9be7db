/**
 * Bytes fetched by the datasource's incremental stream over one simulated hour at 5 s ticks, against
 * re-querying the whole one-hour window at every tick (what a refreshing panel does). Drives the real
 * streamQuery with a simulated clock; the fake Prometheus answers with genuine query_range JSON, read
 * as bytes by the datasource's own reader (readRange), as a live query reads it.
 */
import { readRange } from '../../src/datasource/response';
import { streamQuery } from '../../src/datasource/stream';

const SERIES = 10;
const STEP_MS = 5_000;
const WINDOW_MS = 3_600_000;
const TICKS = WINDOW_MS / STEP_MS; // one hour of 5 s ticks

/** query_range body for [start, end] as Prometheus writes it. */
function rangeBody(startMs: number, endMs: number): string {
  const result = [];
  for (let s = 0; s < SERIES; s++) {
    const values: Array<[number, string]> = [];
    for (let t = Math.ceil(startMs / STEP_MS) * STEP_MS; t <= endMs; t += STEP_MS) {
      values.push([t / 1000, String(100 + 10 * Math.sin(t / 60_000 + s))]);
    }
    const metric = { __name__: 'http_requests:rate5m', job: 'api', instance: `api-${s}:8080` };
    result.push({ metric, values });
  }
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
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
        const bytes = new TextEncoder().encode(rangeBody(start, end));
        incrementalBytes += bytes.byteLength;
        fetches++;
        clock += STEP_MS;
        if (fetches === TICKS + 1) {
          setImmediate(() => {
            subscription.unsubscribe();
            resolve();
          });
        }
        return readRange(bytes.buffer).series;
      },
    }).subscribe({ error: reject });
  });
  progress(`stream: ${fetches} polls fetched ${(incrementalBytes / 1024).toFixed(0)} KiB incrementally`);

  let fullRequeryBytes = 0;
  for (let i = 0; i <= TICKS; i++) {
    const now = t0 + i * STEP_MS;
    fullRequeryBytes += Buffer.byteLength(rangeBody(now - WINDOW_MS, now));
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
