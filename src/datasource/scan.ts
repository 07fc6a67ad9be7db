/**
 * A single-pass reader of Prometheus range-query (matrix) bodies, straight from the response bytes
 * into number arrays: no object per sample, no string per sample.
 *
 * It reads only what it is sure about. Anything else — another result type, an error status, a body
 * that is not valid JSON, a value written in a form it cannot place exactly — makes `scanMatrix`
 * return undefined, and the caller parses the body with JSON.parse as before. It never guesses: a
 * body it accepts gives exactly the numbers JSON.parse plus the usual conversion would.
 *
 * It works on UTF-8 bytes (an ArrayBuffer from fetch): reading a byte array is about a quarter
 * faster than reading a string, and the body need not be decoded. Everything outside the samples
 * (labels, status, warnings) is small and goes through JSON.parse of its own decoded slice.
 */

/**
 * Can this text be a sample value? Prometheus writes every value as a string ("1.5", "NaN", "+Inf");
 * an empty or blank one is a broken body, and Number() would read it as 0, a healthy-looking value.
 */
export function isSampleText(text: string): boolean {
  return text.trim() !== '';
}

/** Prometheus sample values are strings; "NaN", "+Inf" and "-Inf" must stay what they are. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') {
    return Infinity;
  }
  if (text === '-Inf') {
    return -Infinity;
  }
  return Number(text);
}

/** One series of a matrix: its labels, and its samples as timestamps in ms and values. */
export interface ScannedSeries {
  labels: Record<string, string>;
  /** Timestamps in milliseconds (the API's seconds × 1000). */
  times: number[];
  values: number[];
}

/** What `scanMatrix` read from a successful matrix body. */
export interface ScannedMatrix {
  series: ScannedSeries[];
  /** The body's `warnings` and `infos`, as JSON.parse gives them (any JSON value). */
  warnings?: unknown;
  infos?: unknown;
}

/** A response body as the datasource may hold it: raw bytes, or text. */
export type RawBody = ArrayBuffer | Uint8Array | string;

/** True for an ArrayBuffer or a Uint8Array (from any realm: no instanceof). */
export function isRawBytes(body: unknown): body is ArrayBuffer | Uint8Array {
  const tag = Object.prototype.toString.call(body);
  return tag === '[object ArrayBuffer]' || tag === '[object Uint8Array]';
}

let decoder: TextDecoder | undefined;
let sliceDecoder: TextDecoder | undefined;

/** The text of a body, decoded as a browser's `response.text()` does (UTF-8, a leading BOM dropped). */
export function bodyText(body: RawBody): string {
  if (typeof body === 'string') {
    return body;
  }
  decoder ??= new TextDecoder();
  return decoder.decode(body);
}

/** Thrown inside the scanner when the body is not a shape it is sure about; never leaves this module. */
const UNHANDLED = new Error('not a matrix body the scanner reads');

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const ONE = 49;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Exactly representable powers of ten: a mantissa below 2^53 divided or multiplied by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const TWO_POW_53 = 9007199254740992;
/** Largest series pre-sized (Prometheus returns at most 11,000 points a series); longer ones grow as needed. */
const MAX_PRESIZE = 16_384;

/**
 * The series of a `{"status":"success","data":{"resultType":"matrix","result":[…]}}` body, in any key
 * order and with any JSON whitespace, or undefined for every other body (let JSON.parse handle it).
 */
export function scanMatrix(body: RawBody): ScannedMatrix | undefined {
  if (typeof body === 'string' && !isWellFormed(body)) {
    return undefined; // a lone surrogate has no UTF-8 form: JSON.parse keeps it, the scanner could not
  }
  const bytes =
    typeof body === 'string'
      ? new TextEncoder().encode(body)
      : Object.prototype.toString.call(body) === '[object ArrayBuffer]'
        ? new Uint8Array(body as ArrayBuffer)
        : (body as Uint8Array);
  try {
    return scanner.read(bytes);
  } catch (e) {
    if (e === UNHANDLED) {
      return undefined;
    }
    throw e;
  }
}

