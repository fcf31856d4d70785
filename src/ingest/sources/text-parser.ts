/**
 * The shape shared by the text-format parsers (CSV, NDJSON, JSON array): pure, incremental, fed decoded
 * text chunk by chunk so a file of any size is parsed with memory bounded by one chunk plus one batch.
 */
import type { RawBatch } from './record-source.ts';

/**
 * An incremental parser of decoded text into batches; throws SourceError when the whole file is
 * unreadable. Use: for each chunk, `push` it then call `next` until it returns undefined; at the end,
 * `end`, then `next` until undefined, then `flush`.
 */
export interface TextParser {
  /** Hands over the next chunk of text (a row may span chunks); it is parsed as `next` is called. */
  push(text: string): void;
  /**
   * The next complete batch (`batchSize` rows and rejects together), parsing as far into the pushed
   * text as needed; undefined once the text pushed so far is used up. Handing each batch on as soon as
   * it is complete, rather than after the whole chunk, keeps fewer rows alive at once.
   */
  next(): RawBatch | undefined;
  /** Signals the end of the text, after the last `push` and its `next` calls: finishes the last row. */
  end(): void;
  /** Every batch still held, including the incomplete last one; also usable after an error. */
  flush(): RawBatch[];
}

/** Longest reject `value` kept, in characters: enough to recognise the row, small enough to log. */
export const REJECT_VALUE_LENGTH = 200;

/** Cuts text to a readable length for a reject's `value`. */
export function cutText(text: string, length = REJECT_VALUE_LENGTH): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

/** A length limit as reasons state it: `1 MiB` for whole mebi-characters, else `N characters`. */
export function describeLength(characters: number): string {
  const mebi = 1024 * 1024;
  return characters % mebi === 0 ? `${characters / mebi} MiB` : `${characters} characters`;
}

/** Reason given to a row holding U+FFFD, which the decoder puts where bytes were not valid text. */
export function invalidTextReason(encoding: string): string {
  switch (encoding) {
    case 'gb18030':
      return 'invalid GB18030 byte sequence';
    case 'utf-16le':
    case 'utf-16be':
      return 'invalid UTF-16 byte sequence';
    default:
      return 'invalid UTF-8 byte sequence';
  }
}

/**
 * The pieces of one record (an NDJSON line, a JSON array element) cut across decoded chunks, with a
 * bound: past `maxLength` only the record's first characters are kept, for its reject, so an
 * over-long record is skipped without being held.
 */
export interface PieceBuffer {
  keep(piece: string): void;
  /** Whether any piece (or an overflow) is held. */
  readonly holding: boolean;
  /** Takes the held text — or, when the record overflowed, its first characters as `tooLong` — and resets. */
  take(): { text: string; tooLong: string | undefined };
}

/** Creates a PieceBuffer bounded to `maxLength` characters. */
export function createPieceBuffer(maxLength: number): PieceBuffer {
  let parts: string[] = [];
  let length = 0;
  let tooLong: string | undefined;
  return {
    keep(piece) {
      if (tooLong !== undefined || piece === '') return;
      if (length + piece.length > maxLength) {
        tooLong = parts.join('').slice(0, REJECT_VALUE_LENGTH) + piece.slice(0, REJECT_VALUE_LENGTH);
        parts = [];
        length = 0;
        return;
      }
      parts.push(piece);
      length += piece.length;
    },
    get holding() {
      return parts.length > 0 || tooLong !== undefined;
    },
    take() {
      const taken = { text: parts.join(''), tooLong };
      parts = [];
      length = 0;
      tooLong = undefined;
      return taken;
    },
  };
}
