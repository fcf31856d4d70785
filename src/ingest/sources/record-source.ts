/**
 * What every source (file formats now, HTTP and NATS later) hands to the ingest steps: batches of raw
 * rows under a header, each row with its position in the source, plus the rows the source itself could
 * not read. Sources never interpret values; normalising is the steps' job.
 */

/** A raw cell: text from CSV, or any JSON value from NDJSON / JSON / Parquet. */
export type RawValue = string | number | boolean | bigint | null | undefined | object;

export interface RawBatch {
  /** Column names as they appear in the source (not yet mapped to canonical fields). */
  readonly columns: readonly string[];
  /** One array of cells per row, positional to `columns`. */
  readonly rows: RawValue[][];
  /**
   * Where each row starts: the 1-based line (CSV, NDJSON, and JSON array where the element begins)
   * or the 1-based row number (Parquet).
   */
  readonly lines: number[];
  /** JSON arrays only: each row's 0-based element index, which names it where `line` cannot (a minified array). */
  readonly indexes?: number[];
  /** Rows the source could not read (malformed quoting, wrong field count, invalid JSON…). */
  readonly rejects: SourceReject[];
}

export interface SourceReject {
  readonly line: number;
  /** JSON arrays only: the 0-based element index. */
  readonly index?: number;
  readonly reason: string;
  /** The offending text, cut to a readable length. */
  readonly value?: string;
  readonly field?: string;
}

export type FileFormat = 'csv' | 'ndjson' | 'json' | 'parquet';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface SourceOptions {
  /** Overrides format detection. */
  readonly format?: FileFormat;
  /** Overrides encoding detection (text formats only). */
  readonly encoding?: TextEncoding;
  /** Overrides delimiter sniffing (CSV only). */
  readonly delimiter?: string;
  /** Rows per batch; defaults to 2048 (larger batches overflow V8's young generation and slow GC). */
  readonly batchSize?: number;
}

export interface RecordSource {
  readonly path: string;
  readonly format: FileFormat;
  /** Detected or given encoding; undefined for binary formats. */
  readonly encoding: TextEncoding | undefined;
  readonly compressed: boolean;
  /** Size of the file on disk, for progress. */
  readonly totalBytes: number;
  /** Bytes of the file on disk consumed so far, for progress. */
  bytesRead(): number;
  /** The batches, in source order. Throws SourceError when the file as a whole cannot be read. */
  batches(): AsyncIterable<RawBatch>;
  /** Releases file handles (safe to call twice). */
  close(): Promise<void>;
}

/** The file as a whole cannot be read: missing, unreadable, truncated, not the claimed format. */
export class SourceError extends Error {
  constructor(
    readonly path: string,
    /** The problem alone, without the location. */
    readonly detail: string,
    readonly line?: number,
  ) {
    super(`${path}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'SourceError';
  }
}
