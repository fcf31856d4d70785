/**
 * A file written from bytes and strings with backpressure. Everything is copied into staging buffers
 * that are recycled once the stream has written them, so a multi-gigabyte file needs a few buffers
 * of memory and no stream of fresh allocations (which would make the garbage collector work hard).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface TextSink {
  readonly path: string;
  /** Appends UTF-8 text. */
  write(text: string): Promise<void>;
  /** Appends bytes; they are copied before this returns, so the caller may reuse the memory. */
  writeBytes(bytes: Uint8Array): Promise<void>;
  /** Appends many byte arrays (e.g. single rows) in order. */
  writeAll(list: readonly Uint8Array[]): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
  /** Bytes handed to the file so far (all of them once closed). */
  readonly bytes: number;
}

const STAGING_BYTES = 1 << 21;

/** Opens (truncating) a file for streamed output. */
export function createTextSink(path: string): TextSink {
  const stream = createWriteStream(path, { highWaterMark: 1 << 23 });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  const free: Uint8Array[] = [];
  let staging: Uint8Array = new Uint8Array(STAGING_BYTES);
  let used = 0;
  let bytes = 0;

  async function flush(): Promise<void> {
    if (failure) throw failure;
    if (used === 0) return;
    const full = staging;
    const length = used;
    staging = free.pop() ?? new Uint8Array(STAGING_BYTES);
    used = 0;
    bytes += length;
    const accepted = stream.write(full.subarray(0, length), () => free.push(full));
    if (!accepted) await once(stream, 'drain');
    if (failure) throw failure;
  }

  async function writeBytes(input: Uint8Array): Promise<void> {
    let from = 0;
    while (from < input.length) {
      const n = Math.min(input.length - from, staging.length - used);
      staging.set(from === 0 && n === input.length ? input : input.subarray(from, from + n), used);
      used += n;
      from += n;
      if (used === staging.length) await flush();
    }
  }

  return {
    path,
    get bytes() {
      return bytes + used;
    },
    write: (text) => writeBytes(new TextEncoder().encode(text)),
    writeBytes,
    async writeAll(list) {
      for (const bytes of list) {
        if (used + bytes.length <= staging.length) {
          staging.set(bytes, used);
          used += bytes.length;
        } else {
          await writeBytes(bytes);
        }
      }
    },
    async close() {
      await flush();
      stream.end();
      await once(stream, 'close');
      if (failure) throw failure;
    },
  };
}
