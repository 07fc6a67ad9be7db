/**
 * The same range-query result written two ways: as Prometheus's `/api/v1/query_range` JSON (what
 * this datasource fetches), and as the data-frame JSON Grafana's backend sends its Prometheus
 * datasource from `/api/ds/query` (one `timeseries-multi` frame per series, NaN as `entities`).
 */

export interface BenchCase {
  name: string;
  series: number;
  points: number;
}

export const CASES: BenchCase[] = [
  { name: '100 series × 10,000 points', series: 100, points: 10_000 },
  { name: '1,000 series × 1,000 points', series: 1_000, points: 1_000 },
];

const STEP_S = 15;
const START_S = 1_700_000_000;
const ROUTES = ['/api/tracks', '/api/tracks/:id', '/api/playlists', '/api/search', '/api/upload', '/health'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const CODES = ['200', '201', '304', '400', '404', '500'];

/** Deterministic generator (mulberry32): every run benchmarks the same bytes. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Six labels per series, like a typical HTTP metric, and values of the kinds dashboards show:
 * counters (integers), quantiles rounded by the exporter (short decimals), rates (full-precision
 * doubles, the commonest), and rates with gaps of NaN (e.g. a ratio over no traffic).
 */
function generate({ series, points }: BenchCase) {
  const next = random(series * 7919 + points);
  return Array.from({ length: series }, (_, s) => {
    const labels = {
      __name__: 'http_server_requests:rate5m',
      job: 'api',
      instance: `10.0.${(s >> 8) & 255}.${s & 255}:8080`,
      method: METHODS[s % METHODS.length],
      route: ROUTES[Math.floor(s / METHODS.length) % ROUTES.length],
      status_code: CODES[s % CODES.length],
    };
    const kind = s % 5;
    let counter = Math.floor(next() * 1e6);
    const values = Array.from({ length: points }, () => {
      const x = next();
      switch (kind) {
        case 0:
          counter += Math.floor(x * 50);
          return counter;
        case 1:
          return Math.round(x * 250_000) / 1000;
        case 4:
          return x < 0.05 ? NaN : (x * 1234) / 300;
        default:
          return (x * 98765) / 60;
      }
    });
    return { labels, values };
  });
}

/** Prometheus writes values with Go's strconv 'f' format (shortest, no exponent) in the range used here, like String(). */
function promValue(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function seriesName(labels: Record<string, string>): string {
  const { __name__, ...rest } = labels;
  return `${__name__}{${Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}

export interface Bodies {
  /** `/api/v1/query_range` body, compact as Prometheus writes it. */
  prometheus: string;
  /** `/api/ds/query` body as Grafana's backend writes it for the same result. */
  grafana: string;
  samples: number;
}

export function bodies(benchCase: BenchCase): Bodies {
  const data = generate(benchCase);
  const times = Array.from({ length: benchCase.points }, (_, i) => START_S + i * STEP_S);

  // Prometheus: {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"v"],…]}]}}
  const prometheus = `{"status":"success","data":{"resultType":"matrix","result":[${data
    .map(
      ({ labels, values }) =>
        `{"metric":${JSON.stringify(labels)},"values":[${values.map((v, i) => `[${times[i]},"${promValue(v)}"]`).join(',')}]}`
    )
    .join(',')}]}}`;

  // Grafana: the shape of pkg/promlib's frames (see its testdata *.golden.jsonc), in the
  // /api/ds/query envelope. NaN is written as null plus an `entities` entry, as the Go SDK does.
  const timesMs = `[${times.map((t) => t * 1000).join(',')}]`;
  const frames = data.map(({ labels, values }, i) => {
    const nanAt = values.flatMap((v, j) => (Number.isNaN(v) ? [j] : []));
    const meta = {
      type: 'timeseries-multi',
      typeVersion: [0, 1],
      custom: { resultType: 'matrix' },
      ...(i === 0 ? { executedQueryString: `Expr: rate(http_server_requests_total[5m])\nStep: ${STEP_S}s` } : {}),
    };
    const schema = {
      refId: 'A',
      meta,
      fields: [
        { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: STEP_S * 1000 } },
        {
          name: labels.__name__,
          type: 'number',
          typeInfo: { frame: 'float64' },
          labels,
          config: { displayNameFromDS: seriesName(labels) },
        },
      ],
    };
    const valuesJson = `[${values.map((v) => (Number.isNaN(v) ? 'null' : JSON.stringify(v))).join(',')}]`;
    const entities = nanAt.length > 0 ? `,"entities":[null,${JSON.stringify({ NaN: nanAt })}]` : '';
    return `{"schema":${JSON.stringify(schema)},"data":{"values":[${timesMs},${valuesJson}]${entities}}}`;
  });
  const grafana = `{"results":{"A":{"status":200,"frames":[${frames.join(',')}]}}}`;

  return { prometheus, grafana, samples: benchCase.series * benchCase.points };
}