/**
 * An array with room for `size` numbers, always of the same kind for V8 (holey doubles): the hot
 * loop's stores then stay monomorphic, whatever the first value (an integer would otherwise make an
 * array of small integers, and the next series' doubles a different kind, and deoptimisations).
 */
function doubles(size: number): number[] {
  const array = new Array<number>(Math.min(Math.max(size, 16), MAX_PRESIZE));
  array[0] = 0.5;
  return array;
}

function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

const EMPTY = new Uint8Array(0);

class Scanner {
  private b: Uint8Array = EMPTY;
  private p = 0;
  /** Samples in the series read last: the likely size of the next one. */
  private lastCount = 0;

  read(bytes: Uint8Array): ScannedMatrix {
    this.b = bytes;
    this.p = 0;
    this.lastCount = 0;
    try {
      return this.body();
    } finally {
      this.b = EMPTY; // do not hold on to the body
    }
  }

  private body(): ScannedMatrix {
    let status: unknown;
    let resultType: unknown;
    let series: ScannedSeries[] | undefined;
    let warnings: unknown;
    let infos: unknown;
    this.ws();
    this.eat(OPEN_BRACE);
    this.members(() => {
      const key = this.key();
      this.colon();
      switch (key) {
        case 'status':
          status = this.json();
          break;
        case 'data':
          resultType = undefined;
          series = undefined;
          this.eat(OPEN_BRACE);
          this.members(() => {
            const dataKey = this.key();
            this.colon();
            if (dataKey === 'resultType') {
              resultType = this.json();
            } else if (dataKey === 'result') {
              series = this.seriesList();
            } else {
              this.json();
            }
          }, CLOSE_BRACE);
          break;
        case 'warnings':
          warnings = this.json();
          break;
        case 'infos':
          infos = this.json();
          break;
        default:
          this.json();
      }
    }, CLOSE_BRACE);
    this.ws();
    if (this.p !== this.b.length || status !== 'success' || resultType !== 'matrix' || !series) {
      throw UNHANDLED;
    }
    return { series, warnings, infos };
  }

  /** `[ {series}, … ]`; a result that is not a list of objects is not a matrix the scanner reads. */
  private seriesList(): ScannedSeries[] {
    const list: ScannedSeries[] = [];
    this.eat(OPEN_BRACKET);
    this.members(() => {
      let labels: Record<string, string> | undefined;
      let times: number[] | undefined;
      let values: number[] | undefined;
      this.eat(OPEN_BRACE);
      this.members(() => {
        const key = this.key();
        this.colon();
        if (key === 'metric') {
          labels = this.labels();
        } else if (key === 'values') {
          // Sized like the last series (series of one query usually have the same steps): no regrowth.
          times = doubles(this.lastCount);
          values = doubles(this.lastCount);
          this.samples(times, values);
        } else {
          // `histograms` (native histograms) and anything new: read and left out.
          this.json();
        }
      }, CLOSE_BRACE);
      list.push({ labels: labels ?? {}, times: times ?? [], values: values ?? [] });
    }, CLOSE_BRACKET);
    return list;
  }

  /** `{"name":"value", …}` as JSON.parse gives it; string values only. */
  private labels(): Record<string, string> {
    const labels = this.json();
    if (!labels || typeof labels !== 'object' || Array.isArray(labels)) {
      throw UNHANDLED;
    }
    for (const key in labels) {
      if (typeof (labels as Record<string, unknown>)[key] !== 'string') {
        throw UNHANDLED;
      }
    }
    return labels as Record<string, string>;
  }

