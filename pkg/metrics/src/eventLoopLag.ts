import { type Histogram, monitorEventLoopDelay } from 'perf_hooks';

/** What the gauge reads of Node's event-loop delay monitor (`perf_hooks.monitorEventLoopDelay`). */
export type DelaySource = Pick<Histogram, 'count' | 'mean' | 'reset'>;

/**
 * How often the event-loop monitor samples, in ms. Its timer wakes the process even when idle; on a
 * virtual machine a wake-up costs about 0.1 ms of CPU, so every 20 ms came to 0.5 % of a core, which
 * at a few hundred requests a second was most of the kit's cost per request. Twice a second is
 * still 30 samples per 15-second scrape (prom-client's own lag gauge takes one per scrape), and the
 * mean delay of a timer does not depend on how often it is sampled.
 */
export const LAG_SAMPLE_MS = 500;

/**
 * The lag a monitor's samples show since they were last read: each sample is the interval between
 * two runs of its timer, so the lag is the mean excess over that interval. Undefined when the monitor
 * has taken no sample since (within half a second of the last read): nothing was measured.
 */
export function lagSince(delay: DelaySource): number | undefined {
  if (delay.count === 0) {
    return undefined;
  }
  const lag = Math.max(0, delay.mean / 1e9 - LAG_SAMPLE_MS / 1000);
  delay.reset();
  return lag;
}

/**
 * `nodejs_eventloop_lag_seconds` for prom-client's registry, read at scrape time: the mean lag since
 * the previous scrape. Two scrapes closer than the monitor's interval repeat the last figure, and a
 * process that has taken no sample yet exposes no sample at all, so a dashboard reads "No data"
 * rather than a healthy 0 (a prom-client Gauge always exposes a value, 0 until set).
 */
export class EventLoopLag {
  readonly type = 'gauge';
  readonly aggregator = 'average';
  readonly labelNames: readonly string[] = [];
  private last: number | undefined;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly delay: DelaySource = startMonitor()
  ) {}

  async get() {
    this.last = lagSince(this.delay) ?? this.last;
    const values = this.last === undefined ? [] : [{ labels: {}, value: this.last }];
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.last = undefined;
    this.delay.reset();
  }
}

function startMonitor(): DelaySource {
  const delay = monitorEventLoopDelay({ resolution: LAG_SAMPLE_MS });
  delay.enable();
  return delay;
}
