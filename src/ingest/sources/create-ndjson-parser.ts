/**
 * Incremental NDJSON parser: one JSON object per line, blank lines skipped. A bad line is a reject, so
 * one broken record never costs the rest of the file.
 */
import { addJsonText, createObjectBatcher } from './create-object-batcher.ts';
import type { RawBatch } from './record-source.ts';
import { cutText, describeLength, type TextParser } from './text-parser.ts';

/** Longest accepted NDJSON line, in characters; a longer one is rejected and skipped without being held. */
export const MAX_NDJSON_LINE_LENGTH = 16 * 1024 * 1024;

/** What the NDJSON parser needs to know beyond the text. */
export interface NdjsonParserOptions {
  readonly batchSize: number;
  /** Reject reason for a line holding U+FFFD (the decoder's mark for bytes that were not valid text). */
  readonly invalidTextReason: () => string;
  /** Longest line, in characters; MAX_NDJSON_LINE_LENGTH unless given. */
  readonly maxLineLength?: number;
}

/** Creates an NDJSON parser; each row's line is the 1-based line of its object. */
export function createNdjsonParser(options: NdjsonParserOptions): TextParser {
  const batcher = createObjectBatcher(options.batchSize);
  const maxLength = options.maxLineLength ?? MAX_NDJSON_LINE_LENGTH;
  const tooLongReason = `line longer than ${describeLength(maxLength)}`;
  let line = 1;
  /** Pieces of the line cut by the end of the previous chunks. */
  let parts: string[] = [];
  let partsLength = 0;
  /** Set while skipping the rest of an over-long line: its first characters, for the reject. */
  let tooLong: string | undefined;

  const handleLine = (text: string, lineNo: number): void => {
    if (tooLong !== undefined) {
      batcher.reject({ line: lineNo, reason: tooLongReason, value: cutText(tooLong) });
      tooLong = undefined;
      return;
    }
    if (text.length > maxLength) {
      batcher.reject({ line: lineNo, reason: tooLongReason, value: cutText(text) });
      return;
    }
    if (text.trim() === '') return;
    addJsonText(batcher, text, lineNo, options.invalidTextReason);
  };

  const keep = (piece: string): void => {
    if (tooLong !== undefined || piece === '') return;
    if (partsLength + piece.length > maxLength) {
      tooLong = parts.join('').slice(0, 200) + piece.slice(0, 200);
      parts = [];
      partsLength = 0;
      return;
    }
    parts.push(piece);
    partsLength += piece.length;
  };

  return {
    push(text) {
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', pos)) {
        let lineText = text.slice(pos, nl);
        if (parts.length > 0) {
          keep(lineText);
          lineText = parts.join('');
          parts = [];
          partsLength = 0;
        }
        handleLine(lineText, line++);
        pos = nl + 1;
      }
      keep(text.slice(pos));
    },
    end() {
      if (parts.length > 0 || tooLong !== undefined) {
        const lineText = parts.join('');
        parts = [];
        partsLength = 0;
        handleLine(lineText, line);
      }
    },
    next: (): RawBatch | undefined => batcher.next(),
    flush: () => batcher.flush(),
  };
}
