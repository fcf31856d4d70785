/**
 * Incremental parser of a top-level JSON array of objects. The whole document is never parsed at
 * once: a small tokenizer follows strings, escapes and nesting to find where each element of the
 * top-level array starts and ends, and only that element's text goes to JSON.parse. A malformed
 * element is a reject and the scan goes on with the next one.
 *
 * A row's `line` is the 1-based line where its element starts (the first character of the element),
 * which is what a person opening the file needs. In a minified array every element is on line 1, so
 * rows and rejects also carry the element's 0-based `index`.
 */
import { addJsonText, createObjectBatcher } from './create-object-batcher.ts';
import { SourceError, type RawBatch } from './record-source.ts';
import { createPieceBuffer, cutText, describeLength, type TextParser } from './text-parser.ts';

/** Longest accepted array element, in characters; a longer one is rejected and skipped without being held. */
export const MAX_JSON_ELEMENT_LENGTH = 16 * 1024 * 1024;

/** What the JSON array parser needs to know beyond the text. */
export interface JsonArrayParserOptions {
  /** File path, for SourceError messages. */
  readonly path: string;
  readonly batchSize: number;
  /** Reject reason for an element holding U+FFFD (the decoder's mark for bytes that were not valid text). */
  readonly invalidTextReason: () => string;
  /** Longest element, in characters; MAX_JSON_ELEMENT_LENGTH unless given. */
  readonly maxElementLength?: number;
}

const BEFORE_ARRAY = 0;
const BETWEEN_ELEMENTS = 1;
const IN_ELEMENT = 2;
const AFTER_ARRAY = 3;

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Creates a parser for a JSON array of objects. */
export function createJsonArrayParser(options: JsonArrayParserOptions): TextParser {
  const { path } = options;
  const batcher = createObjectBatcher(options.batchSize, true);
  const maxLength = options.maxElementLength ?? MAX_JSON_ELEMENT_LENGTH;
  let phase = BEFORE_ARRAY;
  let line = 1;
  // Tokenizer state inside an element.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementLine = 0;
  /** 0-based index of the current element in the array. */
  let elementIndex = -1;
  /** Pieces of the current element cut by the end of the previous chunks. */
  const pieces = createPieceBuffer(maxLength);

  const finishElement = (): void => {
    phase = BETWEEN_ELEMENTS;
    const taken = pieces.take();
    const text = taken.text.trim();
    if (taken.tooLong !== undefined) {
      batcher.reject({
        line: elementLine,
        index: elementIndex,
        reason: `element longer than ${describeLength(maxLength)}`,
        value: cutText(taken.tooLong),
      });
      return;
    }
    addJsonText(batcher, text, elementLine, options.invalidTextReason, elementIndex);
  };

  return {
    push(text) {
      const n = text.length;
      let start = 0; // where the current element's text starts in this chunk
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (phase === IN_ELEMENT) {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === BACKSLASH) escaped = true;
            else if (c === QUOTE) inString = false;
            else if (c === LF) line++;
          } else if (c === QUOTE) {
            inString = true;
          } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
            depth++;
          } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
            if (depth > 0) {
              depth--;
              if (depth === 0) {
                pieces.keep(text.slice(start, i + 1));
                finishElement();
              }
            } else if (c === CLOSE_BRACKET) {
              // The array closes after a scalar element: finish it, then read the bracket again.
              pieces.keep(text.slice(start, i));
              finishElement();
              i--;
            } else {
              // A stray `}`: part of a broken element, rejected by JSON.parse.
              pieces.keep(text.slice(start, i + 1));
              finishElement();
            }
          } else if (c === COMMA && depth === 0) {
            pieces.keep(text.slice(start, i));
            finishElement();
          } else if (c === LF) {
            line++;
          }
          continue;
        }
        if (c === LF) {
          line++;
          continue;
        }
        if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff) continue;
        if (phase === BEFORE_ARRAY) {
          if (c !== OPEN_BRACKET) throw new SourceError(path, 'not a JSON array (expected "[" at the start)', line);
          phase = BETWEEN_ELEMENTS;
        } else if (phase === AFTER_ARRAY) {
          throw new SourceError(path, 'unexpected text after the end of the JSON array', line);
        } else if (c === CLOSE_BRACKET) {
          phase = AFTER_ARRAY;
        } else if (c !== COMMA) {
          phase = IN_ELEMENT;
          depth = 0;
          inString = false;
          escaped = false;
          elementLine = line;
          elementIndex++;
          start = i;
          i--; // read the element's first character again, as part of the element
        }
      }
      if (phase === IN_ELEMENT) pieces.keep(text.slice(start));
    },
    end() {
      if (phase === IN_ELEMENT) {
        const taken = pieces.take();
        batcher.reject({
          line: elementLine,
          index: elementIndex,
          reason: 'truncated JSON element (file ends inside it)',
          value: cutText(taken.tooLong ?? taken.text),
        });
      }
      if (phase === BEFORE_ARRAY) throw new SourceError(path, 'empty file');
      if (phase !== AFTER_ARRAY) throw new SourceError(path, 'truncated JSON array: missing ]', line);
    },
    next: (): RawBatch | undefined => batcher.next(),
    flush: () => batcher.flush(),
  };
}
