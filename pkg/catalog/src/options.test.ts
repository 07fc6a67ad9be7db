import {
  DEFAULT_APDEX_T,
  DEFAULT_OPTIONS,
  buildPromQL,
  healthScorePromQL,
  namingOptions,
  resolveOptions,
  validateOptions,
} from '.';

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
    ['Apdex T of 0', { apdexT: 0 }, 'apdexT', /Apdex T must be a positive number of seconds/],
    ['Apdex T below every bucket', { apdexT: 0.001 }, 'apdexT', /below the smallest bucket boundary/],
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

describe('Apdex T, a catalog option', () => {
  it('defaults to the catalog T and reaches every Apdex query through the options', () => {
    expect(DEFAULT_OPTIONS.apdexT).toBe(DEFAULT_APDEX_T);
    expect(buildPromQL('http_apdex')).toContain(`le="${DEFAULT_APDEX_T}"`);
    const at = buildPromQL('http_apdex', { apdexT: 0.25 });
    expect(at).toContain('le="0.25"');
    expect(at).toContain('le=~"1|1[.]0"');
    expect(at).not.toContain('le="0.5"');
  });

  it("comes from the app settings with the naming, so the health score's Apdex follows the admin's T", () => {
    const settings = { prefix: 'shop_', health: { apdexT: 0.25 } };
    expect(namingOptions(settings)).toEqual({ prefix: 'shop_', apdexT: 0.25 });
    expect(healthScorePromQL(settings, namingOptions(settings))).toContain(
      'shop_http_request_duration_seconds_bucket{le="0.25"}'
    );
    expect(healthScorePromQL(undefined)).toContain(`le="${DEFAULT_APDEX_T}"`);
  });
});
