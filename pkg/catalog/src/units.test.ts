import { adminUnit, formatWithUnit, fromAdminText, toAdminText } from './units';

describe('units as people write them', () => {
  it('shows ratios in percent and stores exactly what was typed', () => {
    for (const typed of ['5', '7', '0.1', '2.5', '99.9', '0.05', '12.345', '100', '0']) {
      const stored = fromAdminText(typed, 'percentunit');
      // The same double as the decimal literal, not typed / 100 with its rounding.
      expect(stored).toBe(Number(`${typed}e-2`));
      expect(toAdminText(stored as number, 'percentunit')).toBe(String(Number(typed)));
    }
    expect(fromAdminText('0.07', 'percentunit')).toBe(0.0007);
    expect(toAdminText(0.07, 'percentunit')).toBe('7'); // 0.07 × 100 is 7.000000000000001 in floating point
  });

  it('accepts the suffix typed with the number, and leaves text that is no number for the validator', () => {
    expect(fromAdminText('5 %', 'percentunit')).toBe(0.05);
    expect(fromAdminText(' 1.2s ', 's')).toBe(1.2);
    expect(fromAdminText('3 req/s', 'reqps')).toBe(3);
    expect(fromAdminText('fast', 's')).toBe('fast');
    expect(fromAdminText('  ', 's')).toBeUndefined();
  });

  it('formats values with their unit, never a unit id', () => {
    expect(formatWithUnit(0.05, 'percentunit')).toBe('5 %');
    expect(formatWithUnit(1.2, 's')).toBe('1.2 s');
    expect(formatWithUnit(250, 'ms')).toBe('250 ms');
    expect(formatWithUnit(3, 'reqps')).toBe('3 req/s');
    expect(formatWithUnit(0, 'bool')).toBe('down');
    expect(formatWithUnit(4, 'short')).toBe('4');
    expect(formatWithUnit(4, 'none')).toBe('4');
    for (const unit of ['percentunit', 'reqps', 'short', 'none', 'bool', 'Bps']) {
      expect(formatWithUnit(1, unit)).not.toContain(unit);
      expect(adminUnit(unit).suffix).not.toBe(unit);
    }
  });
});
