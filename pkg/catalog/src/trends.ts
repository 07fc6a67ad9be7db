/**
 * What is normal for a signal: the same time last week, and a band learnt from the past weeks at
 * the same hour of the week. Plain PromQL, so Prometheus, Mimir, Thanos and VictoriaMetrics
 * evaluate it as recording rules, in the spirit of Grafana's promql-anomaly-detection rules.
 */
import { formatNumber } from './number';
import { type BandPart, bandRecordName, recordName } from './records';

/** How far back "last week" is. */
export const WEEK_OFFSET = '1w';

/**
 * The signals with a normal band (their recorded series, one per service, are the input): traffic,
 * errors and the latency tail, the three an SRE looks at first.
 */
export const BANDED_SIGNALS = ['http_request_rate', 'http_error_rate', 'http_latency_p95'] as const;
export type BandedSignal = (typeof BANDED_SIGNALS)[number];

/**
 * The smallest spread of each banded signal, in its unit: below it a change is not worth a look
 * (0.01 req/s, 0.1 % of requests, 5 ms), and a signal that is always 0 still has a band.
 */
export const MIN_SPREAD: Readonly<Record<BandedSignal, number>> = {
  http_request_rate: 0.01,
  http_error_rate: 0.001,
  http_latency_p95: 0.005,
};

/**
 * The band's settings. The expected value is the mean of the hour around the same time in each of
 * the last `weeks` weeks that have data (the last day's mean until a week has passed); the spread is
 * the largest standard deviation over those hours (the last day's until then), at least
 * `minSpreadRatio` of the expected value and at least the signal's MIN_SPREAD, so a flat signal
 * still has a band; the band is
 * expected ± `width` spreads, never below 0.
 */
export const BAND = { weeks: 3, hour: '1h', width: 3, minSpreadRatio: 0.1, fallback: '1d' } as const;

/** Series written per banded signal and service: one per band part. */
export const BAND_SERIES_PER_SIGNAL = 5;

/** Below this request rate (now or a week ago) a week-over-week ratio is noise: no value. */
export const REGRESSION_MIN_REQUEST_RATE = 0.1;
/**
 * An error ratio a week ago below this counts as this much, so a week without errors does not make
 * every first error an infinite regression.
 */
export const REGRESSION_ERROR_FLOOR = 0.001;

/**
 * Any expression as it was a week ago (or `offset` ago): the value at that time, read through a
 * one-minute subquery so every selector inside is shifted, the admin's own expressions included.
 */
export function lastWeekPromQL(expr: string, offset: string = WEEK_OFFSET): string {
  return `last_over_time((${expr})[1m:1m] offset ${offset})`;
}

/** Whether an expression reads the same time last week (lastWeekPromQL): it has no value before a week of history. */
export function readsLastWeek(expr: string): boolean {
  return new RegExp(`\\boffset ${WEEK_OFFSET}\\b`).test(expr);
}

/** Each past week's value of a range function over the hour around the same time, one series per week. */
function pastWeeks(series: string, fn: 'avg_over_time' | 'stddev_over_time'): string {
  // `offset 1w - 30m` with a 1-hour range: the hour centred on the same time a week ago.
  const terms = Array.from({ length: BAND.weeks }, (_, i) => {
    const minutes = (i + 1) * 7 * 24 * 60 - 30;
    return `label_replace(${fn}(${series}[${BAND.hour}] offset ${minutes}m), "perfscope_week", "${i + 1}", "", "")`;
  });
  return terms.join(' or ');
}

/** The recording rules of one signal's band, in evaluation order (each reads the ones before it). */
export function bandRules(signalId: BandedSignal): Array<{ record: string; expr: string }> {
  const value = recordName(signalId);
  const part = (p: BandPart) => bandRecordName(signalId, p);
  const floor = `clamp_min(${part('expected')} * ${BAND.minSpreadRatio}, ${formatNumber(MIN_SPREAD[signalId])})`;
  // The spread with its floor: where the learnt spread is smaller (or missing), the floor.
  const spread = `(${part('spread')} > ${floor} or ${floor})`;
  return [
    {
      record: part('expected'),
      expr: `avg without (perfscope_week) (${pastWeeks(value, 'avg_over_time')}) or avg_over_time(${value}[${BAND.fallback}])`,
    },
    {
      record: part('spread'),
      expr: `max without (perfscope_week) (${pastWeeks(value, 'stddev_over_time')}) or stddev_over_time(${value}[${BAND.fallback}])`,
    },
    { record: part('upper'), expr: `${part('expected')} + ${BAND.width} * ${spread}` },
    { record: part('lower'), expr: `clamp_min(${part('expected')} - ${BAND.width} * ${spread}, 0)` },
    // How many spreads the value is from the expected one: beyond ±width it is outside the band.
    { record: part('anomaly'), expr: `(${value} - ${part('expected')}) / ${spread}` },
  ];
}
