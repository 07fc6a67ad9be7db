import { FieldType, ThresholdsMode, toDataFrame } from '@grafana/data';
import { HEALTH_COMPONENTS } from '@perfscope/catalog';
import { toHealthModel } from './model';
import { STEP, T0, bucketFrames, healthFrame, healthFrames } from './testFrames';
import { type Options, defaultOptions } from './types';

const READY = { settings: {} };
const panel = (patch: Partial<Options> = {}): Options => ({ ...defaultOptions, thresholdsSource: 'auto', ...patch });
const withComponent = (id: string, patch: object) =>
  defaultOptions.components.map((c) => (c.id === id ? { ...c, ...patch } : c));

describe('toHealthModel: the score', () => {
  it('is 100 and grade A when every component is healthy, each costing 0 points', () => {
    const model = toHealthModel(healthFrames(), defaultOptions, READY);
    expect(model.problems).toEqual([]);
    expect(model.score).toBe(100);
    expect(model.grade).toBe('A');
    expect(model.rows).toHaveLength(HEALTH_COMPONENTS.length);
    expect(model.rows.every((r) => r.cost === 0 && r.status === 'ok')).toBe(true);
    expect(model.notes).toEqual([]);
  });

  it('falls below 70 on an error burst, with the error rate first as the biggest loss', () => {
    const model = toHealthModel(healthFrames({ http_error_rate: 0.3 }), defaultOptions, READY);
    expect(model.score).toBeCloseTo((100 * 6.5) / 9.5, 10);
    expect(model.grade).toBe('D');
    expect(model.rows[0]).toMatchObject({
      id: 'http_error_rate',
      title: 'HTTP error rate',
      valueText: '30.00%',
      thresholdsText: 'warning > 5 % · critical > 10 %',
      score: 0,
      status: 'critical',
      link: '/d/perfscope-http',
    });
    expect(model.rows[0].cost).toBeCloseTo(300 / 9.5, 10);
  });

  it('orders worst first by points lost (not by status), then no data, then the healthy ones', () => {
    const model = toHealthModel(
      healthFrames({ http_latency_p95: 1.5, cache_hit_ratio: 0.3, db_up: NaN }),
      defaultOptions,
      READY
    );
    expect(model.rows.slice(0, 4).map((r) => [r.id, r.status])).toEqual([
      // A critical cache (weight 0.5, score 16.7) costs more than a warning latency (weight 1, score 60).
      ['cache_hit_ratio', 'critical'],
      ['http_latency_p95', 'warning'],
      ['db_up', 'no-data'],
      ['http_error_rate', 'ok'],
    ]);
  });
});

describe('toHealthModel: mapping', () => {
  it('maps series by refId, by field name, and by the rules of the mapping editor', () => {
    const frames = [
      toDataFrame({ refId: 'http_error_rate', fields: [{ name: 'Value', type: FieldType.number, values: [0.3] }] }),
      toDataFrame({ refId: 'B', fields: [{ name: 'cache_hit_ratio', type: FieldType.number, values: [0.95] }] }),
      toDataFrame({ refId: 'L', fields: [{ name: 'p95', type: FieldType.number, values: [1] }] }),
      toDataFrame({ refId: 'X', fields: [{ name: 'other', type: FieldType.number, values: [7] }] }),
    ];
    const model = toHealthModel(
      frames,
      { ...defaultOptions, mappings: [{ source: 'L', component: 'http_latency_p95' }] },
      READY
    );
    expect(model.rows.filter((r) => r.score !== undefined).map((r) => [r.id, r.score])).toEqual([
      ['http_error_rate', 0],
      ['http_latency_p95', 70],
      ['cache_hit_ratio', 100],
    ]);
    expect(model.notes).toContain('Not mapped to a component: other (X).');
  });

  it('takes the worst of several series mapped to one component, and says so', () => {
    const frames = [
      healthFrame('http_error_rate', [0.01], { refId: 'A' }),
      healthFrame('http_error_rate', [0.08], { refId: 'B' }),
    ];
    const model = toHealthModel(frames, defaultOptions, READY);
    expect(model.rows[0]).toMatchObject({ id: 'http_error_rate', value: 0.08 });
    expect(model.notes).toContain('2 series map to HTTP error rate: the worst value counts.');
  });
});

