/**
 * Opens a data file as a RecordSource: detects gzip (by magic bytes), the format (by name, then by
 * content), the text encoding and the CSV delimiter, then streams batches with memory bounded by a
 * read chunk and a batch, whatever the file size. Problems with the file as a whole (missing, empty,
 * binary, undecodable) are found here, before any batch; problems with a row are rejects.
 */
import { isAscii } from 'node:buffer';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createCsvParser } from './create-csv-parser.ts';
import { createJsonArrayParser } from './create-json-array-parser.ts';
import { createNdjsonParser } from './create-ndjson-parser.ts';
import { createDeferredDecoder, createTextDecoder, type ChunkDecoder } from './create-text-decoder.ts';
import { detectEncoding, ENCODING_SAMPLE_BYTES } from './detect-encoding.ts';
import { detectFormat, hasParquetMagic, stripGzipExtension } from './detect-format.ts';
import { openByteStream, type ByteStream } from './open-byte-stream.ts';
import { readParquetBatches } from './read-parquet-batches.ts';
import { SourceError, type FileFormat, type RawBatch, type RecordSource, type SourceOptions, type TextEncoding } from './record-source.ts';
import { sniffDelimiter } from './sniff-delimiter.ts';
import { invalidTextReason, type TextParser } from './text-parser.ts';
import { toSourceError } from './to-source-error.ts';

/** Rows per batch unless SourceOptions.batchSize says otherwise. */
export const DEFAULT_BATCH_SIZE = 2048;

/** Opens the file at `path` for reading; throws SourceError when it cannot be read as data at all. */
export async function openFileSource(path: string, options: SourceOptions = {}): Promise<RecordSource> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const size = await fileSize(path);
  if (size === 0) throw new SourceError(path, 'empty file');
  const magic = await readAt(path, 0, 4);
  const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
  const fileName = compressed ? stripGzipExtension(basename(path)) : basename(path);

  const bytes = openByteStream(path, compressed);
  try {
    const head = await bytes.peek(ENCODING_SAMPLE_BYTES);
    if (head.bytes.length === 0) throw new SourceError(path, 'empty file');
    const format = options.format ?? detectFormat(fileName, head.bytes);
    const file: FileInfo = { path, compressed, totalBytes: size, batchSize };
    if (format === 'parquet') {
      if (compressed) return createGzipParquetSource(file, bytes);
      bytes.close();
      await checkParquetFile(path, path);
      return createParquetSource(file);
    }
    return createTextSource(file, format, bytes, head.bytes, head.complete, options);
  } catch (error) {
    bytes.close();
    throw error;
  }
}

interface FileInfo {
  readonly path: string;
  readonly compressed: boolean;
  readonly totalBytes: number;
  readonly batchSize: number;
}

function createTextSource(
  file: FileInfo,
  format: Exclude<FileFormat, 'parquet'>,
  bytes: ByteStream,
  head: Buffer,
  complete: boolean,
  options: SourceOptions,
): RecordSource {
  const { path, batchSize } = file;
  const sample = head.subarray(0, ENCODING_SAMPLE_BYTES);
  const sampleComplete = complete && head.length <= ENCODING_SAMPLE_BYTES;
  const decoder = chooseDecoder(path, sample, sampleComplete, options.encoding);

  const sampleDecoder = createTextDecoder(decoder.encoding);
  const sampleText = sampleDecoder.write(sample) + (sampleComplete ? sampleDecoder.end() : '');
  if (sampleComplete && sampleText.trim() === '') throw new SourceError(path, 'empty file');

  const reason = (): string => invalidTextReason(decoder.encoding);
  const parser = createParser(format, {
    path,
    batchSize,
    delimiter: options.delimiter ?? (format === 'csv' ? sniffDelimiter(sampleText) : ','),
    invalidTextReason: reason,
  });
  let started = false;

  return {
    path,
    format,
    get encoding() {
      return decoder.encoding;
    },
    compressed: file.compressed,
    totalBytes: file.totalBytes,
    bytesRead: () => bytes.bytesRead(),
    batches() {
      if (started) throw new Error('batches() can be iterated only once');
      started = true;
      return readTextBatches(path, bytes, decoder, parser);
    },
    close: async () => bytes.close(),
  };
}

function chooseDecoder(path: string, sample: Buffer, sampleComplete: boolean, encoding: TextEncoding | undefined): ChunkDecoder {
  if (encoding !== undefined) return createTextDecoder(encoding);
  const detected = detectEncoding(sample, sampleComplete);
  if ('error' in detected) throw new SourceError(path, detected.error);
  // An all-ASCII sample says nothing about the rest of a longer file: decide at the first non-ASCII byte.
  if (detected.bomLength === 0 && !sampleComplete && isAscii(sample)) return createDeferredDecoder();
  return createTextDecoder(detected.encoding);
}

interface ParserOptions {
  readonly path: string;
  readonly batchSize: number;
  readonly delimiter: string;
  readonly invalidTextReason: () => string;
}

function createParser(format: Exclude<FileFormat, 'parquet'>, options: ParserOptions): TextParser {
  switch (format) {
    case 'csv':
      return createCsvParser(options);
    case 'ndjson':
      return createNdjsonParser(options);
    case 'json':
      return createJsonArrayParser(options);
  }
}

