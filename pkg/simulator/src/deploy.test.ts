import { parseExposition, total } from './dialects/testUtils';
import { Fleet } from './fleet';
import { serve } from './server';
import { nextVersion, Simulator } from './simulator';

const T0 = Date.UTC(2026, 0, 1, 12);

/** The `app_build_info` samples of an exposition: labels and value. */
const builds = (text: string) =>
  parseExposition(text)
    .samples.filter((s) => s.name === 'app_build_info')
    .map((s): Record<string, string | number> => ({ ...s.labels, value: s.value }));

function steps(sim: Simulator, seconds: number) {
  for (let i = 0; i < seconds * 10; i++) {
    sim.step(0.1);
  }
}

describe('deploys', () => {
  it('expose the running build as app_build_info = 1, the same commit for the same seed', async () => {
    const sim = new Simulator({ seed: 4, startTime: T0 });
    expect(sim.build).toEqual({ version: '1.0.0', commit: expect.stringMatching(/^[0-9a-f]{12}$/), slowdown: 1 });
    expect(builds(await sim.expose())).toEqual([{ version: '1.0.0', commit: sim.build.commit, value: 1 }]);
    expect(new Simulator({ seed: 4 }).build.commit).toBe(sim.build.commit);
    expect(new Simulator({ seed: 5 }).build.commit).not.toBe(sim.build.commit);
    expect(new Simulator({ seed: 4, version: '3.2.0' }).build.version).toBe('3.2.0');
  });

  it('change the version and commit: one series, the old one gone', async () => {
    const sim = new Simulator({ seed: 4, startTime: T0 });
    const first = sim.build.commit;
    expect(sim.deploy({ version: '1.1.0' })).toEqual({ version: '1.1.0', commit: expect.any(String), slowdown: 1 });
    expect(sim.build.commit).not.toBe(first);
    expect(builds(await sim.expose())).toEqual([{ version: '1.1.0', commit: sim.build.commit, value: 1 }]);
    // Without a version, the last number counts up.
    expect(sim.deploy().version).toBe('1.1.1');
  });

  it('slow every HTTP request by the factor and change no event', async () => {
    const plain = new Simulator({ seed: 9, startTime: T0 });
    const slowed = new Simulator({ seed: 9, startTime: T0 });
    plain.deploy({ version: '2.0.0' });
    slowed.deploy({ version: '2.0.0', slowdown: 1.3 });
    steps(plain, 20);
    steps(slowed, 20);
    const a = parseExposition(await plain.expose()).samples;
    const b = parseExposition(await slowed.expose()).samples;
    expect(total(b, 'http_requests_total')).toBe(total(a, 'http_requests_total'));
    expect(total(a, 'http_requests_total')).toBeGreaterThan(500);
    // Each duration is the profile's median times a factor: 1.3 times each, so 1.3 times the sum.
    const ratio = total(b, 'http_request_duration_seconds_sum') / total(a, 'http_request_duration_seconds_sum');
    expect(ratio).toBeCloseTo(1.3, 9);
    expect(total(b, 'db_query_duration_seconds_sum')).toBe(total(a, 'db_query_duration_seconds_sum'));
    // A rollback (no slowdown) ends it.
    slowed.deploy({ version: '1.0.0' });
    expect(slowed.build.slowdown).toBe(1);
  });

  it('refuse a bad version, the version running, or a bad slowdown, changing nothing', () => {
    const sim = new Simulator({ seed: 1 });
    expect(() => sim.deploy({ version: '1.0.0' })).toThrow('Version 1.0.0 is running already');
    expect(() => sim.deploy({ version: 'v 2' })).toThrow(/A version must be 1 to 64 letters, digits/);
    expect(() => sim.deploy({ slowdown: 0 })).toThrow(/Slowdown must be a number above 0 and at most 100/);
    expect(() => sim.deploy({ slowdown: Number.NaN })).toThrow(/Slowdown must be/);
    expect(() => new Simulator({ version: '' })).toThrow(/A version must be/);
    expect(sim.build.version).toBe('1.0.0');
  });

  it.each([
    ['1.4.2', '1.4.3'],
    ['2026.05', '2026.06'],
    ['1.0.0-rc.9', '1.0.0-rc.10'],
    ['release', 'release.1'],
  ])('count %s up to %s', (from, to) => {
    expect(nextVersion(from)).toBe(to);
  });

  it('deploy one service of a fleet, or all, each labelled with its job', async () => {
    const fleet = new Fleet(3, { startTime: T0 });
    fleet.deploy({ version: '1.2.0', slowdown: 2 }, 'search');
    expect(Object.fromEntries(Object.entries(fleet.builds()).map(([n, b]) => [n, [b.version, b.slowdown]]))).toEqual({
      checkout: ['1.0.0', 1],
      catalog: ['1.0.0', 1],
      search: ['1.2.0', 2],
    });
    const byJob = Object.fromEntries(builds(await fleet.expose()).map((b) => [b.job, b.version]));
    expect(byJob).toEqual({ checkout: '1.0.0', catalog: '1.0.0', search: '1.2.0' });
    fleet.deploy();
    expect(Object.values(fleet.builds()).map((b) => b.version)).toEqual(['1.0.1', '1.0.1', '1.2.1']);
    expect(() => fleet.deploy({ version: '1.2.1' })).toThrow('Version 1.2.1 is running already');
    expect(() => fleet.deploy({}, 'billing')).toThrow(/^No service "billing" in this fleet of 3/);
    expect(Object.values(fleet.builds()).map((b) => b.version)).toEqual(['1.0.1', '1.0.1', '1.2.1']);
  });
});

