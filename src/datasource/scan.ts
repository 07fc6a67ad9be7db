/**
 * A single-pass reader of Prometheus range-query (matrix) bodies, straight from the response text
 * into number arrays: no intermediate objects per sample, no string per sample in the common cases.
 *
 * It reads only what it is sure about. Anything else — another result type, an error status, a body
 * that is not valid JSON, a value written in an unusual way it cannot place — makes `scanMatrix`
 * return undefined, and the caller parses the text with JSON.parse as before. It never guesses: a
 * body it accepts gives exactly the numbers JSON.parse plus the usual conversion would.
 */

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
  /** The body's `warnings` and `infos`, as JSON.parse would give them (any JSON value). */
  warnings?: unknown;
  infos?: unknown;
}

/** Thrown inside the scanner when the text is not a shape it is sure about; never leaves this module. */
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

/**
 * The series of a `{"status":"success","data":{"resultType":"matrix","result":[…]}}` body, in any key
 * order and with any JSON whitespace, or undefined for every other body (let JSON.parse handle it).
 */
export function scanMatrix(text: string): ScannedMatrix | undefined {
  try {
    return new Scanner(text).body();
  } catch (e) {
    if (e === UNHANDLED) {
      return undefined;
    }
    throw e;
  }
}

class Scanner {
  private p = 0;

  constructor(private readonly s: string) {}

