/**
 * Builds what real-time ingestion needs around one store: the group-commit batcher, the key verifier
 * and per-key rate limiter, and the ingestion counters. The server's composition (serve) and tests
 * build it the same way; `close` drains accepted rows and writes last-used times before the store closes.
 */
import { createIngestBatcher, type IngestBatcherOptions } from '../ingest/stream/create-ingest-batcher.ts';
import { createIngestStats } from '../ingest/stream/ingest-stats.ts';
import { openIngestLog } from '../ingest/stream/create-ingest-log.ts';
import { createLogMerger } from '../ingest/stream/create-log-merger.ts';
import { ENTITIES } from '../domain/entities.ts';
import type { Store } from '../store/store.ts';
import { createKeyVerifier } from './auth/create-key-verifier.ts';
import { createRateLimiter } from './auth/create-rate-limiter.ts';
import { authorizeIngestKey } from './auth/authorize-ingest-key.ts';
import type { IngestDependencies } from './routes/ingest.ts';

export interface IngestServiceOptions {
  readonly store: Store;
  /** Directory of the ingest write-ahead log (beside the database: `<db>.ingest`). */
  readonly logDir: string;
  /** Requests per second each key may make, and the burst above it. */
  readonly rateLimit?: { readonly ratePerSecond: number; readonly burst: number };
  readonly batcher?: Omit<IngestBatcherOptions, 'store'>;
  readonly maxBodyBytes?: number;
  readonly log?: (message: string) => void;
}

export interface IngestServices {
  readonly ingest: IngestDependencies & { readonly invalidateKey: (id: string) => void };
  /** Stops taking rows, commits what was accepted, records key use. */
  close(): Promise<void>;
}

/** Default per-key limit: far above one client's need, low enough to stop a runaway loop. */
export const DEFAULT_RATE_LIMIT = { ratePerSecond: 20_000, burst: 40_000 };

/** Field holding each entity's business time, for ingestion lag. */
const EVENT_TIME: Record<string, string> = { users: 'registered_at', orders: 'created_at', events: 'occurred_at', logs: 'logged_at' };

/**
 * Opens the log, merges what a previous run acknowledged but had not stored yet (before anything is
 * served), and returns the services.
 */
export async function createIngestServices(options: IngestServiceOptions): Promise<IngestServices> {
  const verifier = createKeyVerifier({ store: options.store, ...(options.log ? { log: options.log } : {}) });
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const batcher = createIngestBatcher({ store: options.store, ...options.batcher });
  const stats = createIngestStats();
  const log = await openIngestLog(options.logDir);
  const merger = createLogMerger({
    batcher,
    log,
    onError: (error) => options.log?.(`ingest merge failed, retrying: ${error instanceof Error ? error.message : String(error)}`),
    onMerged: ({ kind, source, rows, counts }) => {
      const timeIndex = ENTITIES[kind].fields.findIndex((f) => f.name === EVENT_TIME[kind]);
      const eventTimesMs = rows.map((row) => row[timeIndex]).filter((t): t is number => typeof t === 'number');
      stats.record({
        source,
        kind,
        accepted: rows.length,
        inserted: counts.inserted,
        updated: counts.updated,
        duplicates: counts.unchanged,
        rejected: 0,
        reasons: [],
        eventTimesMs,
      });
    },
  });
  const recovered = log.unmerged();
  if (recovered.length > 0) {
    options.log?.(`merging ${recovered.length} acknowledged ingest batches left by the last run…`);
    for (const entry of recovered) merger.enqueue(entry);
    await merger.drain();
  }
  return {
    ingest: {
      log,
      merger,
      stats,
      authorize: authorizeIngestKey({ verifier, limiter }),
      invalidateKey: (id) => verifier.invalidate(id),
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    },
    async close() {
      await merger.drain();
      await log.close();
      await batcher.close();
      await verifier.close();
    },
  };
}
