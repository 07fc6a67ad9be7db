import { DEFAULT_OPTIONS, resolveOptions, validateOptions } from '.';

describe('validateOptions', () => {
  it('fills defaults for missing options', () => {
    expect(validateOptions(undefined)).toEqual({ ok: true, options: DEFAULT_OPTIONS });
    expect(validateOptions({ prefix: 'shop_' })).toEqual({
      ok: true,
      options: { ...DEFAULT_OPTIONS, prefix: 'shop_' },
    });
  });

  it('accepts the seed-002 and seed-000 styles', () => {
    const result = validateOptions({
      prefix: 'chinook_',
      labelMap: { status_code: 'status' },
      matchers: [{ label: 'job', op: '=~', value: 'api|web' }],
      window: '$__rate_interval',
    });
    expect(result.ok).toBe(true);
  });

  const invalid: Array<[string, unknown, string, RegExp]> = [
    ['prefix with a dash', { prefix: 'my-shop_' }, 'prefix', /"my-shop_" is not valid in a metric name/],
    ['prefix starting with a digit', { prefix: '1shop_' }, 'prefix', /not starting with a digit/],
    ['prefix as number', { prefix: 5 }, 'prefix', /must be text, got 5/],
    [
      'unknown label in the mapping',
      { labelMap: { colour: 'color' } },
      'labelMap.colour',
      /"colour" is not a Perfscope label/,
    ],
    [
      'invalid mapped label',
      { labelMap: { status_code: 'status-code' } },
      'labelMap.status_code',
      /not a valid label name/,
    ],
    ['mapping as list', { labelMap: [] }, 'labelMap', /must be an object/],
    ['matchers not a list', { matchers: 'job=api' }, 'matchers', /must be a list/],
    [
      'matcher label invalid',
      { matchers: [{ label: '0job', op: '=', value: 'a' }] },
      'matchers[0].label',
      /not a valid label name/,
    ],
    [
      'matcher operator unknown',
      { matchers: [{ label: 'job', op: '==', value: 'a' }] },
      'matchers[0].op',
      /not one of = != =~ !~/,
    ],
    [
      'matcher regex broken',
      { matchers: [{ label: 'job', op: '=~', value: '(' }] },
      'matchers[0].value',
      /not a valid regular expression/,
    ],
    [
      'matcher value not text',
      { matchers: [{ label: 'job', op: '=', value: 3 }] },
      'matchers[0].value',
      /must be text/,
    ],
    ['matcher not an object', { matchers: [null] }, 'matchers[0]', /must be an object/],
    ['window not a duration', { window: 'five minutes' }, 'window', /not a duration/],
    ['window too short', { window: '500ms' }, 'window', /shorter than a second/],
    ['slo of 1', { slo: 1 }, 'slo', /between 0 and 1 exclusive/],
    ['slo NaN', { slo: NaN }, 'slo', /got NaN/],
    ['slo as text', { slo: '99.9' }, 'slo', /got the text "99.9"/],
  ];

  it.each(invalid)('rejects %s', (_name, input, field, message) => {
    const result = validateOptions(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('rejects a non-object', () => {
    expect(validateOptions('shop_')).toEqual({
      ok: false,
      errors: [{ field: 'options', message: expect.stringMatching(/must be an object/) }],
    });
  });

  it('resolveOptions throws one readable error listing every problem', () => {
    expect(() => resolveOptions({ prefix: '-', window: 'x' })).toThrow(/prefix: .*window: /);
  });
});
