/** A chart's numbers as CSV, the way Excel on Chinese Windows opens it (UTF-8 with BOM, CRLF). */

export interface TableColumn<Row> {
  readonly key: string;
  readonly label: string;
  /** Text shown in the table; the CSV keeps the raw value. */
  readonly format?: (value: unknown, row: Row) => string;
  /** Right-aligned (numbers). */
  readonly numeric?: boolean;
}

export interface TableData<Row = Readonly<Record<string, unknown>>> {
  readonly columns: readonly TableColumn<Row>[];
  readonly rows: readonly Row[];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet: neutralise it (not plain negative numbers).
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(table: TableData<Row>): string {
  const lines = [table.columns.map((column) => cell(column.label)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((column) => cell((row as Record<string, unknown>)[column.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
