/** One entry point for every download format of a result table, shared by the CLI and the API. */
import type { ResultTable } from '../../analysis/result-table.ts';
import { renderMarkdownTable } from '../format/render-text-table.ts';
import { toCsv } from './to-csv.ts';
import { toXlsx } from './to-xlsx.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportedFile {
  readonly body: string | Uint8Array;
  readonly contentType: string;
  readonly extension: string;
}

/** Whether `format` names a download format. */
export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** Renders `table` as a file of `format` (CSV and XLSX neutralise formula-like text). */
export function exportTable(
  table: ResultTable,
  format: ExportFormat,
  options: { sheetName?: string; header?: 'name' | 'label' } = {},
): ExportedFile {
  switch (format) {
    case 'csv':
      return { body: toCsv(table, { header: options.header ?? 'name' }), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'xlsx':
      return {
        body: toXlsx(table, { sheetName: options.sheetName ?? 'flowsight', header: options.header ?? 'name' }),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
    case 'md':
      return {
        body: `${renderMarkdownTable(table, { header: options.header ?? 'label' })}\n`,
        contentType: 'text/markdown; charset=utf-8',
        extension: 'md',
      };
  }
}
