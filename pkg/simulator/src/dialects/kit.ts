/**
 * kit: Perfscope's own instrumentation, @perfscope/metrics (pkg/metrics), with the names, labels
 * and buckets of the catalog's contract (pkg/catalog/src/metrics.ts). The simulator's behaviour
 * before dialects existed.
 */
import { METRICS } from '@perfscope/catalog';
import { PerfscopeMetrics } from '@perfscope/metrics';
import { type Metric, Registry } from 'prom-client';
import { SIMULATED_AREAS, type SimulatedArea } from '../recorder';
import type { DialectContext, DialectRecorder } from './shared';

/** The kit emits every simulated area. */
export const KIT_AREAS: readonly SimulatedArea[] = SIMULATED_AREAS;

/** The kit's metrics in this simulator, and the registry of those whose area the kit emits. */
export interface KitDialect extends DialectRecorder {
  readonly metrics: PerfscopeMetrics;
}

/** The catalog area of a metric the kit registered (undefined for the kit's own health counter). */
function areaOf(name: string, prefix: string): string | undefined {
  const def = METRICS.find((m) => m.name === name || `${prefix}${m.name}` === name);
  return def?.area;
}

export function createKit(ctx: DialectContext): KitDialect {
  const metrics = new PerfscopeMetrics({
    prefix: ctx.kitOptions?.prefix,
    labelMap: ctx.kitOptions?.labelMap,
    loadAverage: ctx.load,
  });
  // Only the metrics of the areas given to the kit are exposed: another dialect has the others,
  // possibly under the same names (prom-client's http_request_duration_seconds).
  const registry = new Registry();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const area = areaOf(metric.name, metrics.prefix);
    if (area === undefined || ctx.areas.has(area as SimulatedArea)) {
      registry.registerMetric(metric as unknown as Metric<string>);
    }
  }
  return {
    metrics,
    registry,
    recordRequest: (method, route, status, seconds) => metrics.recordRequest(method, route, status, seconds),
    rateLimited: (route) => metrics.rateLimited(route),
    observeQuery: (operation, table, seconds, failed) => metrics.observeQuery(operation, table, seconds, failed),
    dbConnection: (connection, up, active) => metrics.dbConnection(connection, up, active),
    cache: (name) => metrics.cache(name),
    startStream: (quality, format) => metrics.startStream(quality, format),
    observeUpload: (seconds) => metrics.observeUpload(seconds),
    websocketConnection: (result) => metrics.websocketConnection(result),
    observeWebVital: (vital, page, value) => metrics.observeWebVital(vital, page, value),
    buildInfo: (version, commit) => metrics.setBuild({ version, commit }),
  };
}
