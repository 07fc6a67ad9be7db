import { BAND, BANDED_SIGNALS, BAND_SERIES_PER_SIGNAL, bandRules, lastWeekPromQL, readsLastWeek } from './trends';
import { BAND_PARTS, bandRecordName, recordName } from './records';
import { checkPromQL } from './promqlSyntax';
import { buildPrometheusRecordingGroups } from './rules';

describe('lastWeekPromQL', () => {
  it('shifts a whole expression, selectors inside functions included, by a week', () => {
    const expr = 'sum(rate(http_requests_total{job="api"}[5m]))';
    expect(lastWeekPromQL(expr)).toBe(`last_over_time((${expr})[1m:1m] offset 1w)`);
    expect(lastWeekPromQL('up', '2w')).toBe('last_over_time((up)[1m:1m] offset 2w)');
    expect(readsLastWeek(lastWeekPromQL(expr))).toBe(true);
    expect(readsLastWeek(expr)).toBe(false);
    expect(readsLastWeek('avg_over_time(x[1h] offset 10050m)')).toBe(false);
    expect(
      checkPromQL(lastWeekPromQL('histogram_quantile(0.95, sum by (le) (rate(x_bucket[$__rate_interval])))'))
    ).toBeUndefined();
  });
});

describe('bandRules', () => {
  it.each(BANDED_SIGNALS)('writes each part of the band of %s in order, reading its recorded series', (id) => {
    const rules = bandRules(id);
    expect(rules.map((r) => r.record)).toEqual(BAND_PARTS.map((p) => bandRecordName(id, p)));
    expect(rules).toHaveLength(BAND_SERIES_PER_SIGNAL);
    for (const rule of rules) {
      expect(checkPromQL(rule.expr)).toBeUndefined();
    }
    const [expected, spread, upper, lower, anomaly] = rules.map((r) => r.expr);
    // The hour centred on the same time in each of the last weeks, then the last day's while none has data.
    for (let week = 1; week <= BAND.weeks; week++) {
      expect(expected).toContain(`avg_over_time(${recordName(id)}[1h] offset ${week * 10080 - 30}m)`);
      expect(spread).toContain(`stddev_over_time(${recordName(id)}[1h] offset ${week * 10080 - 30}m)`);
    }
    expect(expected).toMatch(/\) or avg_over_time\(perfscope:[a-z0-9_]+\[1d\]\)$/);
    expect(upper).toContain(`${bandRecordName(id, 'expected')} + 3 * (`);
    expect(lower).toMatch(/^clamp_min\(.*, 0\)$/);
    expect(anomaly).toContain(`(${recordName(id)} - ${bandRecordName(id, 'expected')}) / (`);
  });

  it('are a recording group of their own after the signals they read', () => {
    const groups = buildPrometheusRecordingGroups(undefined);
    const names = groups.map((g) => g.name);
    expect(names.indexOf('perfscope-anomaly-bands')).toBeGreaterThan(names.indexOf('perfscope-signals-recording'));
    const recorded = new Set(
      groups.find((g) => g.name === 'perfscope-signals-recording')!.rules.map((r) => ('record' in r ? r.record : ''))
    );
    for (const id of BANDED_SIGNALS) {
      expect(recorded).toContain(recordName(id));
    }
    const bands = groups.find((g) => g.name === 'perfscope-anomaly-bands')!;
    expect(bands.rules).toHaveLength(BANDED_SIGNALS.length * BAND_SERIES_PER_SIGNAL);
  });
});
