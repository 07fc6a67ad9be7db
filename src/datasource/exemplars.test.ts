import { DataTopic, FieldType } from '@grafana/data';
import { buildPromQL, findSignal } from '@perfscope/catalog';
import {
  type Exemplar,
  exemplarFrame,
  exemplarKey,
  exemplarScale,
  isLatencySignal,
  readExemplars,
  sampleExemplars,
  scaled,
  wantsExemplars,
} from './exemplars';
import { traceLinks } from './traceLinks';

/** A query_exemplars body as Prometheus 2.x writes it (web/api/v1/api.go, queryExemplars). */
const body = {
  status: 'success',
  data: [
    {
      seriesLabels: { __name__: 'http_request_duration_seconds_bucket', job: 'api', le: '0.5' },
      exemplars: [
        { labels: { trace_id: 'aaa' }, value: '0.42', timestamp: 1700000000.123 },
        { labels: { trace_id: 'bbb', span_id: 's1' }, value: '0.31', timestamp: 1700000010 },
      ],
    },
    {
      seriesLabels: { __name__: 'http_request_duration_seconds_bucket', job: 'api', le: '+Inf' },
      exemplars: [{ labels: { trace_id: 'ccc' }, value: '7', timestamp: 1700000005 }],
    },
  ],
};

const at = (timeMs: number, value: number, trace = `t${timeMs}-${value}`): Exemplar => ({
  timeMs,
  value,
  labels: { trace_id: trace },
});

describe('readExemplars', () => {
  it('reads every exemplar with its series labels under its own, in ms', () => {
    const list = readExemplars(body);
    expect(list).toHaveLength(3);
    expect(list[0]).toEqual({
      timeMs: 1_700_000_000_123,
      value: 0.42,
      labels: { __name__: 'http_request_duration_seconds_bucket', job: 'api', le: '0.5', trace_id: 'aaa' },
      ownLabels: ['trace_id'],
    });
    expect(list[1].ownLabels).toEqual(['trace_id', 'span_id']);
    expect(list[2]).toMatchObject({ value: 7, labels: { le: '+Inf', trace_id: 'ccc' } });
  });

  it('lets an exemplar label win over a series label of the same name', () => {
    const list = readExemplars({
      status: 'success',
      data: [{ seriesLabels: { a: 'series' }, exemplars: [{ labels: { a: 'own' }, value: '1', timestamp: 1 }] }],
    });
    expect(list[0].labels.a).toBe('own');
  });

  it('reads an empty answer (no exemplar storage, or none in the range) as no exemplars', () => {
    expect(readExemplars({ status: 'success', data: [] })).toEqual([]);
    expect(readExemplars({ status: 'success', data: null })).toEqual([]);
  });

  it('leaves out values that cannot be placed on a chart', () => {
    const list = readExemplars({
      status: 'success',
      data: [
        {
          seriesLabels: {},
          exemplars: [
            { labels: {}, value: 'NaN', timestamp: 1 },
            { labels: {}, value: '+Inf', timestamp: 2 },
          ],
        },
      ],
    });
    expect(list).toEqual([]);
  });

  it('says what Prometheus rejected, and what is wrong with a body it cannot read', () => {
    expect(() => readExemplars({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })).toThrow(
      'Prometheus rejected the exemplar query (bad_data): parse error at char 3'
    );
    expect(() => readExemplars('<html>login</html>')).toThrow(/not with a Prometheus API response/);
    expect(() =>
      readExemplars({
        status: 'success',
        data: [{ seriesLabels: {}, exemplars: [{ labels: {}, value: 0.4, timestamp: 1 }] }],
      })
    ).toThrow('exemplar 1 of series 1 has the value 0.4, not a number');
    expect(() =>
      readExemplars({ status: 'success', data: [{ seriesLabels: {}, exemplars: [{ labels: {}, value: '1' }] }] })
    ).toThrow('exemplar 1 of series 1 has no timestamp');
    expect(() => readExemplars({ status: 'success', data: [{ seriesLabels: { a: 1 }, exemplars: [] }] })).toThrow(
      'the labels of series 1 are not a map of texts'
    );
  });
});

describe('sampleExemplars', () => {
  it('keeps every exemplar that is alone in its step', () => {
    const list = [at(0, 1), at(15_000, 2), at(30_000, 3)];
    expect(sampleExemplars(list, { stepMs: 15_000, rangeMs: 45_000, maxPoints: 100 })).toEqual(list);
  });

  it('keeps per step the highest and those two standard deviations below the last kept, as Grafana samples', () => {
    // 10, 9.9, 1 and 0.9 in the first step, 0.5 and 0.4 in the second. The standard deviation of all
    // six is 4.78: every value of the first step is within 2σ (9.56) of 10, so only 10 stays.
    const list = [at(1000, 10), at(2000, 9.9), at(3000, 1), at(4000, 0.9), at(20_000, 0.5), at(21_000, 0.4)];
    const values = list.map((e) => e.value);
    const mean = values.reduce((a, b) => a + b) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    expect(sd).toBeCloseTo(4.78, 2);
    const sampled = sampleExemplars(list, { stepMs: 15_000, rangeMs: 30_000, maxPoints: 100 });
    expect(sampled.map((e) => e.value)).toEqual([10, 0.5]);
  });

  it('keeps a second exemplar in a step when it is far below the first', () => {
    // Twenty more values of 1 keep the standard deviation at 21.1: 1 is 99 below 100, beyond 2σ.
    const list = [at(1000, 100), at(2000, 1), ...Array.from({ length: 20 }, (_, i) => at(30_000 + i * 15_000, 1))];
    const sampled = sampleExemplars(list, { stepMs: 15_000, rangeMs: 330_000, maxPoints: 100 });
    expect(sampled.filter((e) => e.timeMs < 15_000).map((e) => e.value)).toEqual([100, 1]);
    expect(sampled).toHaveLength(22);
  });

  it('never returns more than maxPoints, oldest first, and always keeps the slowest', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => at(i * 100, (i * 7919) % 1000));
    list[4321] = at(432_100, 5000, 'slowest');
    const sampled = sampleExemplars(list, { stepMs: 1000, rangeMs: 1_000_000, maxPoints: 50 });
    expect(sampled.length).toBeLessThanOrEqual(50);
    expect(sampled.length).toBeGreaterThan(40);
    expect(sampled.map((e) => e.labels.trace_id)).toContain('slowest');
    const times = sampled.map((e) => e.timeMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives nothing for nothing', () => {
    expect(sampleExemplars([], { stepMs: 1000, rangeMs: 1000, maxPoints: 10 })).toEqual([]);
  });
});

