import { strToU8, zipSync } from 'fflate';
import type { Cell, ResultColumn, ResultTable } from '../../analysis/result-table.ts';
import { neutraliseCell } from './neutralise-cell.ts';

export interface XlsxOptions {
  /** Worksheet name (default `Sheet1`), made legal: `[]:*?/\` become `_`, cut to 31 characters. */
  readonly sheetName?: string;
  /** Header text: the column name (default) or its label, falling back to the name. */
  readonly header?: 'name' | 'label';
}

// Excel's limits: past them it refuses the file or "repairs" it, dropping data without saying which.
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_TEXT = 32_767;
const MAX_SHEET_NAME = 31;

// Indexes into cellXfs of STYLES below.
const HEADER_STYLE = 1;
const DATE_STYLE = 2;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
// Serial 0 is 1899-12-30 so that serials from 1900-03-01 on agree with Excel's phantom 1900-02-29.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MILLIS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Everything outside XML 1.0's Char production; with `u`, a lone surrogate is one code point and matches too.
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

const CONTENT_TYPES = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>`;
const PACKAGE_RELS = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>`;
const WORKBOOK_RELS = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>\
</Relationships>`;
// Excel insists on the two built-in fills; xf 1 is the bold header, xf 2 shows a date serial as yyyy-mm-dd.
const STYLES = `<styleSheet xmlns="${MAIN_NS}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>`;

/**
 * The table as a one-sheet XLSX workbook: numbers as numbers, booleans as booleans, text as neutralised
 * inline strings, `date` columns (`YYYY-MM-DD`) as real dates, timestamps as their ISO text (a serial
 * has no zone, and the table does not say which zone to read an instant in). Bold, frozen header row.
 * Text past Excel's 32,767 characters per cell is cut; a table larger than a worksheet throws a RangeError.
 */
export function toXlsx(table: ResultTable, options: XlsxOptions = {}): Uint8Array {
  const { columns, rows } = table;
  if (rows.length >= MAX_ROWS || columns.length > MAX_COLUMNS) {
    throw new RangeError(`a worksheet holds ${MAX_ROWS - 1} rows and ${MAX_COLUMNS} columns, not ${rows.length} and ${columns.length}`);
  }
  const letters = columns.map((_, index) => columnLetters(index));
  const header = columns.map((column, c) =>
    textCell(`${letters[c]}1`, options.header === 'label' ? (column.label ?? column.name) : column.name, HEADER_STYLE),
  );
  const body = rows.map((row, index) => {
    const r = index + 2;
    return `<row r="${r}">${columns.map((column, c) => toCell(`${letters[c]}${r}`, column, row[column.name] ?? null)).join('')}</row>`;
  });
  // Without a width, a date wider than the default column shows as ########.
  const dateWidths = columns.flatMap((column, c) =>
    column.type === 'date' ? [`<col min="${c + 1}" max="${c + 1}" width="12" customWidth="1"/>`] : [],
  );
  const sheet = `<worksheet xmlns="${MAIN_NS}">\
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft"/></sheetView></sheetViews>\
${dateWidths.length > 0 ? `<cols>${dateWidths.join('')}</cols>` : ''}\
<sheetData><row r="1">${header.join('')}</row>${body.join('')}</sheetData></worksheet>`;
  const workbook = `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">\
<sheets><sheet name="${escapeXml(toSheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const part = (xml: string) => strToU8(XML_DECLARATION + xml);
  // A fixed (local, as ZIP stores it) timestamp makes the same table give the same bytes.
  return zipSync(
    {
      '[Content_Types].xml': part(CONTENT_TYPES),
      '_rels/.rels': part(PACKAGE_RELS),
      'xl/workbook.xml': part(workbook),
      'xl/_rels/workbook.xml.rels': part(WORKBOOK_RELS),
      'xl/styles.xml': part(STYLES),
      'xl/worksheets/sheet1.xml': part(sheet),
    },
    { mtime: new Date(1980, 0, 1) },
  );
}

function toCell(ref: string, column: ResultColumn, cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  // NaN and ±Infinity have no numeric cell form: they go as text.
  if (typeof cell === 'number') return Number.isFinite(cell) ? `<c r="${ref}"><v>${cell}</v></c>` : textCell(ref, String(cell));
  const serial = column.type === 'date' ? toDateSerial(cell) : undefined;
  return serial === undefined ? textCell(ref, cell) : `<c r="${ref}" s="${DATE_STYLE}"><v>${serial}</v></c>`;
}

function textCell(ref: string, text: string, style?: number): string {
  // Strip before neutralising: a control character must not hide a formula start behind it.
  const safe = neutraliseCell(text.replace(ILLEGAL_XML, ''));
  const fitted = safe.length > MAX_TEXT ? safe.slice(0, MAX_TEXT).replace(/[\uD800-\uDBFF]$/, '') : safe;
  return `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`} t="inlineStr"><is><t xml:space="preserve">${escapeXml(fitted)}</t></is></c>`;
}

/** The Excel serial of a `YYYY-MM-DD` date, or undefined for anything else and for dates Excel shows wrongly (before 1900-03-01). */
function toDateSerial(value: string): number | undefined {
  const millis = Date.parse(value);
  if (!ISO_DATE.test(value) || value < '1900-03-01' || Number.isNaN(millis)) return undefined;
  // Date.parse rolls 2024-02-30 over to March; the round trip refuses it.
  return new Date(millis).toISOString().startsWith(value) ? (millis - EXCEL_EPOCH) / DAY_MILLIS : undefined;
}

function toSheetName(name = ''): string {
  const legal = name
    .replace(ILLEGAL_XML, '')
    .replace(/[[\]:*?/\\\t\n\r]/g, '_')
    .slice(0, MAX_SHEET_NAME)
    .replace(/[\uD800-\uDBFF]$/, '')
    .replace(/^'+|'+$/g, '');
  if (legal === '') return 'Sheet1';
  // Excel reserves "History" for its change tracking.
  return legal.toLowerCase() === 'history' ? `${legal}_` : legal;
}

function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (char) => XML_ESCAPES[char] ?? char);
}
