import { PerfscopeMetrics } from '@perfscope/metrics';
import { parseArgs } from './cli';
import { Random } from './random';
import { SCENARIO_NAMES, SCENARIO_SIGNALS } from './scenarios';
import { serve } from './server';
import { Simulator } from './simulator';

const T0 = Date.UTC(2026, 0, 1, 12);

async function total(
  metrics: PerfscopeMetrics,
  name: string,
  filter: (labels: Record<string, string | number>) => boolean = () => true
) {
  const base = name.replace(/_(sum|count)$/, '');
  const { values } = await metrics.registry.getSingleMetric(base)!.get();
  return values
    .filter(
      (v) =>
        ((v as { metricName?: string }).metricName ?? base) === name &&
        filter(v.labels as Record<string, string | number>)
    )
    .reduce((s, v) => s + v.value, 0);
}

describe('Random', () => {
  it('repeats a run for the same seed and differs for another', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('Simulator', () => {
  const run = async (scenario: (typeof SCENARIO_NAMES)[number], seconds = 60) => {
    const sim = new Simulator({ seed: 3, scenario, startTime: T0 });
    for (let i = 0; i < seconds * 10; i++) {
      sim.step(0.1);
    }
    return sim;
  };

  it('is repeatable with a seed', async () => {
    const a = await run('normal', 10);
    const b = await run('normal', 10);
    expect(await a.metrics.registry.getSingleMetric('http_requests_total')!.get()).toEqual(
      await b.metrics.registry.getSingleMetric('http_requests_total')!.get()
    );
  });

  it('produces healthy traffic under normal', async () => {
    const sim = await run('normal');
    const requests = await total(sim.metrics, 'http_requests_total');
    const errors = await total(sim.metrics, 'http_requests_total', (l) => String(l.status_code).startsWith('5'));
    expect(requests).toBeGreaterThan(1000);
    expect(errors / requests).toBeLessThan(0.01);
    const hits = await total(sim.metrics, 'cache_requests_total', (l) => l.result === 'hit');
    expect(hits / (await total(sim.metrics, 'cache_requests_total'))).toBeGreaterThan(0.85);
    expect(sim.activeStreams).toBeGreaterThan(10);
  });

  it('injects faults: error burst, cold cache, database down', async () => {
    const burst = await run('error-burst');
    const ratio =
      (await total(burst.metrics, 'http_requests_total', (l) => String(l.status_code).startsWith('5'))) /
      (await total(burst.metrics, 'http_requests_total'));
    expect(ratio).toBeGreaterThan(0.2);
    const cold = await run('cache-cold');
    const hit =
      (await total(cold.metrics, 'cache_requests_total', (l) => l.result === 'hit')) /
      (await total(cold.metrics, 'cache_requests_total'));
    expect(hit).toBeLessThan(0.4);
    const down = await run('db-down', 5);
    expect(await total(down.metrics, 'db_connection_up', (l) => l.connection === 'primary')).toBe(0);
  });

  it('compresses time with speed', async () => {
    const fast = new Simulator({ seed: 1, speed: 10, startTime: T0 });
    const slow = new Simulator({ seed: 1, speed: 1, startTime: T0 });
    for (let i = 0; i < 50; i++) {
      fast.step(0.1);
      slow.step(0.1);
    }
    const f = await total(fast.metrics, 'http_requests_total');
    const s = await total(slow.metrics, 'http_requests_total');
    expect(f / s).toBeGreaterThan(7);
  });

  it('rejects unknown scenarios and bad settings with the valid values', () => {
    expect(() => new Simulator({ scenario: 'chaos' as never })).toThrow(
      /Unknown scenario "chaos". Valid scenarios: normal, latency-spike/
    );
    expect(() => new Simulator({ speed: 0 })).toThrow(/Speed must be a number above 0/);
    expect(() => new Simulator({ seed: -1 })).toThrow(/Seed must be a whole number/);
    expect(() => new Simulator().setScenario(42)).toThrow(/Unknown scenario 42/);
  });

  it('names a target signal for every fault scenario', () => {
    expect(Object.keys(SCENARIO_SIGNALS).sort()).toEqual(SCENARIO_NAMES.filter((n) => n !== 'normal').sort());
  });
});

describe('parseArgs', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseArgs([
        '--port',
        '0',
        '--scenario=db-slow',
        '--seed',
        '9',
        '--speed',
        '2.5',
        '--prefix',
        'shop_',
        '--label-map',
        'status_code=status',
        '--host',
        '127.0.0.1',
      ])
    ).toEqual({
      host: '127.0.0.1',
      port: 0,
      scenario: 'db-slow',
      seed: 9,
      speed: 2.5,
      prefix: 'shop_',
      labelMap: { status_code: 'status' },
      tickMs: 100,
    });
    expect(parseArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--scenario', 'chaos'], /Unknown scenario "chaos". Valid scenarios: normal, /],
    [['--scenario'], /--scenario needs a value. Valid scenarios:/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535 \(got "70000"\)/],
    [['--port', 'abc'], /--port must be/],
    [['--speed', '-1'], /--speed must be a number above 0/],
    [['--seed', '1.5'], /--seed must be a whole number/],
    [['--label-map', 'status'], /--label-map takes label=name pairs/],
    [['--verbose'], /Unknown option "--verbose"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('server', () => {
  it('serves metrics and switches scenarios at run time, refusing unknown names', async () => {
    const sim = new Simulator({ seed: 1, speed: 5 });
    const running = await serve(sim, '127.0.0.1', 0, 20);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const metrics = await fetch(`${running.url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toMatch(
        /^http_requests_total\{method="GET",route="\/tracks\/:id",status_code="200"\} \d+/m
      );
      const ok = await fetch(`${running.url}/scenario`, {
        method: 'POST',
        body: JSON.stringify({ name: 'error-burst' }),
      });
      expect(await ok.json()).toEqual({ scenario: 'error-burst' });
      const viaQuery = await fetch(`${running.url}/scenario?name=normal`, { method: 'POST' });
      expect(viaQuery.status).toBe(200);
      const bad = await fetch(`${running.url}/scenario`, { method: 'POST', body: 'meltdown' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toMatch(/Unknown scenario "meltdown". Valid scenarios:/);
      expect(await (await fetch(`${running.url}/scenario`)).json()).toMatchObject({ scenario: 'normal', speed: 5 });
      expect((await fetch(`${running.url}/nope`)).status).toBe(404);
    } finally {
      await running.close();
    }
  });

  it('says clearly when the port is taken', async () => {
    const first = await serve(new Simulator(), '127.0.0.1', 0);
    const port = Number(new URL(first.url).port);
    try {
      await expect(serve(new Simulator(), '127.0.0.1', port)).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use`
      );
    } finally {
      await first.close();
    }
  });
});