describe('exemplarFrame', () => {
  const links = traceLinks({ uid: 'tempo', name: 'Tempo', type: 'tempo' });

  it('is the frame Grafana draws as exemplar markers, the trace id field linked', () => {
    const frame = exemplarFrame(readExemplars(body), { refId: 'A', unit: 's', traceIdLabel: 'trace_id', links });
    expect(frame.name).toBe('exemplar');
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(3);
    expect(frame.meta).toEqual({
      dataTopic: DataTopic.Annotations,
      custom: { resultType: 'exemplar', traceIdLabel: 'trace_id' },
    });
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['Time', FieldType.time],
      ['Value', FieldType.number],
      ['__name__', FieldType.string],
      ['job', FieldType.string],
      ['le', FieldType.string],
      ['span_id', FieldType.string],
      ['trace_id', FieldType.string],
    ]);
    expect(frame.fields[0].values).toEqual([1_700_000_000_123, 1_700_000_010_000, 1_700_000_005_000]);
    expect(frame.fields[1].config.unit).toBe('s');
    // A label an exemplar lacks is empty, never undefined.
    expect(frame.fields.find((f) => f.name === 'span_id')!.values).toEqual(['', 's1', '']);
    expect(frame.fields.find((f) => f.name === 'trace_id')!.config.links).toBe(links);
    expect(frame.fields.find((f) => f.name === 'job')!.config.links).toBeUndefined();
  });

  it('has no links without a tracing datasource', () => {
    const frame = exemplarFrame(readExemplars(body), { refId: 'A', traceIdLabel: 'trace_id' });
    expect(frame.fields.every((f) => !f.config.links)).toBe(true);
  });
});

describe('latency signals and exemplar defaults', () => {
  const p95 = findSignal('http_latency_p95')!;
  const wow = findSignal('http_latency_p95_wow')!;
  const audio = findSignal('audio_buffer_ratio_p90')!;
  const rate = findSignal('http_request_rate')!;

  it('knows a latency signal by its histogram quantile in a unit of time', () => {
    expect(isLatencySignal(p95, buildPromQL(p95))).toBe(true);
    expect(isLatencySignal(p95, `(${buildPromQL(p95)}) * 0.001`)).toBe(true);
    // A quantile of something else, a ratio built from quantiles, a rate: no.
    expect(isLatencySignal(audio, buildPromQL(audio))).toBe(false);
    expect(isLatencySignal(wow, buildPromQL(wow))).toBe(false);
    expect(isLatencySignal(rate, buildPromQL(rate))).toBe(false);
    expect(isLatencySignal(undefined, buildPromQL(p95))).toBe(false);
  });

  it('asks for exemplars by default for latency signals only, and as the query says otherwise', () => {
    const expr = buildPromQL(p95);
    expect(wantsExemplars({ mode: 'signal' }, p95, expr)).toBe(true);
    expect(wantsExemplars({ mode: 'signal', exemplars: false }, p95, expr)).toBe(false);
    expect(wantsExemplars({ mode: 'signal' }, rate, buildPromQL(rate))).toBe(false);
    expect(wantsExemplars({ mode: 'signal', exemplars: true }, rate, buildPromQL(rate))).toBe(true);
    // Raw PromQL: only when asked.
    expect(wantsExemplars({ mode: 'promql' }, undefined, expr)).toBe(false);
    expect(wantsExemplars({ mode: 'promql', exemplars: true }, undefined, expr)).toBe(true);
    // Never for one value, or for a health-score component.
    expect(wantsExemplars({ mode: 'signal', instant: true, exemplars: true }, p95, expr)).toBe(false);
    expect(wantsExemplars({ mode: 'signal' }, p95, expr, 'http_latency_p95')).toBe(false);
  });

  it("reads the catalog's scale of a histogram in another unit, for the exemplars", () => {
    const expr = buildPromQL(p95);
    expect(exemplarScale(`(${expr}) * 0.001`)).toBe(0.001);
    expect(exemplarScale(expr)).toBe(1);
    expect(exemplarScale(`(${expr}) * 2 + 1`)).toBe(1);
    expect(scaled([at(1, 420)], 0.001)[0].value).toBeCloseTo(0.42);
  });
});

describe('exemplarKey', () => {
  it('tells exemplars apart by time, value and labels, whatever the label order', () => {
    const a: Exemplar = { timeMs: 1, value: 2, labels: { trace_id: 'x', job: 'api' } };
    expect(exemplarKey(a)).toBe(exemplarKey({ timeMs: 1, value: 2, labels: { job: 'api', trace_id: 'x' } }));
    expect(exemplarKey(a)).not.toBe(exemplarKey({ ...a, labels: { trace_id: 'y', job: 'api' } }));
    expect(exemplarKey(a)).not.toBe(exemplarKey({ ...a, timeMs: 2 }));
  });
});
