import { checkDuration, describe as describeValue, formatDuration, parseDuration } from './duration';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['0s', 0],
    [' 5m ', 300_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['5x', /"5x" is not a duration/],
    ['5', /"5" is not a duration/],
    ['m5', /"m5" is not a duration/],
    ['-5m', /"-5m" is not a duration/],
    ['1.5m', /"1.5m" is not a duration/],
    ['', /is empty/],
    ['30m1h', /largest unit first/],
    ['5m5m', /largest unit first/],
  ])('rejects %j', (text, message) => {
    const result = checkDuration(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });

  it.each([
    [5, /got 5/],
    [null, /got nothing \(null\)/],
    [undefined, /got nothing/],
    [{}, /got an object/],
    [true, /got the value true/],
  ])('rejects the non-text %p with what it got', (value, message) => {
    const result = checkDuration(value, 'For');
    expect(!result.ok && result.message).toMatch(/^For must be text/);
    expect(!result.ok && result.message).toMatch(message);
  });

  it('formats milliseconds as the shortest duration and round-trips', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_600_500)).toBe('1h500ms');
    for (const text of ['30s', '5m', '1h30m', '2d', '1w']) {
      expect(formatDuration(parseDuration(text))).toBe(text);
    }
    expect(() => formatDuration(-1)).toThrow(/whole, non-negative/);
    expect(() => formatDuration(NaN)).toThrow(/whole, non-negative/);
  });

  it('throws a readable error from parseDuration', () => {
    expect(() => parseDuration('soon')).toThrow('Duration "soon" is not a duration');
  });

  it('describes values for messages, shortening long text', () => {
    expect(describeValue(NaN)).toBe('NaN');
    expect(describeValue('x'.repeat(50))).toBe(`the text "${'x'.repeat(40)}…"`);
    expect(describeValue([1])).toBe('a list');
  });
});
