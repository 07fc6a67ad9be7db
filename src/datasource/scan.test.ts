import { fetchErrorBody, requestError } from './errors';
import { framesFromBody, MAX_SERIES, type FrameOptions } from './response';
import { parseSampleValue, scanMatrix } from './scan';

/** Small deterministic generator (mulberry32), so a failure can be reproduced from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

/**
 * The reference: what the datasource did before the scanner, i.e. Grafana's default body handling
 * (JSON.parse, or the text itself when it is not JSON) followed by the conversion of the parsed body.
 */
function reference(text: string, options: FrameOptions): unknown {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: Grafana hands over the text
  }
  return outcome(() => framesFromBody(body, options));
}

/** Frames, or the error's class and message, so both outcomes compare with toEqual. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (e) {
    return { threw: (e as Error).constructor.name, message: (e as Error).message };
  }
}

const options: FrameOptions = { refId: 'A', unit: 's', displayName: 'Latency' };

/** Exactly the same doubles (NaN equal to NaN, 0 different from -0), reporting the first difference. */
function expectSameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>, label: (i: number) => string) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${label(i)}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generated bodies

const LABEL_CHARS = [
  ...'abcXYZ019 _-.:/=,{}[]',
  '"',
  '\\',
  '\n',
  '\t',
  '\r',
  '\u0001',
  '\u001f',
  '\u007f',
  'é',
  'ß',
  '日本',
  '😀',
  '\u2028',
  '\ud800', // lone surrogate: JSON.stringify writes it as \ud800
];

function labelValue(r: Random): string {
  let s = '';
  const n = r.int(12);
  for (let i = 0; i < n; i++) {
    s += r.pick(LABEL_CHARS);
  }
  return s;
}

function labelSet(r: Random): Record<string, string> {
  const labels: Record<string, string> = {};
  if (r.next() < 0.8) {
    labels.__name__ = r.pick(['up', 'http_requests:rate5m', 'a_b_c']);
  }
  const n = r.int(7);
  for (let i = 0; i < n; i++) {
    labels[r.pick(['job', 'instance', 'route', 'le', 'status_code', 'a', '_b', 'Z9'])] = labelValue(r);
  }
  return labels;
}

/** Sample value strings: the forms Prometheus writes, and odd ones that must still convert like Number(). */
const ODD_VALUES = [
  'NaN',
  '+Inf',
  '-Inf',
  'Inf',
  '-0',
  '0',
  '0.0',
  '-0.0',
  ' 1',
  '1 ',
  '0x1F',
  '1_0',
  '.5',
  '5.',
  '-.5',
  '+1',
  '+1.5',
  '1e',
  '1e+',
  '-',
  '.',
  'Infinity',
  '-Infinity',
  'inf',
  'nan',
  '00012',
  '1e400',
  '-1e400',
  '1e-400',
  '4.9e-324',
  '2.2250738585072014e-308',
  '1.7976931348623157e+308',
  '9007199254740993',
  '9007199254740992.5',
  '123456789012345678901234567890',
  '0.000000000000000000000000000001234',
  '1e-05',
  '1E5',
  '1e+05',
  '1.5e-7',
  '3e22',
  '3e23',
  '1e-22',
  '1e-23',
  '0.1e1',
  '1e99999',
  '1e0000000000000000000005',
];

/** A double from random bits: every exponent range, written the way JavaScript and Go write it. */
function randomDouble(r: Random): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, r.int(2 ** 32));
  view.setUint32(4, r.int(2 ** 32));
  return view.getFloat64(0);
}

function valueText(r: Random): string {
  switch (r.int(9)) {
    case 0:
      return String(r.int(1_000_000));
    case 1: {
      // A decimal with 1 to 20 significant digits and the point anywhere.
      const digits = Array.from({ length: 1 + r.int(20) }, () => r.int(10)).join('');
      const at = r.int(digits.length + 1);
      return `${r.next() < 0.2 ? '-' : ''}${digits.slice(0, at) || '0'}.${digits.slice(at) || '0'}`;
    }
    case 2:
      return String(r.next() * 10 ** (r.int(12) - 6));
    case 3:
      return String(randomDouble(r));
    case 4:
      // Go's 'f' format: no exponent, however small or large.
      return (r.next() * 10 ** (r.int(30) - 15)).toFixed(r.int(20));
    case 5:
      return (r.next() * 1000).toExponential(r.int(17));
    case 6:
      return String(r.int(100) / 4);
    case 7:
      return r.pick(ODD_VALUES);
    default:
      return String(r.next() * 100);
  }
}