  /**
   * `[[1700000000,"1.5"], …]` into `times` (ms) and `values`. The hot loop: numbers are read from
   * the bytes, compact JSON takes the shortest path; only rare forms (more than 19 significant
   * digits, exponents, NaN, ±Inf, escapes) are decoded and read by Number().
   */
  private samples(times: number[], values: number[]): void {
    const b = this.b;
    const end = b.length;
    let p = this.p;
    let c = b[p];
    if (c !== OPEN_BRACKET) {
      throw UNHANDLED;
    }
    c = b[++p];
    while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
      c = b[++p];
    }
    if (c === CLOSE_BRACKET) {
      this.p = p + 1;
      times.length = 0;
      values.length = 0;
      return;
    }
    let n = 0;
    for (;;) {
      if (c !== OPEN_BRACKET) {
        throw UNHANDLED;
      }
      c = b[++p];
      while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
        c = b[++p];
      }

      // Timestamp: a JSON number, in seconds.
      const tStart = p;
      let negative = c === MINUS;
      if (negative) {
        c = b[++p];
      }
      let m = 0;
      if (c === ZERO) {
        c = b[++p];
      } else if (c >= ONE && c <= NINE) {
        if (p + 10 < end) {
          // Unix seconds have ten digits until 2286: read them side by side rather than one by one.
          const d0 = c - ZERO;
          const d1 = b[p + 1] - ZERO;
          const d2 = b[p + 2] - ZERO;
          const d3 = b[p + 3] - ZERO;
          const d4 = b[p + 4] - ZERO;
          const d5 = b[p + 5] - ZERO;
          const d6 = b[p + 6] - ZERO;
          const d7 = b[p + 7] - ZERO;
          const d8 = b[p + 8] - ZERO;
          const d9 = b[p + 9] - ZERO;
          // All in 0…15 (no bit above the low four), and none of them 10…15 (+6 would carry into 16).
          const bits = d0 | d1 | d2 | d3 | d4 | d5 | d6 | d7 | d8 | d9;
          const carry = (d0 + 6) | (d1 + 6) | (d2 + 6) | (d3 + 6) | (d4 + 6);
          const carry2 = (d5 + 6) | (d6 + 6) | (d7 + 6) | (d8 + 6) | (d9 + 6);
          if ((bits & ~15) === 0 && ((carry | carry2) & 16) === 0) {
            m =
              (d0 * 10000 + d1 * 1000 + d2 * 100 + d3 * 10 + d4) * 100000 +
              (d5 * 10000 + d6 * 1000 + d7 * 100 + d8 * 10 + d9);
            p += 10;
            c = b[p];
          }
        }
        while (c >= ZERO && c <= NINE) {
          m = m * 10 + (c - ZERO);
          c = b[++p];
        }
      } else {
        throw UNHANDLED;
      }
      let fraction = 0;
      if (c === DOT) {
        const fractionStart = p + 1;
        c = b[fractionStart];
        if (!(c >= ZERO && c <= NINE)) {
          throw UNHANDLED;
        }
        p = fractionStart;
        do {
          m = m * 10 + (c - ZERO);
          c = b[++p];
        } while (c >= ZERO && c <= NINE);
        fraction = p - fractionStart;
      }
      let t: number;
      if (c === LOWER_E || c === UPPER_E) {
        c = b[++p];
        if (c === PLUS || c === MINUS) {
          c = b[++p];
        }
        if (!(c >= ZERO && c <= NINE)) {
          throw UNHANDLED;
        }
        do {
          c = b[++p];
        } while (c >= ZERO && c <= NINE);
        t = Number(this.text(tStart, p));
      } else if (m < TWO_POW_53 && fraction <= 22) {
        t = negative ? -(m / POW10[fraction]) : m / POW10[fraction];
      } else {
        t = Number(this.text(tStart, p));
      }
      times[n] = t * 1000;

