/**
 * What to do when a signal's alert fires: shown in the description of the panel that draws the
 * signal's thresholds, which is where each rule's runbook_url points. Every alerting signal needs one.
 */
export const RUNBOOKS: Readonly<Record<string, string>> = {
  http_latency_p95:
    'Find the route in "Latency p95 by route" and "Slowest routes"; slow database queries and a loaded host hold requests too (Database and Uploads & realtime dashboards); look for a recent deploy or a traffic spike.',
  http_error_rate:
    'Find the route in "Routes with the most errors" and the status in "Responses by status code": 502/503 point at a dependency or overload, 500 at the code. Check database connections and recent deploys.',
  http_latency_p95_wow:
    'The p95 is well above the same time last week: look for a deploy marker just before the rise (the Service page lists deploys with the p95 before and after), then at the routes in "Latency p95 by route" against their last-week line.',
  http_error_rate_wow:
    'Errors are well above the same time last week: a deploy marker just before the rise points at the release; otherwise find the route in "Routes with the most errors" and check dependencies.',
  http_latency_p95_anomaly:
    'The p95 left its normal band for this hour of the week: compare with the deploy markers and the request rate band (a surge of traffic slows everything), then find the route.',
  http_error_rate_anomaly:
    'The error rate left its normal band for this hour of the week: look for a deploy marker, then find the route in "Routes with the most errors".',
  error_budget_burn_rate:
    'The availability budget burns too fast: find the failing routes as for the error rate, and decide whether to roll back. At 14.4× a 30-day budget lasts about two days.',
  rate_limited_rate:
    'Check "Rate-limited requests by route": one route or client at its limit is usually a retry loop or abuse; a broad rise means the limits are too tight for real traffic.',
  db_query_avg:
    'Find the operation and table in "Slowest queries"; look for missing indexes, lock contention or a saturated pool ("Connections in use"). Slow queries raise HTTP latency too.',
  db_slow_query_rate:
    'Find the operation in "Slow queries by operation" and the table in "Slowest queries", then review that query\'s plan and indexes.',
  db_up:
    'A database connection is down: check the database host and network, credentials and connection limits. Queries on it fail, so expect HTTP errors.',
  cache_hit_ratio:
    'Find the cache in "Worst caches". A cold start after a deploy recovers by itself; otherwise check evictions (memory too small) and changed keys.',
  audio_stream_error_rate:
    'Check "Stream errors by type": network points at the CDN or bandwidth, decode at bad files or formats, not_found at the catalogue or storage, timeout at an overloaded origin.',
  audio_buffer_ratio_p90:
    'Listeners wait for data: check the delivered bandwidth and the CDN or origin; a rise on one quality points at its bitrate.',
  upload_avg_time:
    'Check the upload duration distribution: a shift of everything points at storage or the network, a long tail at large files or slow clients.',
  websocket_error_rate:
    'Check "Connection attempts by result": failures right after a deploy point at the handshake or proxy configuration, failures under load at connection limits.',
  system_load1:
    'Compare the load with the number of CPUs; check "Process memory" and "Event-loop lag" for the process behind it. Scale out or shed load if latency rises too.',
  web_vitals_lcp_p75:
    'Find the page in "Slowest pages (LCP p75)": large images, render-blocking resources and a slow Time to First Byte raise LCP.',
  web_vitals_inp_p75:
    'Long tasks on the main thread delay interactions: profile the slowest pages and split or defer heavy scripts.',
  web_vitals_cls_p75:
    'Elements move after they render: reserve space for images, embeds and late content, and avoid inserting content above what is on screen.',
  health_score:
    'The score falls when its components do: the "Health components" panel lists them worst first; open the dashboard of the worst one.',
};
