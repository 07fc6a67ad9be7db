import { getSignal, SIGNALS } from '@perfscope/catalog';
import { formatThreshold, signalRows } from './SignalTable.utils';

describe('signalRows', () => {
  it('lists every signal with thresholds, and only those', () => {
    const rows = signalRows();
    const withThresholds = SIGNALS.filter((s) => 'thresholds' in s && s.thresholds);
    expect(rows.map((r) => r.id)).toEqual(withThresholds.map((s) => s.id));
    expect(rows.find((r) => r.id === 'http_request_rate')).toBeUndefined();
  });

  it('formats thresholds in the signal unit with the breaching comparison', () => {
    expect(formatThreshold(getSignal('http_latency_p95'), 1)).toBe('> 1 s');
    expect(formatThreshold(getSignal('http_error_rate'), 0.05)).toBe('> 5 %');
    expect(formatThreshold(getSignal('cache_hit_ratio'), 0.8)).toBe('< 80 %');
    expect(formatThreshold(getSignal('db_slow_query_rate'), undefined)).toBe('—');
  });

  it('names the area and the for duration', () => {
    const dbUp = signalRows().find((r) => r.id === 'db_up');
    expect(dbUp).toEqual({
      id: 'db_up',
      area: 'Database',
      title: 'DB connections up',
      warning: '—',
      critical: 'down',
      for: '1m',
    });
  });
});
