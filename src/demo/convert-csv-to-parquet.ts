/**
 * Parquet output: the generator writes CSV, and DuckDB reads it back with the declared column types
 * and writes Parquet. Typed columns (timestamps, numbers, booleans) make the files useful as-is.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { DUCKDB_TYPE_OF, type DemoColumn } from './demo-columns.ts';

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** Converts each CSV file to Parquet with the given columns, one DuckDB instance for all. */
export async function convertCsvToParquet(
  jobs: readonly { csvPath: string; parquetPath: string; columns: readonly DemoColumn[] }[],
): Promise<void> {
  // One thread keeps row groups, and so the bytes of every file, identical run to run.
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const job of jobs) {
      const columns = `{${job.columns.map((c) => `${quote(c.name)}: ${quote(DUCKDB_TYPE_OF[c.kind])}`).join(', ')}}`;
      await connection.run(
        `COPY (SELECT * FROM read_csv(${quote(job.csvPath)}, header = true, delim = ',', quote = '"', escape = '"', ` +
          `columns = ${columns}, timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d', auto_detect = false)) ` +
          `TO ${quote(job.parquetPath)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
