import { type DataFrame, DataTopic, FieldType, type LinkModel, toDataFrame } from '@grafana/data';
import { TileExemplars, isExemplarFrame, splitExemplarFrames, traceIdField } from './exemplars';

const T0 = 1_700_000_000_000;

/** An exemplar frame as the Perfscope datasource (and Grafana's Prometheus one) gives it. */
function exemplars(
  refId: string,
  rows: Array<{ t: number; v: number; trace: string; route?: string }>,
  getLinks?: (row: number) => LinkModel[]
): DataFrame {
  const frame = toDataFrame({
    name: 'exemplar',
    refId,
    meta: { dataTopic: DataTopic.Annotations, custom: { resultType: 'exemplar', traceIdLabel: 'trace_id' } },
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map((r) => T0 + r.t) },
      { name: 'Value', type: FieldType.number, values: rows.map((r) => r.v) },
      { name: 'le', type: FieldType.string, values: rows.map(() => '0.5') },
      { name: 'route', type: FieldType.string, values: rows.map((r) => r.route ?? '/a') },
      { name: 'trace_id', type: FieldType.string, values: rows.map((r) => r.trace) },
    ],
  });
  if (getLinks) {
    frame.fields[4].getLinks = ({ valueRowIndex }) => getLinks(valueRowIndex!);
  }
  return frame;
}

const series = toDataFrame({
  refId: 'A',
  fields: [
    { name: 'Time', type: FieldType.time, values: [T0] },
    { name: 'Value', type: FieldType.number, values: [0.2] },
  ],
});

describe('splitExemplarFrames', () => {
  it('keeps the series as they are when no exemplar frame is among them', () => {
    const list = [series];
    const ex = exemplars('A', [{ t: 0, v: 1, trace: 'a' }]);
    const split = splitExemplarFrames(list, [ex]);
    expect(split.series).toBe(list);
    expect(split.exemplars).toEqual([ex]);
  });

  it('takes exemplar frames out of the series (a source that does not set the data topic)', () => {
    const ex = exemplars('A', [{ t: 0, v: 1, trace: 'a' }]);
    const named = toDataFrame({ name: 'other', meta: { custom: { resultType: 'exemplar' } }, fields: [] });
    const split = splitExemplarFrames([series, ex, named], undefined);
    expect(split.series).toEqual([series]);
    expect(split.exemplars).toEqual([ex, named]);
    expect(isExemplarFrame(series)).toBe(false);
  });

  it('ignores annotations that are not exemplars', () => {
    const annotation = toDataFrame({ name: 'annotations', fields: [] });
    expect(splitExemplarFrames([series], [annotation]).exemplars).toEqual([]);
  });
});

describe('traceIdField', () => {
  it('is the linked field, else the named one, else a usual name', () => {
    const frame = exemplars('A', [{ t: 0, v: 1, trace: 'a' }]);
    expect(traceIdField(frame)?.name).toBe('trace_id');
    frame.fields[3].config.links = [{ title: 'x', url: '' }];
    expect(traceIdField(frame)?.name).toBe('route');
    const plain = toDataFrame({
      fields: [
        { name: 'Value', type: FieldType.number, values: [1] },
        { name: 'traceID', type: FieldType.string, values: ['a'] },
      ],
    });
    expect(traceIdField(plain)?.name).toBe('traceID');
  });
});

describe('TileExemplars', () => {
  it("finds the slowest exemplar in a window, among its query's only", () => {
    const buffer = new TileExemplars(16);
    const frames = [
      exemplars('A', [
        { t: 0, v: 0.3, trace: 'a' },
        { t: 1000, v: 0.9, trace: 'b' },
        { t: 2000, v: 0.5, trace: 'c' },
      ]),
      exemplars('B', [{ t: 1500, v: 9, trace: 'other query' }]),
    ];
    expect(buffer.load(frames, { refId: 'A' })).toBe(true);
    expect(buffer.length).toBe(3);
    expect(buffer.markedAt(buffer.slowestIn(T0, T0 + 2000))).toMatchObject({ traceId: 'b', value: 0.9 });
    // The window moved past it.
    expect(buffer.markedAt(buffer.slowestIn(T0 + 1500, T0 + 2000)).traceId).toBe('c');
    expect(buffer.slowestIn(T0 + 5000, T0 + 6000)).toBe(-1);
  });

  it("keeps only the exemplars of the tile's own series where the frame has its labels", () => {
    const buffer = new TileExemplars(16);
    const frame = exemplars('A', [
      { t: 0, v: 5, trace: 'b-route', route: '/b' },
      { t: 1000, v: 1, trace: 'a-route', route: '/a' },
    ]);
    buffer.load([frame], { refId: 'A', labels: { route: '/a', job: 'api' } });
    expect(buffer.length).toBe(1);
    expect(buffer.markedAt(buffer.slowestIn(T0, T0 + 1000)).traceId).toBe('a-route');
  });

  it('holds no more than its capacity, the newest kept, in time order whatever the rows', () => {
    const buffer = new TileExemplars(4);
    const rows = [5, 1, 3, 9, 7, 2, 8].map((t) => ({ t: t * 1000, v: t, trace: `t${t}` }));
    buffer.load([exemplars('A', rows)], { refId: 'A' });
    expect(buffer.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => buffer.time(i) - T0)).toEqual([5000, 7000, 8000, 9000]);
  });

  it('loads again only for other frames, and reads the link of the marked exemplar only', () => {
    const getLinks = jest.fn((row: number) => [
      { href: `/explore?trace=${row}`, title: 'Query with Tempo', target: '_self' as const, origin: {} },
    ]);
    const buffer = new TileExemplars(8);
    const frame = exemplars(
      'A',
      [
        { t: 0, v: 1, trace: 'a' },
        { t: 1000, v: 2, trace: 'b' },
      ],
      getLinks
    );
    expect(buffer.load([frame], { refId: 'A' })).toBe(true);
    expect(buffer.load([frame], { refId: 'A' })).toBe(false);
    const slowest = buffer.slowestIn(T0, T0 + 1000);
    const marked = buffer.markedAt(slowest);
    expect(marked.link?.href).toBe('/explore?trace=1');
    expect(buffer.markedAt(slowest)).toBe(marked);
    expect(getLinks).toHaveBeenCalledTimes(1);
    // New data: the frames are read again, and emptied when the exemplars are gone.
    expect(buffer.load([], { refId: 'A' })).toBe(true);
    expect(buffer.length).toBe(0);
    expect(buffer.load([], { refId: 'A' })).toBe(false);
  });

  it('refuses a buffer without room', () => {
    expect(() => new TileExemplars(0)).toThrow('room for at least 1 exemplar');
  });
});
