/**
 * Decides the format of a file from its name, then from its first bytes when the name does not say.
 * A `.json` file that starts with `{` is NDJSON: a JSON array must start with `[`, and exports named
 * `.json` are often one object per line.
 */
import { detectBom } from './detect-encoding.ts';
import type { FileFormat } from './record-source.ts';

const EXTENSION_FORMATS: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
  parquet: 'parquet',
};

/** The file name without a trailing `.gz` / `.gzip`, whose extension names the compressed content. */
export function stripGzipExtension(fileName: string): string {
  return fileName.replace(/\.(gz|gzip)$/i, '');
}

/** Whether `head` starts with Parquet's magic bytes `PAR1`. */
export function hasParquetMagic(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/**
 * The format of a file named `fileName` (any `.gz` already stripped) whose (decompressed) content
 * starts with `head`.
 */
export function detectFormat(fileName: string, head: Uint8Array): FileFormat {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  const first = firstSignificantByte(head);
  if (byExtension === 'json') return first === 0x7b ? 'ndjson' : 'json';
  if (byExtension !== undefined) return byExtension;
  if (hasParquetMagic(head)) return 'parquet';
  if (first === 0x5b) return 'json';
  if (first === 0x7b) return 'ndjson';
  return 'csv';
}

/**
 * The first byte after any byte-order mark that is neither whitespace nor NUL; `[` and `{` are then
 * found alike in UTF-8, GB18030 and UTF-16 of either byte order.
 */
function firstSignificantByte(head: Uint8Array): number | undefined {
  for (let i = detectBom(head)?.bomLength ?? 0; i < head.length; i++) {
    const byte = head[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x00) return byte;
  }
  return undefined;
}
