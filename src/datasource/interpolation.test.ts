import { dateTime } from '@grafana/data';
import { builtInVariables, escapeForRegex, formatVariable, rateIntervalMs } from './interpolation';
import { checkPromQL } from '@perfscope/catalog';

describe('formatVariable', () => {
  it('regex-escapes and joins multi-value variables', () => {
    expect(formatVariable(['/tracks/:id', '/a.b'], { multi: true })).toBe('(/tracks/:id|/a\\\\.b)');
    expect(formatVariable(['api'], { multi: true })).toBe('api');
    expect(formatVariable('api|web', { includeAll: true })).toBe('api\\\\|web');
  });

  it('only string-escapes single-value variables', () => {
    expect(formatVariable('a.b"c', {})).toBe('a.b\\"c');
  });

  it('keeps values with newlines, returns and tabs valid PromQL', () => {
    const value = 'line one\nline two\r\tend';
    for (const variable of [{}, { multi: true }]) {
      const expr = `up{job=~"${formatVariable(value, variable)}"}`;
      expect(checkPromQL(expr)).toBeUndefined();
      expect(expr).not.toMatch(/[\n\r\t]/);
    }
    // The raw value is not: the grammar refuses it, which is what the escaping prevents.
    expect(checkPromQL(`up{job="${value}"}`)).toBeDefined();
  });

  it('escapes every regex metacharacter', () => {
    expect(escapeForRegex('^a$*+?.()|{}[]')).toBe('\\\\^a\\\\$\\\\*\\\\+\\\\?\\\\.\\\\(\\\\)\\\\|\\\\{\\\\}\\\\[\\\\]');
  });
});

describe('rate interval and range variables', () => {
  it('follows Grafana: max(interval + scrape, 4 × scrape)', () => {
    expect(rateIntervalMs(15_000, 15_000)).toBe(60_000);
    expect(rateIntervalMs(120_000, 15_000)).toBe(135_000);
    expect(rateIntervalMs(1_000, 5_000)).toBe(20_000);
  });

  it('builds $__rate_interval and $__range for a request', () => {
    const range = { from: dateTime(0), to: dateTime(3_600_000), raw: { from: 'now-1h', to: 'now' } };
    expect(builtInVariables(range, 15_000, '15s')).toEqual({
      __rate_interval: { text: '60s', value: '60s' },
      __range: { text: '3600s', value: '3600s' },
      __range_s: { text: '3600', value: '3600' },
      __range_ms: { text: '3600000', value: '3600000' },
    });
  });
});
