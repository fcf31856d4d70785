/**
 * Incremental NDJSON parser: one JSON object per line, blank lines skipped. A bad line is a reject, so
 * one broken record never costs the rest of the file.
 */
import { addJsonText, createObjectBatcher } from './create-object-batcher.ts';
import type { RawBatch } from './record-source.ts';
import { createPieceBuffer, cutText, describeLength, type TextParser } from './text-parser.ts';

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
  const pieces = createPieceBuffer(maxLength);

  const handleLine = (text: string, lineNo: number, tooLong: string | undefined): void => {
    if (tooLong !== undefined || text.length > maxLength) {
      batcher.reject({ line: lineNo, reason: tooLongReason, value: cutText(tooLong ?? text) });
      return;
    }
    if (text.trim() === '') return;
    addJsonText(batcher, text, lineNo, options.invalidTextReason);
  };

  return {
    push(text) {
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', pos)) {
        const lineText = text.slice(pos, nl);
        if (pieces.holding) {
          pieces.keep(lineText);
          const taken = pieces.take();
          handleLine(taken.text, line++, taken.tooLong);
        } else {
          handleLine(lineText, line++, undefined);
        }
        pos = nl + 1;
      }
      pieces.keep(text.slice(pos));
    },
    end() {
      if (pieces.holding) {
        const taken = pieces.take();
        handleLine(taken.text, line, taken.tooLong);
      }
    },
    next: (): RawBatch | undefined => batcher.next(),
    flush: () => batcher.flush(),
  };
}
