/**
 * Staged rows are written as plain CSV chunks that DuckDB reads at COPY speed; JavaScript parses and
 * validates, DuckDB loads. While DuckDB loads one chunk, the next is being written, and at most one
 * load is in flight, so disk and memory stay bounded whatever the import size.
 *
 * Columns: `_seq` (staging order), `_source` (source index), then the entity's canonical fields.
 * Timestamps are UTC epoch seconds (with a fraction for milliseconds: whole seconds print far faster
 * than 13-digit milliseconds); strings are always quoted so delimiters and newlines inside
 * them are safe; null is an empty unquoted cell (canonical strings are never empty).
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CanonicalRow } from '../../ingest/steps/normalise-batch.ts';

const COMMA = 0x2c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const ZERO = 0x30;

/** Writes a non-negative safe integer's decimal digits at `at`; returns the end. */
function writeDigits(target: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  const end = at + digits;
  let v = value;
  for (let i = end - 1; i >= at; i--) {
    target[i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return end;
}

/**
 * Encodes canonical rows as staging CSV bytes. Written straight into one buffer per batch: building a
 * string first and encoding it on write cost twice as much (a rope of every cell, flattened, then
 * UTF-8 encoded — the Chinese addresses make it a two-byte string) and most of the import's garbage.
 */
export function toStagingCsv(
  rows: readonly CanonicalRow[],
  firstSeq: number,
  sourceIndex: number,
  timestampColumns: readonly boolean[],
): Buffer {
  // Upper bound: a UTF-16 unit is at most 3 UTF-8 bytes, doubled quotes at most double that.
  let bound = 0;
  for (const row of rows) {
    bound += 48;
    for (const value of row) bound += typeof value === 'string' ? value.length * 6 + 3 : 26;
  }
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  let seq = firstSeq;
  for (const row of rows) {
    at = writeDigits(out, at, seq++);
    out[at++] = COMMA;
    at = writeDigits(out, at, sourceIndex);
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      out[at++] = COMMA;
      if (value === null || value === undefined) continue;
      if (typeof value === 'string') {
        out[at++] = QUOTE;
        at += out.write(value.includes('"') ? value.replaceAll('"', '""') : value, at);
        out[at++] = QUOTE;
      } else if (typeof value === 'number') {
        const number = timestampColumns[i] ? value / 1000 : value;
        if (Number.isSafeInteger(number) && number >= 0) at = writeDigits(out, at, number);
        else at += out.write(String(number), at, 'latin1');
      } else at += out.write(value ? 'true' : 'false', at, 'latin1');
    }
    out[at++] = NEWLINE;
  }
  return out.subarray(0, at);
}

export interface ChunkedStaging {
  /** Rows staged so far. */
  readonly rows: number;
  append(sourceIndex: number, rows: readonly CanonicalRow[]): Promise<void>;
  /** Writes out the last chunk and waits until every chunk is loaded. */
  finish(): Promise<void>;
  /** Stops, waits for any load in flight, removes chunk files. */
  abort(): Promise<void>;
}

export interface ChunkedStagingOptions {
  readonly dir: string;
  readonly name: string;
  /** Rows per chunk. */
  readonly chunkRows: number;
  /** Which canonical columns hold timestamps (epoch milliseconds in rows, seconds on disk). */
  readonly timestampColumns: readonly boolean[];
  /** Loads a finished chunk file; the file is removed afterwards. */
  readonly load: (path: string) => Promise<void>;
}

/** Creates a chunked staging area in `dir`. */
export function createChunkedStaging(options: ChunkedStagingOptions): ChunkedStaging {
  let seq = 0;
  let chunkIndex = 0;
  let current: { path: string; handle: FileHandle; rows: number } | undefined;
  let loading: Promise<void> = Promise.resolve();
  let failure: unknown;

  const startChunk = async () => {
    const path = join(options.dir, `${options.name}-${String(chunkIndex++).padStart(5, '0')}.csv`);
    current = { path, handle: await open(path, 'w'), rows: 0 };
    return current;
  };
  const sealChunk = async () => {
    if (!current) return;
    const { path, handle, rows } = current;
    current = undefined;
    await handle.close();
    // Keep one load in flight: wait for the previous one before queueing this one.
    await loading;
    if (failure) throw failure;
    if (rows === 0) {
      await rm(path, { force: true });
      return;
    }
    loading = options
      .load(path)
      .catch((error: unknown) => {
        failure = error;
      })
      .finally(() => rm(path, { force: true }));
  };

  return {
    get rows() {
      return seq;
    },
    async append(sourceIndex, rows) {
      if (failure) throw failure;
      if (rows.length === 0) return;
      const chunk = current ?? (await startChunk());
      await chunk.handle.write(toStagingCsv(rows, seq, sourceIndex, options.timestampColumns));
      seq += rows.length;
      chunk.rows += rows.length;
      if (chunk.rows >= options.chunkRows) await sealChunk();
    },
    async finish() {
      await sealChunk();
      await loading;
      if (failure) throw failure;
    },
    async abort() {
      const open = current;
      current = undefined;
      await open?.handle.close().catch(() => undefined);
      if (open) await rm(open.path, { force: true });
      await loading.catch(() => undefined);
    },
  };
}
