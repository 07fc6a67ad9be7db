/** Healthy values of every default component (what the simulator shows under `normal`). */
export const NORMAL: Record<string, number> = {
  http_error_rate: 0.002,
  http_latency_p95: 0.35,
  http_apdex: 0.997,
  db_query_avg: 0.025,
  db_up: 1,
  cache_hit_ratio: 0.92,
  audio_stream_error_rate: 0.01,
  websocket_error_rate: 0.02,
  system_load1: 1.2,
};
