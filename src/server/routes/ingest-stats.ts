/**
 * GET /api/v1/ingest/stats — ingestion observability for the API and the dashboard's /data page:
 * streaming counters per source and entity (accepted, duplicates, updates, rejects with the latest
 * reasons, lag, freshness), batch imports per source and entity from the import log, and the rows
 * and the first and newest business time of every entity (ISO instants with `Z`; weather's, a day).
 */
import { Hono } from 'hono';
import type { EntityKind } from '../../domain/entities.ts';
import type { IngestStats } from '../../ingest/stream/ingest-stats.ts';
import type { ImportRecord, Store } from '../../store/store.ts';

/** Import-log runs summed per source and entity. */
export interface BatchIngestSummary {
  readonly source: string;
  readonly kind: EntityKind;
  readonly completed: number;
  readonly failed: number;
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** ISO time the last run finished, and how it ended. */
  readonly lastFinishedAt: string;
  readonly lastStatus: ImportRecord['status'];
  /** Why the last failed run failed, when the last run failed. */
  readonly lastError?: string | undefined;
}

/** How many import-log runs the summary reads. */
const IMPORTS_READ = 1000;

/** Sums import-log runs per source and entity, ordered by source then entity. */
export function summariseImports(records: readonly ImportRecord[]): BatchIngestSummary[] {
  type Mutable<T> = { -readonly [K in keyof T]: T[K] };
  const byKey = new Map<string, { summary: Mutable<BatchIngestSummary>; lastMs: number }>();
  for (const record of records) {
    const key = JSON.stringify([record.source, record.kind]);
    let entry = byKey.get(key);
    if (!entry) {
      const summary = {
        source: record.source,
        kind: record.kind,
        completed: 0,
        failed: 0,
        read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        lastFinishedAt: '',
        lastStatus: record.status,
      };
      entry = { summary, lastMs: Number.NEGATIVE_INFINITY };
      byKey.set(key, entry);
    }
    const s = entry.summary;
    if (record.status === 'completed') s.completed += 1;
    else s.failed += 1;
    s.read += record.read;
    s.inserted += record.inserted;
    s.updated += record.updated;
    s.unchanged += record.unchanged;
    s.rejected += record.rejected;
    const finished = record.finishedAt.getTime();
    if (finished >= entry.lastMs) {
      entry.lastMs = finished;
      s.lastFinishedAt = record.finishedAt.toISOString();
      s.lastStatus = record.status;
      if (record.status === 'failed' && record.error !== undefined) s.lastError = record.error;
      else delete s.lastError;
    }
  }
  return [...byKey.values()].map((entry) => entry.summary).sort((a, b) => a.source.localeCompare(b.source) || a.kind.localeCompare(b.kind));
}

export function ingestStatsRoutes(deps: { readonly store: Store; readonly stats: IngestStats }): Hono {
  return new Hono().get('/ingest/stats', async (c) => {
    const status = await deps.store.status({ lastImports: IMPORTS_READ });
    return c.json({
      at: new Date().toISOString(),
      stream: deps.stats.snapshot(),
      batch: summariseImports(status.lastImports),
      entities: status.entities.map((entity) => ({ kind: entity.kind, rows: entity.rows, from: entity.from, newest: entity.to })),
    });
  });
}
