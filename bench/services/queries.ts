/**
 * The Services page's queries, run from Node exactly as the datasource sends them on a page load:
 * the probe (an instant query at the window's end), then each signal's and the health score's range
 * query over the last 900 s at the datasource's step. Timed one by one (the cost of each) and all
 * at once as the page runs them (the wait a page load has before rendering).
 */
import { type DataFrame, FieldType } from '@grafana/data';
import type { Query } from '../../src/datasource/types';
import {
  HEALTH_REF,
  RECORDED_PROBE,
  type ServiceSignal,
  recordedSignals,
  serviceQueries,
} from '../../src/pages/Services/servicesTable';
import { DEFAULT_MAX_SAMPLES, get } from './prometheus';

/** The page's window and the step the datasource picks for it (Services.tsx, datasource.ts). */
export const WINDOW_SECONDS = 900;
export const STEP_SECONDS = 15;

export interface QueryTiming {
  refId: string;
  expr: string;
  /** Read from a recording rule's series (otherwise computed from the raw series). */
  recorded: boolean;
  /** Median and every repetition, ms. */
  ms: number;
  runsMs: number[];
  /** Response body (uncompressed JSON). */
  bytes: number;
  series: number;
  /** Prometheus's query stats: samples read, and the most held at once. */
  samplesRead: number;
  peakSamples: number;
  /** Peak over Prometheus's default --query.max-samples: a server left as installed refuses the query. */
  overDefaultLimit: boolean;
}

export interface PageQueries {
  /** The probe's answer: the fleet signals Prometheus records. */
  recordedSignals: string[];
  probe: QueryTiming;
  queries: QueryTiming[];
  /** Probe plus every query, one after the other (sum of medians), ms, and their bytes. */
  totalMs: number;
  totalBytes: number;
  samplesRead: number;
  /** A page load as the page does it: the probe, then the five queries at once (median), ms. */
  pageLoadMs: number;
  pageLoadRunsMs: number[];
}

/** The median of some numbers; undefined for none. */
export function median(values: number[]): number | undefined {
  if (!values.length) {
    return undefined;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface PromAnswer {
  status: string;
  error?: string;
  data?: {
    resultType: string;
    result: Array<{ metric: Record<string, string> }>;
    stats?: { samples?: { totalQueryableSamples?: number; peakSamples?: number } };
  };
}

/** The URL the datasource requests for a query whose window ends at `endMs` (stream.ts's first poll). */
export function queryUrl(prometheusUrl: string, query: Query, endMs: number, stats = false): string {
  if (/\$/.test(query.expr ?? '')) {
    throw new Error(
      `The page's query ${query.refId} has a template variable the benchmark cannot fill in: ${query.expr}`
    );
  }
  const extra: Record<string, string> = stats ? { stats: 'all' } : {};
  if (query.instant) {
    const time = String(Math.ceil(endMs / 1000));
    return `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: query.expr ?? '', time, ...extra })}`;
  }
  const stepMs = STEP_SECONDS * 1000;
  const startMs = Math.ceil((endMs - WINDOW_SECONDS * 1000) / stepMs) * stepMs;
  const params = {
    query: query.expr ?? '',
    start: String(startMs / 1000),
    end: String(endMs / 1000),
    step: String(STEP_SECONDS),
  };
  return `${prometheusUrl}/api/v1/query_range?${new URLSearchParams({ ...params, ...extra })}`;
}

async function ask(url: string): Promise<{ answer: PromAnswer; bytes: number; ms: number }> {
  const response = await get(url);
  const answer = JSON.parse(response.body.toString('utf8')) as PromAnswer;
  if (response.status !== 200 || answer.status !== 'success' || !answer.data) {
    throw new Error(
      `Prometheus answered ${response.status}: ${answer.error ?? response.body.toString('utf8').slice(0, 300)}`
    );
  }
  return { answer, bytes: response.body.length, ms: response.ms };
}

async function time(
  prometheusUrl: string,
  query: Query,
  endMs: number,
  repetitions: number,
  recorded: boolean
): Promise<QueryTiming & { answer: PromAnswer }> {
  const runsMs: number[] = [];
  let last: Awaited<ReturnType<typeof ask>> | undefined;
  for (let r = 0; r < repetitions; r++) {
    last = await ask(queryUrl(prometheusUrl, query, endMs));
    runsMs.push(last.ms);
  }
  const withStats = await ask(queryUrl(prometheusUrl, query, endMs, true));
  const peakSamples = withStats.answer.data?.stats?.samples?.peakSamples ?? 0;
  return {
    refId: query.refId,
    expr: query.expr ?? '',
    recorded,
    ms: median(runsMs)!,
    runsMs,
    bytes: last!.bytes,
    series: last!.answer.data?.result.length ?? 0,
    samplesRead: withStats.answer.data?.stats?.samples?.totalQueryableSamples ?? 0,
    peakSamples,
    overDefaultLimit: peakSamples > DEFAULT_MAX_SAMPLES,
    answer: last!.answer,
  };
}

/** The probe's answer as the page reads it: a frame per series with its labels. */
function probeFrames(answer: PromAnswer): DataFrame[] {
  return (answer.data?.result ?? []).map((r) => ({
    length: 1,
    fields: [{ name: 'Value', type: FieldType.number, config: {}, values: [1], labels: r.metric }],
  }));
}

/**
 * One page load's queries against Prometheus, each `repetitions` times, then the page load as a
 * whole (the probe, then every query at once) as often.
 */
export async function timePageQueries(
  prometheusUrl: string,
  endMs: number,
  repetitions: number,
  log: (line: string) => void
): Promise<PageQueries> {
  const probe = await time(prometheusUrl, RECORDED_PROBE, endMs, repetitions, true);
  const recorded = recordedSignals(probeFrames(probe.answer));
  const queries: QueryTiming[] = [];
  for (const query of serviceQueries(undefined, recorded)) {
    log(`    ${query.refId}: ${repetitions + 1} runs…`);
    const isRecorded = query.refId === HEALTH_REF || recorded.has(query.refId as ServiceSignal);
    const { answer: _answer, ...timing } = await time(prometheusUrl, query, endMs, repetitions, isRecorded);
    queries.push(timing);
    log(
      `    ${query.refId}: median ${timing.ms.toFixed(0)} ms (${timing.recorded ? 'recorded' : 'raw'}), ${timing.series} series, ${(timing.bytes / 1024).toFixed(0)} KiB, ${timing.samplesRead.toLocaleString('en')} samples read`
    );
  }
  const pageLoadRunsMs: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const started = performance.now();
    await ask(queryUrl(prometheusUrl, RECORDED_PROBE, endMs));
    await Promise.all(serviceQueries(undefined, recorded).map((q) => ask(queryUrl(prometheusUrl, q, endMs))));
    pageLoadRunsMs.push(performance.now() - started);
  }
  const { answer: _probeAnswer, ...probeTiming } = probe;
  const all = [probeTiming, ...queries];
  return {
    recordedSignals: [...recorded],
    probe: probeTiming,
    queries,
    totalMs: all.reduce((s, q) => s + q.ms, 0),
    totalBytes: all.reduce((s, q) => s + q.bytes, 0),
    samplesRead: all.reduce((s, q) => s + q.samplesRead, 0),
    pageLoadMs: median(pageLoadRunsMs)!,
    pageLoadRunsMs,
  };
}
