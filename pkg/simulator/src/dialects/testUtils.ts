import type { ScenarioName } from '../scenarios';
import { Simulator } from '../simulator';
import type { DialectId } from '.';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Samples and `# TYPE` lines of Prometheus exposition text. */
export function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) {
      throw new Error(`Not an exposition line: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k] = v;
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

export const T0 = Date.UTC(2026, 0, 1, 12);

/** A seeded simulator of these dialects after `seconds` simulated seconds, and what it exposes. */
export async function run(dialects: DialectId[], scenario: ScenarioName = 'normal', seconds = 20, seed = 7) {
  const sim = new Simulator({ seed, scenario, startTime: T0, dialects });
  for (let i = 0; i < seconds * 10; i++) {
    sim.step(0.1);
  }
  const text = await sim.expose();
  return { sim, text, ...parseExposition(text) };
}

type Labels = Record<string, string>;

/** Sum of the samples of one name whose labels pass the filter. */
export function total(samples: readonly Sample[], name: string, filter: (labels: Labels) => boolean = () => true) {
  return samples.filter((s) => s.name === name && filter(s.labels)).reduce((sum, s) => sum + s.value, 0);
}

/** Distinct values of one label on the samples of one name. */
export function values(samples: readonly Sample[], name: string, label: string): string[] {
  return [...new Set(samples.filter((s) => s.name === name).map((s) => s.labels[label]))].sort();
}

/** The `le` bounds of a histogram, without +Inf. */
export function bounds(samples: readonly Sample[], histogram: string): number[] {
  return [
    ...new Set(
      samples.filter((s) => s.name === `${histogram}_bucket` && s.labels.le !== '+Inf').map((s) => Number(s.labels.le))
    ),
  ].sort((a, b) => a - b);
}

/** The same seed through the kit, for what every dialect must count alike. */
export async function kitBaseline(scenario: ScenarioName = 'normal', seconds = 20, seed = 7) {
  const { samples } = await run(['kit'], scenario, seconds, seed);
  return {
    samples,
    requests: total(samples, 'http_requests_total'),
    requestsWith: (f: (l: Labels) => boolean) => total(samples, 'http_requests_total', f),
    durationSum: total(samples, 'http_request_duration_seconds_sum'),
    queries: total(samples, 'db_query_duration_seconds_count'),
    queriesWith: (f: (l: Labels) => boolean) => total(samples, 'db_query_duration_seconds_count', f),
    queryErrors: total(samples, 'db_query_errors_total'),
    slowQueries: total(samples, 'db_slow_queries_total'),
    cacheLookups: total(samples, 'cache_requests_total'),
    cacheHits: total(samples, 'cache_requests_total', (l) => l.result === 'hit'),
    evictions: total(samples, 'cache_evictions_total'),
    load: total(samples, 'node_load1'),
    active: (connection: string) => total(samples, 'db_connections_active', (l) => l.connection === connection),
  };
}
