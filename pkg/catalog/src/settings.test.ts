import { getSignal } from './signals';
import { alertsEnabled, effectiveThresholds, namingOptions, withSettings } from './settings';

describe('effectiveThresholds', () => {
  it('keeps the catalog defaults without settings', () => {
    expect(effectiveThresholds('http_latency_p95', undefined)).toEqual(getSignal('http_latency_p95').thresholds);
    expect(effectiveThresholds('http_request_rate', {})).toBeUndefined();
  });

  it('overrides only the fields an admin set, keeping the direction', () => {
    expect(effectiveThresholds('cache_hit_ratio', { signals: { cache_hit_ratio: { warning: 0.9 } } })).toEqual({
      warning: 0.9,
      critical: 0.5,
      direction: 'below',
      for: '5m',
    });
  });

  it('gives a signal with the overrides for evaluation', () => {
    const signal = withSettings(getSignal('http_latency_p95'), { signals: { http_latency_p95: { critical: 3 } } });
    expect(signal.thresholds).toMatchObject({ warning: 1, critical: 3 });
    expect(withSettings(getSignal('db_up'), {})).toBe(getSignal('db_up'));
  });
});

describe('alertsEnabled', () => {
  it('is on for signals with thresholds unless turned off', () => {
    expect(alertsEnabled(getSignal('db_up'), undefined)).toBe(true);
    expect(alertsEnabled(getSignal('db_up'), { signals: { db_up: { enabled: false } } })).toBe(false);
    expect(alertsEnabled(getSignal('http_request_rate'), undefined)).toBe(false);
  });
});

describe('namingOptions', () => {
  it('takes the prefix and label mapping the settings give, and nothing they leave out', () => {
    expect(namingOptions({ prefix: 'shop_', labelMap: { status_code: 'status' } })).toEqual({
      prefix: 'shop_',
      labelMap: { status_code: 'status' },
    });
    expect(namingOptions({ prefix: '' })).toEqual({ prefix: '' });
    expect(namingOptions(undefined)).toEqual({});
  });
});
