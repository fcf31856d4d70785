/**
 * An import as a plain, serialisable request, so the CLI can run it in-process or hand it to a running
 * server (which holds the database) and get the same outcome either way.
 */
import { join } from 'node:path';
import type { EntityKind } from '../domain/entities.ts';
import { zoneResolver } from '../domain/values/parse-timestamp.ts';
import type { Store } from '../store/store.ts';
import { importFiles, type ImportOutcome, type ImportProgress } from './import-files.ts';
import type { FileFormat, TextEncoding } from './sources/record-source.ts';
import type { ColumnMapping } from './steps/resolve-header.ts';

export interface ImportRequest {
  readonly kind: EntityKind;
  /** Absolute paths, readable by the process that runs the import. */
  readonly files: readonly string[];
  readonly timeZone: string;
  readonly maxRejectRate: number;
  readonly rejectsPath?: string | undefined;
  readonly mapping?: ColumnMapping | undefined;
  readonly format?: FileFormat | undefined;
  readonly encoding?: TextEncoding | undefined;
  readonly delimiter?: string | undefined;
  readonly source?: string | undefined;
}

/** Default place for a run's rejects: `rejects/` beside the database. */
export function defaultRejectsPath(rejectsDir: string, kind: EntityKind, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(rejectsDir, `${kind}-${stamp}-${Math.random().toString(36).slice(2, 8)}.ndjson`);
}

/** Runs an import request against a store. */
export function runImportRequest(store: Store, request: ImportRequest, rejectsDir: string, onProgress?: (progress: ImportProgress) => void): Promise<ImportOutcome> {
  return importFiles({
    store,
    kind: request.kind,
    files: request.files,
    zone: zoneResolver(request.timeZone),
    rejectsPath: request.rejectsPath ?? defaultRejectsPath(rejectsDir, request.kind),
    maxRejectRate: request.maxRejectRate,
    mapping: request.mapping,
    format: request.format,
    encoding: request.encoding,
    delimiter: request.delimiter,
    source: request.source ?? 'file',
    ...(onProgress ? { onProgress } : {}),
  });
}