describe('POST /deploy', () => {
  it('deploys from the query or a JSON body, lists the build, and says what is wrong', async () => {
    const running = await serve(new Simulator({ seed: 2, speed: 5 }), '127.0.0.1', 0, 20);
    try {
      const post = (query: string, body?: string) =>
        fetch(`${running.url}/deploy${query}`, { method: 'POST', ...(body ? { body } : {}) });
      const ok = await post('?version=2.0.0&slowdown=1.5');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ build: { version: '2.0.0', commit: expect.any(String), slowdown: 1.5 } });
      const viaBody = await post('', JSON.stringify({ version: '2.0.1' }));
      expect((await viaBody.json()).build).toMatchObject({ version: '2.0.1', slowdown: 1 });
      expect((await (await fetch(`${running.url}/deploy`)).json()).build.version).toBe('2.0.1');
      expect(builds(await (await fetch(`${running.url}/metrics`)).text())).toEqual([
        { version: '2.0.1', commit: expect.any(String), value: 1 },
      ]);
      for (const [query, body, message] of [
        ['?slowdown=fast', undefined, /Slowdown must be a number above 0 and at most 100, e.g. 1.3 \(got "fast"\)/],
        [
          '',
          '{not json',
          /The body of POST \/deploy must be a JSON object, e\.g\. \{"version": "1\.4\.2", "slowdown": 1\.3\}, or empty/,
        ],
        ['', '["2.0.2"]', /The body of POST \/deploy must be a JSON object/],
        ['', JSON.stringify({ version: 3 }), /The version must be non-empty text, e\.g\. "1\.4\.2" \(got 3\)/],
        [
          '',
          JSON.stringify({ slowdown: [2] }),
          /Slowdown must be a number above 0 and at most 100, e\.g\. 1\.3 \(got \[2\]\)/,
        ],
        ['?service=search', undefined, /runs one service, so there is no service "search" to deploy/],
        ['', JSON.stringify({ service: 'search' }), /runs one service, so there is no service "search" to deploy/],
      ] as const) {
        const bad = await post(query, body);
        expect({ query, body, status: bad.status }).toEqual({ query, body, status: 400 });
        expect((await bad.json()).error).toMatch(message);
      }
      const large = await post('', JSON.stringify({ version: '2.0.2', note: 'x'.repeat(20_000) }));
      expect(large.status).toBe(413);
      expect((await large.json()).error).toMatch(/over 10,000 characters: send the fields as a small JSON object/);
      // Nothing refused was deployed.
      expect((await (await fetch(`${running.url}/deploy`)).json()).build.version).toBe('2.0.1');
    } finally {
      await running.close();
    }
  });

  it('deploys one service of a fleet named in the query or the body', async () => {
    const running = await serve(new Fleet(2, { startTime: T0 }), '127.0.0.1', 0);
    try {
      const set = await fetch(`${running.url}/deploy?service=catalog&version=5.0.0`, { method: 'POST' });
      const body = await set.json();
      expect(body.services.catalog).toMatchObject({ version: '5.0.0', slowdown: 1 });
      expect(body.services.checkout).toMatchObject({ version: '1.0.0' });
      const viaBody = await fetch(`${running.url}/deploy`, {
        method: 'POST',
        body: JSON.stringify({ service: 'checkout', version: '1.1.0', slowdown: 2 }),
      });
      const services = (await viaBody.json()).services;
      expect(services.checkout).toMatchObject({ version: '1.1.0', slowdown: 2 });
      expect(services.catalog).toMatchObject({ version: '5.0.0', slowdown: 1 });
    } finally {
      await running.close();
    }
  });
});
