import type { Cell, ResultTable } from '../../analysis/result-table.ts';
import { neutraliseCell } from './neutralise-cell.ts';

export interface CsvOptions {
  /** Header text: the column name (default) or its label, falling back to the name. */
  readonly header?: 'name' | 'label';
  /** Start with a UTF-8 byte order mark (default true): without it Excel on Chinese Windows reads GBK. */
  readonly bom?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** The table as RFC 4180 CSV text (CRLF after every record), every text cell neutralised against formula injection. */
export function toCsv(table: ResultTable, options: CsvOptions = {}): string {
  return [...csvLines(table, options)].join('');
}

/** The CSV records of the table one at a time, each ending in CRLF, the BOM (if any) before the header: for streaming. */
export function* csvLines(table: ResultTable, options: CsvOptions = {}): Generator<string, void, undefined> {
  const { columns } = table;
  const header = columns.map((column) => (options.header === 'label' ? (column.label ?? column.name) : column.name));
  yield `${options.bom === false ? '' : '\uFEFF'}${toRecord(header)}`;
  for (const row of table.rows) yield toRecord(columns.map((column) => row[column.name] ?? null));
}

function toRecord(cells: readonly Cell[]): string {
  // A lone empty field would make a blank line, which many readers skip; `""` keeps the record.
  if (cells.length === 1 && toField(cells[0] ?? null) === '') return '""\r\n';
  return `${cells.map(toField).join(',')}\r\n`;
}

function toField(cell: Cell): string {
  if (cell === null) return '';
  // String(n) is the shortest text that reads back as the same double, without grouping or exponent
  // between 1e-6 and 1e21; NaN and ±Infinity become text and are neutralised like any other text.
  const text = typeof cell === 'number' && Number.isFinite(cell) ? String(cell) : neutraliseCell(String(cell));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
