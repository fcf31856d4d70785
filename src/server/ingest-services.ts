/**
 * Builds what real-time ingestion needs around one store: the group-commit batcher, the key verifier
 * and per-key rate limiter, and the ingestion counters. The server's composition (serve) and tests
 * build it the same way; `close` drains accepted rows and writes last-used times before the store closes.
 */
import { createIngestBatcher, type IngestBatcherOptions } from '../ingest/stream/create-ingest-batcher.ts';
import { createIngestStats } from '../ingest/stream/ingest-stats.ts';
import type { Store } from '../store/store.ts';
import { createKeyVerifier } from './auth/create-key-verifier.ts';
import { createRateLimiter } from './auth/create-rate-limiter.ts';
import { requireIngestKey } from './auth/require-ingest-key.ts';
import type { IngestDependencies } from './routes/ingest.ts';

export interface IngestServiceOptions {
  readonly store: Store;
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

export function createIngestServices(options: IngestServiceOptions): IngestServices {
  const verifier = createKeyVerifier({ store: options.store, ...(options.log ? { log: options.log } : {}) });
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const batcher = createIngestBatcher({ store: options.store, ...options.batcher });
  const stats = createIngestStats();
  return {
    ingest: {
      batcher,
      stats,
      requireKey: requireIngestKey({ verifier, limiter }),
      invalidateKey: (id) => verifier.invalidate(id),
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    },
    async close() {
      await batcher.close();
      await verifier.close();
    },
  };
}