describe('toHealthModel: missing data is never healthy', () => {
  it('renormalises over the components with data and names the others', () => {
    const model = toHealthModel(
      [healthFrame('http_error_rate', [0.075]), healthFrame('db_up', [1])],
      defaultOptions,
      READY
    );
    // (3 · 60 + 1 · 100) / 4
    expect(model.score).toBe(70);
    expect(model.rows.find((r) => r.id === 'http_apdex')).toMatchObject({
      valueText: 'No data',
      score: undefined,
      status: 'no-data',
      noData: 'no series is mapped to it',
    });
    expect(model.notes).toContainEqual(
      expect.stringMatching(
        /^Score from 2 of 9 components, weights renormalised: no data for HTTP latency p95, HTTP Apdex,/
      )
    );
  });

  it('reports a NaN series as no data with the reason', () => {
    const model = toHealthModel(healthFrames({ audio_stream_error_rate: NaN }), defaultOptions, READY);
    expect(model.score).toBe(100);
    expect(model.rows.find((r) => r.id === 'audio_stream_error_rate')).toMatchObject({
      valueText: 'NaN',
      status: 'no-data',
      noData: 'its latest value is NaN (e.g. a ratio without traffic)',
    });
    expect(model.notes).toContainEqual(expect.stringMatching(/no data for Stream error rate\.$/));
  });

  it('has no score, and says why, when every mapped component is NaN or empty', () => {
    const model = toHealthModel(
      [healthFrame('http_error_rate', [NaN]), healthFrame('db_up', [null])],
      defaultOptions,
      READY
    );
    expect(model.score).toBeUndefined();
    expect(model.problems[0]).toMatch(/^No health component has a value, so there is no score \(/);
    expect(model.problems[0]).toContain('HTTP error rate: its latest value is NaN');
    expect(model.problems[0]).toContain('DB connections up: its series has no value');
  });

  it('has no score when no series maps to a component, listing what was found', () => {
    const frames = [toDataFrame({ refId: 'A', fields: [{ name: 'Value', type: FieldType.number, values: [1] }] })];
    const model = toHealthModel(frames, defaultOptions, READY);
    expect(model.score).toBeUndefined();
    expect(model.problems).toEqual([
      expect.stringMatching(/^No series is mapped to a health component.*Series found: Value \(A\)\.$/),
    ]);
    expect(toHealthModel([], defaultOptions, READY).problems[0]).toMatch(/The query returned no number series\.$/);
  });
});

describe('toHealthModel: bad options and settings, each with its message', () => {
  it.each([
    [
      'all weights zero',
      panel({ components: defaultOptions.components.map((c) => ({ ...c, weight: 0 })) }),
      /Every health component has weight 0/,
    ],
    [
      'a negative weight',
      panel({ components: withComponent('db_up', { weight: -1 }) }),
      /Weight of DB connections up is -1/,
    ],
    [
      'a NaN weight',
      panel({ components: withComponent('db_up', { weight: NaN }) }),
      /Weight of DB connections up is not a number/,
    ],
    [
      'inverted panel thresholds',
      panel({ components: withComponent('http_error_rate', { warning: 0.2, critical: 0.1 }) }),
      /HTTP error rate: thresholds are inverted \(warning 0.2, critical 0.1\)/,
    ],
    [
      'no component turned on',
      { ...defaultOptions, components: defaultOptions.components.map((c) => ({ ...c, enabled: false })) },
      /No health components are selected/,
    ],
    [
      'grade boundaries out of order',
      { ...defaultOptions, grades: { A: 70, B: 80, C: 60, D: 50 } },
      /must fall from A to D/,
    ],
    ['an Apdex T of 0', panel({ apdexT: 0 }), /Apdex T must be a positive number/],
  ])('%s', (_name, options, message) => {
    const model = toHealthModel(healthFrames(), options, READY);
    expect(model.score).toBeUndefined();
    expect(model.problems.join(' ')).toMatch(message);
  });

  it('inverted thresholds in the app settings', () => {
    const model = toHealthModel(healthFrames(), defaultOptions, {
      settings: { signals: { cache_hit_ratio: { warning: 0.4, critical: 0.6 } } },
    });
    expect(model.score).toBeUndefined();
    expect(model.problems).toEqual([expect.stringMatching(/^Cache hit ratio: thresholds are inverted/)]);
  });

  it('ignores panel weights and thresholds while the app settings are the source', () => {
    const options = { ...defaultOptions, components: withComponent('http_error_rate', { weight: -1, warning: 0.5 }) };
    expect(toHealthModel(healthFrames(), options, READY).score).toBe(100);
  });
});

describe('toHealthModel: thresholds, weights and Apdex T', () => {
  it('takes them from the app settings', () => {
    const settings = {
      signals: { http_error_rate: { warning: 0.001, critical: 0.004 } },
      health: { weights: { http_error_rate: 1 } },
    };
    const model = toHealthModel(healthFrames(), defaultOptions, { settings });
    const row = model.rows[0];
    expect(row).toMatchObject({
      id: 'http_error_rate',
      thresholdsText: 'warning > 0.1 % · critical > 0.4 %',
      weight: 1,
    });
    // 0.2 % lies a third of the way from warning (70) to critical (50).
    expect(row.score).toBeCloseTo(70 - 20 / 3, 10);
  });

  it("takes a service's own levels when the panel is about that service", () => {
    const settings = {
      signals: { http_error_rate: { warning: 0.001, critical: 0.004 } },
      services: { batch: { signals: { http_error_rate: { critical: 0.5 } } } },
    };
    const fleet = toHealthModel(healthFrames(), defaultOptions, { settings });
    const batch = toHealthModel(healthFrames(), { ...defaultOptions, service: 'batch' }, { settings });
    const other = toHealthModel(healthFrames(), { ...defaultOptions, service: 'checkout' }, { settings });
    const errorRow = (m: typeof fleet) => m.rows.find((r) => r.id === 'http_error_rate')!;
    // Batch's warning stays the settings' (0.1 %); its critical level is its own (50 %).
    expect(errorRow(batch).thresholdsText).toBe('warning > 0.1 % · critical > 50 %');
    expect(errorRow(other)).toEqual(errorRow(fleet));
    expect(errorRow(batch).score!).toBeGreaterThan(errorRow(fleet).score!);
    expect(batch.score!).toBeGreaterThan(fleet.score!);
  });

  it('takes them from the panel where it sets them, else from the settings', () => {
    const settings = { signals: { http_error_rate: { warning: 0.001, critical: 0.004 } } };
    const options = panel({ components: withComponent('http_error_rate', { critical: 0.002, weight: 2 }) });
    const row = toHealthModel(healthFrames(), options, { settings }).rows[0];
    expect(row).toMatchObject({
      id: 'http_error_rate',
      weight: 2,
      score: 50,
      thresholdsText: 'warning > 0.1 % · critical > 0.2 %',
    });
  });

  it('reads field-config thresholds with the panel as the source (lowest two steps where higher is worse)', () => {
    const frame = healthFrame('http_latency_p95', [1.5]);
    frame.fields[1].config.thresholds = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 0.5, color: 'orange' },
        { value: 1, color: 'red' },
      ],
    };
    const row = toHealthModel([frame], panel(), READY).rows.find((r) => r.id === 'http_latency_p95');
    expect(row).toMatchObject({ status: 'critical', thresholdsText: 'warning > 0.5 s · critical > 1 s' });
    expect(toHealthModel([frame], defaultOptions, READY).rows.find((r) => r.id === 'http_latency_p95')?.status).toBe(
      'warning'
    );
  });

  it('shows values in the field unit when one is set', () => {
    const model = toHealthModel([healthFrame('http_latency_p95', [0.35], { unit: 'ms' })], defaultOptions, READY);
    expect(model.rows.find((r) => r.id === 'http_latency_p95')?.valueText).toBe('0.35 ms');
  });

  it('falls back to the catalog defaults and says so when the settings cannot be read', () => {
    const model = toHealthModel(healthFrames(), defaultOptions, {
      error: 'The Perfscope app settings could not be read: showing the default thresholds.',
    });
    expect(model.score).toBe(100);
    expect(model.notes[0]).toBe(
      'The Perfscope app settings could not be read: showing the default thresholds. Weights and Apdex T are the defaults too.'
    );
  });

  it('computes Apdex from mapped histogram buckets at T, and 4T', () => {
    // Per step: 100 requests, 60 within 0.5 s, 90 within 2 s → (60 + 30 / 2) / 100 = 0.75.
    const buckets = bucketFrames('B', {
      '0.25': [40, 40],
      '0.5': [60, 60],
      '1': [80, 80],
      '2': [90, 90],
      '+Inf': [100, 100],
    });
    const options = { ...defaultOptions, mappings: [{ source: 'B', component: 'http_apdex' }] };
    const model = toHealthModel(
      [...healthFrames().filter((f) => f.fields[1].name !== 'http_apdex'), ...buckets],
      options,
      READY
    );
    const row = model.rows.find((r) => r.id === 'http_apdex')!;
    expect(row).toMatchObject({
      value: 0.75,
      valueText: '75.00%',
      thresholdsText: 'warning < 85 % · critical < 70 % · T 0.5 s',
    });
    // With T = 0.25 s from the settings: (40 + (80 − 40) / 2) / 100 = 0.6.
    const tuned = toHealthModel(buckets, options, { settings: { health: { apdexT: 0.25 } } });
    expect(tuned.rows.find((r) => r.id === 'http_apdex')?.value).toBe(0.6);
  });

  it('says when T or 4T is not a boundary of the mapped buckets', () => {
    const buckets = bucketFrames('B', { '0.25': [40], '0.5': [60], '1': [80], '+Inf': [100] });
    const model = toHealthModel(
      buckets,
      { ...panel({ apdexT: 0.3 }), mappings: [{ source: 'B', component: 'http_apdex' }] },
      READY
    );
    expect(model.rows.find((r) => r.id === 'http_apdex')?.value).toBe((40 + 40 / 2) / 100);
    expect(model.notes).toContainEqual(
      expect.stringMatching(/^T = 0.3 s is not a bucket boundary \(0.25, 0.5, 1\); 0.25 s is used instead\.$/)
    );
  });

  it("says that Apdex from the Health query keeps the app's T when the panel sets another", () => {
    const model = toHealthModel(healthFrames(), panel({ apdexT: 0.25 }), READY);
    expect(model.notes).toContainEqual(
      expect.stringMatching(/^Apdex comes from its query as is \(the Health query computes it at the app's T = 0.5 s\)/)
    );
    const appT = { settings: { health: { apdexT: 0.25 } } };
    const agreeing = toHealthModel(healthFrames(), panel({ apdexT: 0.25 }), appT);
    expect(agreeing.notes.filter((n) => n.startsWith('Apdex comes'))).toEqual([]);
    const fromApp = toHealthModel(healthFrames(), panel({}), appT);
    expect(fromApp.notes.filter((n) => n.startsWith('Apdex comes'))).toEqual([]);
  });
});