      if (c === COMMA && b[p + 1] === QUOTE) {
        p += 2; // compact: `,"`
      } else {
        while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
          c = b[++p];
        }
        if (c !== COMMA) {
          throw UNHANDLED;
        }
        c = b[++p];
        while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
          c = b[++p];
        }
        if (c !== QUOTE) {
          throw UNHANDLED;
        }
        p++;
      }

      // Value: a string holding a decimal number (fast path) or anything else (NaN, ±Inf, …).
      const vStart = p;
      c = b[p];
      negative = c === MINUS;
      if (negative) {
        c = b[++p];
      }
      const digitsStart = p;
      m = 0;
      while (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        c = b[++p];
      }
      let digits = p - digitsStart;
      fraction = 0;
      let dot = -1;
      if (c === DOT) {
        dot = p;
        const fractionStart = ++p;
        c = b[p];
        while (c >= ZERO && c <= NINE) {
          m = m * 10 + (c - ZERO);
          c = b[++p];
        }
        fraction = p - fractionStart;
        digits += fraction;
      }
      let v: number;
      if (c === QUOTE && digits > 0) {
        if (m < TWO_POW_53 && fraction <= 22) {
          v = negative ? -(m / POW10[fraction]) : m / POW10[fraction];
        } else {
          // 16 to 19 significant digits, the usual full-precision double: exact arithmetic, no string.
          const x = fraction <= 22 ? longDecimal(b, digitsStart, p, dot, fraction, digits, m) : NaN;
          v = x === x ? (negative ? -x : x) : Number(this.text(vStart, p));
        }
        p++;
      } else if ((c === LOWER_E || c === UPPER_E) && digits > 0) {
        c = b[++p];
        let exponentNegative = false;
        if (c === PLUS || c === MINUS) {
          exponentNegative = c === MINUS;
          c = b[++p];
        }
        const exponentStart = p;
        let exponent = 0;
        while (c >= ZERO && c <= NINE && exponent < 10_000) {
          exponent = exponent * 10 + (c - ZERO);
          c = b[++p];
        }
        if (c !== QUOTE || p === exponentStart) {
          v = this.oddValue(vStart);
          p = this.p;
        } else {
          const e10 = (exponentNegative ? -exponent : exponent) - fraction;
          if (m < TWO_POW_53 && e10 >= -22 && e10 <= 22) {
            const x = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
            v = negative ? -x : x;
          } else {
            v = Number(this.text(vStart, p));
          }
          p++;
        }
      } else {
        v = this.oddValue(vStart);
        p = this.p;
      }
      values[n++] = v;

      // Next sample: compact `],[`, or the end of the list, with any whitespace.
      c = b[p];
      if (c === CLOSE_BRACKET && b[p + 1] === COMMA && b[p + 2] === OPEN_BRACKET) {
        p += 2;
        c = OPEN_BRACKET;
        continue;
      }
      while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
        c = b[++p];
      }
      if (c !== CLOSE_BRACKET) {
        throw UNHANDLED;
      }
      c = b[++p];
      while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
        c = b[++p];
      }
      if (c === COMMA) {
        c = b[++p];
        while (c <= SPACE && (c === SPACE || c === LF || c === CR || c === TAB)) {
          c = b[++p];
        }
      } else if (c === CLOSE_BRACKET) {
        this.p = p + 1;
        this.lastCount = n;
        times.length = n; // drop what the size hint left unused
        values.length = n;
        return;
      } else {
        throw UNHANDLED;
      }
    }
  }

  /** A sample value in a form the fast path leaves (NaN, ±Inf, escapes, …): decoded, then as Number() reads it. */
  private oddValue(start: number): number {
    this.p = start - 1;
    const text = this.json();
    if (typeof text !== 'string' || !isSampleText(text)) {
      throw UNHANDLED; // "" or a word: JSON.parse and the sample checks explain, never a 0
    }
    return parseSampleValue(text);
  }

  /**
   * The members of an object or array whose opening character was read: calls `member` for each,
   * with whitespace skipped around, until `close`.
   */
  private members(member: () => void, close: number): void {
    this.ws();
    if (this.b[this.p] === close) {
      this.p++;
      return;
    }
    for (;;) {
      this.ws();
      member();
      this.ws();
      const c = this.b[this.p++];
      if (c === close) {
        return;
      }
      if (c !== COMMA) {
        throw UNHANDLED;
      }
    }
  }

  private ws(): void {
    const b = this.b;
    let c = b[this.p];
    while (c === SPACE || c === LF || c === CR || c === TAB) {
      c = b[++this.p];
    }
  }

  private eat(code: number): void {
    if (this.b[this.p] !== code) {
      throw UNHANDLED;
    }
    this.p++;
  }

  private colon(): void {
    this.ws();
    this.eat(COLON);
    this.ws();
  }

  /** An object key: plain ASCII read directly, anything else (escapes, UTF-8) through JSON.parse. */
  private key(): string {
    const b = this.b;
    const start = this.p;
    if (b[start] !== QUOTE) {
      throw UNHANDLED;
    }
    let key = '';
    for (let p = start + 1; p < b.length; p++) {
      const c = b[p];
      if (c === QUOTE) {
        this.p = p + 1;
        return key;
      }
      if (c === BACKSLASH || c < SPACE || c >= 0x80) {
        break;
      }
      key += String.fromCharCode(c);
    }
    const decoded = this.json();
    if (typeof decoded !== 'string') {
      throw UNHANDLED;
    }
    return decoded;
  }

  /** Any JSON value, through JSON.parse of its own slice (outside the hot path: labels, status, warnings). */
  private json(): unknown {
    const start = this.p;
    const end = this.skip(start);
    this.p = end;
    try {
      return JSON.parse(this.text(start, end));
    } catch {
      throw UNHANDLED; // not valid JSON: the whole body goes to JSON.parse, which explains
    }
  }

  /** UTF-8 bytes [start, end) as text; a BOM inside the body is kept. */
  private text(start: number, end: number): string {
    sliceDecoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
    return sliceDecoder.decode(this.b.subarray(start, end));
  }

  /** The end of the JSON value starting at `start` (its extent only: JSON.parse then checks it). */
  private skip(start: number): number {
    const b = this.b;
    const end = b.length;
    let p = start;
    let c = b[p];
    if (c === QUOTE) {
      return this.skipString(p);
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      while (p < end) {
        c = b[p];
        if (c === QUOTE) {
          p = this.skipString(p);
          continue;
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            return p + 1;
          }
        }
        p++;
      }
      throw UNHANDLED;
    }
    while (
      p < end &&
      c !== COMMA &&
      c !== CLOSE_BRACE &&
      c !== CLOSE_BRACKET &&
      c !== SPACE &&
      c !== LF &&
      c !== CR &&
      c !== TAB
    ) {
      c = b[++p];
    }
    return p;
  }

  /** The end of the string whose opening quote is at `start`. */
  private skipString(start: number): number {
    const b = this.b;
    for (let p = start + 1; p < b.length; p++) {
      const c = b[p];
      if (c === QUOTE) {
        return p + 1;
      }
      if (c === BACKSLASH) {
        p++;
      }
    }
    throw UNHANDLED;
  }
}

