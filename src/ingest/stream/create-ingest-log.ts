/**
 * The write-ahead log of real-time ingestion. A request is acknowledged once its normalised rows are
 * in this log and fsync'd — group-committed, so one fsync serves every request that arrived while the
 * previous one ran — and merged into the store afterwards in large batches. The position merged so far
 * is kept beside the log; on start, entries after it are merged again. Merging is idempotent by key,
 * so an entry merged twice (a crash between a merge and its checkpoint) stores nothing twice, and a
 * line torn by a crash was never acknowledged.
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityKind } from '../../domain/entities.ts';
import type { CanonicalRow } from '../steps/normalise-batch.ts';

export interface LogEntry {
  /** Position in the log, increasing from 1. */
  readonly seq: number;
  readonly kind: EntityKind;
  /** Who sent it (`http:<key name>`), for the ingestion counters. */
  readonly source: string;
  readonly rows: readonly CanonicalRow[];
}

export interface IngestLog {
  /** Appends rows; resolves with the entry once it is on disk (fsync'd). */
  append(kind: EntityKind, source: string, rows: readonly CanonicalRow[]): Promise<LogEntry>;
  /** Entries written but not yet marked merged (those of a previous run, on open). */
  unmerged(): readonly LogEntry[];
  /** The last position known merged when the log was opened. */
  readonly mergedAtOpen: number;
  /** Records that every entry up to `seq` is in the store; old segments are removed. */
  markMerged(seq: number): Promise<void>;
  close(): Promise<void>;
}

const SEGMENT_BYTES = 64 * 1024 * 1024;
/**
 * Least time between the starts of two fsyncs. Back to back, a trickle of single-record requests
 * made hundreds of fsyncs a second, each costing kernel time on the cores that answer requests;
 * gathering a few milliseconds more into each one costs a request at most that much latency.
 */
const MIN_FLUSH_INTERVAL_MS = 10;
const segmentName = (first: number) => `segment-${String(first).padStart(12, '0')}.ndjson`;

/** Opens (creating) the log in `dir` and reads what a previous run left unmerged. */
export async function openIngestLog(dir: string): Promise<IngestLog> {
  await mkdir(dir, { recursive: true });
  const checkpointPath = join(dir, 'merged.json');
  const merged = await readFile(checkpointPath, 'utf8')
    .then((text) => Number((JSON.parse(text) as { seq: number }).seq) || 0)
    .catch(() => 0);
  const segments = (await readdir(dir)).filter((name) => /^segment-\d+\.ndjson$/.test(name)).sort();
  const pending: LogEntry[] = [];
  let last = merged;
  for (const name of segments) {
    for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
      if (!line) continue;
      let entry: { s: number; k: EntityKind; src: string; r: CanonicalRow[] };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue; // torn by a crash mid-write: never acknowledged
      }
      last = Math.max(last, entry.s);
      if (entry.s > merged) pending.push({ seq: entry.s, kind: entry.k, source: entry.src, rows: entry.r });
    }
  }

  let seq = last;
  let handle: FileHandle | undefined;
  let segmentFirst = 0;
  let segmentBytes = 0;
  let mergedThrough = merged;
  // Segments of earlier runs hold nothing after `last`; they go once that is merged.
  const oldSegments = new Map<string, number>(segments.map((name) => [name, last]));
  let waiting: { line: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  const rotate = async (first: number) => {
    if (handle) {
      await handle.close();
      oldSegments.set(segmentName(segmentFirst), seq);
    }
    segmentFirst = first;
    handle = await open(join(dir, segmentName(first)), 'a');
    segmentBytes = 0;
  };

  // One writer: everything that queued while the last fsync ran goes out in the next write + fsync.
  let flushStarted = Number.NEGATIVE_INFINITY;
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const wait = flushStarted + MIN_FLUSH_INTERVAL_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      flushStarted = performance.now();
      const batch = waiting;
      waiting = [];
      try {
        if (!handle || segmentBytes > SEGMENT_BYTES) await rotate(seq - batch.length + 1);
        const data = Buffer.from(batch.map((w) => w.line).join(''));
        await handle!.write(data);
        await handle!.datasync();
        segmentBytes += data.length;
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    flushing = undefined;
  };

  return {
    append(kind, source, rows) {
      const entry: LogEntry = { seq: ++seq, kind, source, rows };
      const line = `${JSON.stringify({ s: entry.seq, k: kind, src: source, r: rows })}\n`;
      return new Promise<LogEntry>((resolve, reject) => {
        waiting.push({ line, resolve: () => resolve(entry), reject });
        flushing ??= flush();
      });
    },
    unmerged: () => pending,
    mergedAtOpen: merged,
    async markMerged(upTo) {
      if (upTo <= mergedThrough) return;
      mergedThrough = upTo;
      const temp = `${checkpointPath}.tmp`;
      await writeFile(temp, JSON.stringify({ seq: upTo }));
      await rename(temp, checkpointPath);
      for (const [name, lastSeq] of oldSegments) {
        if (lastSeq <= upTo) {
          await rm(join(dir, name), { force: true });
          oldSegments.delete(name);
        }
      }
    },
    async close() {
      if (flushing) await flushing;
      await handle?.close();
      handle = undefined;
    },
  };
}
