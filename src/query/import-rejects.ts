/**
 * The rejected rows of recent batch imports, read back from the rejects files the import log points
 * to (NDJSON written by import-files.ts), so the dashboard can say which file, line and field failed
 * and why. Only the head of each file is read, and the raw values are left out: they can hold
 * personal data and are not needed to see what went wrong.
 */
import { open } from 'node:fs/promises';
import type { ImportRecord } from '../store/store.ts';

/** One rejected row of a batch import. */
export interface ImportReject {
  readonly importId: string;
  readonly source: string;
  readonly kind: string;
  /** When the import finished, ISO. */
  readonly finishedAt: string;
  /** The imported file the row came from, when the rejects file names it. */
  readonly file: string | null;
  readonly line: number;
  readonly field: string | null;
  readonly reason: string;
}

export interface RejectLine {
  readonly file: string | null;
  readonly line: number;
  readonly field: string | null;
  readonly reason: string;
}

/**
 * The reject records of a rejects file's text, at most `max`; lines that are not reject records
 * (a line cut where reading stopped, anything else) are skipped.
 */
export function parseRejectLines(text: string, max: number): RejectLine[] {
  const out: RejectLine[] = [];
  for (const raw of text.split('\n')) {
    if (out.length >= max) break;
    const trimmed = raw.trim();
    if (!trimmed.startsWith('{')) continue;
    let record: unknown;
    try {
      record = JSON.parse(trimmed);
    } catch {
      continue;
    }
    if (typeof record !== 'object' || record === null) continue;
    const r = record as Record<string, unknown>;
    if (typeof r.line !== 'number' || typeof r.reason !== 'string') continue;
    out.push({
      file: typeof r.file === 'string' ? r.file : null,
      line: r.line,
      field: typeof r.field === 'string' ? r.field : null,
      reason: r.reason,
    });
  }
  return out;
}

async function readHead(path: string, maxBytes: number): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    // Rejects files may have been cleaned up since; the import log outlives them.
    return null;
  }
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export interface ReadImportRejectsOptions {
  /** Most rejects returned in all (default 100). */
  readonly limit?: number;
  /** Most rejects per import (default 20). */
  readonly perImport?: number;
  /** Bytes read from the start of each rejects file (default 64 KiB). */
  readonly maxBytes?: number;
}

/**
 * The rejects of the given imports, newest import first. A rejects file shared by several imports
 * (an appended `--rejects` path) is read once, for the newest of them.
 */
export async function readImportRejects(records: readonly ImportRecord[], options: ReadImportRejectsOptions = {}): Promise<ImportReject[]> {
  const limit = options.limit ?? 100;
  const perImport = options.perImport ?? 20;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const newestFirst = [...records].sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime());
  const seen = new Set<string>();
  const out: ImportReject[] = [];
  for (const record of newestFirst) {
    if (out.length >= limit) break;
    const path = record.rejectsFile;
    if (!path || record.rejected === 0 || seen.has(path)) continue;
    seen.add(path);
    const text = await readHead(path, maxBytes);
    if (text === null) continue;
    for (const reject of parseRejectLines(text, Math.min(perImport, limit - out.length))) {
      out.push({
        importId: record.id,
        source: record.source,
        kind: record.kind,
        finishedAt: record.finishedAt.toISOString(),
        ...reject,
      });
    }
  }
  return out;
}
