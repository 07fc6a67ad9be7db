import type { PerfscopeMetrics } from './kit';

/** Current value of a sample, matched by metric name (as exposed) and labels. */
export async function sample(kit: PerfscopeMetrics, exposedName: string, labels: Record<string, string> = {}) {
  const base = exposedName.replace(/_(bucket|sum|count)$/, '');
  const metric = kit.registry.getSingleMetric(base);
  if (!metric) {
    throw new Error(`no metric ${base}`);
  }
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? base) === exposedName &&
      Object.entries(labels).every(([k, val]) => String((v.labels as Record<string, unknown>)[k]) === val)
  );
  return found?.value;
}