  body(): ScannedMatrix {
    let status: unknown;
    let resultType: unknown;
    let series: ScannedSeries[] | undefined;
    let warnings: unknown;
    let infos: unknown;
    this.ws();
    this.eat(OPEN_BRACE);
    this.members(() => {
      const key = this.string();
      this.colon();
      switch (key) {
        case 'status':
          status = this.value();
          break;
        case 'data':
          resultType = undefined;
          series = undefined;
          this.eat(OPEN_BRACE);
          this.members(() => {
            const dataKey = this.string();
            this.colon();
            if (dataKey === 'resultType') {
              resultType = this.value();
            } else if (dataKey === 'result') {
              series = this.seriesList();
            } else {
              this.value();
            }
          }, CLOSE_BRACE);
          break;
        case 'warnings':
          warnings = this.value();
          break;
        case 'infos':
          infos = this.value();
          break;
        default:
          this.value();
      }
    }, CLOSE_BRACE);
    this.ws();
    if (this.p !== this.s.length || status !== 'success' || resultType !== 'matrix' || !series) {
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
        const key = this.string();
        this.colon();
        if (key === 'metric') {
          labels = this.labels();
        } else if (key === 'values') {
          times = [];
          values = [];
          this.samples(times, values);
        } else {
          // `histograms` (native histograms) and anything new: read and left out.
          this.value();
        }
      }, CLOSE_BRACE);
      list.push({ labels: labels ?? {}, times: times ?? [], values: values ?? [] });
    }, CLOSE_BRACKET);
    return list;
  }

  /** `{"name":"value", …}`: string values only. */
  private labels(): Record<string, string> {
    const labels: Record<string, string> = {};
    this.eat(OPEN_BRACE);
    this.members(() => {
      const key = this.string();
      if (key === '__proto__') {
        throw UNHANDLED; // an own property JSON.parse would create; assignment would not
      }
      this.colon();
      if (this.s.charCodeAt(this.p) !== QUOTE) {
        throw UNHANDLED;
      }
      labels[key] = this.string();
    }, CLOSE_BRACE);
    return labels;
  }

  /**
   * `[[1700000000,"1.5"], …]` into `times` (ms) and `values`. The hot loop: numbers are read from
   * character codes; only rare forms (more than 15–16 significant digits, big exponents, NaN, ±Inf,
   * escapes) go through a substring.
   */
  private samples(times: number[], values: number[]): void {
    const s = this.s;
    let p = this.p;
    if (s.charCodeAt(p) !== OPEN_BRACKET) {
      throw UNHANDLED;
    }
    let c = s.charCodeAt(++p);
    while (c === SPACE || c === LF || c === CR || c === TAB) {
      c = s.charCodeAt(++p);
    }
    if (c === CLOSE_BRACKET) {
      this.p = p + 1;
      return;
    }
    for (;;) {
      if (c !== OPEN_BRACKET) {
        throw UNHANDLED;
      }
      c = s.charCodeAt(++p);
      while (c === SPACE || c === LF || c === CR || c === TAB) {
        c = s.charCodeAt(++p);
      }

      // Timestamp: a JSON number, in seconds.
      const tStart = p;
      let negative = false;
      if (c === MINUS) {
        negative = true;
        c = s.charCodeAt(++p);
      }
      let m = 0;
      if (c === ZERO) {
        c = s.charCodeAt(++p);
      } else if (c >= ONE && c <= NINE) {
        do {
          m = m * 10 + (c - ZERO);
          c = s.charCodeAt(++p);
        } while (c >= ZERO && c <= NINE);
      } else {
        throw UNHANDLED;
      }
      let fraction = 0;
      if (c === DOT) {
        c = s.charCodeAt(++p);
        if (!(c >= ZERO && c <= NINE)) {
          throw UNHANDLED;
        }
        do {
          m = m * 10 + (c - ZERO);
          fraction++;
          c = s.charCodeAt(++p);
        } while (c >= ZERO && c <= NINE);
      }
      let t: number;
      if (c === LOWER_E || c === UPPER_E) {
        c = s.charCodeAt(++p);
        if (c === PLUS || c === MINUS) {
          c = s.charCodeAt(++p);
        }
        if (!(c >= ZERO && c <= NINE)) {
          throw UNHANDLED;
        }
        do {
          c = s.charCodeAt(++p);
        } while (c >= ZERO && c <= NINE);
        t = Number(s.slice(tStart, p));
      } else if (m < TWO_POW_53 && fraction <= 22) {
        t = negative ? -(m / POW10[fraction]) : m / POW10[fraction];
      } else {
        t = Number(s.slice(tStart, p));
      }
      times.push(t * 1000);

      while (c === SPACE || c === LF || c === CR || c === TAB) {
        c = s.charCodeAt(++p);
      }
      if (c !== COMMA) {
        throw UNHANDLED;
      }
      c = s.charCodeAt(++p);
      while (c === SPACE || c === LF || c === CR || c === TAB) {
        c = s.charCodeAt(++p);
      }
      if (c !== QUOTE) {
        throw UNHANDLED;
      }

      // Value: a string holding a decimal number (fast path) or anything else (NaN, ±Inf, …).
      const vStart = ++p;
      c = s.charCodeAt(p);
      negative = false;
      if (c === MINUS) {
        negative = true;
        c = s.charCodeAt(++p);
      }
      m = 0;
      let digits = 0;
      fraction = 0;
      while (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        digits++;
        c = s.charCodeAt(++p);
      }
      if (c === DOT) {
        c = s.charCodeAt(++p);
        while (c >= ZERO && c <= NINE) {
          m = m * 10 + (c - ZERO);
          digits++;
          fraction++;
          c = s.charCodeAt(++p);
        }
      }
      let exponent = 0;
      let exponentOk = true;
      if (c === LOWER_E || c === UPPER_E) {
        c = s.charCodeAt(++p);
        let exponentNegative = false;
        if (c === PLUS || c === MINUS) {
          exponentNegative = c === MINUS;
          c = s.charCodeAt(++p);
        }
        exponentOk = c >= ZERO && c <= NINE;
        while (c >= ZERO && c <= NINE && exponent < 10_000) {
          exponent = exponent * 10 + (c - ZERO);
          c = s.charCodeAt(++p);
        }
        if (exponentNegative) {
          exponent = -exponent;
        }
      }
      let v: number;
      if (c === QUOTE && digits > 0 && exponentOk) {
        const e10 = exponent - fraction;
        if (m < TWO_POW_53 && e10 >= -22 && e10 <= 22) {
          const x = e10 < 0 ? m / POW10[-e10] : m * POW10[e10];
          v = negative ? -x : x;
        } else {
          v = Number(s.slice(vStart, p));
        }
        p++;
      } else {
        this.p = vStart - 1;
        v = parseSampleValue(this.string());
        p = this.p;
      }
      values.push(v);

      c = s.charCodeAt(p);
      while (c === SPACE || c === LF || c === CR || c === TAB) {
        c = s.charCodeAt(++p);
      }
      if (c !== CLOSE_BRACKET) {
        throw UNHANDLED;
      }
      c = s.charCodeAt(++p);
      while (c === SPACE || c === LF || c === CR || c === TAB) {
        c = s.charCodeAt(++p);
      }
      if (c === COMMA) {
        c = s.charCodeAt(++p);
        while (c === SPACE || c === LF || c === CR || c === TAB) {
          c = s.charCodeAt(++p);
        }
      } else if (c === CLOSE_BRACKET) {
        this.p = p + 1;
        return;
      } else {
        throw UNHANDLED;
      }
    }
  }

  /**
   * The members of an object or array whose opening character was read: calls `member` for each,
   * with whitespace skipped around, until `close`.
   */
  private members(member: () => void, close: number): void {
    this.ws();
    if (this.s.charCodeAt(this.p) === close) {
      this.p++;
      return;
    }
    for (;;) {
      this.ws();
      member();
      this.ws();
      const c = this.s.charCodeAt(this.p++);
      if (c === close) {
        return;
      }
      if (c !== COMMA) {
        throw UNHANDLED;
      }
    }
  }

  private ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.p);
    while (c === SPACE || c === LF || c === CR || c === TAB) {
      c = s.charCodeAt(++this.p);
    }
  }

  private eat(code: number): void {
    if (this.s.charCodeAt(this.p) !== code) {
      throw UNHANDLED;
    }
    this.p++;
  }

  private colon(): void {
    this.ws();
    this.eat(COLON);
    this.ws();
  }

  /** A JSON string at the current position, escapes decoded. */
  private string(): string {
    const s = this.s;
    if (s.charCodeAt(this.p) !== QUOTE) {
      throw UNHANDLED;
    }
    const start = this.p + 1;
    let p = start;
    let c = s.charCodeAt(p);
    while (c !== QUOTE && c !== BACKSLASH && c >= SPACE) {
      c = s.charCodeAt(++p);
    }
    if (c === QUOTE) {
      this.p = p + 1;
      return s.slice(start, p);
    }
    // Escapes (or a control character, or the end of the text): decode piece by piece.
    let out = s.slice(start, p);
    for (;;) {
      c = s.charCodeAt(p);
      if (c === QUOTE) {
        this.p = p + 1;
        return out;
      }
      if (c !== BACKSLASH) {
        if (!(c >= SPACE)) {
          throw UNHANDLED; // control character or end of text (NaN)
        }
        const runStart = p;
        do {
          c = s.charCodeAt(++p);
        } while (c !== QUOTE && c !== BACKSLASH && c >= SPACE);
        out += s.slice(runStart, p);
        continue;
      }
      const e = s.charCodeAt(p + 1);
      p += 2;
      switch (e) {
        case QUOTE:
          out += '"';
          break;
        case BACKSLASH:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          let code = 0;
          for (let i = 0; i < 4; i++) {
            const h = s.charCodeAt(p + i);
            const digit =
              h >= ZERO && h <= NINE ? h - ZERO : h >= 97 && h <= 102 ? h - 87 : h >= 65 && h <= 70 ? h - 55 : -1;
            if (digit < 0) {
              throw UNHANDLED;
            }
            code = code * 16 + digit;
          }
          out += String.fromCharCode(code);
          p += 4;
          break;
        }
        default:
          throw UNHANDLED;
      }
    }
  }

  /** Any JSON value (outside the hot path: status, warnings, infos, histograms, unknown keys). */
  private value(): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.p);
    if (c === QUOTE) {
      return this.string();
    }
    if (c === OPEN_BRACE) {
      this.p++;
      const object: Record<string, unknown> = {};
      this.members(() => {
        const key = this.string();
        if (key === '__proto__') {
          throw UNHANDLED;
        }
        this.colon();
        object[key] = this.value();
      }, CLOSE_BRACE);
      return object;
    }
    if (c === OPEN_BRACKET) {
      this.p++;
      const array: unknown[] = [];
      this.members(() => array.push(this.value()), CLOSE_BRACKET);
      return array;
    }
    for (const [word, value] of WORDS) {
      if (s.startsWith(word, this.p)) {
        this.p += word.length;
        return value;
      }
    }
    return this.number();
  }

  /** A JSON number, strictly by the JSON grammar. */
  private number(): number {
    const s = this.s;
    const start = this.p;
    let p = start;
    let c = s.charCodeAt(p);
    if (c === MINUS) {
      c = s.charCodeAt(++p);
    }
    if (c === ZERO) {
      c = s.charCodeAt(++p);
    } else if (c >= ONE && c <= NINE) {
      do {
        c = s.charCodeAt(++p);
      } while (c >= ZERO && c <= NINE);
    } else {
      throw UNHANDLED;
    }
    if (c === DOT) {
      c = s.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) {
        throw UNHANDLED;
      }
      do {
        c = s.charCodeAt(++p);
      } while (c >= ZERO && c <= NINE);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = s.charCodeAt(++p);
      if (c === PLUS || c === MINUS) {
        c = s.charCodeAt(++p);
      }
      if (!(c >= ZERO && c <= NINE)) {
        throw UNHANDLED;
      }
      do {
        c = s.charCodeAt(++p);
      } while (c >= ZERO && c <= NINE);
    }
    this.p = p;
    return Number(s.slice(start, p));
  }
}

const WORDS: Array<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
