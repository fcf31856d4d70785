import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { collectBatches } from './collect-batches.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { openFileSource } from './open-file-source.ts';
import { SourceError, type SourceOptions } from './record-source.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function read(name: string, data: string | Uint8Array, options?: SourceOptions) {
  const source = await openFileSource(dir.write(name, data), options);
  return { source, ...(await collectBatches(source)) };
}

async function openError(path: string, options?: SourceOptions): Promise<SourceError> {
  try {
    const source = await openFileSource(path, options);
    await source.close();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error(`expected ${path} to fail`);
}

/** Deterministic pseudo-random bytes (xorshift), so the "binary junk" test is the same on every run. */
function junk(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const CSV = 'id,name\n1,a\n2,b\n';
const NDJSON = '{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n';
const JSON_ARRAY = '[{"id":1,"name":"a"},{"id":2,"name":"b"}]';

describe('openFileSource format detection', () => {
  it.each([
    ['data.csv', CSV, 'csv'],
    ['data.tsv', 'id\tname\n1\ta\n', 'csv'],
    ['data.txt', CSV, 'csv'],
    ['data.ndjson', NDJSON, 'ndjson'],
    ['data.jsonl', NDJSON, 'ndjson'],
    ['data.json', JSON_ARRAY, 'json'],
    ['data.json', NDJSON, 'ndjson'],
    ['DATA.CSV', CSV, 'csv'],
    ['no-extension', CSV, 'csv'],
    ['download.dat', `  ${JSON_ARRAY}`, 'json'],
    ['download.dat', NDJSON, 'ndjson'],
  ])('reads %s holding %j as %s', async (name, text, format) => {
    const { source, records, error } = await read(name, text);
    expect(error).toBeUndefined();
    expect(source.format).toBe(format);
    expect(source.compressed).toBe(false);
    expect(records.map((r) => String(r.id))).toEqual(name === 'data.tsv' ? ['1'] : ['1', '2']);
  });

  it('uses the format given in the options over the name', async () => {
    const { source, records } = await read('looks-like.csv', NDJSON, { format: 'ndjson' });
    expect(source.format).toBe('ndjson');
    expect(records).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
  });

  it('uses the encoding given in the options over detection', async () => {
    const { source, rejects } = await read('forced-utf8.csv', Buffer.from([0x61, 0x0a, 0xd6, 0xd0, 0x0a]), {
      encoding: 'utf-8',
    });
    expect(source.encoding).toBe('utf-8');
    expect(rejects).toMatchObject([{ line: 2, reason: 'invalid UTF-8 byte sequence' }]);
  });

  it('reports the size on disk and reaches it in bytesRead when done', async () => {
    const { source } = await read('progress.csv', CSV);
    expect(source.totalBytes).toBe(Buffer.byteLength(CSV));
    expect(source.bytesRead()).toBe(source.totalBytes);
  });
});

describe('openFileSource with gzip', () => {
  it.each([
    ['data.csv.gz', CSV, 'csv'],
    ['data.ndjson.gz', NDJSON, 'ndjson'],
    ['data.json.gz', JSON_ARRAY, 'json'],
    ['data.gz', JSON_ARRAY, 'json'],
    ['mislabelled.csv', CSV, 'csv'],
  ])('decompresses %s (%s inside), found by its magic bytes', async (name, text, format) => {
    const compressed = gzipSync(Buffer.from(text));
    const { source, records, error } = await read(name, compressed);
    expect(error).toBeUndefined();
    expect(source.compressed).toBe(true);
    expect(source.format).toBe(format);
    expect(records.map((r) => String(r.id))).toEqual(['1', '2']);
    expect(source.totalBytes).toBe(compressed.length);
    expect(source.bytesRead()).toBe(compressed.length);
  });

  it('reads concatenated gzip members in turn', async () => {
    const data = Buffer.concat([gzipSync('id,n\n1,a\n'), gzipSync('2,b\n')]);
    const { records } = await read('members.csv.gz', data);
    expect(records).toEqual([
      { id: '1', n: 'a' },
      { id: '2', n: 'b' },
    ]);
  });

  it('hands on the rows before the cut of a truncated gzip stream, then fails', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${(i * 7919) % 10007}`).join('\n');
    const full = gzipSync(Buffer.from(`n,v\n${rows}\n`));
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    const { records, error } = await read('cut.csv.gz', cut, { batchSize: 1000 });
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toContain('truncated gzip stream');
    expect(records.length).toBeGreaterThan(10_000);
    expect(records.length).toBeLessThan(50_000);
    expect(records[0]).toEqual({ n: '0', v: '0' });
  });

  it('fails on a gzip stream cut inside its first block', async () => {
    const cut = gzipSync(Buffer.from(CSV.repeat(100))).subarray(0, 20);
    // Whatever the cut left decodable is read first; the error comes when the stream ends.
    const { error } = await collectBatches(await openFileSource(dir.write('tiny-cut.csv.gz', cut)));
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toContain('truncated gzip stream');
  });

  it('fails at open on a gzip stream cut before any data', async () => {
    const cut = gzipSync(Buffer.from(CSV.repeat(100))).subarray(0, 8);
    expect((await openError(dir.write('header-cut.csv.gz', cut))).message).toContain('truncated gzip stream');
  });

  it('fails clearly on a file with gzip magic and garbage after it', async () => {
    const error = await openError(dir.write('fake.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), junk(200)])));
    expect(error.message).toMatch(/corrupt gzip stream|truncated gzip stream/);
  });
});

describe('openFileSource with unreadable files', () => {
  it.each([
    ['zero bytes', ''],
    ['only a UTF-8 BOM', '\uFEFF'],
    ['only whitespace', ' \r\n\t\n'],
  ])('refuses an empty file (%s)', async (_case, text) => {
    const error = await openError(dir.write('empty.csv', text));
    expect(error.message).toBe(`${dir.path}/empty.csv: empty file`);
  });

  it('refuses an empty gzip file', async () => {
    expect((await openError(dir.write('empty.csv.gz', gzipSync('')))).message).toContain('empty file');
  });

  it('refuses a missing file', async () => {
    const error = await openError(join(dir.path, 'missing.csv'));
    expect(error.message).toBe(`${dir.path}/missing.csv: no such file`);
  });

  it('refuses a directory', async () => {
    const path = join(dir.path, 'folder.csv');
    mkdirSync(path);
    expect((await openError(path)).message).toBe(`${path}: is a directory`);
  });

  it('refuses binary junk', async () => {
    const error = await openError(dir.write('junk.csv', junk(100_000)));
    expect(error.message).toContain('binary file (not CSV/NDJSON/JSON text)');
  });

  it('refuses a small binary file that is neither UTF-8 nor GB18030', async () => {
    const bytes = junk(600, 12345).map((b) => (b === 0 ? 0xff : b));
    const error = await openError(dir.write('junk-small.bin', bytes));
    expect(error.message).toContain('not valid UTF-8 or GB18030 text');
  });

  it('refuses gzipped binary junk', async () => {
    const error = await openError(dir.write('junk.csv.gz', gzipSync(junk(100_000))));
    expect(error.message).toContain('binary file');
  });
});

describe('openFileSource streaming', () => {
  it('streams a large file in batches instead of reading it at once', async () => {
    const rowCount = 200_000;
    const lines = ['order_id,user_id,amount,city,created_at'];
    for (let i = 0; i < rowCount; i++) lines.push(`O${i},U${i % 977},${(i % 1000) / 10},北京,2024-03-01T10:00:00Z`);
    const path = dir.write('large.csv', `${lines.join('\n')}\n`);
    const source = await openFileSource(path, { batchSize: 5000 });
    const progressAtBatch: number[] = [];
    let rows = 0;
    let batches = 0;
    for await (const batch of source.batches()) {
      expect(batch.rows.length).toBe(5000);
      progressAtBatch.push(source.bytesRead());
      rows += batch.rows.length;
      batches++;
    }
    await source.close();
    expect(rows).toBe(rowCount);
    expect(batches).toBe(40);
    // The first batch came when only a small part of the file (one or two 1 MiB reads) had been read.
    expect(source.totalBytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(progressAtBatch[0]).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(progressAtBatch.at(-1)).toBe(source.totalBytes);
    for (let i = 1; i < progressAtBatch.length; i++) {
      expect(progressAtBatch[i]).toBeGreaterThanOrEqual(progressAtBatch[i - 1] ?? 0);
    }
  });

  it('releases the file when the reader stops early, and close can be called twice', async () => {
    const path = dir.write('early.csv', `n\n${'1\n'.repeat(3_000_000)}`);
    const source = await openFileSource(path, { batchSize: 10 });
    for await (const batch of source.batches()) {
      expect(batch.rows).toHaveLength(10);
      break;
    }
    await source.close();
    await source.close();
    expect(source.bytesRead()).toBeLessThan(source.totalBytes);
  });

  it('refuses to iterate the batches twice', async () => {
    const source = await openFileSource(dir.write('twice.csv', CSV));
    await collectBatches(source);
    expect(() => source.batches()).toThrow(/only once/);
  });

  it('reads a file whose rows are all rejects in bounded batches', async () => {
    const { batches } = await read('all-bad.csv', `a,b\n${'x\n'.repeat(25)}`, { batchSize: 10 });
    expect(batches.map((b) => b.rejects.length)).toEqual([10, 10, 5]);
  });

  it('reads the same file twice with equal results', async () => {
    const path = dir.write('again.csv', CSV);
    const first = await collectBatches(await openFileSource(path));
    const second = await collectBatches(await openFileSource(path));
    expect(second.records).toEqual(first.records);
    expect(readFileSync(path, 'utf8')).toBe(CSV);
  });
});
