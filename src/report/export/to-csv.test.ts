import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../../analysis/result-table.ts';
import { csvLines, toCsv } from './to-csv.ts';

const table = (rows: ResultTable['rows'], columns: ResultTable['columns'] = [{ name: 'v', type: 'string' }]): ResultTable => ({
  columns,
  rows,
});

describe('toCsv', () => {
  it('starts with a UTF-8 BOM so Excel on Chinese Windows reads 中文, and ends every record with CRLF', () => {
    const csv = toCsv(
      table(
        [{ city: '上海', visits: 3 }],
        [
          { name: 'city', type: 'string' },
          { name: 'visits', type: 'number' },
        ],
      ),
    );
    expect(csv).toBe('\uFEFFcity,visits\r\n上海,3\r\n');
  });

  it('leaves the BOM out when asked', () => {
    expect(toCsv(table([{ v: 'x' }]), { bom: false })).toBe('v\r\nx\r\n');
  });

  it('quotes fields holding quotes, commas, CR or LF and doubles the quotes inside', () => {
    const csv = toCsv(table([{ v: 'say "hi"' }, { v: 'a,b' }, { v: 'line1\nline2' }, { v: 'cr\rhere' }, { v: 'plain text' }]), {
      bom: false,
    });
    expect(csv).toBe('v\r\n"say ""hi"""\r\n"a,b"\r\n"line1\nline2"\r\n"cr\rhere"\r\nplain text\r\n');
  });

  it('neutralises formula text, including a quoted field that hides one after a newline', () => {
    const csv = toCsv(table([{ v: '=HYPERLINK("http://x","y")' }, { v: '＝1+2' }, { v: '\n=1' }, { v: '-12.5' }]), { bom: false });
    expect(csv).toBe('v\r\n"\'=HYPERLINK(""http://x"",""y"")"\r\n\'＝1+2\r\n"\'\n=1"\r\n-12.5\r\n');
  });

  it('writes numbers at full precision without grouping or exponent, and booleans and nulls plainly', () => {
    const columns = [
      { name: 'n', type: 'number' },
      { name: 'b', type: 'boolean' },
      { name: 's', type: 'string' },
    ] as const;
    const rows = [
      { n: 0.1 + 0.2, b: true, s: null },
      { n: 1e20, b: false, s: '' },
      { n: -1234567.891, b: null, s: null },
      { n: 2 ** 53 - 1, b: null, s: null },
    ];
    expect(toCsv(table(rows, columns), { bom: false })).toBe(
      'n,b,s\r\n0.30000000000000004,true,\r\n100000000000000000000,false,\r\n-1234567.891,,\r\n9007199254740991,,\r\n',
    );
  });

  it('writes NaN and infinities as neutralised text', () => {
    expect(toCsv(table([{ v: Number.NaN }, { v: -Infinity }]), { bom: false })).toBe("v\r\nNaN\r\n'-Infinity\r\n");
  });

  it('heads columns with their labels when asked, falling back to the name, and neutralises them too', () => {
    const columns = [
      { name: 'gmv', type: 'number', label: '成交额, 元' },
      { name: 'orders', type: 'number' },
      { name: 'x', type: 'string', label: '=evil' },
    ] as const;
    expect(toCsv(table([], columns), { header: 'label', bom: false })).toBe('"成交额, 元",orders,\'=evil\r\n');
    expect(toCsv(table([], columns), { bom: false })).toBe('gmv,orders,x\r\n');
  });

  it('keeps an empty record of a one-column table as "" rather than a blank line', () => {
    expect(toCsv(table([{ v: null }, { v: 'x' }]), { bom: false })).toBe('v\r\n""\r\nx\r\n');
  });

  it('writes a missing key as an empty field', () => {
    const columns = [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' },
    ] as const;
    expect(toCsv(table([{ a: 'x' }], columns), { bom: false })).toBe('a,b\r\nx,\r\n');
  });
});

describe('csvLines', () => {
  it('yields one record at a time, the BOM before the header, and joins to toCsv', () => {
    const t = table([{ v: 'a' }, { v: 'b' }]);
    expect([...csvLines(t)]).toEqual(['\uFEFFv\r\n', 'a\r\n', 'b\r\n']);
    expect([...csvLines(t)].join('')).toBe(toCsv(t));
  });
});
