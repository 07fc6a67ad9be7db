/** How the imaginary music-streaming service behaves; every rate is per simulated second. */
export interface Profile {
  requestRate: number;
  /** Median and log-spread of HTTP request duration (seconds). */
  latencyMedian: number;
  latencySigma: number;
  /** Share of requests answered with a 5xx. */
  errorRatio: number;
  /** Share of requests rejected by rate limiting (429). */
  rateLimitedRatio: number;
  dbMedian: number;
  dbSigma: number;
  dbUp: boolean;
  cacheHitRatio: number;
  streamStartRate: number;
  streamErrorRatio: number;
  /** Median share of play time spent buffering (percent). */
  bufferMedian: number;
  uploadRate: number;
  uploadMedian: number;
  websocketRate: number;
  websocketErrorRatio: number;
  load: number;
}

const NORMAL: Profile = {
  requestRate: 40,
  latencyMedian: 0.08,
  latencySigma: 0.6,
  errorRatio: 0.002,
  rateLimitedRatio: 0,
  dbMedian: 0.02,
  dbSigma: 0.7,
  dbUp: true,
  cacheHitRatio: 0.92,
  streamStartRate: 3,
  streamErrorRatio: 0.01,
  bufferMedian: 4,
  uploadRate: 0.5,
  uploadMedian: 4,
  websocketRate: 2,
  websocketErrorRatio: 0.02,
  load: 1.2,
};

/** Every scenario: `normal` and the faults the simulator can inject at run time. */
export const SCENARIOS = {
  normal: NORMAL,
  'latency-spike': { ...NORMAL, latencyMedian: 2.6 },
  'error-burst': { ...NORMAL, errorRatio: 0.3 },
  'db-slow': { ...NORMAL, dbMedian: 1.6, dbSigma: 0.3 },
  'db-down': { ...NORMAL, dbUp: false, errorRatio: 0.08 },
  'cache-cold': { ...NORMAL, cacheHitRatio: 0.3 },
  'stream-errors': { ...NORMAL, streamErrorRatio: 0.3 },
  'upload-slow': { ...NORMAL, uploadMedian: 80 },
  'ws-errors': { ...NORMAL, websocketErrorRatio: 0.4 },
  'rate-limit': { ...NORMAL, rateLimitedRatio: 0.35 },
  overload: { ...NORMAL, load: 14, latencyMedian: 1.2, errorRatio: 0.12 },
} satisfies Record<string, Profile>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** The catalog signals each fault scenario pushes past their critical threshold. */
export const SCENARIO_SIGNALS: Record<Exclude<ScenarioName, 'normal'>, readonly string[]> = {
  'latency-spike': ['http_latency_p95'],
  'error-burst': ['http_error_rate'],
  'db-slow': ['db_query_avg'],
  'db-down': ['db_up'],
  'cache-cold': ['cache_hit_ratio'],
  'stream-errors': ['audio_stream_error_rate'],
  'upload-slow': ['upload_avg_time'],
  'ws-errors': ['websocket_error_rate'],
  'rate-limit': ['rate_limited_rate'],
  overload: ['system_load1', 'http_latency_p95', 'http_error_rate'],
};

export function isScenario(name: unknown): name is ScenarioName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

/** The message for an unknown scenario name, listing the valid ones. */
export function unknownScenario(name: unknown): string {
  return `Unknown scenario ${JSON.stringify(name)}. Valid scenarios: ${SCENARIO_NAMES.join(', ')}.`;
}
