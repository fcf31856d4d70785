import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { collectBatches } from './collect-batches.ts';
import { createCsvParser } from './create-csv-parser.ts';
import { makeTempDir } from './make-temp-dir.ts';
import { openFileSource } from './open-file-source.ts';
import type { RawBatch, SourceOptions } from './record-source.ts';

const dir = makeTempDir();
afterAll(() => dir.remove());

async function readCsv(name: string, data: string | Uint8Array, options?: SourceOptions) {
  const source = await openFileSource(dir.write(name, data), options);
  const result = await collectBatches(source);
  return { source, ...result, columns: result.batches[0]?.columns };
}

describe('CSV files', () => {
  it('reads a UTF-8 file with a header and LF line ends', async () => {
    const { records, lines, rejects, columns, source, error } = await readCsv(
      'plain.csv',
      'order_id,amount,city\nA1,10.5,北京\nA2,,上海\n',
    );
    expect(error).toBeUndefined();
    expect(source.format).toBe('csv');
    expect(source.encoding).toBe('utf-8');
    expect(columns).toEqual(['order_id', 'amount', 'city']);
    expect(records).toEqual([
      { order_id: 'A1', amount: '10.5', city: '北京' },
      { order_id: 'A2', amount: '', city: '上海' },
    ]);
    expect(lines).toEqual([2, 3]);
    expect(rejects).toEqual([]);
  });

  it('strips a UTF-8 BOM and trims header cells', async () => {
    const { columns, records } = await readCsv('bom.csv', '\uFEFF order_id , amount \r\nA1,1\r\n');
    expect(columns).toEqual(['order_id', 'amount']);
    expect(records).toEqual([{ order_id: 'A1', amount: '1' }]);
  });

  it('reads a GBK file as Excel on Chinese Windows writes it', async () => {
    const text = '订单号,金额,城市,备注\r\nA1,12.50,北京,加急\r\nA2,8.00,深圳,"含逗号,的备注"\r\n';
    const { source, records, lines, rejects } = await readCsv('excel-gbk.csv', iconv.encode(text, 'gbk'));
    expect(source.encoding).toBe('gb18030');
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { 订单号: 'A1', 金额: '12.50', 城市: '北京', 备注: '加急' },
      { 订单号: 'A2', 金额: '8.00', 城市: '深圳', 备注: '含逗号,的备注' },
    ]);
    expect(lines).toEqual([2, 3]);
  });

  it('reads GB18030 four-byte characters', async () => {
    const text = 'name,note\n𠀀,€ and 𝄞\n';
    const { source, records } = await readCsv('gb18030.csv', iconv.encode(text, 'gb18030'));
    expect(source.encoding).toBe('gb18030');
    expect(records).toEqual([{ name: '𠀀', note: '€ and 𝄞' }]);
  });

  it('reads UTF-16 LE with BOM, tab-separated, as Excel saves "Unicode text"', async () => {
    const text = '\uFEFF订单号\t金额\r\nA1\t3\r\n';
    const { source, records } = await readCsv('unicode.txt', Buffer.from(text, 'utf16le'));
    expect(source.encoding).toBe('utf-16le');
    expect(records).toEqual([{ 订单号: 'A1', 金额: '3' }]);
  });

  it('reads GB18030 with its byte-order mark', async () => {
    const data = Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), iconv.encode('城市,金额\n北京,1\n', 'gb18030')]);
    const { source, columns, records } = await readCsv('gb-bom.csv', data);
    expect(source.encoding).toBe('gb18030');
    expect(columns).toEqual(['城市', '金额']);
    expect(records).toEqual([{ 城市: '北京', 金额: '1' }]);
  });

  it('reads UTF-16 LE without a byte-order mark', async () => {
    const { source, records } = await readCsv('no-bom-16.csv', Buffer.from('id,name\n1,张三\n2,李四\n', 'utf16le'));
    expect(source.encoding).toBe('utf-16le');
    expect(records).toEqual([
      { id: '1', name: '张三' },
      { id: '2', name: '李四' },
    ]);
  });

  it('reads UTF-16 BE with BOM', async () => {
    const le = Buffer.from('\uFEFFa,b\n1,中\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    const { source, records } = await readCsv('be.csv', be);
    expect(source.encoding).toBe('utf-16be');
    expect(records).toEqual([{ a: '1', b: '中' }]);
  });

  it.each([
    [';', 'a;b;c\n1;2,5;3\n', { a: '1', b: '2,5', c: '3' }],
    ['\t', 'a\tb\tc\n1\t2,5\t3\n', { a: '1', b: '2,5', c: '3' }],
    ['|', 'a|b|c\n1|2,5|3\n', { a: '1', b: '2,5', c: '3' }],
    [',', 'a,b,c\n1,2;5,3\n', { a: '1', b: '2;5', c: '3' }],
  ])('sniffs %j as the delimiter from the header line', async (_delimiter, text, record) => {
    const { records } = await readCsv('sniff.csv', text);
    expect(records).toEqual([record]);
  });

  it('uses the delimiter given in the options over the sniffed one', async () => {
    const { records } = await readCsv('forced.csv', 'a;b,c\n1;2,3\n', { delimiter: ';' });
    expect(records).toEqual([{ a: '1', 'b,c': '2,3' }]);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines, keeping line numbers right', async () => {
    const text = [
      'id,note,amount',
      '1,"a, b",1',
      '2,"she said ""hi""",2',
      '3,"line one',
      'line two',
      'line three",3',
      '4,plain,4',
      '',
    ].join('\r\n');
    const { records, lines, rejects } = await readCsv('quoted.csv', text);
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { id: '1', note: 'a, b', amount: '1' },
      { id: '2', note: 'she said "hi"', amount: '2' },
      { id: '3', note: 'line one\r\nline two\r\nline three', amount: '3' },
      { id: '4', note: 'plain', amount: '4' },
    ]);
    expect(lines).toEqual([2, 3, 4, 7]);
  });

  it('rejects a row with the wrong number of fields, naming both counts', async () => {
    const { records, rejects } = await readCsv('count.csv', 'a,b,c\n1,2,3\n1,2\n1,2,3,4\n5,6,7\n');
    expect(records.map((r) => r.a)).toEqual(['1', '5']);
    expect(rejects).toEqual([
      { line: 3, reason: 'expected 3 fields, found 2', value: '1,2' },
      { line: 4, reason: 'expected 3 fields, found 4', value: '1,2,3,4' },
    ]);
  });

  it('skips empty lines silently, including the last one', async () => {
    const { records, lines, rejects } = await readCsv('blank.csv', '\na,b\n\n1,2\r\n\r\n3,4\n\n');
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(lines).toEqual([4, 6]);
  });

  it('skips rows of empty cells as a spreadsheet leaves them below a table, and keeps a row with any value', async () => {
    const { records, lines, rejects } = await readCsv('excel-tail.csv', 'a,b,c\r\n1,,3\r\n,,\r\n,,\r\n,"",x\r\n');
    expect(rejects).toEqual([]);
    expect(records).toEqual([
      { a: '1', b: '', c: '3' },
      { a: '', b: '', c: 'x' },
    ]);
    expect(lines).toEqual([2, 5]);
  });

  it('reads a last row that has no line break', async () => {
    const { records } = await readCsv('no-eol.csv', 'a,b\n1,2\n3,"4"');
    expect(records).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('rejects a row whose quote is never closed, without hanging', async () => {
    const { records, rejects, error } = await readCsv('unterminated.csv', 'a,b\n1,2\n3,"oops\n5,6\n');
    expect(error).toBeUndefined();
    expect(records).toEqual([{ a: '1', b: '2' }]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({
      line: 3,
      field: 'b',
      reason: 'unterminated quoted field b (quote opened on line 3)',
    });
  });

  it('keeps a stray quote inside an unquoted field, as Excel does', async () => {
    const { records, rejects } = await readCsv('stray.csv', 'a,b\nab"c,5 1/2" pipe\n');
    expect(rejects).toEqual([]);
    expect(records).toEqual([{ a: 'ab"c', b: '5 1/2" pipe' }]);
  });

  it('rejects text after a closing quote, naming the field', async () => {
    const { records, rejects } = await readCsv('garbage.csv', 'a,b\n"ab"c,1\n2,"x"y\n3,4\n');
    expect(records).toEqual([{ a: '3', b: '4' }]);
    expect(rejects.map((r) => [r.line, r.reason, r.field])).toEqual([
      [2, 'unexpected text after closing quote in field a', 'a'],
      [3, 'unexpected text after closing quote in field b', 'b'],
    ]);
  });

  it('rejects a row holding a NUL byte, naming the field', async () => {
    const { records, rejects } = await readCsv('nul.csv', 'id,note\n1,ok\n2,bad\0byte\n3,"q\0"\n4,fine\n');
    expect(records.map((r) => r.id)).toEqual(['1', '4']);
    expect(rejects.map((r) => [r.line, r.reason, r.field])).toEqual([
      [3, 'NUL byte in field note', 'note'],
      [4, 'NUL byte in field note', 'note'],
    ]);
  });

  it('reads a header-only file as zero rows without error', async () => {
    const { records, rejects, error, batches } = await readCsv('header-only.csv', 'a,b,c\r\n');
    expect(error).toBeUndefined();
    expect(batches).toEqual([]);
    expect(records).toEqual([]);
    expect(rejects).toEqual([]);
  });

  it('rejects a field longer than 1 MiB quickly and without holding it', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const path = dir.write('huge-field.csv', `id,note,n\n1,"${huge}",1\n2,${huge},2\n3,"${huge}\n${huge}",3\n4,ok,4\n`);
    const started = performance.now();
    const { records, lines, rejects } = await collectBatches(await openFileSource(path));
    const elapsed = performance.now() - started;
    expect(records).toEqual([{ id: '4', note: 'ok', n: '4' }]);
    expect(lines).toEqual([6]);
    expect(rejects.map((r) => [r.line, r.reason, r.field])).toEqual([
      [2, 'field longer than 1 MiB', 'note'],
      [3, 'field longer than 1 MiB', 'note'],
      [4, 'field longer than 1 MiB', 'note'],
    ]);
    expect(rejects.every((r) => (r.value ?? '').length <= 201)).toBe(true);
    expect(elapsed).toBeLessThan(2000);
  });

  it('rejects the rows of a GBK line pasted into a UTF-8 file instead of storing mojibake', async () => {
    const utf8Rows = Array.from({ length: 5 }, (_, i) => `U${i},北京市朝阳区`).join('\n');
    const data = Buffer.concat([
      Buffer.from(`id,address\n${utf8Rows}\n`),
      iconv.encode('G1,广州市天河区\n', 'gbk'),
      Buffer.from('U9,上海市\n'),
    ]);
    const { source, records, rejects } = await readCsv('mixed.csv', data);
    expect(source.encoding).toBe('utf-8');
    expect(records.map((r) => r.id)).toEqual(['U0', 'U1', 'U2', 'U3', 'U4', 'U9']);
    expect(rejects).toMatchObject([{ line: 7, reason: 'invalid UTF-8 byte sequence', field: 'address' }]);
  });

  it('rejects invalid UTF-8 far past the encoding sample', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `U${i},中文地址第${i}号`).join('\n');
    const data = Buffer.concat([Buffer.from(`id,address\n${filler}\n`), iconv.encode('G1,广州\n', 'gbk')]);
    const { records, rejects } = await readCsv('mixed-late.csv', data);
    expect(records).toHaveLength(3000);
    expect(rejects).toMatchObject([{ line: 3002, reason: 'invalid UTF-8 byte sequence' }]);
  });

  it('decides GBK at the first non-ASCII bytes when the sample was all ASCII', async () => {
    const ascii = Array.from({ length: 8000 }, (_, i) => `${i},plain`).join('\r\n');
    const data = Buffer.concat([Buffer.from(`id,note\r\n${ascii}\r\n`), iconv.encode('8000,中文备注\r\n', 'gbk')]);
    expect(data.length).toBeGreaterThan(64 * 1024);
    const { source, records, rejects } = await readCsv('late-gbk.csv', data);
    expect(rejects).toEqual([]);
    expect(source.encoding).toBe('gb18030');
    expect(records.at(-1)).toEqual({ id: '8000', note: '中文备注' });
  });

  it('decides UTF-8 at the first non-ASCII bytes when the sample was all ASCII', async () => {
    const ascii = Array.from({ length: 8000 }, (_, i) => `${i},plain`).join('\n');
    const data = Buffer.from(`id,note\n${ascii}\n8000,中文备注\n8001,ok\n`);
    const { source, records, rejects } = await readCsv('late-utf8.csv', data);
    expect(rejects).toEqual([]);
    expect(source.encoding).toBe('utf-8');
    expect(records.slice(-2)).toEqual([
      { id: '8000', note: '中文备注' },
      { id: '8001', note: 'ok' },
    ]);
  });

  it('keeps UTF-8 when the 64 KiB sample cuts a character in half', async () => {
    const prefix = 'id,note\n1,' + 'a'.repeat(64 * 1024 - 14) + '\n2,';
    const data = Buffer.from(`${prefix}中文\n`);
    expect(data[64 * 1024 - 1]).toBe(0xe4); // the sample ends on the first byte of 中
    const { source, records, rejects } = await readCsv('cut-utf8.csv', data);
    expect(source.encoding).toBe('utf-8');
    expect(rejects).toEqual([]);
    expect(records[1]).toEqual({ id: '2', note: '中文' });
  });

  it('keeps GB18030 when the 64 KiB sample cuts a character in half', async () => {
    const rows = '1,中文备注中文备注\n'.repeat(4000);
    // Pad the header until the sample's last byte is the first half of a double-byte character.
    let data: Uint8Array = new Uint8Array(0);
    for (let pad = 0; pad < 20 && !isLeadByteAt(data, 64 * 1024 - 1); pad++) {
      data = iconv.encode(`id,note${'_'.repeat(pad)}\n${rows}`, 'gbk');
    }
    expect(isLeadByteAt(data, 64 * 1024 - 1)).toBe(true);
    const { source, records, rejects } = await readCsv('cut-gbk.csv', data);
    expect(source.encoding).toBe('gb18030');
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(4000);
    expect(records.every((r) => Object.values(r)[1] === '中文备注中文备注')).toBe(true);
  });

  it('reads a single-column file in linear time', async () => {
    const path = dir.write('single-column.csv', `id\n${'12345\n'.repeat(300_000)}`);
    const started = performance.now();
    const { records, rejects } = await collectBatches(await openFileSource(path));
    expect(records).toHaveLength(300_000);
    expect(rejects).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('hands on batches of the configured size', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `${i},x`).join('\n');
    const { batches, lines } = await readCsv('batches.csv', `n,v\n${rows}\n`, { batchSize: 10 });
    expect(batches.map((b) => b.rows.length)).toEqual([10, 10, 5]);
    expect(lines).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
  });
});