function timestamp(r: Random, i: number): number {
  const base = 1_700_000_000 + i * 15;
  switch (r.int(4)) {
    case 0:
      return base + r.int(1000) / 1000; // milliseconds, as Prometheus writes them
    case 1:
      return base + 0.5;
    case 2:
      return base + r.next(); // more digits than Prometheus ever sends
    default:
      return base;
  }
}

function matrixBody(r: Random, seriesCount = r.int(5)) {
  const result = Array.from({ length: seriesCount }, () => {
    const series: Record<string, unknown> = {
      metric: labelSet(r),
      values: Array.from({ length: r.int(30) }, (_, i) => [timestamp(r, i), valueText(r)]),
    };
    if (r.next() < 0.15) {
      series.histograms = [[1_700_000_000, { count: '3', sum: '1.5', buckets: [[0, '0.5', '1', '3']] }]];
    }
    if (r.next() < 0.05) {
      delete series.values; // a series with native histograms only
    }
    return series;
  });
  const body: Record<string, unknown> = { status: 'success', data: { resultType: 'matrix', result } };
  if (r.next() < 0.3) {
    body.warnings = ['query hit the sample limit', ...(r.next() < 0.5 ? [42, { x: null }] : [])];
  }
  if (r.next() < 0.3) {
    body.infos = ['PromQL info: metric might not be a counter'];
  }
  if (r.next() < 0.1) {
    body.stats = { timings: { evalTotalTime: 0.01 }, flags: [true, false, null, -1.5e-3] };
  }
  return body;
}

