/**
 * Streaming byte-to-text decoders for the encodings we read. Invalid bytes become U+FFFD (never an
 * exception), so the parsers can reject just the rows that hold them.
 */
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';
import { detectEncoding, ENCODING_SAMPLE_BYTES } from './detect-encoding.ts';
import type { TextEncoding } from './record-source.ts';

/** Decodes a byte stream chunk by chunk; a character cut between chunks is kept for the next one. */
export interface ChunkDecoder {
  /** The encoding in use (a deferred decoder reports `utf-8` until it has seen non-ASCII bytes). */
  readonly encoding: TextEncoding;
  write(bytes: Uint8Array): string;
  end(): string;
}

/** A decoder for `encoding`; a leading byte-order mark is dropped. */
export function createTextDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'gb18030') {
    const decoder = iconv.getDecoder('gb18030');
    return {
      encoding,
      write: (bytes) => decoder.write(toBuffer(bytes)),
      end: () => decoder.end() ?? '',
    };
  }
  const decoder = new TextDecoder(encoding);
  return {
    encoding,
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/**
 * A decoder for a file whose sample was pure ASCII: ASCII reads the same in every encoding we support,
 * so the choice between UTF-8 and GB18030 waits for the first non-ASCII bytes (a GBK remark column
 * that is empty for the first thousand orders must not make the file UTF-8).
 */
export function createDeferredDecoder(): ChunkDecoder {
  let inner: ChunkDecoder | undefined;
  const ascii = new TextDecoder('utf-8');
  return {
    get encoding() {
      return inner?.encoding ?? 'utf-8';
    },
    write(bytes) {
      if (inner) return inner.write(bytes);
      if (isAscii(bytes)) return ascii.decode(bytes, { stream: true });
      let firstHigh = 0;
      while ((bytes[firstHigh] as number) < 0x80) firstHigh++;
      const lineStart = bytes.lastIndexOf(0x0a, firstHigh) + 1;
      const sample = bytes.subarray(lineStart, lineStart + ENCODING_SAMPLE_BYTES);
      const detected = detectEncoding(sample, false);
      inner = createTextDecoder('encoding' in detected ? detected.encoding : 'utf-8');
      return ascii.decode(bytes.subarray(0, lineStart)) + inner.write(bytes.subarray(lineStart));
    },
    end() {
      return inner ? inner.end() : ascii.decode();
    },
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
