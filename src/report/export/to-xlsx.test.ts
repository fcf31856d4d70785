import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../../analysis/result-table.ts';
import { toXlsx, type XlsxOptions } from './to-xlsx.ts';

async function readBack(table: ResultTable, options?: XlsxOptions): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer; a copy gives one spanning exactly the file.
  await workbook.xlsx.load(new Uint8Array(toXlsx(table, options)).buffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('the workbook has no sheet');
  return sheet;
}

const orders: ResultTable = {
  columns: [
    { name: 'city', type: 'string', label: '城市' },
    { name: 'gmv', type: 'number', label: '成交额' },
    { name: 'paid', type: 'boolean' },
    { name: 'day', type: 'date' },
    { name: 'at', type: 'timestamp' },
  ],
  rows: [
    { city: '上海', gmv: 12.5, paid: true, day: '2024-05-01', at: '2024-05-01T08:30:00.000Z' },
    { city: '=1+2', gmv: -3, paid: false, day: '2024-02-30', at: null },
    { city: null, gmv: 0.1 + 0.2, paid: null, day: null, at: '2024-05-01T16:30:00' },
  ],
};

describe('toXlsx', () => {
  it('writes the minimal OOXML package', () => {
    expect(Object.keys(unzipSync(toXlsx(orders))).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
  });

  it('writes the same bytes for the same table', () => {
    expect(toXlsx(orders)).toEqual(toXlsx(orders));
  });

  it('keeps numbers numeric, booleans boolean and Chinese text intact', async () => {
    const sheet = await readBack(orders);
    expect(sheet.getCell('A2').value).toBe('上海');
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('B2').value).toBe(12.5);
    expect(sheet.getCell('B3').value).toBe(-3);
    expect(sheet.getCell('B4').value).toBe(0.1 + 0.2);
    expect(sheet.getCell('C2').value).toBe(true);
    expect(sheet.getCell('C3').value).toBe(false);
    expect(sheet.getCell('A4').type).toBe(ExcelJS.ValueType.Null);
  });

  it('delivers formula text as neutralised text, never as a formula', async () => {
    const cell = (await readBack(orders)).getCell('A3');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe("'=1+2");
    expect(cell.formula).toBeUndefined();
  });

  it('writes valid dates as real dates and keeps impossible dates and timestamps as their text', async () => {
    const sheet = await readBack(orders);
    expect(sheet.getCell('D2').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell('D2').value).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(sheet.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('D3').value).toBe('2024-02-30');
    expect(sheet.getCell('E2').value).toBe('2024-05-01T08:30:00.000Z');
    expect(sheet.getCell('E4').value).toBe('2024-05-01T16:30:00');
  });

  it('heads the sheet with bold names or labels and freezes the header row', async () => {
    const byName = await readBack(orders);
    expect(byName.getRow(1).values).toEqual([undefined, 'city', 'gmv', 'paid', 'day', 'at']);
    expect(byName.getCell('A1').font?.bold).toBe(true);
    expect(byName.getCell('A2').font?.bold).toBeFalsy();
    expect(byName.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const byLabel = await readBack(orders, { header: 'label' });
    expect(byLabel.getRow(1).values).toEqual([undefined, '城市', '成交额', 'paid', 'day', 'at']);
  });

  it('escapes XML, strips characters XML 1.0 forbids and keeps whitespace, even when they hide a formula', async () => {
    const table: ResultTable = {
      columns: [{ name: 'v', type: 'string' }],
      rows: [
        { v: '<a href="x">&amp;</a>' },
        { v: 'bell\u0007\u0000 ok' },
        { v: '\u0001=1+2' },
        { v: '  two\r\nlines  ' },
        { v: 'bad \uD800 half' },
      ],
    };
    const sheet = await readBack(table);
    expect(sheet.getColumn(1).values.slice(2)).toEqual(['<a href="x">&amp;</a>', 'bell ok', "'=1+2", '  two\r\nlines  ', 'bad  half']);
  });

  it('writes NaN and infinities as neutralised text', async () => {
    const sheet = await readBack({ columns: [{ name: 'n', type: 'number' }], rows: [{ n: Number.NaN }, { n: -Infinity }] });
    expect(sheet.getColumn(1).values.slice(2)).toEqual(['NaN', "'-Infinity"]);
  });

  it.each([
    [undefined, 'Sheet1'],
    ['日报 2024/05', '日报 2024_05'],
    ['a[b]:c*d?e\\f', 'a_b__c_d_e_f'],
    ["'quoted'", 'quoted'],
    ['x'.repeat(40), 'x'.repeat(31)],
    ['History', 'History_'],
    ['', 'Sheet1'],
  ])('names the sheet %j as %j', async (sheetName, expected) => {
    expect((await readBack(orders, { sheetName })).name).toBe(expected);
  });

  it('round-trips a table of 50,000 rows', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `门店-${i}`, amount: i / 7, open: i % 2 === 0 }));
    const columns = [
      { name: 'id', type: 'number' },
      { name: 'name', type: 'string' },
      { name: 'amount', type: 'number' },
      { name: 'open', type: 'boolean' },
    ] as const;
    const sheet = await readBack({ columns, rows });
    expect(sheet.rowCount).toBe(50_001);
    const read = sheet
      .getSheetValues()
      .slice(2)
      .map((row) => (row as ExcelJS.CellValue[]).slice(1));
    expect(read).toEqual(rows.map((row) => [row.id, row.name, row.amount, row.open]));
  });

  it('refuses a table larger than a worksheet', () => {
    const columns = Array.from({ length: 16_385 }, (_, i) => ({ name: `c${i}`, type: 'number' as const }));
    expect(() => toXlsx({ columns, rows: [] })).toThrow(RangeError);
  });
});
