import { request } from 'http';
import { Fleet, MAX_SERVICES, mergeExpositions, serviceName } from './fleet';
import { serve } from './server';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) {
        throw new Error(`not a sample line: ${line}`);
      }
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]])
      );
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

/** Requests and 5xx answers per service, from the request counter. */
function requestsByService(text: string): Map<string, { all: number; errors: number }> {
  const out = new Map<string, { all: number; errors: number }>();
  for (const s of samples(text).filter((s) => s.name === 'http_requests_total')) {
    const entry = out.get(s.labels.job) ?? { all: 0, errors: 0 };
    entry.all += s.value;
    entry.errors += s.labels.status_code.startsWith('5') ? s.value : 0;
    out.set(s.labels.job, entry);
  }
  return out;
}

/** Steps a fleet through `seconds` simulated seconds, a second at a time. */
function run(fleet: Fleet, seconds: number): void {
  for (let i = 0; i < seconds; i++) {
    fleet.step(1 / fleet.speed);
  }
}

describe('Fleet', () => {
  it('exposes every service on one endpoint, each family once and each series labelled with its service', async () => {
    const fleet = new Fleet(3, { startTime: T0 });
    run(fleet, 30);
    const text = await fleet.expose();
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    const all = samples(text);
    expect(new Set(all.map((s) => s.labels.job))).toEqual(new Set(['checkout', 'catalog', 'search']));
    // No series twice: the services' labels keep them apart.
    const keys = all.map((s) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives services their own traffic, and faults only the service named', async () => {
    const fleet = new Fleet(4, { startTime: T0 });
    fleet.setScenario('error-burst', 'catalog');
    expect(fleet.scenarios()).toEqual({
      checkout: 'normal',
      catalog: 'error-burst',
      search: 'normal',
      player: 'normal',
    });
    run(fleet, 600);
    const requests = requestsByService(await fleet.expose());
    const ratio = (name: string) => requests.get(name)!.errors / requests.get(name)!.all;
    expect(ratio('catalog')).toBeGreaterThan(0.1);
    for (const name of ['checkout', 'search', 'player']) {
      expect({ name, ratio: ratio(name) < 0.02 }).toEqual({ name, ratio: true });
    }
    // Checkout has a quarter of the profile's traffic and search its whole: four times fewer requests.
    const traffic = requests.get('search')!.all / requests.get('checkout')!.all;
    expect(traffic).toBeGreaterThan(3);
    expect(traffic).toBeLessThan(5);
    fleet.setScenario('normal');
    expect(Object.values(fleet.scenarios())).toEqual(['normal', 'normal', 'normal', 'normal']);
  });

  it('names its services and refuses a count or a service it does not have', () => {
    expect([serviceName(0), serviceName(19), serviceName(20), serviceName(999)]).toEqual([
      'checkout',
      'gateway',
      'service-21',
      'service-1000',
    ]);
    expect(() => new Fleet(0)).toThrow(
      `The number of services must be a whole number from 1 to ${MAX_SERVICES} (got 0).`
    );
    expect(() => new Fleet(2).setScenario('error-burst', 'billing')).toThrow(
      /^No service "billing" in this fleet of 2: use one of checkout, catalog \(GET \/scenario lists them\)\.$/
    );
    expect(() => new Fleet(2).setScenario('chaos', 'checkout')).toThrow(/Unknown scenario/);
  });

  it('merges expositions family by family', () => {
    const a =
      '# HELP x_total X.\n# TYPE x_total counter\nx_total{job="a"} 1\n# HELP y Y.\n# TYPE y gauge\ny{job="a"} 2\n';
    const b = '# HELP x_total X.\n# TYPE x_total counter\nx_total{job="b"} 3\n';
    expect(mergeExpositions([a, b])).toBe(
      '# HELP x_total X.\n# TYPE x_total counter\nx_total{job="a"} 1\nx_total{job="b"} 3\n\n# HELP y Y.\n# TYPE y gauge\ny{job="a"} 2\n'
    );
  });
});

describe('a fleet served over HTTP', () => {
  const call = (url: string, method: string) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(url, { method }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('sets one service scenario by ?service= and lists every service', async () => {
    const running = await serve(new Fleet(3, { startTime: T0 }), '127.0.0.1', 0);
    try {
      const set = await call(`${running.url}/scenario?service=search&name=latency-spike`, 'POST');
      expect(set).toEqual({
        status: 200,
        body: { services: { checkout: 'normal', catalog: 'normal', search: 'latency-spike' } },
      });
      const bad = await call(`${running.url}/scenario?service=billing&name=latency-spike`, 'POST');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatch(/^No service "billing"/);
      const listed = await call(`${running.url}/scenario`, 'GET');
      expect(listed.body.services).toEqual({ checkout: 'normal', catalog: 'normal', search: 'latency-spike' });
    } finally {
      await running.close();
    }
  });
});
