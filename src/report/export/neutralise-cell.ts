import type { Cell } from '../../analysis/result-table.ts';

// Excel, LibreOffice and Google Sheets start a formula at `=`, `+`, `-` or `@`, including the
// full-width forms an IME types, and skip leading whitespace (space, U+3000, tab, CR, LF) to find it.
const FORMULA_START = /^(?:\s*[=+\-@＝＋－＠]|[\t\r\n])/;
// A signed plain decimal ("-12.5", "+3", "1e-7") is read as a number, never as a formula, so it keeps
// its digits: a "'" there would only turn a negative amount into text.
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The cell with formula-starting text defused by a leading `'` (OWASP CSV injection guidance); numbers,
 * booleans, null and plain signed decimals pass unchanged.
 */
export function neutraliseCell(value: string): string;
export function neutraliseCell(value: Cell): Cell;
export function neutraliseCell(value: Cell): Cell {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_DECIMAL.test(value)) return value;
  return `'${value}`;
}