/** JSON text of a value with shuffled keys, random whitespace and escapes: still the same JSON. */
function write(value: unknown, r: Random, style: { shuffle: boolean; spaces: boolean; escapes: boolean }): string {
  const ws = () =>
    style.spaces ? Array.from({ length: r.int(3) }, () => r.pick([' ', '\n', '\t', '\r\n'])).join('') : '';
  if (Array.isArray(value)) {
    return `[${ws()}${value.map((v) => `${write(v, r, style)}${ws()}`).join(`,${ws()}`)}]`;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (style.shuffle) {
      keys.sort(() => r.next() - 0.5);
    }
    const members = keys.map(
      (k) => `${write(k, r, style)}${ws()}:${ws()}${write((value as Record<string, unknown>)[k], r, style)}`
    );
    return `{${ws()}${members.join(`${ws()},${ws()}`)}${ws()}}`;
  }
  if (typeof value === 'string' && style.escapes) {
    // Escape what JSON.stringify leaves as is: non-ASCII, '/', and now and then a plain letter.
    const unicode = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    let out = '"';
    for (const c of value.split('')) {
      if (c === '/') {
        out += '\\/';
      } else if (/[a-z]/.test(c) && r.next() < 0.3) {
        out += unicode(c);
      } else if (c < ' ' || c > '~') {
        out += r.next() < 0.5 ? unicode(c) : JSON.stringify(c).slice(1, -1);
      } else {
        out += JSON.stringify(c).slice(1, -1);
      }
    }
    return `${out}"`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------

describe('scanMatrix reads numbers exactly like JSON.parse + Number()', () => {
  it('gives the same double for 50,000 generated sample values of every form', () => {
    const r = random(1);
    const texts = Array.from({ length: 50_000 }, () => valueText(r));
    const body = JSON.stringify({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: {}, values: texts.map((v, i) => [i, v]) }] },
    });
    const scanned = scanMatrix(body);
    expect(scanned).toBeDefined();
    expectSameNumbers(scanned!.series[0].values, texts.map(parseSampleValue), (i) => `value "${texts[i]}"`);
  });

  it('gives the same timestamps (s × 1000) for fractional, exponent and negative forms', () => {
    const r = random(2);
    const written = [
      '1700000000',
      '1700000015.5',
      '1700000015.123',
      '1700000015.1234567891234',
      '17000000001',
      '999999999',
      '9999999999.9',
      '1000000000e0',
      '0',
      '-0',
      '-1.5',
      '1.7e9',
      '17E+8',
      '1700000000.000',
      '123456789012345678901234',
      ...Array.from({ length: 5000 }, (_, i) => JSON.stringify(timestamp(r, i))),
      ...Array.from({ length: 2000 }, () => JSON.stringify(randomDouble(r))),
    ].filter((t) => t !== 'null'); // NaN and ±Infinity from random bits are not JSON numbers
    const body = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${written
      .map((t) => `[${t},"1"]`)
      .join(',')}]}]}}`;
    const scanned = scanMatrix(body);
    expect(scanned).toBeDefined();
    expectSameNumbers(
      scanned!.series[0].times,
      written.map((t) => (JSON.parse(t) as number) * 1000),
      (i) => `timestamp ${written[i]}`
    );
  });

  it('keeps NaN, ±Inf and -0 as such', () => {
    const scanned = scanMatrix(
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"-0"],[5,"1e-05"],[6,"0.1"]]}]}}'
    );
    expect(scanned?.series).toEqual([
      {
        labels: { a: 'b' },
        times: [1000, 2000, 3000, 4000, 5000, 6000],
        values: [NaN, Infinity, -Infinity, -0, 0.00001, 0.1],
      },
    ]);
  });
});

const TWO_32 = BigInt(2 ** 32);
const TWO_52 = BigInt(2 ** 52);

/** The decimal D × 10^q written out without an exponent, as Prometheus writes values. */
function decimalString(digits: string, q: number): string {
  if (q >= 0) {
    return digits + '0'.repeat(q);
  }
  const point = digits.length + q;
  return point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
}

describe('full-precision values (16 to 19 digits) read with exact arithmetic', () => {
  it('rounds 40,000 decimals just below and above halfway points between doubles like Number()', () => {
    const r = random(7);
    const view = new DataView(new ArrayBuffer(8));
    const texts: string[] = [];
    while (texts.length < 40_000) {
      const x = (r.next() + 0.01) * 10 ** (r.int(14) - 4); // 1e-6 … 1e10: exponents below 2^53
      view.setFloat64(0, x);
      const high = view.getUint32(0);
      const mantissa = BigInt(high & 0xfffff) * TWO_32 + BigInt(view.getUint32(4)) + TWO_52;
      const shift = 1075 - ((high >>> 20) & 0x7ff) + 1; // x = mantissa · 2^(1 − shift)
      // The midpoint between x and the next double, (2·mantissa + 1) · 2^−shift, in decimal digits.
      let digits = BigInt(2) * mantissa + BigInt(1);
      for (let i = 0; i < shift; i++) {
        digits *= BigInt(5);
      }
      const text = digits.toString();
      for (const k of [16, 17, 18, 19]) {
        const cut = text.slice(0, k);
        const q = text.length - k - shift;
        texts.push(decimalString(cut, q), decimalString((BigInt(cut) + BigInt(1)).toString(), q));
      }
    }
    const body = JSON.stringify({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: {}, values: texts.map((v, i) => [i, v]) }] },
    });
    expectSameNumbers(scanMatrix(body)!.series[0].values, texts.map(Number), (i) => `value "${texts[i]}"`);
  });

  it('reads full-precision values of every magnitude written by String() and toFixed()', () => {
    const r = random(8);
    const texts = Array.from({ length: 40_000 }, () => {
      const x = r.next() * 10 ** (r.int(24) - 8);
      return r.next() < 0.5 ? String(x) : x.toFixed(r.int(21));
    });
    const body = JSON.stringify({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: {}, values: texts.map((v, i) => [i, v]) }] },
    });
    expectSameNumbers(scanMatrix(body)!.series[0].values, texts.map(Number), (i) => `value "${texts[i]}"`);
  });
});

describe('framesFromBody gives the frames, notices and errors of JSON.parse and the parsed body', () => {
  it.each([
    ['compact', { shuffle: false, spaces: false, escapes: false }],
    ['pretty-printed, shuffled keys', { shuffle: true, spaces: true, escapes: false }],
    ['escaped strings', { shuffle: false, spaces: false, escapes: true }],
    ['everything at once', { shuffle: true, spaces: true, escapes: true }],
  ])('on 150 generated matrix bodies, %s', (_, style) => {
    const r = random(style.shuffle ? 10 : 20 + Number(style.escapes));
    for (let n = 0; n < 150; n++) {
      const text = write(matrixBody(r), r, style);
      // The fast path reads every one of these bodies: none falls back to JSON.parse.
      expect(scanMatrix(text)).toBeDefined();
      expect(outcome(() => framesFromBody(text, options))).toEqual(reference(text, options));
    }
  });

  it('reads JSON.stringify(…, null, 2) output and keeps labels with escapes and unicode', () => {
    const metric = { __name__: 'up', path: 'a"b\\c\n/d', name: 'café 日本 😀', ctl: '\u0001' };
    const text = JSON.stringify(
      { status: 'success', data: { resultType: 'matrix', result: [{ metric, values: [[1700000000, '1']] }] } },
      null,
      2
    );
    const frames = framesFromBody(text, options);
    expect(frames[0].fields[1].labels).toEqual(metric);
    expect(frames[0].fields[1].values).toEqual([1]);
    expect(frames).toEqual(reference(text, options));
  });

  it('reads a result that comes before its resultType, and a data object before status', () => {
    const text =
      '{"data":{"result":[{"values":[[1700000000,"2"]],"metric":{"job":"api"}}],"resultType":"matrix"},"warnings":["w"],"status":"success"}';
    expect(scanMatrix(text)).toBeDefined();
    const frames = framesFromBody(text, options);
    expect(frames[0].fields[1].values).toEqual([2]);
    expect(frames[0].meta?.notices).toEqual([{ severity: 'warning', text: 'w' }]);
    expect(frames).toEqual(reference(text, options));
  });

  it('keeps a __proto__ label as an own label, like JSON.parse', () => {
    const text =
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__proto__":"x","a":"b"},"values":[[1,"1"]]}]}}';
    const labels = scanMatrix(text)?.series[0].labels;
    expect(Object.keys(labels ?? {})).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(outcome(() => framesFromBody(text, options))).toEqual(reference(text, options));
  });

  it('leaves a text with a lone surrogate to JSON.parse, which keeps it', () => {
    const text = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"\ud800"},"values":[]}]}}`;
    expect(scanMatrix(text)).toBeUndefined();
    expect(framesFromBody(text, options)[0].fields[1].labels).toEqual({ a: '\ud800' });
  });

  it('shows warnings on an empty frame when the matrix is empty', () => {
    const text = '{"status":"success","data":{"resultType":"matrix","result":[]},"infos":["i"]}';
    const frames = framesFromBody(text, options);
    expect(frames).toHaveLength(1);
    expect(frames[0].fields).toEqual([]);
    expect(frames[0].meta?.notices).toEqual([{ severity: 'info', text: 'i' }]);
    expect(frames).toEqual(reference(text, options));
  });

  it('caps a huge matrix at MAX_SERIES with the same notice', () => {
    const result = Array.from({ length: MAX_SERIES + 5 }, (_, i) => ({
      metric: { id: String(i) },
      values: [[1, '1']],
    }));
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
    const frames = framesFromBody(text, options);
    expect(frames).toHaveLength(MAX_SERIES);
    expect(frames[0].meta?.notices?.[0].text).toMatch(/^Showing the first 1,000 of 1,005 series/);
    expect(frames).toEqual(reference(text, options));
  });

  it.each([
    ['a vector', '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"2"]}]}}'],
    ['a scalar', '{"status":"success","data":{"resultType":"scalar","result":[1,"-Inf"]}}'],
    ['a string', '{"status":"success","data":{"resultType":"string","result":[1,"hello"]}}'],
    ['an error', '{"status":"error","errorType":"bad_data","error":"parse error at char 5"}'],
    ['no status', '{"data":{"resultType":"matrix","result":[]}}'],
    ['a matrix that is not a list', '{"status":"success","data":{"resultType":"matrix","result":"truncated"}}'],
    ['an unknown type', '{"status":"success","data":{"resultType":"histogram","result":[]}}'],
    ['an HTML page', '<html><body>Please sign in</body></html>'],
    ['a cut-off body', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"val'],
    ['an empty body', ''],
    ['null', 'null'],
    [
      'a number sample value',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}',
    ],
    [
      'a string timestamp',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["1","2"]]}]}}',
    ],
    [
      'a three-element sample',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"2",3]]}]}}',
    ],
    [
      'a number label value',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]}}',
    ],
    [
      'a null metric',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":null,"values":[[1,"1"]]}]}}',
    ],
    [
      'a trailing comma',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],]}]}}',
    ],
    [
      'a timestamp with a colon among its ten digits',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[170000000:,"1"]]}]}}',
    ],
    [
      'a timestamp with a slash among its ten digits',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[17000/0000,"1"]]}]}}',
    ],
    [
      'a leading zero',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[01,"1"]]}]}}',
    ],
    [
      'a raw newline in a string',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"x\ny"},"values":[]}]}}',
    ],
    [
      'a bad escape',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"\\x"},"values":[]}]}}',
    ],
    ['trailing text', '{"status":"success","data":{"resultType":"matrix","result":[]}} x'],
    ['a byte-order mark', '\ufeff{"status":"success","data":{"resultType":"matrix","result":[]}}'],
    ['single quotes', "{'status':'success','data':{'resultType':'matrix','result':[]}}"],
  ])('leaves %s to JSON.parse, with the same outcome', (_, text) => {
    expect(scanMatrix(text)).toBeUndefined();
    expect(outcome(() => framesFromBody(text, options))).toEqual(reference(text, options));
  });

  it('explains every cut-off body like the JSON.parse path does', () => {
    const text = write(matrixBody(random(3), 3), random(4), { shuffle: true, spaces: true, escapes: true });
    for (let end = 0; end < text.trimEnd().length; end++) {
      const cut = text.slice(0, end);
      expect(scanMatrix(cut)).toBeUndefined();
      expect(() => framesFromBody(cut, options)).toThrow(/not with a Prometheus API response/);
    }
  });

  it('agrees with the JSON.parse path on 3,000 randomly damaged bodies', () => {
    const r = random(5);
    const pool = ['"', ',', ':', '[', ']', '{', '}', '\\', ' ', '0', '1', '-', '.', 'e', 'n', 'u', 'x', '\n', '\u0000'];
    let valid = 0;
    for (let n = 0; n < 3000; n++) {
      const text = write(matrixBody(r, 1 + r.int(2)), r, { shuffle: r.next() < 0.5, spaces: false, escapes: false });
      const at = r.int(text.length);
      const damaged = [
        text.slice(0, at) + text.slice(at + 1),
        text.slice(0, at) + r.pick(pool) + text.slice(at),
        text.slice(0, at) + r.pick(pool) + text.slice(at + 1),
      ][r.int(3)];
      const expected = reference(damaged, options);
      expect(outcome(() => framesFromBody(damaged, options))).toEqual(expected);
      valid += Array.isArray(expected) ? 1 : 0;
    }
    // Some damage still leaves valid JSON (a digit added to a number, …): both kinds are covered.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(2900);
  });

  it('reads an already parsed body', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '5'] }] } };
    expect(framesFromBody(body, options)[0].fields[1].values).toEqual([5]);
  });
});

