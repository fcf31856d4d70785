/**
 * Encodes rows straight into UTF-8 bytes, CSV (RFC 4180) or NDJSON, field by field. Tens of millions
 * of rows are written per run, and building a JavaScript string per row and converting it afterwards
 * costs several times more than writing digits and cached name bytes into a buffer, so the writer
 * works on bytes: ids and timestamps are written from numbers, repeated names (provinces, venues,
 * enum values) are encoded once and copied, and only free text goes through string escaping.
 */
import type { DemoColumn } from './demo-columns.ts';

export type TextFormat = 'csv' | 'ndjson';

const INITIAL_BYTES = 1 << 20;
/** Room kept free at the end of the buffer: no single row is longer. */
const ROW_RESERVE = 1 << 16;
const NEEDS_QUOTES = /[",\r\n]/;

const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;
const COLON = 58;
const ZERO = 48;

const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));
const POW10 = Array.from({ length: 11 }, (_, i) => Math.pow(10, i));
const ENCODER = new TextEncoder();
const utf8 = (text: string): Uint8Array => ENCODER.encode(text);

/** Text dates of the days around the generated window, as bytes ('YYYY-MM-DD' and 'YYYYMMDD'). */
export interface DateBytes {
  /** Index of day 0 (the first generated day) in the arrays. */
  readonly offset: number;
  readonly dashed: readonly Uint8Array[];
  readonly compact: readonly Uint8Array[];
  /** Text of a day index relative to day 0, for days outside the arrays. */
  readonly fallback: (day: number) => string;
}

/** Quotes a CSV field only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes rows of one entity. Call the field methods in column order for each row, then `end()`;
 * `take()` hands over what was written.
 */
export class RowWriter {
  /** Rows completed since the writer was created. */
  rows = 0;
  private buf: Uint8Array = new Uint8Array(INITIAL_BYTES);
  private pos = 0;
  private col = 0;
  private readonly json: boolean;
  private readonly prefixes: readonly Uint8Array[];
  private readonly textColumn: readonly boolean[];
  private readonly textCache = new Map<string, Uint8Array>();
  private readonly plainCache = new Map<string, Uint8Array>();
  private readonly rowEnd: Uint8Array;

  constructor(
    readonly columns: readonly DemoColumn[],
    readonly format: TextFormat,
    private readonly dates: DateBytes,
  ) {
    this.json = format === 'ndjson';
    this.prefixes = columns.map((c, i) => utf8(this.json ? `${i === 0 ? '{' : ','}"${c.name}":` : i === 0 ? '' : ','));
    this.textColumn = columns.map((c) => c.kind === 'text');
    this.rowEnd = utf8(this.json ? '}\n' : '\n');
  }

  /** The CSV header line (NDJSON has none). */
  header(): string {
    return this.json ? '' : `${this.columns.map((c) => c.name).join(',')}\n`;
  }