/**
 * One scanner for the module's life. V8 keeps an object's shape only while some object has it: with
 * a scanner per call, a full garbage collection between two bodies would drop the shape, and the
 * optimised hot loop, specialised for it, would be thrown away and compiled again for every body.
 */
const scanner = new Scanner();

// ---------------------------------------------------------------------------------------------
// Exact decimal → double for 16 to 19 significant digits, without a string or BigInt.

const SPLITTER = 134217729; // 2^27 + 1, for Veltkamp's split
const SCRATCH = new Float64Array(1);
const SCRATCH_WORDS = new Uint32Array(SCRATCH.buffer);
SCRATCH[0] = 1;
const HIGH = SCRATCH_WORDS[1] === 0x3ff00000 ? 1 : 0; // index of the sign/exponent word
const LOW = 1 - HIGH;

/** Veltkamp's split of each power of ten: POW10[i] === POW10_HIGH[i] + POW10_LOW[i], each half 26 bits at most. */
const POW10_HIGH = POW10.map((x) => SPLITTER * x - (SPLITTER * x - x));
const POW10_LOW = POW10.map((x, i) => x - POW10_HIGH[i]);

/**
 * The double nearest to the unsigned decimal in `b[start, end)` (`digits` digits, with a point at
 * `dot` or none when dot is -1, `fraction` ≤ 22 digits after it, `approximate` its digits read as
 * one number in floating point, 16 digits or more), or NaN when it cannot be sure (more than 18
 * significant digits, a value next to a halfway point, a power of two): the caller then asks Number().
 *
 * The decimal is D / 10^f with D < 10^18 held exactly as A + B (two doubles). A first guess
 * x = (A + B) / 10^f is within an ulp or so; the residual D − x·10^f, computed exactly with Dekker's
 * product, tells whether x is the nearest double (|residual| below half an ulp scaled by 10^f), or
 * its neighbour is.
 */
