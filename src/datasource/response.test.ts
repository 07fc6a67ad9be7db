import { framesFromBody, parseSampleValue, seriesName } from './response';

const matrix = (result: unknown[]) => ({ status: 'success', data: { resultType: 'matrix', result } });

describe('framesFromBody with range (matrix) results', () => {
  it('turns each series into a time/value frame, keeping NaN and infinities', () => {
    const frames = framesFromBody(
      matrix([
        {
          metric: { __name__: 'up', job: 'api' },
          values: [
            [1700000000, '1'],
            [1700000005, 'NaN'],
            [1700000010, '+Inf'],
            [1700000015, '-Inf'],
          ],
        },
      ]),
      { refId: 'A', unit: 's', displayName: 'Latency' }
    );
    expect(frames).toHaveLength(1);
    expect(frames[0].name).toBe('up{job="api"}');
    expect(frames[0].refId).toBe('A');
    expect(frames[0].fields[0].values).toEqual([1700000000000, 1700000005000, 1700000010000, 1700000015000]);
    expect(frames[0].fields[1].values).toEqual([1, NaN, Infinity, -Infinity]);
    expect(frames[0].fields[1].config).toEqual({ unit: 's', displayNameFromDS: 'Latency' });
    expect(frames[0].fields[1].labels).toEqual({ __name__: 'up', job: 'api' });
  });

  it('keeps label sets as names when there are several series', () => {
    const frames = framesFromBody(
      matrix([
        { metric: { a: '1' }, values: [] },
        { metric: {}, values: [] },
      ]),
      { refId: 'B', displayName: 'X' }
    );
    expect(frames.map((f) => f.name)).toEqual(['{a="1"}', 'Value']);
    expect(frames[0].fields[1].config.displayNameFromDS).toBeUndefined();
  });

  it('returns no frames for an empty result', () => {
    expect(framesFromBody(matrix([]), { refId: 'A' })).toEqual([]);
  });

  it.each([
    [
      { status: 'error', errorType: 'bad_data', error: 'parse error at char 5' },
      /Prometheus rejected the query \(bad_data\): parse error at char 5/,
    ],
    ['<html>login</html>', /not with a Prometheus API response/],
    [null, /not with a Prometheus API response/],
    [{ status: 'success', data: { resultType: 'matrix', result: 'truncated' } }, /cannot read \(type matrix\)/],
  ])('explains a bad body %#', (body, message) => {
    expect(() => framesFromBody(body, { refId: 'A' })).toThrow(message);
  });
});

describe('helpers', () => {
  it('parses Prometheus sample strings', () => {
    expect(parseSampleValue('1.5e3')).toBe(1500);
    expect(parseSampleValue('Inf')).toBe(Infinity);
    expect(parseSampleValue('NaN')).toBeNaN();
  });

  it('names series', () => {
    expect(seriesName({ __name__: 'm' })).toBe('m');
    expect(seriesName({})).toBe('Value');
  });
});

describe('framesFromBody', () => {
  it('turns a vector into one-point frames', () => {
    const frames = framesFromBody(
      {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [1700000000, '0.25'] }] },
      },
      { refId: 'A', unit: 'percentunit', displayName: 'Error rate' }
    );
    expect(frames).toHaveLength(1);
    expect(frames[0].fields[0].values).toEqual([1700000000000]);
    expect(frames[0].fields[1].values).toEqual([0.25]);
    expect(frames[0].fields[1].config).toEqual({ unit: 'percentunit', displayNameFromDS: 'Error rate' });
  });

  it('reads scalar and string results', () => {
    const scalar = framesFromBody(
      { status: 'success', data: { resultType: 'scalar', result: [1700000000, '-Inf'] } },
      { refId: 'A' }
    );
    expect(scalar[0].fields[1].values).toEqual([-Infinity]);
    const text = framesFromBody(
      { status: 'success', data: { resultType: 'string', result: [1700000000, 'hello'] } },
      { refId: 'A' }
    );
    expect(text[0].fields[1]).toMatchObject({ name: 'Text', values: ['hello'] });
  });

  it('shows Prometheus warnings and infos as notices, also on an empty result', () => {
    const body = {
      status: 'success',
      warnings: ['query hit the sample limit'],
      infos: ['PromQL info: metric might not be a counter'],
      data: { resultType: 'vector', result: [] },
    };
    const frames = framesFromBody(body, { refId: 'A' });
    expect(frames).toHaveLength(1);
    expect(frames[0].meta?.notices).toEqual([
      { severity: 'warning', text: 'query hit the sample limit' },
      { severity: 'info', text: 'PromQL info: metric might not be a counter' },
    ]);
  });

  it('caps huge results and says how many series were left out', () => {
    const result = Array.from({ length: 1500 }, (_, i) => ({ metric: { id: String(i) }, value: [1, '1'] }));
    const frames = framesFromBody({ status: 'success', data: { resultType: 'vector', result } }, { refId: 'A' });
    expect(frames).toHaveLength(1000);
    expect(frames[0].meta?.notices).toEqual([
      {
        severity: 'warning',
        text: expect.stringMatching(/^Showing the first 1,000 of 1,500 series: add label filters or aggregate/),
      },
    ]);
  });

  it('refuses result types it cannot read, naming the type', () => {
    expect(() =>
      framesFromBody({ status: 'success', data: { resultType: 'histogram', result: [] } }, { refId: 'A' })
    ).toThrow(/cannot read \(type histogram\)/);
  });
});

describe('framesFromBody refuses malformed bodies clearly, never with a raw exception or a 0', () => {
  const ok = (resultType: string, result: unknown) => ({ status: 'success', data: { resultType, result } });
  it.each([
    [ok('matrix', [{ metric: {}, values: { 0: [1, '1'] } }]), /series 1 has "values" that is not a list/],
    [ok('matrix', [null]), /series 1 is null/],
    [ok('matrix', [{ metric: {}, values: [[1700000000]] }]), /sample 1 of series 1 has no value/],
    [ok('matrix', [{ metric: {}, values: [[1700000000, null]] }]), /has the value null, not a number/],
    [ok('matrix', [{ metric: {}, values: [[1700000000, '']] }]), /has the value "", not a number/],
    [ok('matrix', [{ metric: 'job=a', values: [] }]), /labels \("metric"\) that are not an object/],
    [ok('vector', [null]), /series 1 is null/],
    [ok('vector', [{ metric: {}, value: [1700000000, ' '] }]), /has the value " ", not a number/],
    [ok('vector', [{ metric: {} }]), /sample 1 of series 1 has no value/],
    [ok('scalar', [1700000000, '']), /has the value "", not a number/],
  ])('%j', (body, message) => {
    expect(() => framesFromBody(body, { refId: 'A' })).toThrow(message);
  });
});
