/**
 * Shapes of GET /api/v1/status, GET /api/v1/ingest/stats and GET /api/v1/ingest/rejects as the
 * /data page reads them (see src/store/store.ts, src/server/routes/ingest-stats.ts,
 * src/server/routes/import-rejects.ts).
 */

export interface ImportRecord {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  readonly files: readonly string[];
  /** ISO times. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: 'completed' | 'failed';
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectsFile?: string;
  readonly error?: string;
}

export interface StoreStatus {
  readonly backend: string;
  readonly location: string;
  readonly schemaVersion: number;
  /** Earliest and latest business time, as the store writes it (UTC, `YYYY-MM-DD HH:MM:SS` or a date). */
  readonly entities: readonly { readonly kind: string; readonly rows: number; readonly from: string | null; readonly to: string | null }[];
  readonly lastImports: readonly ImportRecord[];
}

export interface StreamTotals {
  readonly batches: number;
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export interface StreamEntry {
  readonly source: string;
  readonly kind: string;
  readonly totals: StreamTotals;
  /** Newest first; `field` when the server keeps it. */
  readonly reasons: readonly { readonly at: string; readonly line: number; readonly reason: string; readonly field?: string | null }[];
  readonly lag: { readonly samples: number; readonly p50Ms: number; readonly p95Ms: number; readonly maxMs: number } | null;
  readonly freshness: {
    readonly lastRecordAt: string;
    readonly lastAcceptedAt: string | null;
    readonly newestEventAt: string | null;
    readonly secondsSinceLastRecord: number;
    readonly secondsSinceLastAccepted: number | null;
  };
}

export interface BatchSummary {
  readonly source: string;
  readonly kind: string;
  readonly completed: number;
  readonly failed: number;
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly lastFinishedAt: string;
  readonly lastStatus: 'completed' | 'failed';
  readonly lastError?: string;
}

export interface IngestStatsAnswer {
  /** The server's clock when it answered, ISO. */
  readonly at: string;
  readonly stream: { readonly at: string; readonly since: string; readonly totals: StreamTotals; readonly entries: readonly StreamEntry[] };
  readonly batch: readonly BatchSummary[];
  readonly entities: readonly {
    readonly kind: string;
    readonly rows: number;
    readonly from: string | null;
    readonly newest: string | null;
  }[];
}

/** One rejected row of a batch import, read back from its rejects file. */
export interface ImportReject {
  readonly importId: string;
  readonly source: string;
  readonly kind: string;
  readonly finishedAt: string;
  readonly file: string | null;
  readonly line: number;
  readonly field: string | null;
  readonly reason: string;
}

export interface ImportRejectsAnswer {
  readonly rejects: readonly ImportReject[];
}
