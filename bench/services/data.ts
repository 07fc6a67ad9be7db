/**
 * A seeded fleet of HTTP services as OpenMetrics text, for `promtool tsdb create-blocks-from
 * openmetrics`: the two metrics the Services page's four signals read (`http_requests_total` and
 * the `http_request_duration_seconds` histogram, with the catalog's labels and bucket boundaries),
 * each service its own `job` with routes × status classes × instances series, one sample every
 * interval over a time span. One service is deliberately bad (errors and slow answers), so the
 * table has a worst row.
 */
import * as fs from 'fs';
import { getMetric } from '@perfscope/catalog';
import { Random } from '@perfscope/simulator';

export interface FleetShape {
  services: number;
  routes: number;
  /** Status codes, one per class (2xx, 4xx, 5xx). */
  statusCodes: readonly string[];
  instances: number;
}

export const FLEET_SHAPE: Omit<FleetShape, 'services'> = {
  routes: 10,
  statusCodes: ['200', '404', '500'],
  instances: 5,
};

export interface FleetSpan {
  /** First and last sample, Unix seconds (multiples of the interval). */
  startSeconds: number;
  endSeconds: number;
  intervalSeconds: number;
}

export interface WrittenFleet {
  /** Series written (each histogram bucket, the sum and the count a series of its own). */
  series: number;
  samples: number;
  bytes: number;
  /** The deliberately bad service. */
  worst: string;
}

const REQUESTS = getMetric('http_requests_total');
const DURATION = getMetric('http_request_duration_seconds');
const BUCKETS: readonly number[] = DURATION.buckets ?? [];
const METHODS = ['GET', 'GET', 'POST', 'GET', 'PUT', 'GET', 'DELETE', 'GET', 'POST', 'GET'];

/** The job name of service `i`: `svc-0000`, `svc-0001`, … */
export const serviceName = (i: number) => `svc-${String(i).padStart(4, '0')}`;

/** The index of the bad service in a fleet of `services`. */
export const worstIndex = (services: number) => Math.floor(services * 0.37);

interface ServiceProfile {
  name: string;
  /** Requests per second over all its series. */
  rate: number;
  /** Share of 404s and of 500s. */
  notFound: number;
  errors: number;
  /** Log-normal latency: median (s) and shape. */
  median: number;
  sigma: number;
}

function profiles(services: number, seed: number): ServiceProfile[] {
  const random = new Random(seed);
  const worst = worstIndex(services);
  return Array.from({ length: services }, (_, i) => {
    const healthy: ServiceProfile = {
      name: serviceName(i),
      rate: 5 + random.next() * 45,
      notFound: 0.01 + random.next() * 0.03,
      errors: 0.001 + random.next() * 0.009,
      median: 0.02 + random.next() * 0.06,
      sigma: 0.5 + random.next() * 0.3,
    };
    // The bad one: a fifth of its requests fail and most take over a second.
    return i === worst ? { ...healthy, errors: 0.2, median: 1.2, sigma: 0.5 } : healthy;
  });
}

/** Label sets of one service (without `le`), in a fixed order, with each one's share of its traffic. */
function labelSets(shape: FleetShape, profile: ServiceProfile, random: Random) {
  const routeWeights = Array.from({ length: shape.routes }, () => 0.2 + random.next());
  const routeTotal = routeWeights.reduce((a, b) => a + b, 0);
  const statusShare = [1 - profile.notFound - profile.errors, profile.notFound, profile.errors];
  const sets: Array<{ labels: string; share: number }> = [];
  for (let r = 0; r < shape.routes; r++) {
    for (let s = 0; s < shape.statusCodes.length; s++) {
      for (let n = 0; n < shape.instances; n++) {
        const values: Record<string, string> = {
          method: METHODS[r % METHODS.length],
          route: `/api/v1/resource-${r}`,
          status_code: shape.statusCodes[s],
        };
        // The catalog's labels of the metric, in its order, after job and instance.
        const own = (REQUESTS.labels as readonly string[]).map((l) => `${l}="${values[l]}"`).join(',');
        sets.push({
          labels: `job="${profile.name}",instance="10.0.${n}.1:8080",${own}`,
          share: (routeWeights[r] / routeTotal) * (statusShare[s] ?? 0) * (1 / shape.instances),
        });
      }
    }
  }
  return sets;
}

