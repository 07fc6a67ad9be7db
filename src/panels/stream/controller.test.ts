import { FieldType, createDataFrame, createTheme, type DataFrame } from '@grafana/data';
import { SeriesBuffer } from './buffer';
import { StreamController, ingestField } from './controller';
import { buildStructure } from './model';
import { defaultOptions } from './types';

const theme = createTheme();

describe('ingestField', () => {
  it('appends only points newer than the newest held (no duplicates at the seam)', () => {
    const b = new SeriesBuffer(16);
    expect(ingestField(b, [1, 2, 3], [10, 20, 30])).toBe(3);
    expect(ingestField(b, [2, 3, 4, 5], [20, 30, 40, 50])).toBe(2);
    expect(b.length).toBe(5);
    expect(b.value(4)).toBe(50);
  });

  it('starts over when the source replaced its data with older data', () => {
    const b = new SeriesBuffer(16);
    ingestField(b, [100, 200], [1, 2]);
    expect(ingestField(b, [10, 20], [3, 4])).toBe(2);
    expect([b.length, b.time(0)]).toEqual([2, 10]);
  });

  it('turns null into NaN (a gap) and refuses out-of-order points', () => {
    const b = new SeriesBuffer(16);
    ingestField(b, [1, 2, 3], [1, null, 3]);
    expect(b.value(1)).toBeNaN();
    ingestField(b, [4, 3.5, 5], [1, 1, 1]);
    expect(b.refused).toBe(1);
  });
});

function frameWith(times: number[], values: number[]): DataFrame {
  return createDataFrame({
    refId: 'A',
    name: 'HTTP error rate',
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        config: { displayNameFromDS: 'HTTP error rate', unit: 'percentunit' },
      },
    ],
  });
}

function elements() {
  const make = () => document.createElement('div');
  const stale = make();
  // As the tile renders it: hidden until the controller says otherwise.
  stale.hidden = true;
  return { root: make(), value: make(), delta: make(), stale, note: make(), canvas: null };
}

describe('StreamController', () => {
  let now = 0;
  let frames: Array<() => void>;
  const setup = (data: DataFrame[]) => {
    frames = [];
    const c = new StreamController(
      theme,
      () => now,
      (cb) => frames.push(cb),
      () => undefined
    );
    const { tiles } = buildStructure(data, defaultOptions);
    c.setStructure(tiles, data);
    c.setDisplay({ windowMs: 60_000, rangeMs: 3_600_000, colorMode: 'value', showSparkline: true, theme });
    const els = elements();
    c.attach(tiles[0].key, els);
    return { c, els, key: tiles[0].key };
  };

  it('writes the value, delta and status in one animation frame, not per update', () => {
    now = 0;
    const data = [frameWith([0, 1000], [0.01, 0.02])];
    const { c, els } = setup(data);
    c.ingest(data);
    c.ingest(data);
    expect(frames).toHaveLength(1);
    frames[0]();
    expect(els.value.textContent).toBe('2%');
    expect(els.delta.textContent).toBe('+1%');
    expect(els.root.dataset.status).toBe('ok');
  });

  it('turns critical when the value crosses the catalog threshold', () => {
    const data = [frameWith([0, 1000], [0.01, 0.5])];
    const { c, els } = setup(data);
    c.ingest(data);
    c.drawNow();
    expect(els.root.dataset.status).toBe('critical');
    expect(els.value.style.color).not.toBe('');
  });

  it('shows the stale badge after three intervals without a new point, and hides it when one comes', () => {
    now = 10_000;
    const data = [frameWith([0, 1000, 2000], [0.01, 0.01, 0.01])];
    const { c, els } = setup(data);
    c.ingest(data);
    now = 12_900;
    c.checkStale();
    expect(els.stale.hidden).toBe(true);
    now = 13_100;
    c.checkStale();
    expect(els.stale.hidden).toBe(false);
    const more = [frameWith([0, 1000, 2000, 3000], [0.01, 0.01, 0.01, 0.01])];
    c.ingest(more);
    c.checkStale();
    expect(els.stale.hidden).toBe(true);
  });

  it("waits three of its live query's polls before calling a tile stale: 1-s points polled every 5 s are live", () => {
    now = 10_000;
    const data = [frameWith([0, 1000, 2000], [0.01, 0.01, 0.01])];
    data[0].meta = { custom: { streamPollMs: 5000 } };
    const { c, els } = setup(data);
    c.ingest(data);
    // Between two polls: three point intervals (3 s) have passed, but not three polls.
    now = 14_000;
    c.checkStale();
    expect(els.stale.hidden).toBe(true);
    now = 25_100;
    c.checkStale();
    expect(els.stale.hidden).toBe(false);
  });

  it('keeps each tile to its window, however long it runs', () => {
    const times: number[] = [];
    const values: number[] = [];
    const data = [frameWith(times, values)];
    const { c, key } = setup(data);
    for (let t = 0; t < 20_000; t++) {
      times.push(t * 1000);
      values.push(0.01);
      if (t % 100 === 0) {
        c.ingest([frameWith(times.slice(-200), values.slice(-200))]);
      }
    }
    // Window 60 s at 1 point/s: at most 1.5 windows are kept.
    expect(c.bufferOf(key)!.length).toBeLessThanOrEqual(91);
  });

  it('does not draw while hidden and catches up when shown', () => {
    const data = [frameWith([0, 1000], [0.01, 0.02])];
    const { c, els } = setup(data);
    c.setVisible(false);
    c.ingest(data);
    c.drawNow();
    expect(els.value.textContent).toBe('');
    c.setVisible(true);
    c.drawNow();
    expect(els.value.textContent).toBe('2%');
  });

  it("charts each tile over the panel's window, or all its live query keeps when that is shorter", () => {
    const live = frameWith([0, 1000], [0.01, 0.02]);
    live.meta = { custom: { streamWindowMs: 30_000 } };
    const { c, key } = setup([live]);
    const spec = { dataWindowMs: 30_000 };
    expect(c.windowOf(spec)).toBe(30_000);
    expect(c.windowOf({})).toBe(60_000);
    c.setDisplay({ windowMs: undefined, rangeMs: 3_600_000, colorMode: 'value', showSparkline: true, theme });
    expect([c.windowOf(spec), c.windowOf({})]).toEqual([30_000, 3_600_000]);
    // Points older than 1.5 windows of the tile's own chart are dropped.
    const times = Array.from({ length: 100 }, (_, i) => i * 1000);
    c.ingest([
      Object.assign(
        frameWith(
          times,
          times.map(() => 0.01)
        ),
        { meta: live.meta }
      ),
    ]);
    expect(c.bufferOf(key)!.time(0)).toBe(99_000 - 45_000);
  });
});