describe('bodies as bytes (responseType arraybuffer)', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  /** What the datasource did before: response.text() (UTF-8, a leading BOM dropped), then JSON.parse. */
  const referenceOfBytes = (bytes: Uint8Array) => reference(new TextDecoder().decode(bytes), options);

  it('reads an ArrayBuffer and a Uint8Array view into a larger buffer like the text', () => {
    const r = random(30);
    for (let n = 0; n < 100; n++) {
      const text = write(matrixBody(r), r, { shuffle: n % 2 === 0, spaces: n % 3 === 0, escapes: n % 5 === 0 });
      const bytes = encode(text);
      expect(scanMatrix(bytes.buffer as ArrayBuffer)).toBeDefined();
      expect(outcome(() => framesFromBody(bytes.buffer, options))).toEqual(reference(text, options));
      const padded = new Uint8Array(bytes.length + 7);
      padded.set(bytes, 3);
      expect(outcome(() => framesFromBody(padded.subarray(3, 3 + bytes.length), options))).toEqual(
        reference(text, options)
      );
    }
  });

  it('keeps UTF-8 labels and a U+FEFF inside a label; drops a leading BOM as response.text() does', () => {
    const text =
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"\ufeffx","b":"日本 😀 é"},"values":[[1,"2"]]}]}}';
    const frames = framesFromBody(encode(text), options);
    expect(frames[0].fields[1].labels).toEqual({ a: '\ufeffx', b: '日本 😀 é' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(text)]);
    expect(framesFromBody(withBom, options)).toEqual(frames);
    expect(referenceOfBytes(withBom)).toEqual(frames);
  });

  it('turns invalid UTF-8 into U+FFFD as response.text() does, or leaves the body to JSON.parse', () => {
    const r = random(31);
    for (let n = 0; n < 500; n++) {
      const bytes = encode(write(matrixBody(r, 1 + r.int(2)), r, { shuffle: false, spaces: false, escapes: false }));
      const at = r.int(bytes.length);
      const damaged = new Uint8Array([
        ...bytes.subarray(0, at),
        r.pick([0xff, 0xc3, 0xe6, 0x80]),
        ...bytes.subarray(at),
      ]);
      expect(outcome(() => framesFromBody(damaged, options))).toEqual(referenceOfBytes(damaged));
    }
  });

  it('explains an HTML page and an empty body given as bytes', () => {
    expect(() => framesFromBody(encode('<html>sign in</html>').buffer, options)).toThrow(
      /not with a Prometheus API response/
    );
    expect(() => framesFromBody(new ArrayBuffer(0), options)).toThrow(/not with a Prometheus API response/);
  });
});