describe('createCsvParser', () => {
  const text = 'id,note,n\r\n1,"multi\r\nline ""quoted"", text",x\r\n\r\n2,plain,y\r\n3,"",\r\n4,"a""b",z\r\nbad,row\r\n5,ab"c,w';

  function parseInChunks(chunkSize: number): RawBatch[] {
    const parser = createCsvParser({ path: 'mem.csv', delimiter: ',', batchSize: 2, invalidTextReason: () => 'bad' });
    const batches: RawBatch[] = [];
    for (let i = 0; i < text.length; i += chunkSize) {
      parser.push(text.slice(i, i + chunkSize));
      for (let batch = parser.next(); batch; batch = parser.next()) batches.push(batch);
    }
    parser.end();
    for (let batch = parser.next(); batch; batch = parser.next()) batches.push(batch);
    batches.push(...parser.flush());
    return batches;
  }

  it('parses the same whatever the chunk boundaries', () => {
    const whole = parseInChunks(text.length);
    expect(whole.flatMap((b) => b.rows)).toEqual([
      ['1', 'multi\r\nline "quoted", text', 'x'],
      ['2', 'plain', 'y'],
      ['3', '', ''],
      ['4', 'a"b', 'z'],
      ['5', 'ab"c', 'w'],
    ]);
    expect(whole.flatMap((b) => b.lines)).toEqual([2, 5, 6, 7, 9]);
    expect(whole.flatMap((b) => b.rejects)).toEqual([{ line: 8, reason: 'expected 3 fields, found 2', value: 'bad,row' }]);
    for (const size of [1, 2, 3, 5, 7, 13]) {
      const chunked = parseInChunks(size);
      expect(chunked.flatMap((b) => b.rows)).toEqual(whole.flatMap((b) => b.rows));
      expect(chunked.flatMap((b) => b.lines)).toEqual(whole.flatMap((b) => b.lines));
      expect(chunked.flatMap((b) => b.rejects)).toEqual(whole.flatMap((b) => b.rejects));
    }
  });

  it('rejects a row longer than the row limit even when each field is short', () => {
    const parser = createCsvParser({
      path: 'mem.csv',
      delimiter: ',',
      batchSize: 10,
      invalidTextReason: () => 'bad',
      maxRowLength: 40,
    });
    // Fed in small chunks so that the long row goes through the state machine, as a huge row would.
    const text = `a,b,c\n${'x'.repeat(15)},${'y'.repeat(15)},${'z'.repeat(15)}\n1,2,3\n`;
    for (let i = 0; i < text.length; i += 8) {
      parser.push(text.slice(i, i + 8));
      expect(parser.next()).toBeUndefined();
    }
    parser.end();
    const [batch] = parser.flush();
    expect(batch?.rows).toEqual([['1', '2', '3']]);
    expect(batch?.rejects).toMatchObject([{ line: 2, reason: 'row longer than 40 characters' }]);
  });

  it('refuses a delimiter that is not one ordinary character', () => {
    expect(() => createCsvParser({ path: 'x', delimiter: '"', batchSize: 1, invalidTextReason: () => '' })).toThrow(
      /invalid CSV delimiter/,
    );
  });
});

/** Whether `data[index]` opens a double-byte GBK character, walking the characters from the start. */
function isLeadByteAt(data: Uint8Array, index: number): boolean {
  if (data.length <= index) return false;
  let i = 0;
  while (i < index) i += (data[i] as number) >= 0x81 ? 2 : 1;
  return i === index && (data[index] as number) >= 0x81;
}
