/**
 * The OpenMetrics text format (https://github.com/prometheus/OpenMetrics, specification/OpenMetrics.md)
 * of a prom-client registry, with the exemplars the Prometheus text format cannot carry. Prometheus
 * ingests exemplars only from OpenMetrics, and asks for it first when it scrapes.
 *
 * prom-client renders OpenMetrics itself only from a registry created for it, and then renames
 * every counter it renders for good (it drops `_total` from the metric's name): a registry that is
 * also scraped as Prometheus text would expose its counters without `_total` from then on. This
 * renderer reads the metrics and changes nothing, so one registry serves both formats.
 */
import { Registry } from 'prom-client';

export const OPENMETRICS_CONTENT_TYPE = Registry.OPENMETRICS_CONTENT_TYPE;

interface Exemplar {
  labelSet?: Record<string, string | number>;
  value?: number;
  timestamp?: number;
}

interface Sample {
  metricName?: string;
  labels: Record<string, string | number | undefined>;
  value: number;
  exemplar?: Exemplar | null;
}

const escapeText = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

const number = (value: number) =>
  Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);

function labelText(labels: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) {
    if (value !== undefined) {
      parts.push(`${name}="${escapeText(String(value))}"`);
    }
  }
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/**
 * The family name and type OpenMetrics gives a prom-client metric. A counter's family drops
 * `_total`, which its samples keep; a counter named without `_total` is exposed as `unknown`, so
 * that its series keep the name the Prometheus text format gives them (OpenMetrics would add `_total`).
 */
function family(name: string, type: string): { name: string; type: string } {
  if (type === 'counter') {
    return name.endsWith('_total') ? { name: name.slice(0, -'_total'.length), type } : { name, type: 'unknown' };
  }
  return ['gauge', 'histogram', 'summary'].includes(type) ? { name, type } : { name, type: 'unknown' };
}

/** ` # {trace_id="…"} value timestamp` on the samples OpenMetrics allows exemplars on. */
function exemplarText(exemplar: Exemplar | null | undefined): string {
  if (!exemplar?.labelSet || Object.keys(exemplar.labelSet).length === 0 || typeof exemplar.value !== 'number') {
    return '';
  }
  const at = typeof exemplar.timestamp === 'number' ? ` ${exemplar.timestamp}` : '';
  return ` # ${labelText(exemplar.labelSet)} ${number(exemplar.value)}${at}`;
}

/** The OpenMetrics exposition of every metric of a registry (its default labels too), ending `# EOF`. */
export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const lines: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    const own = family(metric.name, String(metric.type));
    lines.push(`# HELP ${own.name} ${escapeText(metric.help)}`, `# TYPE ${own.name} ${own.type}`);
    for (const sample of metric.values as Sample[]) {
      const name = sample.metricName ?? metric.name;
      const withExemplar = own.type === 'counter' || (own.type === 'histogram' && name.endsWith('_bucket'));
      lines.push(
        `${name}${labelText(sample.labels)} ${number(sample.value)}${withExemplar ? exemplarText(sample.exemplar) : ''}`
      );
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/**
 * Whether a scraper's Accept header prefers OpenMetrics to the Prometheus text format: an
 * `application/openmetrics-text` range (any version) with a quality above 0 and at least that of
 * any text range. Prometheus sends `application/openmetrics-text;version=1.0.0,…,text/plain;…;q=0.5`.
 */
export function prefersOpenMetrics(accept: string | undefined): boolean {
  if (!accept) {
    return false;
  }
  let openMetrics = 0;
  let text = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality)) {
      continue;
    }
    if (type === 'application/openmetrics-text') {
      openMetrics = Math.max(openMetrics, quality);
    } else if (type === 'text/plain' || type === 'text/*' || type === '*/*') {
      text = Math.max(text, quality);
    }
  }
  return openMetrics > 0 && openMetrics >= text;
}
