import { afterAll, describe, expect, it } from 'vitest';
import { collectBatches } from './collect-batches.ts';
import { createNdjsonParser } from './create-ndjson-parser.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { openFileSource } from './open-file-source.ts';
import type { SourceOptions } from './record-source.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function read(name: string, data: string | Uint8Array, options?: SourceOptions) {
  const source = await openFileSource(dir.write(name, data), options);
  return { source, ...(await collectBatches(source)) };
}

describe('NDJSON files', () => {
  it('reads one object per line with values as JSON gives them', async () => {
    const { source, batches, lines, error } = await read(
      'events.ndjson',
      '{"id":1,"name":"张三","tags":["a"],"meta":{"vip":true}}\n{"id":2,"name":null}\n',
    );
    expect(error).toBeUndefined();
    expect(source.format).toBe('ndjson');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.columns).toEqual(['id', 'name', 'tags', 'meta']);
    expect(batches[0]?.rows).toEqual([
      [1, '张三', ['a'], { vip: true }],
      [2, null, undefined, undefined],
    ]);
    expect(lines).toEqual([1, 2]);
  });

  it("takes a batch's columns as the union of its keys in order of first appearance", async () => {
    const { batches } = await read('union.jsonl', '{"b":1}\n{"a":2,"b":3}\n{"c":4}\n{"a":5}\n', { batchSize: 2 });
    expect(batches.map((b) => b.columns)).toEqual([
      ['b', 'a'],
      ['c', 'a'],
    ]);
    expect(batches.map((b) => b.rows)).toEqual([
      [
        [1, undefined],
        [3, 2],
      ],
      [
        [4, undefined],
        [undefined, 5],
      ],
    ]);
  });

  it('skips blank lines and reads CRLF line ends', async () => {
    const { records, lines, rejects } = await read('crlf.ndjson', '\r\n{"a":1}\r\n  \r\n\r\n{"a":2}\r\n');
    expect(rejects).toEqual([]);
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
    expect(lines).toEqual([2, 5]);
  });

  it('rejects lines that are not valid JSON or not objects, and reads on', async () => {
    const { records, rejects } = await read('bad.ndjson', '{"a":1}\n{"a":2,}\n[1,2]\n"text"\nnull\n{"a":3\n{"a":4}');
    expect(records).toEqual([{ a: 1 }, { a: 4 }]);
    expect(rejects.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(rejects[0]?.reason).toMatch(/^invalid JSON: /);
    expect(rejects[0]?.value).toBe('{"a":2,}');
    expect(rejects.slice(1, 4).map((r) => r.reason)).toEqual([
      'not a JSON object (found an array)',
      'not a JSON object (found a string)',
      'not a JSON object (found null)',
    ]);
    expect(rejects[4]?.reason).toMatch(/^invalid JSON: /);
  });

  it('reads a .json file that starts with { as NDJSON', async () => {
    const { source, records } = await read('export.json', '{"a":1}\n{"a":2}\n');
    expect(source.format).toBe('ndjson');
    expect(records).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('rejects a line whose text was not valid UTF-8', async () => {
    const data = Buffer.concat([
      Buffer.from('{"city":"北京"}\n{"city":"上海"}\n{"city":"'),
      Buffer.from([0xb9, 0xe3, 0xd6, 0xdd]), // 广州 in GBK
      Buffer.from('"}\n{"city":"深圳"}\n'),
    ]);
    const { records, rejects } = await read('mixed.ndjson', data);
    expect(records).toEqual([{ city: '北京' }, { city: '上海' }, { city: '深圳' }]);
    expect(rejects).toMatchObject([{ line: 3, reason: 'invalid UTF-8 byte sequence' }]);
  });
});

describe('createNdjsonParser', () => {
  it('rejects an over-long line without holding it, and reads on', () => {
    const parser = createNdjsonParser({ batchSize: 10, invalidTextReason: () => 'bad', maxLineLength: 30 });
    const text = `{"a":1}\n{"a":"${'x'.repeat(100)}"}\n{"a":2}\n`;
    for (let i = 0; i < text.length; i += 7) {
      parser.push(text.slice(i, i + 7));
      expect(parser.next()).toBeUndefined();
    }
    parser.end();
    const [batch] = parser.flush();
    expect(batch?.rows).toEqual([[1], [2]]);
    expect(batch?.lines).toEqual([1, 3]);
    expect(batch?.rejects).toMatchObject([{ line: 2, reason: 'line longer than 30 characters' }]);
  });
});
