/**
 * Reads a Parquet file through an in-memory DuckDB, streaming result chunks so that memory stays
 * bounded by a batch whatever the file size. DuckDB reads the file itself; we only convert values.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { SourceError, type RawBatch, type RawValue } from './record-source.ts';
import { toPlainValue } from './to-plain-value.ts';

/** How to read and report on a Parquet file. */
export interface ParquetReadOptions {
  /** The path shown in errors (the original file, when `filePath` is a decompressed temporary copy). */
  readonly displayPath: string;
  readonly batchSize: number;
  /** Told the rows read so far and the file's total, after each batch. */
  readonly onProgress?: (rowsRead: number, totalRows: number) => void;
}

/** Streams the rows of the Parquet file at `filePath`; a row's line is its 1-based row number. */
export async function* readParquetBatches(filePath: string, options: ParquetReadOptions): AsyncGenerator<RawBatch> {
  const { displayPath, batchSize } = options;
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      const totalRows = await countRows(connection, filePath, displayPath);
      const result = await wrap(filePath, displayPath, () => connection.stream('SELECT * FROM read_parquet(?)', [filePath]));
      const columns = result.columnNames();
      let rows: RawValue[][] = [];
      let lines: number[] = [];
      let rowNumber = 0;
      for (;;) {
        const chunk = await wrap(filePath, displayPath, () => result.fetchChunk());
        if (chunk === null || chunk.rowCount === 0) break;
        for (const values of chunk.getRows()) {
          rows.push(values.map(toPlainValue));
          lines.push(++rowNumber);
          if (rows.length >= batchSize) {
            options.onProgress?.(rowNumber, totalRows);
            yield { columns, rows, lines, rejects: [] };
            rows = [];
            lines = [];
          }
        }
      }
      options.onProgress?.(rowNumber, totalRows);
      if (rows.length > 0) yield { columns, rows, lines, rejects: [] };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function countRows(
  connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
  filePath: string,
  displayPath: string,
): Promise<number> {
  const reader = await wrap(filePath, displayPath, () =>
    connection.runAndReadAll('SELECT COALESCE(SUM(num_rows), 0) FROM parquet_file_metadata(?)', [filePath]),
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Runs a DuckDB call, turning its error into a SourceError that names the file. */
async function wrap<T>(filePath: string, displayPath: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SourceError(displayPath, `unreadable parquet file: ${duckdbMessage(error, filePath)}`);
  }
}

/** DuckDB's message without the SQL excerpt it appends, and without the (possibly temporary) path. */
function duckdbMessage(error: unknown, filePath: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine
    .replaceAll(`'${filePath}'`, '')
    .replaceAll(`"${filePath}"`, '')
    .replace(/\s+([:,.])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