describe('toHealthModel: trend and links', () => {
  it('scores every time of a range query', () => {
    const model = toHealthModel(healthFrames({ http_error_rate: [0.002, 0.3, 0.3, 0.002] }), defaultOptions, READY);
    expect(model.trend.map((p) => p.time)).toEqual([T0, T0 + STEP, T0 + 2 * STEP, T0 + 3 * STEP]);
    expect(model.trend.map((p) => Math.round(p.score * 100) / 100)).toEqual([100, 68.42, 68.42, 100]);
    expect(toHealthModel(healthFrames(), defaultOptions, READY).trend).toEqual([]);
  });

  it('links each component to its area dashboard, or to the link set in the options', () => {
    const options = { ...defaultOptions, components: withComponent('db_up', { link: 'https://wiki.example/db' }) };
    const links = Object.fromEntries(toHealthModel(healthFrames(), options, READY).rows.map((r) => [r.id, r.link]));
    expect(links).toMatchObject({
      http_error_rate: '/d/perfscope-http',
      db_query_avg: '/d/perfscope-database',
      db_up: 'https://wiki.example/db',
      cache_hit_ratio: '/d/perfscope-cache',
      audio_stream_error_rate: '/d/perfscope-audio',
      websocket_error_rate: '/d/perfscope-realtime',
      system_load1: '/d/perfscope-realtime',
    });
  });
});
