/**
 * The bytes of a file, decompressed when gzipped, as a stream of chunks with a bounded read-ahead, and
 * how many bytes of the file on disk have been consumed (the progress bar counts compressed bytes).
 * The first chunks can be looked at before reading starts (to detect format and encoding) and are
 * then read again from the start.
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { toSourceError } from './to-source-error.ts';

/** Bytes read from disk at a time: large reads keep the disk busy while a chunk is parsed. */
export const READ_BYTES = 1024 * 1024;
/**
 * Largest chunk handed on. Kept small because V8 puts strings over 128 KiB (a 64 Ki-character
 * two-byte string) in large-object space, which made decoding several times slower in measurements.
 */
export const CHUNK_BYTES = 32 * 1024;

/** A file's bytes as chunks, with progress; see openByteStream. */
export interface ByteStream {
  /** Bytes of the file on disk consumed so far. */
  bytesRead(): number;
  /** Reads at least `minBytes` (less at the end of the file) without consuming them from `chunks()`. */
  peek(minBytes: number): Promise<Head>;
  /** The (decompressed) bytes from the start; iterate once. Throws SourceError on read and gzip errors. */
  chunks(): AsyncGenerator<Buffer>;
  /** Stops reading and releases the file (safe to call twice). */
  close(): void;
}

/** The first bytes of a (decompressed) file, for detection. */
export interface Head {
  readonly bytes: Buffer;
  /** The whole (decompressed) content is in `bytes`. */
  readonly complete: boolean;
}

/** Opens `path` for streaming; `gzip` decompresses (several concatenated gzip members are read in turn). */
export function openByteStream(path: string, gzip: boolean): ByteStream {
  const file = createReadStream(path, { highWaterMark: READ_BYTES });
  let source: Readable = file;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    // Errors reach the reader through the gunzip stream, which pipeline destroys with them.
    pipeline(file, gunzip, () => {});
    source = gunzip;
  }
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  let ended = false;
  /** An error met while peeking, rethrown once the peeked chunks have been read. */
  let peekError: unknown;

  return {
    bytesRead: () => file.bytesRead,
    async peek(minBytes) {
      while (peekedBytes < minBytes && !ended && peekError === undefined) {
        try {
          const next = await iterator.next();
          if (next.done) ended = true;
          else {
            peeked.push(next.value);
            peekedBytes += next.value.length;
          }
        } catch (error) {
          peekError = error;
        }
      }
      if (peekedBytes === 0 && peekError !== undefined) throw toSourceError(path, peekError);
      return { bytes: Buffer.concat(peeked), complete: ended };
    },
    async *chunks() {
      try {
        while (peeked.length > 0) yield* slices(peeked.shift() as Buffer);
        if (peekError !== undefined) throw peekError;
        if (ended) return;
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          yield* slices(next.value);
        }
      } catch (error) {
        throw toSourceError(path, error);
      }
    },
    close() {
      source.destroy();
      file.destroy();
    },
  };
}

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let start = 0; start < buffer.length; start += CHUNK_BYTES) yield buffer.subarray(start, start + CHUNK_BYTES);
}
