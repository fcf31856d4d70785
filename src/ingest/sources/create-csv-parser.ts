/**
 * Incremental RFC 4180 CSV parser over decoded text chunks.
 *
 * Speed comes from a fast path: a complete line without a quote is cut into fields with indexOf and
 * slice, and the positions of the next quote, delimiter, NUL and U+FFFD in the chunk are looked up
 * once and reused across rows (so each chunk is scanned for each of them at most once). Rows with
 * quotes, and the row cut by the end of a chunk, go through a resumable state machine that keeps its
 * state between chunks, so a field spanning many chunks costs linear time, and a field over the limit
 * is dropped while it is skipped rather than held.
 *
 * Batches are built only as `next` asks for them: rows parsed ahead of the consumer stay alive longer,
 * and copying live rows in garbage collection is what reading costs most (measured).
 */
import { SourceError, type RawBatch, type SourceReject } from './record-source.ts';
import { cutText, describeLength, type TextParser } from './text-parser.ts';

/** Longest accepted field, in characters; a longer one rejects its row. */
export const MAX_CSV_FIELD_LENGTH = 1024 * 1024;
/** Longest accepted row, in characters, so that a file without line breaks cannot fill memory. */
export const MAX_CSV_ROW_LENGTH = 64 * 1024 * 1024;

/** What the CSV parser needs to know beyond the text. */
export interface CsvParserOptions {
  /** File path, for SourceError messages. */
  readonly path: string;
  /** One character. */
  readonly delimiter: string;
  readonly batchSize: number;
  /** Reject reason for a row holding U+FFFD (the decoder's mark for bytes that were not valid text). */
  readonly invalidTextReason: () => string;
  /** Longest field, in characters; MAX_CSV_FIELD_LENGTH unless given. */
  readonly maxFieldLength?: number;
  /** Longest row, in characters; MAX_CSV_ROW_LENGTH unless given. */
  readonly maxRowLength?: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// States of the slow path.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field was the last character of a chunk: closing, or the first of `""`. */
const QUOTE_IN_QUOTED = 3;
const AFTER_CLOSING_QUOTE = 4;

/** Creates a CSV parser; the first non-empty row is the header (cells trimmed, BOM stripped). */
export function createCsvParser(options: CsvParserOptions): TextParser {
  return new CsvParser(options);
}

class CsvParser implements TextParser {
  private readonly path: string;
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly batchSize: number;
  private readonly invalidText: () => string;
  private readonly maxFieldLength: number;
  private readonly maxRowLength: number;

  private header: string[] | undefined;
  /** 1-based line the parser is on. */
  private line = 1;

  /** The text pushed last, parsed up to `pos`. */
  private buf = '';
  private pos = 0;

  private rows: string[][] = [];
  private lines: number[] = [];
  private rejects: SourceReject[] = [];
  private ready: RawBatch[] = [];

  // Next position of a character in the current chunk, at or after the position it was looked up
  // from; the chunk's length when there is none. -1 means not looked up in this chunk yet.
  private nextQuote = -1;
  private nextNewline = -1;
  private nextDelimiter = -1;
  private nextNul = -1;
  private nextInvalid = -1;

  // Slow-path state of the row in progress.
  private inRow = false;
  private mode = FIELD_START;
  private rowLine = 0;
  private quoteLine = 0;
  private fields: string[] = [];
  private field = '';
  private fieldQuoted = false;
  private lastFieldQuoted = false;
  private fieldIndex = 0;
  private rowLength = 0;
  /** Set once the row is known to be rejected; the rest of the row is then skipped, not stored. */
  private error: { reason: string; field?: string; value: string } | undefined;

  constructor(options: CsvParserOptions) {
    if (options.delimiter.length !== 1 || '"\r\n'.includes(options.delimiter)) {
      throw new SourceError(options.path, `invalid CSV delimiter ${JSON.stringify(options.delimiter)}`);
    }
    this.path = options.path;
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.batchSize = options.batchSize;
    this.invalidText = options.invalidTextReason;
    this.maxFieldLength = options.maxFieldLength ?? MAX_CSV_FIELD_LENGTH;
    this.maxRowLength = options.maxRowLength ?? MAX_CSV_ROW_LENGTH;
  }

  push(text: string): void {
    if (this.pos < this.buf.length) throw new Error('push() before the previous text was parsed by next()');
    this.buf = text;
    this.pos = 0;
    this.nextQuote = this.nextNewline = this.nextDelimiter = this.nextNul = this.nextInvalid = -1;
  }

  next(): RawBatch | undefined {
    if (this.ready.length === 0 && this.pos < this.buf.length) this.parse(true);
    return this.ready.shift();
  }