/** Buffers text and writes it to a file descriptor in large chunks. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  constructor(private readonly fd: number) {}
  push(text: string) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 4_000_000) {
      this.flush();
    }
  }
  flush() {
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    fs.writeSync(this.fd, buffer);
    this.bytes += buffer.length;
    this.parts = [];
    this.size = 0;
  }
}

export interface WriteOptions {
  /** Seed of every draw: the same seed writes the same samples. */
  seed?: number;
  /** The slice of the fleet to write, by service index: [from, to). Default all. */
  from?: number;
  to?: number;
}

/**
 * Writes (a slice of) the fleet as OpenMetrics text to `file`: each metric family once, each
 * series' samples in time order (a histogram's buckets, sum and count of one time together).
 * Counts are whole requests drawn from seeded generators, one per service, so a slice holds the
 * same samples as the same services in the whole fleet. Yields to the event loop between services.
 */
export async function writeFleet(
  file: string,
  shape: FleetShape,
  span: FleetSpan,
  options: WriteOptions = {}
): Promise<WrittenFleet> {
  const seed = options.seed ?? 7;
  const steps = Math.floor((span.endSeconds - span.startSeconds) / span.intervalSeconds) + 1;
  const times = Array.from({ length: steps }, (_, k) => String(span.startSeconds + k * span.intervalSeconds));
  const all = profiles(shape.services, seed);
  const [from, to] = [options.from ?? 0, Math.min(options.to ?? all.length, all.length)];
  const les = [...BUCKETS.map((b) => String(b)), '+Inf'];
  const fd = fs.openSync(file, 'w');
  const out = new ChunkWriter(fd);
  let series = 0;
  let samples = 0;
  try {
    // Two passes over the same seeded draws: the counter family, then the histogram family.
    const family = REQUESTS.name.replace(/_total$/, '');
    for (const pass of ['counter', 'histogram'] as const) {
      out.push(pass === 'counter' ? `# TYPE ${family} counter\n` : `# TYPE ${DURATION.name} histogram\n`);
      for (let i = from; i < to; i++) {
        const profile = all[i];
        // Two generators: the traffic's (the same draws in both passes) and the latencies' (histogram only).
        const random = new Random(seed * 100_003 + i);
        const latency = new Random(seed * 200_003 + i);
        for (const set of labelSets(shape, profile, random)) {
          const expected = profile.rate * set.share * span.intervalSeconds;
          let total = 0;
          let sum = 0;
          // Requests per bucket (the last one past the largest boundary), then cumulative as exposed.
          const perBucket = new Array<number>(BUCKETS.length + 1).fill(0);
          const bucketNames = les.map((le) => `${DURATION.name}_bucket{${set.labels},le="${le}"} `);
          const counterName = `${REQUESTS.name}{${set.labels}} `;
          const sumName = `${DURATION.name}_sum{${set.labels}} `;
          const countName = `${DURATION.name}_count{${set.labels}} `;
          const lines: string[] = [];
          for (let k = 0; k < steps; k++) {
            // Traffic drifts ±20 % over the span, plus noise per step.
            const n = random.count(expected * (1 + 0.2 * Math.sin(k / 17 + i)) * (0.8 + 0.4 * random.next()));
            total += n;
            if (pass === 'counter') {
              lines.push(`${counterName}${total} ${times[k]}\n`);
              continue;
            }
            for (let r = 0; r < n; r++) {
              const seconds = latency.logNormal(profile.median, profile.sigma);
              sum += seconds;
              let b = 0;
              while (b < BUCKETS.length && seconds > BUCKETS[b]) {
                b++;
              }
              perBucket[b]++;
            }
            let cumulative = 0;
            for (let b = 0; b < BUCKETS.length; b++) {
              cumulative += perBucket[b];
              lines.push(`${bucketNames[b]}${cumulative} ${times[k]}\n`);
            }
            lines.push(
              `${bucketNames[BUCKETS.length]}${total} ${times[k]}\n`,
              `${sumName}${sum.toFixed(3)} ${times[k]}\n`,
              `${countName}${total} ${times[k]}\n`
            );
          }
          out.push(lines.join(''));
          series += pass === 'counter' ? 1 : les.length + 2;
          samples += pass === 'counter' ? steps : steps * (les.length + 2);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    out.push('# EOF\n');
    out.flush();
  } finally {
    fs.closeSync(fd);
  }
  return { series, samples, bytes: out.bytes, worst: all[worstIndex(shape.services)].name };
}
