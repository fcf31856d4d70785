/**
 * Guesses the text encoding of a file from its first bytes. Our files come from Excel and exports on
 * Chinese Windows (GBK/GB18030, often without any marker), from Excel's "Unicode text" (UTF-16 with a
 * BOM) and from everything else (UTF-8, with or without BOM).
 *
 * Without a BOM the sample is judged line by line: valid UTF-8 wins; a file that is mostly UTF-8 with
 * a few bad lines (one GBK row pasted into a UTF-8 file) stays UTF-8, so those rows are rejected rather
 * than the whole file decoded as mojibake; otherwise GB18030 when it decodes cleanly (or mostly).
 */
import iconv from 'iconv-lite';
import type { TextEncoding } from './record-source.ts';

/** Bytes sampled for detection. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

/** The detected encoding and the length of its byte-order mark, or why the bytes are not text we read. */
export type EncodingDetection = { readonly encoding: TextEncoding; readonly bomLength: number } | { readonly error: string };

/**
 * Detects the encoding of `sample`, the first bytes of a file; `complete` tells whether the sample is
 * the whole file (otherwise a character cut at its end is not an error).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): EncodingDetection {
  const bom = detectBom(sample);
  if (bom) return bom;

  const nulCount = countByte(sample, 0);
  if (nulCount > Math.max(8, sample.length / 1000)) {
    const utf16 = guessUtf16WithoutBom(sample);
    return utf16 ? { encoding: utf16, bomLength: 0 } : { error: 'binary file (not CSV/NDJSON/JSON text)' };
  }

  const lines = splitLines(sample, complete);
  const utf8 = tally(lines, isValidUtf8);
  if (utf8.invalid === 0) return { encoding: 'utf-8', bomLength: 0 };
  if (utf8.valid >= 2 * utf8.invalid) return { encoding: 'utf-8', bomLength: 0 };
  const gb = tally(lines, isValidGb18030);
  if (gb.invalid === 0 || gb.valid >= 2 * gb.invalid) return { encoding: 'gb18030', bomLength: 0 };
  return { error: 'not valid UTF-8 or GB18030 text' };
}

/** The encoding announced by a byte-order mark at the start of `bytes`, if any. */
export function detectBom(bytes: Uint8Array): { encoding: TextEncoding; bomLength: number } | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (b0 === 0x84 && b1 === 0x31 && b2 === 0x95 && b3 === 0x33) return { encoding: 'gb18030', bomLength: 4 };
  return undefined;
}

/** Mostly-ASCII UTF-16 without BOM has a zero in nearly every other byte, and only there. */
function guessUtf16WithoutBom(sample: Uint8Array): TextEncoding | undefined {
  let evenZeros = 0;
  let oddZeros = 0;
  const pairs = Math.floor(sample.length / 2);
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  if (pairs === 0) return undefined;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.02) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.02) return 'utf-16be';
  return undefined;
}

function countByte(bytes: Uint8Array, value: number): number {
  let count = 0;
  for (let i = bytes.indexOf(value); i !== -1; i = bytes.indexOf(value, i + 1)) count++;
  return count;
}

interface Line {
  readonly bytes: Uint8Array;
  /** The sample ends inside this line, so its last character may be cut. */
  readonly cut: boolean;
}

/** Lines holding non-ASCII bytes; LF never occurs inside a UTF-8 or GB18030 multi-byte character. */
function splitLines(sample: Uint8Array, complete: boolean): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < sample.length) {
    const nl = sample.indexOf(0x0a, start);
    const end = nl === -1 ? sample.length : nl;
    const bytes = sample.subarray(start, end);
    if (bytes.some((b) => b >= 0x80)) lines.push({ bytes, cut: nl === -1 && !complete });
    start = end + 1;
  }
  return lines;
}

function tally(lines: readonly Line[], isValid: (line: Line) => boolean): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (const line of lines) {
    if (isValid(line)) valid++;
    else invalid++;
  }
  return { valid, invalid };
}

/** Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF); a cut line may end mid-character. */
function isValidUtf8({ bytes, cut }: Line): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return cut;
      const c = bytes[i + k] as number;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return false;
    }
    i += need + 1;
  }
  return true;
}

/** Whether iconv-lite decodes the line without a replacement character; a cut line keeps its tail buffered. */
function isValidGb18030({ bytes, cut }: Line): boolean {
  const decoder = iconv.getDecoder('gb18030');
  const text = decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const tail = cut ? '' : (decoder.end() ?? '');
  return !text.includes('\uFFFD') && !tail.includes('\uFFFD');
}
