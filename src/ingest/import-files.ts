/**
 * Batch import: files → source → normalise/validate → stage → one atomic merge. Either every valid
 * row of every file lands (exactly once) or, when the input is refused, nothing does. Bad rows go to
 * a rejects file with file, line, field, value and reason; they never stop the import on their own.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { ENTITIES, type EntityKind } from '../domain/entities.ts';
import type { ZoneResolver } from '../domain/values/parse-timestamp.ts';
import type { Store, StagedWrite } from '../store/store.ts';
import { openFileSource } from './sources/open-file-source.ts';
import { SourceError, type FileFormat, type RecordSource, type TextEncoding } from './sources/record-source.ts';
import { createNormaliser, type RowReject } from './steps/normalise-batch.ts';
import { resolveHeader, type ColumnMapping } from './steps/resolve-header.ts';

export interface ImportFilesOptions {
  readonly store: Store;
  readonly kind: EntityKind;
  readonly files: readonly string[];
  readonly zone: ZoneResolver;
  /** Where rejected rows are written (NDJSON), created only when a row is rejected. */
  readonly rejectsPath: string;
  /** Largest accepted share of rejected rows per file, 0–1. */
  readonly maxRejectRate: number;
  readonly mapping?: ColumnMapping;
  readonly format?: FileFormat;
  readonly encoding?: TextEncoding;
  readonly delimiter?: string;
  /** Recorded in the import log (`file`, `demo`, …). */
  readonly source?: string;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly phase: 'reading' | 'merging' | 'done';
  readonly file: string;
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface FileSummary {
  readonly file: string;
  readonly format: FileFormat;
  /** Final once the file is read: an ASCII start leaves the choice to the first non-ASCII bytes. */
  encoding: TextEncoding | undefined;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  readonly ignoredColumns: string[];
}

export interface ImportSummary {
  readonly id: string;
  readonly kind: EntityKind;
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Path of the rejects file, or null when no row was rejected. */
  readonly rejectsFile: string | null;
  readonly files: readonly FileSummary[];
}

/** The import was refused as a whole; nothing was written. */
export interface ImportRefusal {
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
}

export type ImportOutcome =
  | { readonly ok: true; readonly summary: ImportSummary }
  | { readonly ok: false; readonly refusal: ImportRefusal; readonly summary: ImportSummary };

const FIXED_HEADER_FORMATS: ReadonlySet<FileFormat> = new Set(['csv', 'parquet']);

/**
 * When most of a file's columns are unknown to the kind it is imported as and another kind knows more
 * of them, the file is most likely of that other kind (an orders export given as users): importing it
 * would replace every matching user with a description that has only the few shared fields. Says why;
 * undefined when the file fits its kind (a mapping file states the columns' meaning and skips this).
 */
export function wrongKindReason(kind: EntityKind, columns: readonly string[], ignored: readonly string[]): string | undefined {
  const known = columns.length - ignored.length;
  if (ignored.length <= known) return undefined;
  let best: { kind: EntityKind; known: number } | undefined;
  for (const other of Object.keys(ENTITIES) as EntityKind[]) {
    if (other === kind) continue;
    const otherKnown = resolveHeader(ENTITIES[other], columns).fieldIndexByColumn.filter((index) => index >= 0).length;
    if (otherKnown > known && (!best || otherKnown > best.known)) best = { kind: other, known: otherKnown };
  }
  if (!best) return undefined;
  return `its columns look like ${best.kind}, not ${kind}: ${best.known} of its ${columns.length} columns are ${best.kind} fields and only ${known} are ${kind} fields; import it as ${best.kind}, or give --mapping to say what its columns are`;
}

/** Writes reject records lazily: no file unless something is rejected. */
function createRejectsWriter(path: string) {
  let out: WriteStream | undefined;
  let count = 0;
  return {
    get path() {
      return count > 0 ? path : null;
    },
    async write(kind: EntityKind, file: string, rejects: readonly RowReject[]) {
      if (rejects.length === 0) return;
      if (!out) {
        await mkdir(dirname(path), { recursive: true });
        out = createWriteStream(path, { flags: 'a' });
      }
      count += rejects.length;
      const text = rejects.map((r) => JSON.stringify({ kind, file, line: r.line, field: r.field ?? null, value: r.value ?? null, reason: r.reason })).join('\n');
      if (!out.write(`${text}\n`)) await once(out, 'drain');
    },
    async close() {
      if (!out) return;
      out.end();
      await once(out, 'close');
    },
  };
}

function totals(files: readonly FileSummary[]) {
  const sum = { read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const file of files) {
    sum.read += file.read;
    sum.inserted += file.inserted;
    sum.updated += file.updated;
    sum.unchanged += file.unchanged;
    sum.rejected += file.rejected;
  }
  return sum;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
}