  private prefix(): void {
    const col = this.col++;
    if (!this.json) {
      if (col > 0) this.buf[this.pos++] = COMMA;
      return;
    }
    const p = this.prefixes[col] as Uint8Array;
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < p.length; i++) buf[pos++] = p[i] as number;
    this.pos = pos;
  }

  private latin1(value: string): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < value.length; i++) buf[pos++] = value.charCodeAt(i);
    this.pos = pos;
  }

  private copy(bytes: Uint8Array): void {
    const buf = this.buf;
    let pos = this.pos;
    if (bytes.length > 48) {
      buf.set(bytes, pos);
      pos += bytes.length;
    } else {
      for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i] as number;
    }
    this.pos = pos;
  }

  /** An empty field (CSV) or null (JSON). */
  nul(): this {
    this.prefix();
    if (this.json) {
      const buf = this.buf;
      buf[this.pos++] = 110;
      buf[this.pos++] = 117;
      buf[this.pos++] = 108;
      buf[this.pos++] = 108;
    }
    return this;
  }

  /** A string of ASCII letters, digits and punctuation other than quotes and commas. */
  ascii(value: string): this {
    this.prefix();
    const buf = this.buf;
    let pos = this.pos;
    if (this.json) buf[pos++] = QUOTE;
    for (let i = 0; i < value.length; i++) buf[pos++] = value.charCodeAt(i);
    if (this.json) buf[pos++] = QUOTE;
    this.pos = pos;
    return this;
  }

  /** Bytes prepared with `encodeText` (or plain ASCII for non-text columns in CSV). */
  bytes(encoded: Uint8Array): this {
    this.prefix();
    this.copy(encoded);
    return this;
  }

  /** A string from a small repeating set (names, enum values): encoded once, then copied. */
  name(value: string): this {
    const text = this.textColumn[this.col] as boolean;
    this.prefix();
    const cache = text ? this.textCache : this.plainCache;
    let bytes = cache.get(value);
    if (!bytes) {
      bytes = utf8(this.json ? JSON.stringify(value) : text ? csvField(value) : value);
      cache.set(value, bytes);
    }
    this.copy(bytes);
    return this;
  }

  /** Free text of any content, escaped as the format requires. */
  text(value: string): this {
    this.prefix();
    if (this.json) {
      this.utf8(JSON.stringify(value));
    } else if (NEEDS_QUOTES.test(value)) {
      this.buf[this.pos++] = QUOTE;
      this.utf8(value.replace(/"/g, '""'));
      this.buf[this.pos++] = QUOTE;
    } else {
      this.utf8(value);
    }
    return this;
  }

  /** UTF-8 encoding by hand: for short strings much cheaper than TextEncoder.encodeInto. */
  private utf8(value: string): void {
    if (value.length * 3 > ROW_RESERVE) this.grow(this.pos + value.length * 3 + ROW_RESERVE);
    const buf = this.buf;
    let pos = this.pos;
    const n = value.length;
    for (let i = 0; i < n; i++) {
      let c = value.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c < 0xe000) {
        const d = i + 1 < n ? value.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d < 0xe000) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[pos++] = 0xf0 | (c >> 18);
          buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
          buf[pos++] = 0x80 | (c & 0x3f);
        } else {
          // A lone surrogate becomes U+FFFD, as TextEncoder does.
          buf[pos++] = 0xef;
          buf[pos++] = 0xbf;
          buf[pos++] = 0xbd;
        }
      } else {
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      }
    }
    this.pos = pos;
  }

  /** A whole number. */
  int(value: number): this {
    this.prefix();
    this.digits(value);
    return this;
  }

  private digits(value: number): void {
    const buf = this.buf;
    if (value < 0 || value > 2147483647 || value !== Math.floor(value)) {
      this.latin1(String(value));
      return;
    }
    let n = value;
    if (n < 10) {
      buf[this.pos++] = ZERO + n;
      return;
    }
    let width = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) width++;
    let i = this.pos + width - 1;
    while (n > 0) {
      buf[i--] = ZERO + (n % 10);
      n = (n / 10) | 0;
    }
    this.pos += width;
  }

  /** A decimal number as JavaScript prints it (shortest round-trip form). */
  dec(value: number): this {
    this.prefix();
    if (value === Math.floor(value) && value >= 0 && value <= 2147483647) this.digits(value);
    else this.latin1(String(value));
    return this;
  }

  /** true / false. */
  bool(value: boolean): this {
    this.prefix();
    this.latin1(value ? 'true' : 'false');
    return this;
  }

  /** An id: one ASCII letter then `n` zero-padded to `width` digits (e.g. U00000042). */
  id(letter: number, n: number, width: number): this {
    this.prefix();
    const buf = this.buf;
    if (this.json) buf[this.pos++] = QUOTE;
    buf[this.pos++] = letter;
    this.padded(n, width);
    if (this.json) buf[this.pos++] = QUOTE;
    return this;
  }

  /** A dated id: letter, the day as YYYYMMDD, then `n` zero-padded (e.g. O202405010000042). */
  datedId(letter: number, day: number, n: number, width: number): this {
    this.prefix();
    const buf = this.buf;
    if (this.json) buf[this.pos++] = QUOTE;
    buf[this.pos++] = letter;
    const compact = this.dates.compact[day + this.dates.offset];
    if (compact) this.copy(compact);
    else this.latin1(this.dates.fallback(day).replaceAll('-', ''));
    this.padded(n, width);
    if (this.json) buf[this.pos++] = QUOTE;
    return this;
  }

  private padded(value: number, width: number): void {
    const buf = this.buf;
    let n = value;
    let w = width;
    while (w < 10 && n >= (POW10[w] as number)) w++;
    const start = this.pos;
    let i = start + w;
    // Two digits per step from a lookup table.
    while (i - start >= 2) {
      const q = (n / 100) | 0;
      const r = (n - q * 100) * 2;
      buf[--i] = DIGIT_PAIRS[r + 1] as number;
      buf[--i] = DIGIT_PAIRS[r] as number;
      n = q;
    }
    if (i > start) buf[start] = ZERO + (n % 10);
    this.pos = start + w;
  }

  /** An id made of prepared ASCII bytes (e.g. 'E20240701') then `n` zero-padded to `width` digits. */
  prefixedId(prefix: Uint8Array, n: number, width: number): this {
    this.prefix();
    if (this.json) this.buf[this.pos++] = QUOTE;
    this.copy(prefix);
    this.padded(n, width);
    if (this.json) this.buf[this.pos++] = QUOTE;
    return this;
  }

  /** A timestamp 'YYYY-MM-DD HH:MM:SS' from seconds since day 0's midnight. */
  timestamp(seconds: number): this {
    this.prefix();
    const buf = this.buf;
    const day = Math.floor(seconds / 86_400);
    let s = seconds - day * 86_400;
    if (this.json) buf[this.pos++] = QUOTE;
    const dashed = this.dates.dashed[day + this.dates.offset];
    if (dashed) this.copy(dashed);
    else this.latin1(this.dates.fallback(day));
    const h = (s / 3600) | 0;
    s -= h * 3600;
    const m = (s / 60) | 0;
    s -= m * 60;
    let pos = this.pos;
    buf[pos++] = SPACE;
    buf[pos++] = ZERO + ((h / 10) | 0);
    buf[pos++] = ZERO + (h % 10);
    buf[pos++] = COLON;
    buf[pos++] = ZERO + ((m / 10) | 0);
    buf[pos++] = ZERO + (m % 10);
    buf[pos++] = COLON;
    buf[pos++] = ZERO + ((s / 10) | 0);
    buf[pos++] = ZERO + (s % 10);
    if (this.json) buf[pos++] = QUOTE;
    this.pos = pos;
    return this;
  }

  /** A calendar date 'YYYY-MM-DD' of a day index. */
  date(day: number): this {
    this.prefix();
    if (this.json) this.buf[this.pos++] = QUOTE;
    const dashed = this.dates.dashed[day + this.dates.offset];
    if (dashed) this.copy(dashed);
    else this.latin1(this.dates.fallback(day));
    if (this.json) this.buf[this.pos++] = QUOTE;
    return this;
  }

  /** Ends the row; grows the buffer when it is nearly full. */
  end(): void {
    this.copy(this.rowEnd);
    this.col = 0;
    this.rows++;
    if (this.pos > this.buf.length - ROW_RESERVE) this.grow(this.pos + ROW_RESERVE);
  }

  /** Position to come back to with `cut`, taken before a row's first field. */
  mark(): number {
    return this.pos;
  }

  /** Removes the row written since `mark` and returns a copy of its bytes (a row to emit later). */
  cut(mark: number): Uint8Array {
    const copy = this.buf.slice(mark, this.pos);
    this.pos = mark;
    this.rows--;
    return copy;
  }

  /** Appends a row produced earlier by `cut`. */
  raw(bytes: Uint8Array): void {
    if (this.pos + bytes.length > this.buf.length - ROW_RESERVE) this.grow(this.pos + bytes.length + ROW_RESERVE);
    this.copy(bytes);
    this.rows++;
  }

  private grow(needed: number): void {
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  /**
   * Everything written since the last take, as a view of the writer's own buffer: valid only until
   * the next field is written, so consume (copy or write out) it first.
   */
  take(): Uint8Array {
    const view = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return view;
  }
}

/** The bytes of a non-text value (id, enum) as one field of the format (quoted in JSON). */
export function encodePlain(value: string, format: TextFormat): Uint8Array {
  return utf8(format === 'ndjson' ? `"${value}"` : value);
}

/** The bytes of a text value as one field of the format (quoted or escaped when needed). */
export function encodeText(value: string, format: TextFormat): Uint8Array {
  return utf8(format === 'ndjson' ? JSON.stringify(value) : csvField(value));
}
