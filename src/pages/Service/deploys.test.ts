import { FieldType, createDataFrame } from '@grafana/data';
import { buildPromQL, getSignal } from '@perfscope/catalog';
import { wantsExemplars } from '../../datasource/exemplars';
import { AFTER_DEPLOY_SECONDS, deployQueries, deploysFrom, relativeChange } from './deploys';

const MIN = 60_000;
const T0 = 1_800_000_000_000;
const series = (refId: string, points: Array<[number, number | null]>, labels: Record<string, string> = {}) =>
  createDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: points.map(([t]) => t) },
      { name: 'Value', type: FieldType.number, values: points.map(([, v]) => v), labels },
    ],
  });
/** A signal every minute from T0 for an hour, `before` until `switchAt` and `after` from then. */
const stepSeries = (refId: string, before: number, after: number, switchAt: number) =>
  series(
    refId,
    Array.from({ length: 61 }, (_, i): [number, number] => [T0 + i * MIN, T0 + i * MIN < switchAt ? before : after])
  );

describe('deployQueries', () => {
  it('asks for the service’s deploys and its p95 and error rate, on the settings’ service label', () => {
    const queries = deployQueries('checkout', { serviceLabel: 'service_name' });
    expect(queries[0].expr).toBe(
      'max by (version, service_name) (app_build_info{service_name="checkout"}) unless max by (version, service_name) (app_build_info{service_name="checkout"} offset 2m)'
    );
    expect(queries.slice(1).map((q) => [q.signal, q.filters])).toEqual([
      ['http_latency_p95', [{ label: 'service_name', op: '=', value: 'checkout' }]],
      ['http_error_rate', [{ label: 'service_name', op: '=', value: 'checkout' }]],
    ]);
    // The before/after figures read values only: the p95 fetches no exemplars.
    const p95 = queries.find((q) => q.signal === 'http_latency_p95')!;
    expect(wantsExemplars(p95, getSignal('http_latency_p95'), buildPromQL('http_latency_p95'))).toBe(false);
  });
});

describe('deploysFrom', () => {
  const deployAt = T0 + 20 * MIN;
  const frames = [
    // 1.5.0 marked for two minutes at the deploy; 1.4.0 ten minutes in (an older deploy).
    series(
      'deploys',
      [
        [T0 + 10 * MIN, 1],
        [T0 + 11 * MIN, 1],
      ],
      { job: 'checkout', version: '1.4.0' }
    ),
    series(
      'deploys',
      [
        [deployAt, 1],
        [deployAt + MIN, 1],
      ],
      { job: 'checkout', version: '1.5.0' }
    ),
    stepSeries('http_latency_p95', 0.5, 0.65, deployAt + 3 * MIN),
    stepSeries('http_error_rate', 0.01, 0.03, deployAt + 3 * MIN),
  ];

  it('lists each deploy once, newest first, with the signals before and after it', () => {
    const deploys = deploysFrom(frames, undefined, T0 + 60 * MIN, MIN);
    expect(deploys.map((d) => [d.version, d.time])).toEqual([
      ['1.5.0', deployAt],
      ['1.4.0', T0 + 10 * MIN],
    ]);
    const [last] = deploys;
    expect(last.settled).toBe(true);
    expect(last.signals.http_latency_p95).toEqual({ unit: 's', before: 0.5, after: 0.65 });
    expect(relativeChange(last.signals.http_latency_p95)).toBeCloseTo(0.3, 9);
    expect(last.signals.http_error_rate).toMatchObject({ before: 0.01, after: 0.03 });
  });

  it('has no "after" while the deploy is younger than the comparison', () => {
    const [last] = deploysFrom(frames, undefined, deployAt + AFTER_DEPLOY_SECONDS * 1000 - 1, MIN);
    expect(last.settled).toBe(false);
    expect(last.signals.http_latency_p95.after).toBeUndefined();
    expect(relativeChange(last.signals.http_latency_p95)).toBeUndefined();
  });

  it('reads a gap in the deploy series as two deploys of that version (it came back)', () => {
    const back = [
      series(
        'deploys',
        [
          [T0, 1],
          [T0 + 30 * MIN, 1],
        ],
        { version: '2.0.0' }
      ),
    ];
    expect(deploysFrom(back, undefined, T0 + 60 * MIN, MIN)).toHaveLength(2);
  });

  it('has no deploys without a deploy series, and no value where a signal has none', () => {
    expect(deploysFrom([], undefined, T0, MIN)).toEqual([]);
    const [only] = deploysFrom([frames[1]], undefined, T0 + 60 * MIN, MIN);
    expect(only.signals.http_latency_p95).toEqual({ unit: 's', before: undefined, after: undefined });
  });
});
