import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBatches } from './collect-batches.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { openFileSource } from './open-file-source.ts';
import { SourceError } from './record-source.ts';

const dir = makeTempDir();
let typesFile = '';
let manyFile = '';

async function writeParquet(name: string, select: string): Promise<string> {
  const path = `${dir.path}/${name}`;
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    await connection.run(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
  return path;
}

beforeAll(async () => {
  typesFile = await writeParquet(
    'types.parquet',
    `SELECT 'A1' AS order_id,
            42::INTEGER AS qty,
            9007199254740993::BIGINT AS big,
            12::BIGINT AS small_big,
            123.45::DECIMAL(10,2) AS amount,
            TIMESTAMP '2024-03-01 12:34:56.789' AS created_at,
            TIMESTAMP '2024-03-01 12:34:56.123456' AS micros,
            TIMESTAMPTZ '2024-03-01 08:00:00+08:00' AS paid_at,
            DATE '2024-02-29' AS day,
            true AS vip,
            NULL::VARCHAR AS remark,
            ['a', 'b'] AS tags,
            {'city': '北京', 'zip': 100000} AS address`,
  );
  manyFile = await writeParquet('many.parquet', 'SELECT range AS n, range % 7 AS k FROM range(5000)');
});
afterAll(() => dir.remove());

describe('Parquet files', () => {
  it('reads rows with values converted to plain JavaScript', async () => {
    const source = await openFileSource(typesFile);
    expect(source.format).toBe('parquet');
    expect(source.encoding).toBeUndefined();
    const { records, lines, error } = await collectBatches(source);
    expect(error).toBeUndefined();
    expect(records).toEqual([
      {
        order_id: 'A1',
        qty: 42,
        big: 9007199254740993n,
        small_big: 12,
        amount: 123.45,
        created_at: '2024-03-01T12:34:56.789',
        micros: '2024-03-01T12:34:56.123456',
        paid_at: '2024-03-01T00:00:00.000Z',
        day: '2024-02-29',
        vip: true,
        remark: null,
        tags: ['a', 'b'],
        address: { city: '北京', zip: 100000 },
      },
    ]);
    expect(lines).toEqual([1]);
  });

  it('streams batches of the configured size numbered by row, with progress by rows read', async () => {
    const source = await openFileSource(manyFile, { batchSize: 2048 });
    const sizes: number[] = [];
    const progress: number[] = [];
    let lastLine = 0;
    for await (const batch of source.batches()) {
      sizes.push(batch.rows.length);
      progress.push(source.bytesRead());
      expect(batch.lines[0]).toBe(lastLine + 1);
      lastLine = batch.lines.at(-1) ?? 0;
    }
    await source.close();
    expect(sizes).toEqual([2048, 2048, 904]);
    expect(lastLine).toBe(5000);
    expect(progress[0]).toBeLessThan(source.totalBytes);
    expect(progress.at(-1)).toBe(source.totalBytes);
  });

  it('fails with a clear message on a truncated parquet file', async () => {
    const bytes = readFileSync(manyFile);
    const cut = dir.write('cut.parquet', bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(openFileSource(cut)).rejects.toThrow(/truncated parquet file/);
  });

  it('fails with a clear message on a parquet file whose body is damaged', async () => {
    const bytes = Buffer.from(readFileSync(manyFile));
    bytes.fill(0x41, 4, bytes.length - 8); // keep both magics, destroy the rest
    const damaged = dir.write('damaged.parquet', bytes);
    const source = await openFileSource(damaged);
    const { error } = await collectBatches(source);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(/^.*damaged\.parquet: unreadable parquet file: /);
  });

  it('refuses a file named .parquet that is not parquet', async () => {
    const fake = dir.write('fake.parquet', 'a,b\n1,2\n');
    await expect(openFileSource(fake)).rejects.toThrow('not a parquet file (no PAR1 magic at the start)');
  });

  it('sniffs parquet content under an unknown extension', async () => {
    const path = dir.write('export.bin', readFileSync(manyFile));
    const source = await openFileSource(path);
    expect(source.format).toBe('parquet');
    await source.close();
  });

  it('reads gzipped parquet through a temporary file that is deleted afterwards', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('flowsight-parquet-'));
    const path = `${dir.path}/many.parquet.gz`;
    writeFileSync(path, gzipSync(readFileSync(manyFile)));
    const source = await openFileSource(path);
    expect(source.format).toBe('parquet');
    expect(source.compressed).toBe(true);
    const { records, error } = await collectBatches(source);
    expect(error).toBeUndefined();
    expect(records).toHaveLength(5000);
    expect(records[4999]).toEqual({ n: 4999, k: 4999 % 7 });
    expect(source.bytesRead()).toBe(source.totalBytes);
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('flowsight-parquet-'));
    expect(after.sort()).toEqual(before.sort());
  });

  it('deletes the temporary file when reading stops early', async () => {
    const path = `${dir.path}/early.parquet.gz`;
    writeFileSync(path, gzipSync(readFileSync(manyFile)));
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('flowsight-parquet-'));
    const source = await openFileSource(path, { batchSize: 100 });
    for await (const batch of source.batches()) {
      expect(batch.rows).toHaveLength(100);
      break;
    }
    await source.close();
    await source.close();
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('flowsight-parquet-'));
    expect(after.sort()).toEqual(before.sort());
  });
});
