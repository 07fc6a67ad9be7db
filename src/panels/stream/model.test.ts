import { FieldType, createDataFrame, createTheme, type DataFrame } from '@grafana/data';
import { getSignal } from '@perfscope/catalog';
import {
  buildStructure,
  chartWindowMs,
  dataWindowOf,
  inQueryOrder,
  formatDelta,
  formatValue,
  layoutTiles,
  legendText,
  optionProblems,
  signalOf,
  statusOf,
  structureKey,
  windowNote,
} from './model';
import { defaultOptions } from './types';

const theme = createTheme();

const series = (name: string, values: number[], config = {}, labels?: Record<string, string>): DataFrame =>
  createDataFrame({
    refId: 'A',
    name,
    fields: [
      { name: 'Time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      { name: 'Value', type: FieldType.number, values, config: { displayNameFromDS: name, ...config }, labels },
    ],
  });

describe('buildStructure', () => {
  it('makes one tile per numeric field with its unit and the catalog signal thresholds', () => {
    const { tiles, notes } = buildStructure(
      [series('HTTP latency p95', [0.1, 0.2], { unit: 's' }), series('Custom', [1])],
      defaultOptions
    );
    expect(tiles.map((t) => [t.title, t.unit, t.thresholds.source])).toEqual([
      ['HTTP latency p95', 's', 'catalog'],
      ['Custom', undefined, 'none'],
    ]);
    expect(notes).toEqual([]);
  });

  it('prefers field thresholds in auto mode when they were set', () => {
    const steps = [
      { value: -Infinity, color: 'green' },
      { value: 5, color: 'red' },
    ];
    const frame = series('HTTP latency p95', [1], { thresholds: { mode: 'absolute', steps } });
    expect(buildStructure([frame], defaultOptions).tiles[0].thresholds.source).toBe('field');
    expect(buildStructure([frame], { ...defaultOptions, thresholdsSource: 'app' }).tiles[0].thresholds.source).toBe(
      'catalog'
    );
    expect(buildStructure([frame], { ...defaultOptions, thresholdsSource: 'none' }).tiles[0].thresholds.source).toBe(
      'none'
    );
  });

  it("colours by a service's own levels when the panel is about that service", () => {
    const settings = { services: { batch: { signals: { http_latency_p95: { warning: 4, critical: 5 } } } } };
    const frame = series('HTTP latency p95', [1]);
    const levels = (service: string) => {
      const t = buildStructure([frame], { ...defaultOptions, service }, settings).tiles[0].thresholds;
      return t.source === 'catalog' ? t.signal.thresholds : undefined;
    };
    expect(levels('batch')).toMatchObject({ warning: 4, critical: 5 });
    expect(levels('')).toEqual(getSignal('http_latency_p95').thresholds);
    expect(levels('checkout')).toEqual(getSignal('http_latency_p95').thresholds);
    // The tiles are rebuilt when the service changes.
    expect(structureKey([frame], { ...defaultOptions, service: 'batch' }, settings)).not.toBe(
      structureKey([frame], defaultOptions, settings)
    );
  });

  it("uses only the panel's thresholds with the panel as the source, even for a known signal", () => {
    const base = { thresholds: { mode: 'absolute', steps: [{ value: -Infinity, color: 'green' }] } };
    const frame = series('HTTP latency p95', [1], base);
    expect(buildStructure([frame], defaultOptions).tiles[0].thresholds.source).toBe('catalog');
    expect(buildStructure([frame], { ...defaultOptions, thresholdsSource: 'panel' }).tiles[0].thresholds).toEqual({
      source: 'field',
      steps: base.thresholds.steps,
    });
  });

  it('caps the tiles and says how many are hidden', () => {
    const frames = Array.from({ length: 1200 }, (_, i) => series(`s${i}`, [i]));
    const { tiles, hidden, notes } = buildStructure(frames, { ...defaultOptions, maxTiles: 50 });
    expect(tiles).toHaveLength(50);
    expect(hidden).toBe(1150);
    expect(notes[0]).toMatch(/^1150 more series are hidden \(showing 50\)/);
  });

  it('notes frames without a time field and non-numeric fields, and filters by name', () => {
    const untimed = createDataFrame({
      refId: 'B',
      fields: [
        { name: 'value', type: FieldType.number, values: [3] },
        { name: 'host', type: FieldType.string, values: ['a'] },
      ],
    });
    const { tiles, notes } = buildStructure([untimed, series('keep me', [1]), series('drop', [1])], {
      ...defaultOptions,
      seriesFilter: 'keep|value',
    });
    expect(tiles.map((t) => [t.title, t.timeIndex])).toEqual([
      ['value', undefined],
      ['keep me', 0],
    ]);
    expect(notes).toEqual([
      '1 series have no time field: they show their last value, without a chart.',
      '1 non-numeric fields are not shown.',
    ]);
  });
});

describe('structureKey', () => {
  it('ignores new data but not new series, labels or config', () => {
    const a = structureKey([series('x', [1, 2])], defaultOptions);
    expect(structureKey([series('x', [1, 2, 3])], defaultOptions)).toBe(a);
    expect(structureKey([series('x', [1], {}, { route: '/a' })], defaultOptions)).not.toBe(a);
    expect(structureKey([series('x', [1], { unit: 's' })], defaultOptions)).not.toBe(a);
    expect(structureKey([series('x', [1]), series('y', [1])], defaultOptions)).not.toBe(a);
  });
});

describe('values and status', () => {
  it('formats values in the unit and keeps NaN and infinities visible', () => {
    expect(formatValue({ unit: 's', decimals: 2 }, 1.5)).toBe('1.50 s');
    expect(formatValue({ unit: 'percentunit' }, 0.25)).toBe('25%');
    expect(formatValue({}, NaN)).toBe('NaN');
    expect(formatValue({}, -Infinity)).toBe('-∞');
    expect(formatValue({}, undefined)).toBe('No data');
  });

  it('signs the delta', () => {
    expect(formatDelta({ unit: 's', decimals: 1 }, 0.5)).toBe('+500.0 ms');
    expect(formatDelta({ unit: 'reqps', decimals: 0 }, -3)).toBe('−3 req/s');
    expect(formatDelta({}, 0)).toBe('±0');
    expect(formatDelta({}, NaN)).toBe('');
  });

  it('colours by the catalog thresholds of a signal', () => {
    const spec = { thresholds: { source: 'catalog' as const, signal: getSignal('http_error_rate') } };
    expect(statusOf(spec, 0.01, theme)).toEqual({ status: 'ok', color: theme.colors.success.text });
    expect(statusOf(spec, 0.06, theme)).toEqual({ status: 'warning', color: theme.colors.warning.text });
    expect(statusOf(spec, 0.2, theme)).toEqual({ status: 'critical', color: theme.colors.error.text });
    expect(statusOf(spec, NaN, theme).status).toBe('no-data');
  });

  it('colours by field threshold steps', () => {
    const steps = [
      { value: -Infinity, color: 'green' },
      { value: 5, color: 'orange' },
      { value: 10, color: 'red' },
    ];
    const spec = { thresholds: { source: 'field' as const, steps } };
    expect(statusOf(spec, 1, theme).status).toBe('ok');
    expect(statusOf(spec, 7, theme)).toEqual({
      status: 'warning',
      color: theme.visualization.getColorByName('orange'),
    });
    expect(statusOf(spec, 10, theme).status).toBe('critical');
  });

  it('writes the legend from the thresholds', () => {
    const [tile] = buildStructure([series('HTTP latency p95', [1], { unit: 's' })], defaultOptions).tiles;
    expect(legendText(tile)).toBe('warning > 1 s · critical > 2 s');
  });

  it("writes the legend in the admin's units, whatever unit the field says", () => {
    const legend = (frame: DataFrame, options = defaultOptions, settings?: object) =>
      legendText(buildStructure([frame], options, settings as never).tiles[0]);
    // A dashboard's panel-wide unit `none` must not turn 5 % into 0.05.
    expect(legend(series('HTTP error rate', [0.01], { unit: 'none' }))).toBe('warning > 5 % · critical > 10 %');
    expect(legend(series('DB connections up', [1], { unit: 'bool' }))).toBe('critical: down');
    expect(
      legend(series('HTTP latency p95', [1], { unit: 's' }), defaultOptions, {
        signals: { http_latency_p95: { warning: 1.2, critical: 2.5 } },
      })
    ).toBe('warning > 1.2 s · critical > 2.5 s');
    const steps = [
      { value: -Infinity, color: 'green' },
      { value: 0.05, color: 'orange' },
      { value: 0.1, color: 'red' },
    ];
    const field = series('Errors', [0.01], { unit: 'percentunit', thresholds: { mode: 'absolute', steps } });
    expect(legend(field)).toBe('orange ≥ 5 % · red ≥ 10 %');
  });

  it('finds the signal by field name, display name or refId', () => {
    const health = createDataFrame({ fields: [{ name: 'db_up', type: FieldType.number, values: [1] }] });
    expect(signalOf(health, health.fields[0])?.id).toBe('db_up');
    const byRef = createDataFrame({
      refId: 'cache_hit_ratio',
      fields: [{ name: 'v', type: FieldType.number, values: [1] }],
    });
    expect(signalOf(byRef, byRef.fields[0])?.id).toBe('cache_hit_ratio');
  });
});

describe('optionProblems', () => {
  it('names each bad option', () => {
    expect(optionProblems(defaultOptions)).toEqual([]);
    expect(optionProblems({ seriesFilter: '(', windowSeconds: -1, maxTiles: 0 })).toEqual([
      'Series filter "(" is not a valid regular expression.',
      'Window must be 0 (the time range) or a positive number of seconds, got -1.',
      'Max tiles must be a whole number from 1 to 500, got 0.',
    ]);
  });
});

describe('layoutTiles', () => {
  it('fits tiles into the panel without overflow when it can', () => {
    const l = layoutTiles(10, 1200, 400, 'grid');
    expect(l.columns * l.rows).toBeGreaterThanOrEqual(10);
    expect(l.rows * l.tileHeight + (l.rows - 1) * 8).toBeLessThanOrEqual(400);
    expect(l.columns * l.tileWidth + (l.columns - 1) * 8).toBeLessThanOrEqual(1200);
  });

  it('stacks tiles in list layout', () => {
    expect(layoutTiles(3, 600, 300, 'list')).toMatchObject({ columns: 1, rows: 3, tileWidth: 600 });
  });
});

describe('inQueryOrder', () => {
  const frame = (refId: string, name: string): DataFrame => ({ refId, name, fields: [], length: 0 });
  const names = (frames: Array<{ name?: string }>) => frames.map((f) => f.name);

  it("puts frames in the order of the panel's queries, whatever order they arrived in", () => {
    const arrived = [frame('B', 'errors'), frame('C', 'p95'), frame('A', 'rate')];
    expect(names(inQueryOrder(arrived, ['A', 'B', 'C']))).toEqual(['rate', 'errors', 'p95']);
  });

  it('keeps the order within a query and puts frames of unlisted queries last', () => {
    const arrived = [frame('X', 'other'), frame('B', 'b1'), frame('A', 'a1'), frame('B', 'b2'), frame('A', 'a2')];
    expect(names(inQueryOrder(arrived, ['A', 'B']))).toEqual(['a1', 'a2', 'b1', 'b2', 'other']);
  });

  it('returns the same array when the frames are already in order or there is nothing to order by', () => {
    const ordered = [frame('A', 'a'), frame('B', 'b')];
    expect(inQueryOrder(ordered, ['A', 'B'])).toBe(ordered);
    const swapped = [frame('B', 'b'), frame('A', 'a')];
    expect(inQueryOrder(swapped, undefined)).toBe(swapped);
    expect(inQueryOrder(swapped, ['A'])).toBe(swapped);
  });
});

describe('chart window', () => {
  const live = (windowMs: unknown) => {
    const frame = series('HTTP error rate', [1, 2]);
    frame.meta = { custom: { streamWindowMs: windowMs } };
    return frame;
  };

  it("reads a live query's window from its frames, and nothing else", () => {
    expect(dataWindowOf(live(300_000))).toBe(300_000);
    expect(dataWindowOf(series('x', [1]))).toBeUndefined();
    expect(dataWindowOf(live('5m'))).toBeUndefined();
    expect(dataWindowOf(live(-1))).toBeUndefined();
    expect(buildStructure([live(300_000)], defaultOptions).tiles[0].dataWindowMs).toBe(300_000);
  });

  it('shows the panel window where set, never more than the data holds', () => {
    expect(chartWindowMs(undefined, 3_600_000)).toBe(3_600_000);
    expect(chartWindowMs(600_000, 3_600_000)).toBe(600_000);
    expect(chartWindowMs(3_600_000, 300_000)).toBe(300_000);
    expect(chartWindowMs(undefined, 0)).toBe(1000);
  });

  it('rebuilds the tiles when a live query keeps a different window', () => {
    expect(structureKey([live(300_000)], defaultOptions)).not.toBe(structureKey([live(600_000)], defaultOptions));
  });

  it("says when the panel's window is longer than what the query keeps", () => {
    expect(windowNote(0, [{ dataWindowMs: 300_000 }], 3_600_000)).toBeUndefined();
    expect(windowNote(600, [{}], 3_600_000)).toBeUndefined();
    expect(windowNote(3600, [{}, { dataWindowMs: 300_000 }], 3_600_000)).toBe(
      "Charts show 5 min, not the 1 h of the panel's window: that is all the query keeps (its time range, or the stream window of a live query)."
    );
    expect(windowNote(900, [{}], 90_000)).toMatch(/^Charts show 90 s, not the 15 min/);
  });
});