/** Imports files of one entity kind into the store; see the module comment for the guarantees. */
export async function importFiles(options: ImportFilesOptions): Promise<ImportOutcome> {
  const { store, kind } = options;
  const entity = ENTITIES[kind];
  const id = randomUUID();
  const startedAt = new Date();
  const files = options.files.map((file) => resolve(file));
  const normaliser = createNormaliser(entity, { zone: options.zone, ...(options.mapping ? { mapping: options.mapping } : {}) });
  const rejects = createRejectsWriter(resolve(options.rejectsPath));
  const summaries: FileSummary[] = [];
  const staged: StagedWrite = await store.stage(kind);

  const summarise = (): ImportSummary => ({ id, kind, ...totals(summaries), rejectsFile: rejects.path, files: summaries });
  const refuse = async (refusal: ImportRefusal): Promise<ImportOutcome> => {
    await staged.discard();
    await rejects.close();
    const summary = summarise();
    const message = refusal.file ? `${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.message}` : refusal.message;
    await store.recordFailedImport({ id, kind, source: options.source ?? 'file', files, startedAt, finishedAt: new Date(), read: summary.read, rejected: summary.rejected, rejectsFile: summary.rejectsFile ?? undefined, error: message });
    return { ok: false, refusal, summary };
  };

  for (const [fileIndex, file] of files.entries()) {
    let source: RecordSource | undefined;
    try {
      const opened = await openFileSource(file, { format: options.format, encoding: options.encoding, delimiter: options.delimiter });
      source = opened;
      const summary: FileSummary = { file, format: opened.format, encoding: opened.encoding, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, ignoredColumns: [] };
      summaries.push(summary);
      for await (const batch of opened.batches()) {
        const header = normaliser.header(batch.columns);
        // A JSON record giving one field under two names is rejected on its own by the normaliser.
        if (FIXED_HEADER_FORMATS.has(opened.format) && header.duplicates.length > 0) {
          const duplicate = header.duplicates[0]!;
          return await refuse({ file, line: 1, message: `columns ${duplicate.columns.map((c) => `"${c}"`).join(' and ')} both map to field ${duplicate.field}` });
        }
        if (FIXED_HEADER_FORMATS.has(opened.format) && header.missingRequired.length > 0) {
          return await refuse({ file, line: 1, message: `missing required column${header.missingRequired.length > 1 ? 's' : ''} ${header.missingRequired.join(', ')} (found: ${batch.columns.join(', ')})` });
        }
        const wrongKind = summary.read === 0 && !options.mapping ? wrongKindReason(kind, batch.columns, header.ignored) : undefined;
        if (wrongKind) return await refuse({ file, line: 1, message: wrongKind });
        for (const column of header.ignored) if (!summary.ignoredColumns.includes(column)) summary.ignoredColumns.push(column);
        const normalised = normaliser.normalise(batch);
        summary.read += normalised.rows.length + normalised.rejects.length;
        summary.rejected += normalised.rejects.length;
        await rejects.write(kind, file, normalised.rejects);
        await staged.append(fileIndex, normalised.rows);
        options.onProgress?.({ phase: 'reading', file, fileIndex, fileCount: files.length, bytesRead: opened.bytesRead(), totalBytes: opened.totalBytes, rows: summary.read });
      }
      summary.encoding = opened.encoding;
      if (summary.read > 0 && summary.rejected / summary.read > options.maxRejectRate) {
        return await refuse({
          file,
          message: `${summary.rejected} of ${summary.read} rows rejected (${percent(summary.rejected / summary.read)}, above the limit of ${percent(options.maxRejectRate)}); see ${rejects.path}`,
        });
      }
    } catch (error) {
      if (error instanceof SourceError) return await refuse({ file, ...(error.line === undefined ? {} : { line: error.line }), message: error.detail });
      await staged.discard();
      await rejects.close();
      throw error;
    } finally {
      await source?.close();
    }
  }

  await rejects.close();
  const last = files.at(-1) ?? '';
  options.onProgress?.({ phase: 'merging', file: last, fileIndex: files.length - 1, fileCount: files.length, bytesRead: 0, totalBytes: 0, rows: totals(summaries).read });
  const partial = summarise();
  const counts = await staged.commit({ id, kind, source: options.source ?? 'file', files, startedAt, read: partial.read, rejected: partial.rejected, rejectsFile: partial.rejectsFile ?? undefined });
  counts.forEach((count, index) => {
    const summary = summaries[index];
    if (!summary) return;
    summary.inserted = count.inserted;
    summary.updated = count.updated;
    summary.unchanged = count.unchanged;
  });
  options.onProgress?.({ phase: 'done', file: last, fileIndex: files.length - 1, fileCount: files.length, bytesRead: 0, totalBytes: 0, rows: partial.read });
  return { ok: true, summary: summarise() };
}