  /** Parses the pushed text until it ends, or (`untilBatch`) until a batch is ready. */
  private parse(untilBatch: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    if (this.inRow) pos = this.continueRow(buf, pos);
    while (pos < len && !this.inRow && !(untilBatch && this.ready.length > 0)) {
      const nl = buf.indexOf('\n', pos);
      if (nl === -1) {
        pos = this.startRow(buf, pos);
        break;
      }
      if (this.nextQuote < pos) this.nextQuote = indexOrEnd(buf, '"', pos);
      if (this.nextQuote < nl) {
        pos = this.startRow(buf, pos);
        continue;
      }
      const end = nl > pos && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      const line = this.line++;
      if (end > pos) this.fastRow(buf, pos, end, line);
      pos = nl + 1;
    }
    this.pos = pos;
  }

  end(): void {
    while (this.pos < this.buf.length) this.parse(false);
    if (this.inRow) {
      if (this.mode === QUOTED) {
        // The quote swallowed the rest of the file: one reject, naming where it opened.
        this.error = {
          reason: `unterminated quoted field ${this.fieldName(this.fieldIndex)} (quote opened on line ${this.quoteLine})`,
          field: this.fieldName(this.fieldIndex),
          value: this.error?.value ?? this.preview(),
        };
      } else {
        this.endField(true);
      }
      this.endRow();
    }
    if (!this.header) throw new SourceError(this.path, 'empty file');
    this.completeBatch();
  }

  flush(): RawBatch[] {
    this.completeBatch();
    const ready = this.ready;
    this.ready = [];
    return ready;
  }

  /** A complete line without quotes, [start, end) without its line break. */
  private fastRow(buf: string, start: number, end: number, line: number): void {
    if (this.nextInvalid < start) this.nextInvalid = indexOrEnd(buf, '\uFFFD', start);
    if (this.nextNul < start) this.nextNul = indexOrEnd(buf, '\0', start);
    // Slicing field by field measured faster than slice + split; the cached next delimiter keeps a
    // file whose rows hold few or no delimiters from rescanning the chunk for every row.
    const delimiter = this.delimiter;
    const fields: string[] = [];
    let from = start;
    if (this.nextDelimiter < from) this.nextDelimiter = indexOrEnd(buf, delimiter, from);
    while (this.nextDelimiter < end) {
      fields.push(buf.slice(from, this.nextDelimiter));
      from = this.nextDelimiter + 1;
      this.nextDelimiter = indexOrEnd(buf, delimiter, from);
    }
    fields.push(buf.slice(from, end));
    if (this.nextInvalid < end || this.nextNul < end) {
      this.checkedRow(fields, line, buf.slice(start, end));
    } else if (this.header !== undefined && fields.length === this.header.length) {
      if (isEmptyRow(fields)) return;
      this.rows.push(fields);
      this.lines.push(line);
      if (this.rows.length + this.rejects.length >= this.batchSize) this.completeBatch();
    } else {
      this.checkedRow(fields, line, buf.slice(start, end));
    }
  }

  /** Every check, for rows off the fast path: invalid text, NUL, header, field count. */
  private checkedRow(fields: string[], line: number, text: string): void {
    for (let i = 0; i < fields.length; i++) {
      if ((fields[i] as string).includes('\uFFFD')) {
        this.reject(line, this.invalidText(), text, this.fieldName(i));
        return;
      }
    }
    for (let i = 0; i < fields.length; i++) {
      if ((fields[i] as string).includes('\0')) {
        this.reject(line, `NUL byte in field ${this.fieldName(i)}`, text, this.fieldName(i));
        return;
      }
    }
    if (this.header === undefined) {
      this.header = fields.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim());
      return;
    }
    if (isEmptyRow(fields)) return;
    if (fields.length !== this.header.length) {
      this.reject(line, `expected ${this.header.length} fields, found ${fields.length}`, text);
      return;
    }
    this.rows.push(fields);
    this.lines.push(line);
    if (this.rows.length + this.rejects.length >= this.batchSize) this.completeBatch();
  }

  private reject(line: number, reason: string, text: string, field?: string): void {
    if (this.header === undefined) {
      throw new SourceError(this.path, `unreadable CSV header: ${reason}`, line);
    }
    const value = cutText(text);
    this.rejects.push(field === undefined ? { line, reason, value } : { line, reason, value, field });
    if (this.rows.length + this.rejects.length >= this.batchSize) this.completeBatch();
  }

  private completeBatch(): void {
    if (this.rows.length === 0 && this.rejects.length === 0) return;
    this.ready.push({ columns: this.header ?? [], rows: this.rows, lines: this.lines, rejects: this.rejects });
    this.rows = [];
    this.lines = [];
    this.rejects = [];
  }

  private fieldName(index: number): string {
    return this.header?.[index] ?? `column ${index + 1}`;
  }

  // ---- slow path -------------------------------------------------------------------------------

  private startRow(buf: string, pos: number): number {
    this.inRow = true;
    this.mode = FIELD_START;
    this.rowLine = this.line;
    this.fields = [];
    this.field = '';
    this.fieldQuoted = false;
    this.fieldIndex = 0;
    this.rowLength = 0;
    this.error = undefined;
    return this.continueRow(buf, pos);
  }

