import { monitorEventLoopDelay } from 'perf_hooks';
import { EventLoopLag, LAG_SAMPLE_MS, lagSince } from './eventLoopLag';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('event-loop lag', () => {
  it('measures nothing before the monitor has taken a sample, and the excess over its interval after', async () => {
    const delay = monitorEventLoopDelay({ resolution: LAG_SAMPLE_MS });
    delay.enable();
    try {
      expect(lagSince(delay)).toBeUndefined();
      await wait(LAG_SAMPLE_MS * 2.2);
      const lag = lagSince(delay);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(0.2);
      // Read, the monitor starts over: right after, it has nothing new.
      expect(lagSince(delay)).toBeUndefined();
    } finally {
      delay.disable();
    }
  });

  it('exposes no sample until it has measured, then repeats its last figure between close scrapes', async () => {
    const delay = monitorEventLoopDelay({ resolution: LAG_SAMPLE_MS });
    delay.enable();
    try {
      const gauge = new EventLoopLag('nodejs_eventloop_lag_seconds', 'lag', delay);
      expect((await gauge.get()).values).toEqual([]);
      await wait(LAG_SAMPLE_MS * 2.2);
      const first = (await gauge.get()).values;
      expect(first).toHaveLength(1);
      expect(first[0].value).toBeGreaterThanOrEqual(0);
      // A scrape within the monitor's interval: no new sample, the same figure rather than a 0.
      expect((await gauge.get()).values).toEqual(first);
      gauge.reset();
      expect((await gauge.get()).values).toEqual([]);
    } finally {
      delay.disable();
    }
  });
});
