import { SIGNALS, type SignalDef } from '@perfscope/catalog';
import { formatLevel, formatThresholds, formatValue } from './format';

/** Grafana unit ids a person never writes. */
const UNIT_IDS = /\b(percentunit|percent|reqps|qps|ops|short|none|bool|x)\b/;

describe('formatThresholds', () => {
  it('writes levels in the unit as people write it, and an up/down signal as the state that breaches it', () => {
    expect(formatThresholds('percentunit', { direction: 'above', warning: 0.05, critical: 0.1, for: '5m' })).toBe(
      'warning > 5 % · critical > 10 %'
    );
    expect(formatThresholds('s', { direction: 'above', warning: 1.2, critical: 2.5, for: '5m' })).toBe(
      'warning > 1.2 s · critical > 2.5 s'
    );
    expect(formatThresholds('x', { direction: 'above', warning: 6, critical: 14.4, for: '5m' })).toBe(
      'warning > 6 × · critical > 14.4 ×'
    );
    expect(formatThresholds('bool', { direction: 'below', critical: 1, for: '1m' })).toBe('critical: down');
  });

  it("never shows a unit id for any of the catalog's thresholds", () => {
    const texts = (SIGNALS as readonly SignalDef[]).flatMap((s) =>
      s.thresholds ? [formatThresholds(s.unit, s.thresholds)] : []
    );
    expect(texts.filter((t) => UNIT_IDS.test(t))).toEqual([]);
    expect(texts.length).toBeGreaterThan(10);
  });
});

describe('formatLevel', () => {
  it('writes a level as the configuration page does, and units the catalog does not know in Grafana’s format', () => {
    expect([formatLevel(0.05, 'percentunit'), formatLevel(0.1, 'none'), formatLevel(0, 'bool')]).toEqual([
      '5 %',
      '0.1',
      'down',
    ]);
    expect(formatLevel(2048, 'kbytes')).toBe('2 MiB');
    expect(formatLevel(Infinity, 'percentunit')).toBe('+∞');
  });
});

describe('formatValue', () => {
  it("writes an up/down signal's value as up or down, never Grafana's True/False", () => {
    expect(formatValue('bool', 1)).toBe('up');
    expect(formatValue('x', 1.11)).toBe('1.11 ×');
    expect(formatValue('qps', 0.25)).toBe('0.250 queries/s');
    expect(formatValue('bool', 0)).toBe('down');
    expect(formatValue('bool', undefined)).toBe('No data');
    expect(formatValue('percentunit', 0.05)).toBe('5%');
  });
});
