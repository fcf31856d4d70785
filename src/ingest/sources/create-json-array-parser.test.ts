import { afterAll, describe, expect, it } from 'vitest';
import { collectBatches } from './collect-batches.ts';
import { createJsonArrayParser } from './create-json-array-parser.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { openFileSource } from './open-file-source.ts';
import { SourceError, type RawBatch, type SourceOptions } from './record-source.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function read(name: string, data: string | Uint8Array, options?: SourceOptions) {
  const source = await openFileSource(dir.write(name, data), options);
  return { source, ...(await collectBatches(source)) };
}

const pretty = `[
  {
    "id": 1,
    "note": "braces } ] { [ and \\"quotes\\" and \\\\",
    "items": [{"sku": "A"}, {"sku": "B"}]
  },
  {"id": 2, "note": null},
  {"id": 3}
]
`;

describe('JSON array files', () => {
  it('reads the elements of a top-level array, each row at the line where its element starts', async () => {
    const { source, records, lines, rejects, error } = await read('orders.json', pretty);
    expect(error).toBeUndefined();
    expect(source.format).toBe('json');
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { id: 1, note: 'braces } ] { [ and "quotes" and \\', items: [{ sku: 'A' }, { sku: 'B' }] },
      { id: 2, note: null },
      { id: 3, note: undefined },
    ]);
    expect(lines).toEqual([2, 7, 8]);
  });

  it('rejects elements that are not objects or not valid JSON, and reads on', async () => {
    const { records, rejects, error } = await read('mixed.json', '[{"a":1}, 2, "x", null, [1], {"a":2,}, {"a":3}}, {"a":4}]');
    expect(error).toBeUndefined();
    // `{"a":3}` is complete at its own brace; the stray `}` after it is the broken element.
    expect(records).toEqual([{ a: 1 }, { a: 3 }, { a: 4 }]);
    expect(rejects.map((r) => r.reason.replace(/: .*/, ':'))).toEqual([
      'not a JSON object (found a number)',
      'not a JSON object (found a string)',
      'not a JSON object (found null)',
      'not a JSON object (found an array)',
      'invalid JSON:',
      'invalid JSON:',
    ]);
  });

  it('names every row and reject by its element index, which a minified array needs', async () => {
    const { batches, error } = await read('minified.json', '[{"a":1},2,{"a":3},{"a":},{"a":5}]');
    expect(error).toBeUndefined();
    expect(batches.flatMap((b) => b.lines)).toEqual([1, 1, 1]);
    expect(batches.flatMap((b) => b.indexes)).toEqual([0, 2, 4]);
    expect(batches.flatMap((b) => b.rejects.map((r) => r.index))).toEqual([1, 3]);
  });

  it('reads an empty array as no rows', async () => {
    const { batches, error } = await read('empty-array.json', ' [ ]\n');
    expect(error).toBeUndefined();
    expect(batches).toEqual([]);
  });

  it('hands on the rows before a truncated array, rejects the cut element and then fails', async () => {
    const { records, rejects, error } = await read('cut.json', '[\n{"a":1},\n{"a":2},\n{"a":3, "b": "unfin');
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(rejects).toMatchObject([{ line: 4, reason: 'truncated JSON element (file ends inside it)' }]);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toContain('truncated JSON array: missing ]');
  });

  it('fails on an array that is never closed after complete elements', async () => {
    const { records, rejects, error } = await read('unclosed.json', '[{"a":1},{"a":2}');
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(rejects).toEqual([]);
    expect((error as Error).message).toContain('truncated JSON array: missing ]');
  });

  it('refuses a JSON file that is not an array', async () => {
    const { error } = await read('scalar.json', '"just text"', { format: 'json' });
    expect((error as Error).message).toContain('not a JSON array');
  });

  it('hands on batches of the configured size', async () => {
    const elements = Array.from({ length: 7 }, (_, i) => JSON.stringify({ i }));
    const { batches } = await read('sized.json', `[${elements.join(',')}]`, { batchSize: 3 });
    expect(batches.map((b) => b.rows.length)).toEqual([3, 3, 1]);
    expect(batches.flatMap((b) => b.rows)).toEqual(Array.from({ length: 7 }, (_, i) => [i]));
  });
});

describe('createJsonArrayParser', () => {
  it('finds the same elements whatever the chunk boundaries', () => {
    const parse = (size: number) => {
      const parser = createJsonArrayParser({ path: 'mem.json', batchSize: 100, invalidTextReason: () => 'bad' });
      const batches: RawBatch[] = [];
      for (let i = 0; i < pretty.length; i += size) {
        parser.push(pretty.slice(i, i + size));
        for (let batch = parser.next(); batch; batch = parser.next()) batches.push(batch);
      }
      parser.end();
      batches.push(...parser.flush());
      return batches;
    };
    const whole = parse(pretty.length);
    expect(whole.flatMap((b) => b.rows)).toHaveLength(3);
    for (const size of [1, 2, 3, 7]) expect(parse(size)).toEqual(whole);
  });
});

describe('createJsonArrayParser limits', () => {
  it('rejects an over-long element without holding it, and reads on', () => {
    const parser = createJsonArrayParser({ path: 'mem.json', batchSize: 10, invalidTextReason: () => 'bad', maxElementLength: 30 });
    const text = `[{"a":1},\n{"a":"${'x'.repeat(100)}", "b": [1, {"c": "}"}]},\n{"a":2}]`;
    for (let i = 0; i < text.length; i += 7) {
      parser.push(text.slice(i, i + 7));
      expect(parser.next()).toBeUndefined();
    }
    parser.end();
    const [batch] = parser.flush();
    expect(batch?.rows).toEqual([[1], [2]]);
    expect(batch?.lines).toEqual([1, 3]);
    expect(batch?.rejects).toMatchObject([{ line: 2, reason: 'element longer than 30 characters' }]);
  });
});