  /** Runs the state machine from `pos` until the row ends (returns the position after it) or the chunk does. */
  private continueRow(buf: string, pos: number): number {
    const len = buf.length;
    while (pos < len) {
      switch (this.mode) {
        case FIELD_START:
          if (buf.charCodeAt(pos) === QUOTE) {
            this.mode = QUOTED;
            this.fieldQuoted = true;
            this.quoteLine = this.line;
            pos++;
          } else {
            this.mode = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          // A quote here is kept as a literal character, as Excel does.
          if (this.nextDelimiter < pos) this.nextDelimiter = indexOrEnd(buf, this.delimiter, pos);
          if (this.nextNewline < pos) this.nextNewline = indexOrEnd(buf, '\n', pos);
          const d = this.nextDelimiter;
          const n = this.nextNewline;
          if (d < n) {
            this.append(buf, pos, d);
            this.endField(false);
            this.mode = FIELD_START;
            pos = d + 1;
          } else if (n < len) {
            this.append(buf, pos, n);
            this.endField(true);
            this.line++;
            this.endRow();
            return n + 1;
          } else {
            this.append(buf, pos, len);
            pos = len;
          }
          break;
        }
        case QUOTED: {
          if (this.nextQuote < pos) this.nextQuote = indexOrEnd(buf, '"', pos);
          const q = this.nextQuote;
          this.countNewlines(buf, pos, q);
          this.append(buf, pos, q);
          if (q === len) return len;
          this.mode = QUOTE_IN_QUOTED;
          pos = q + 1;
          break;
        }
        case QUOTE_IN_QUOTED:
          if (buf.charCodeAt(pos) === QUOTE) {
            this.append(buf, pos, pos + 1);
            this.mode = QUOTED;
            pos++;
          } else {
            this.mode = AFTER_CLOSING_QUOTE;
          }
          break;
        case AFTER_CLOSING_QUOTE: {
          const c = buf.charCodeAt(pos);
          if (c === this.delimiterCode) {
            this.endField(false);
            this.mode = FIELD_START;
            pos++;
          } else if (c === LF) {
            this.endField(false);
            this.line++;
            this.endRow();
            return pos + 1;
          } else if (c === CR) {
            pos++;
          } else {
            // `"ab"c`: the row is rejected; the rest of the field is read as unquoted text to find its end.
            this.fail(`unexpected text after closing quote in field ${this.fieldName(this.fieldIndex)}`);
            this.mode = UNQUOTED;
          }
          break;
        }
      }
    }
    return pos;
  }

  private append(buf: string, start: number, end: number): void {
    if (start === end || this.error !== undefined) return;
    if (this.field.length + (end - start) > this.maxFieldLength) {
      this.field += buf.slice(start, start + 100);
      this.fail(`field longer than ${describeLength(this.maxFieldLength)}`);
      return;
    }
    this.rowLength += end - start;
    if (this.rowLength > this.maxRowLength) {
      this.fail(`row longer than ${describeLength(this.maxRowLength)}`);
      return;
    }
    this.field += buf.slice(start, end);
  }

  private countNewlines(buf: string, start: number, end: number): void {
    if (this.nextNewline < start) this.nextNewline = indexOrEnd(buf, '\n', start);
    while (this.nextNewline < end) {
      this.line++;
      this.nextNewline = indexOrEnd(buf, '\n', this.nextNewline + 1);
    }
  }

  /** Marks the row rejected and drops what it held, so a huge bad row costs no memory. */
  private fail(reason: string): void {
    if (this.error !== undefined) return;
    const field = this.fieldName(this.fieldIndex);
    this.error = { reason, field, value: this.preview() };
    this.fields = [];
    this.field = '';
  }

  private preview(): string {
    return cutText([...this.fields, this.field].join(this.delimiter));
  }

  /** `atLineEnd`: the field ended at a line break, so a CR before it belongs to the break. */
  private endField(atLineEnd: boolean): void {
    const quoted = this.fieldQuoted;
    this.fieldIndex++;
    this.lastFieldQuoted = quoted;
    this.fieldQuoted = false;
    if (this.error !== undefined) return;
    let value = this.field;
    this.field = '';
    if (atLineEnd && !quoted && value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
    this.fields.push(value);
  }

  private endRow(): void {
    this.inRow = false;
    const error = this.error;
    if (error !== undefined) {
      this.error = undefined;
      this.reject(this.rowLine, error.reason, error.value, error.field);
      return;
    }
    const fields = this.fields;
    this.fields = [];
    if (fields.length === 1 && fields[0] === '' && !this.lastFieldQuoted) return; // an empty line
    this.checkedRow(fields, this.rowLine, fields.join(this.delimiter));
  }
}

/** A row of empty cells (",,,,", which spreadsheets leave below a table) is a blank line too. */
function isEmptyRow(fields: readonly string[]): boolean {
  for (const field of fields) if (field !== '') return false;
  return true;
}

function indexOrEnd(buf: string, search: string, from: number): number {
  const i = buf.indexOf(search, from);
  return i === -1 ? buf.length : i;
}
