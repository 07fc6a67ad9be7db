import type { MetricsOptions } from '@perfscope/metrics';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import { SilentRecorder, type Recorder, type SimulatedArea } from '../recorder';

/** What a dialect is built from. */
export interface DialectContext {
  /** The areas this dialect emits in this simulator (those no earlier-listed dialect took). */
  readonly areas: ReadonlySet<SimulatedArea>;
  /** The simulated one-minute load average. */
  readonly load: () => number;
  /** Kit dialect only. */
  readonly kitOptions?: Pick<MetricsOptions, 'prefix' | 'labelMap'>;
}

/** A dialect's recorder and the registry its metrics are exposed from. */
export interface DialectRecorder extends Recorder {
  readonly registry: Registry;
}

/**
 * The base of a dialect: a registry and metric factories that register only when the metric's area
 * was given to this dialect, so two dialects never expose the same name.
 */
export abstract class DialectBase extends SilentRecorder implements DialectRecorder {
  readonly registry = new Registry();

  constructor(protected readonly ctx: DialectContext) {
    super();
  }

  protected on(area: SimulatedArea): boolean {
    return this.ctx.areas.has(area);
  }

  private registers(area: SimulatedArea): Registry[] {
    return this.on(area) ? [this.registry] : [];
  }

  protected counter(area: SimulatedArea, name: string, help: string, labelNames: readonly string[] = []) {
    return new Counter({ name, help, labelNames, registers: this.registers(area) });
  }

  protected gauge(
    area: SimulatedArea,
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    collect?: (gauge: Gauge) => void
  ) {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: this.registers(area),
      collect: collect
        ? function (this: Gauge) {
            collect(this);
          }
        : undefined,
    });
  }

  protected histogram(
    area: SimulatedArea,
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[]
  ) {
    return new Histogram({ name, help, labelNames, buckets: [...buckets], registers: this.registers(area) });
  }

  /** A metric read from this dialect's state at scrape time, as exporters' const metrics are. */
  protected scraped(area: SimulatedArea, options: Omit<ScrapedOptions, 'registers'>): ScrapedMetric {
    return new ScrapedMetric({ ...options, registers: this.registers(area) });
  }
}

interface ScrapedOptions {
  name: string;
  help: string;
  /** `untyped` is what exporters such as mysqld_exporter expose for generic status variables. */
  type: 'counter' | 'gauge' | 'untyped';
  /** The samples now; none while the thing measured cannot be reached. */
  read: () => ReadonlyArray<{ labels?: Record<string, string>; value: number }>;
  registers: Registry[];
}

/** A metric whose samples come from a function at scrape time (client_golang's const metrics). */
export class ScrapedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: ScrapedOptions['type'];
  readonly aggregator = 'sum';
  private readonly read: ScrapedOptions['read'];

  constructor(options: ScrapedOptions) {
    this.name = options.name;
    this.help = options.help;
    this.type = options.type;
    this.read = options.read;
    for (const registry of options.registers) {
      registry.registerMetric(this as unknown as Metric<string>);
    }
  }

  async get() {
    const values = this.read().map((s) => ({ labels: s.labels ?? {}, value: s.value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {}
}

/**
 * OpenTelemetry's `target_info`: an SDK's Prometheus exporter writes the resource as the labels of
 * one gauge of 1 (specs/otel/compatibility/prometheus_and_openmetrics.md, "Resource Attributes"):
 * the SDK's own attributes and `service.version`, the build.
 */
export const TARGET_INFO = {
  name: 'target_info',
  help: 'Target metadata',
  labels: ['service_version', 'telemetry_sdk_language', 'telemetry_sdk_name', 'telemetry_sdk_version'],
} as const;

/** Sets `target_info` to the build's version: one series, the previous one gone. */
export function setTargetInfo(gauge: Gauge, version: string): void {
  gauge.reset();
  gauge.set(
    {
      service_version: version,
      telemetry_sdk_language: 'nodejs',
      telemetry_sdk_name: 'opentelemetry',
      telemetry_sdk_version: '2.0.0',
    },
    1
  );
}

/** HTTP status class as frameworks name it: `SERVER_ERROR` for 5xx (Spring's HttpStatus.Series). */
export function statusSeries(status: number): string {
  const series = ['INFORMATIONAL', 'SUCCESS', 'REDIRECTION', 'CLIENT_ERROR', 'SERVER_ERROR'];
  return series[Math.floor(status / 100) - 1] ?? 'UNKNOWN';
}

/** `/tracks/:id` → `/tracks/{id}`: the route template in Spring, ASP.NET Core and Go ServeMux syntax. */
export function bracedRoute(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

/** `/tracks/:id` → `Tracks`: the first path segment, capitalised. */
export function firstSegment(route: string): string {
  return route.split('/').filter(Boolean)[0] ?? '';
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Connections each simulated pool holds (used + idle). */
export const POOL_SIZE = 20;

/** Idle connections of a pool with `used` in use; none while the server is down. */
export function idleConnections(up: boolean, used: number): number {
  return up ? Math.max(0, POOL_SIZE - used) : 0;
}

/** Mean event-loop delay since the previous read, in seconds (as the kit measures it). */
export function eventLoopLag(): () => number {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  return () => {
    // The monitor samples every 20 ms; its mean includes that interval, which is not lag.
    const mean = Number.isNaN(delay.mean) ? 0 : Math.max(0, delay.mean / 1e9 - 0.02);
    delay.reset();
    return mean;
  };
}

/**
 * Largest observation per label set since the previous scrape: the `_max` gauge Micrometer keeps
 * beside every timer (a decaying window maximum there).
 */
export class WindowMax {
  private readonly max = new Map<string, { labels: Record<string, string>; value: number }>();

  observe(labels: Record<string, string>, value: number): void {
    const key = JSON.stringify(labels);
    const seen = this.max.get(key);
    if (!seen) {
      this.max.set(key, { labels, value });
    } else if (value > seen.value) {
      seen.value = value;
    }
  }

  /** Every label set seen, with the window's maximum (0 where nothing was observed since). */
  take(): Array<{ labels: Record<string, string>; value: number }> {
    const out = [...this.max.values()].map((s) => ({ labels: s.labels, value: s.value }));
    for (const s of this.max.values()) {
      s.value = 0;
    }
    return out;
  }
}