function longDecimal(
  b: Uint8Array,
  start: number,
  end: number,
  dot: number,
  fraction: number,
  digits: number,
  approximate: number
): number {
  // Significant digits: all digits but the leading zeros of a value below 1.
  let significant = digits;
  if (b[start] === ZERO) {
    for (let p = start; p < end && (p === dot || b[p] === ZERO); p++) {
      significant -= p === dot ? 0 : 1;
    }
  }
  if (significant > 18) {
    return NaN;
  }
  // D = high·10^k + low with high its first 15 digits: low from the last k digits, high from the
  // approximate D the caller accumulated (off by < 2 ulps of D for k ≤ 3, so the rounding is exact).
  const lowDigits = significant - 15;
  let low = 0;
  let weight = 1;
  for (let p = end - 1, taken = 0; taken < lowDigits; p--) {
    if (p !== dot) {
      low += (b[p] - ZERO) * weight;
      weight *= 10;
      taken++;
    }
  }
  const high = Math.round((approximate - low) / POW10[lowDigits]);
  // D = high·10^k + low = A + B exactly: high split in two 26-bit halves, each times 10^k exact.
  const t = SPLITTER * high;
  const highHigh = t - (t - high);
  const lowScale = POW10[lowDigits];
  const a = highHigh * lowScale;
  const bPart = (high - highHigh) * lowScale + low;
  const scale = POW10[fraction];
  let x = (a + bPart) / scale;

  // Residual D − x·10^f: x·10^f exactly as pHigh + pLow (Dekker), then A − pHigh exactly (Sterbenz).
  const pHigh = x * scale;
  let u = SPLITTER * x;
  const xHigh = u - (u - x);
  const xLow = x - xHigh;
  u = POW10_HIGH[fraction];
  const v = POW10_LOW[fraction];
  const pLow = xHigh * u - pHigh + xHigh * v + xLow * u + xLow * v;
  let residual = a - pHigh + bPart - pLow;

  SCRATCH[0] = x;
  const exponent = (SCRATCH_WORDS[HIGH] >>> 20) & 0x7ff;
  const powerOfTwo = (SCRATCH_WORDS[HIGH] & 0xfffff) === 0 && SCRATCH_WORDS[LOW] === 0;
  SCRATCH_WORDS[HIGH] = (exponent - 52) << 20;
  SCRATCH_WORDS[LOW] = 0;
  const ulp = SCRATCH[0];
  const ulpScaled = ulp * scale; // exact: a power of two times 10^f
  const half = ulpScaled / 2;
  const margin = 1e-6; // far above the rounding error of the residual (< 2^-36), far below half (≥ 1/4)
  if (Math.abs(residual) < half - margin) {
    return powerOfTwo && residual < 0 ? NaN : x;
  }
  if (Math.abs(residual) < half + margin) {
    return NaN; // next to a halfway point: let Number() round it
  }
  // The guess is one ulp off: move it toward the decimal and check again.
  if (residual > 0) {
    x += ulp;
    residual -= ulpScaled;
  } else {
    if (powerOfTwo) {
      return NaN;
    }
    x -= ulp;
    residual += ulpScaled;
  }
  SCRATCH[0] = x;
  const nowPowerOfTwo = (SCRATCH_WORDS[HIGH] & 0xfffff) === 0 && SCRATCH_WORDS[LOW] === 0;
  if (Math.abs(residual) < half - margin && !(nowPowerOfTwo && residual < 0)) {
    return x;
  }
  return NaN;
}
