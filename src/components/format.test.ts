import { formatThresholds } from './format';

describe('formatThresholds', () => {
  it('writes levels in the unit as people write it, and an up/down signal as the state that breaches it', () => {
    expect(formatThresholds('percentunit', { direction: 'above', warning: 0.05, critical: 0.1, for: '5m' })).toBe(
      'warning > 5% · critical > 10%'
    );
    expect(formatThresholds('bool', { direction: 'below', critical: 1, for: '1m' })).toBe('critical: down');
  });
});