/** Feeds decoded chunks to the parser; on a fatal error, the rows read so far are still handed on first. */
async function* readTextBatches(path: string, bytes: ByteStream, decoder: ChunkDecoder, parser: TextParser): AsyncGenerator<RawBatch> {
  try {
    let failure: unknown;
    try {
      for await (const chunk of bytes.chunks()) {
        parser.push(decoder.write(chunk));
        for (let batch = parser.next(); batch !== undefined; batch = parser.next()) yield batch;
      }
      parser.push(decoder.end());
      for (let batch = parser.next(); batch !== undefined; batch = parser.next()) yield batch;
      parser.end();
    } catch (error) {
      failure = toSourceError(path, error);
    }
    yield* parser.flush();
    if (failure !== undefined) throw failure;
  } finally {
    bytes.close();
  }
}

function createParquetSource(file: FileInfo): RecordSource {
  const { path, totalBytes } = file;
  let fraction = 0;
  let reading: AsyncGenerator<RawBatch> | undefined;
  return {
    path,
    format: 'parquet',
    encoding: undefined,
    compressed: false,
    totalBytes,
    // DuckDB reads the file itself, so progress is estimated from the rows read.
    bytesRead: () => Math.round(totalBytes * fraction),
    batches() {
      if (reading) throw new Error('batches() can be iterated only once');
      reading = readParquetBatches(path, {
        displayPath: path,
        batchSize: file.batchSize,
        onProgress: (rowsRead, totalRows) => {
          fraction = totalRows === 0 ? 1 : Math.min(1, rowsRead / totalRows);
        },
      });
      return reading;
    },
    // Ends a reading left unfinished, which closes its DuckDB instance.
    close: async () => {
      await reading?.return(undefined);
    },
  };
}

/**
 * DuckDB needs a seekable file, so gzipped Parquet is decompressed to a temporary file first (when
 * batches are first read), which is deleted when reading ends or the source is closed. Decompressing
 * counts as the first half of the progress, reading rows as the second.
 */
function createGzipParquetSource(file: FileInfo, bytes: ByteStream): RecordSource {
  const { path, totalBytes } = file;
  let tempDir: string | undefined;
  let decompressed = false;
  let fraction = 0;
  let reading: AsyncGenerator<RawBatch> | undefined;

  const removeTemp = async (): Promise<void> => {
    const dir = tempDir;
    tempDir = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  };

  async function* read(): AsyncGenerator<RawBatch> {
    try {
      tempDir = await mkdtemp(join(tmpdir(), 'flowsight-parquet-'));
      const tempFile = join(tempDir, 'data.parquet');
      try {
        await pipeline(bytes.chunks(), createWriteStream(tempFile));
      } catch (error) {
        throw toSourceError(path, error);
      }
      decompressed = true;
      await checkParquetFile(tempFile, path);
      yield* readParquetBatches(tempFile, {
        displayPath: path,
        batchSize: file.batchSize,
        onProgress: (rowsRead, totalRows) => {
          fraction = totalRows === 0 ? 1 : Math.min(1, rowsRead / totalRows);
        },
      });
    } finally {
      bytes.close();
      await removeTemp();
    }
  }

  return {
    path,
    format: 'parquet',
    encoding: undefined,
    compressed: true,
    totalBytes,
    bytesRead: () =>
      decompressed ? Math.round(totalBytes / 2 + (totalBytes / 2) * fraction) : Math.round(Math.min(bytes.bytesRead(), totalBytes) / 2),
    batches() {
      if (reading) throw new Error('batches() can be iterated only once');
      reading = read();
      return reading;
    },
    close: async () => {
      await reading?.return(undefined);
      bytes.close();
      await removeTemp();
    },
  };
}

/** Checks the Parquet magic at both ends, so a cut file gets a clear message before DuckDB sees it. */
async function checkParquetFile(filePath: string, displayPath: string): Promise<void> {
  const size = await fileSize(filePath, displayPath);
  const headMagic = await readAt(filePath, 0, 4, displayPath);
  if (!hasParquetMagic(headMagic)) {
    throw new SourceError(displayPath, 'not a parquet file (no PAR1 magic at the start)');
  }
  const tailMagic = size >= 12 ? await readAt(filePath, size - 4, 4, displayPath) : new Uint8Array();
  if (!hasParquetMagic(tailMagic)) {
    throw new SourceError(displayPath, 'truncated parquet file (no PAR1 footer at the end)');
  }
}

/** The size of a readable regular file; SourceError for a missing file, a directory and the like. */
async function fileSize(filePath: string, displayPath = filePath): Promise<number> {
  try {
    const stats = await stat(filePath);
    if (stats.isDirectory()) throw new SourceError(displayPath, 'is a directory');
    return stats.size;
  } catch (error) {
    throw toSourceError(displayPath, error);
  }
}

async function readAt(filePath: string, position: number, length: number, displayPath = filePath): Promise<Buffer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(filePath, 'r');
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw toSourceError(displayPath, error);
  } finally {
    await handle?.close();
  }
}
