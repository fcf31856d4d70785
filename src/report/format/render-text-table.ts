/**
 * A result table as aligned plain text (terminal) or a Markdown table (chat messages, reports).
 * Numbers align right; CJK characters count as two columns so Chinese labels line up.
 */
import type { ResultTable } from '../../analysis/result-table.ts';
import { formatCell, type Locale } from './format-cell.ts';

/** Display width of text in a terminal (East Asian wide characters take two cells). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

function cellsOf(table: ResultTable, locale: Locale, header: 'name' | 'label'): { head: string[]; body: string[][]; numeric: boolean[] } {
  const head = table.columns.map((c) => (header === 'label' ? (c.label ?? c.name) : c.name));
  const body = table.rows.map((row) => table.columns.map((c) => formatCell(row[c.name] ?? null, c.name, locale)));
  const numeric = table.columns.map((c) => c.type === 'number');
  return { head, body, numeric };
}

/** Aligned text with a header rule. */
export function renderTextTable(table: ResultTable, options: { locale?: Locale; header?: 'name' | 'label' } = {}): string {
  const { head, body, numeric } = cellsOf(table, options.locale ?? 'zh-CN', options.header ?? 'name');
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, numeric[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** A Markdown (GFM) table; pipes in cells are escaped. */
export function renderMarkdownTable(table: ResultTable, options: { locale?: Locale; header?: 'name' | 'label' } = {}): string {
  const { head, body, numeric } = cellsOf(table, options.locale ?? 'zh-CN', options.header ?? 'label');
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const row = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [row(head), `|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`, ...body.map(row)].join('\n');
}