describe('error bodies that come as text or bytes', () => {
  const promError = '{"status":"error","errorType":"bad_data","error":"parse error at char 5"}';

  it('parses a JSON error body given as text, or as Grafana wraps text bodies', () => {
    expect(fetchErrorBody({ status: 400, data: promError })).toEqual(JSON.parse(promError));
    expect(fetchErrorBody({ status: 400, data: new TextEncoder().encode(promError).buffer })).toEqual(
      JSON.parse(promError)
    );
    expect(fetchErrorBody({ status: 502, data: new TextEncoder().encode('<html/>').buffer })).toBe('<html/>');
    expect(
      fetchErrorBody({ status: 400, data: { message: promError, error: 'Bad Request', response: promError } })
    ).toEqual(JSON.parse(promError));
    expect(fetchErrorBody({ status: 400, data: { status: 'error' } })).toEqual({ status: 'error' });
    expect(fetchErrorBody({ status: 502, data: '<html>bad gateway</html>' })).toBe('<html>bad gateway</html>');
    expect(fetchErrorBody(undefined)).toBeUndefined();
  });

  it.each([
    [{ status: 500, data: '{"error":"boom"}' }, /failed with HTTP 500: boom\.$/],
    [
      {
        status: 502,
        statusText: 'Bad Gateway',
        data: { message: '{"message":"dial tcp"}', response: '{"message":"dial tcp"}' },
      },
      /unreachable or unavailable \(502: dial tcp\)/,
    ],
    [
      {
        status: 502,
        statusText: 'Bad Gateway',
        data: { message: '<html/>', error: 'Bad Gateway', response: '<html/>' },
      },
      /unreachable or unavailable \(502: Bad Gateway\)/,
    ],
    [
      { status: 500, statusText: 'Internal Server Error', data: '<html/>' },
      /failed with HTTP 500 Internal Server Error\.$/,
    ],
  ])('describes %p with the server message', (error, message) => {
    expect(requestError(error, 'http://p:9090').message).toMatch(message);
  });
});

describe('empty and null sample values', () => {
  it.each(['""', '" "', 'null'])(
    'leaves a value of %s to JSON.parse and the sample checks, which refuse it instead of reading 0',
    (value) => {
      const body = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,${value}]]}]}}`;
      expect(scanMatrix(new TextEncoder().encode(body).buffer)).toBeUndefined();
      expect(() => framesFromBody(new TextEncoder().encode(body).buffer, { refId: 'A' })).toThrow(/not a number/);
    }
  );
});
