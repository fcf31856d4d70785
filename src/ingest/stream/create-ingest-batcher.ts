/**
 * Group commit for streaming ingestion. Concurrent requests hand over their normalised rows; while a
 * commit of an entity is running, the rows that arrive meanwhile gather and go into the next commit
 * together, each request as its own source of that commit so it gets its own counts back. A request
 * is answered only once its rows are durably committed. Pending rows are bounded: when the store is
 * slower than the clients, `submit` waits for room (back-pressure) instead of letting memory grow, and
 * gives up with BackpressureError after `maxWaitMs`.
 */
import type { EntityKind } from '../../domain/entities.ts';
import type { CanonicalRow } from '../steps/normalise-batch.ts';
import type { MergeCounts, Store } from '../../store/store.ts';

export interface IngestBatcherOptions {
  readonly store: Store;
  /** Most rows in one commit. */
  readonly maxBatchRows?: number;
  /** Most rows accepted but not yet committed, over all entities. */
  readonly maxPendingRows?: number;
  /** How long a request waits for room before BackpressureError. */
  readonly maxWaitMs?: number;
  /** Source recorded for commits (`http`). */
  readonly source?: string;
}

/** The store is behind: the request should be retried later (HTTP 503 with Retry-After). */
export class BackpressureError extends Error {
  override name = 'BackpressureError';
}

/** The batcher is draining for shutdown and takes no new rows. */
export class BatcherClosedError extends Error {
  override name = 'BatcherClosedError';
}

export interface IngestBatcher {
  /** Commits `rows` (with others arriving meanwhile); resolves with this submission's counts once durable. */
  submit(kind: EntityKind, rows: readonly CanonicalRow[]): Promise<MergeCounts>;
  /** Rows accepted and not yet committed. */
  pendingRows(): number;
  /** Stops taking rows and resolves once everything accepted is committed. */
  close(): Promise<void>;
}

interface Submission {
  readonly rows: readonly CanonicalRow[];
  resolve(counts: MergeCounts): void;
  reject(error: unknown): void;
}

/** Creates the batcher over `store`. */
export function createIngestBatcher(options: IngestBatcherOptions): IngestBatcher {
  const maxBatchRows = options.maxBatchRows ?? 50_000;
  const maxPendingRows = options.maxPendingRows ?? 500_000;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const queues = new Map<EntityKind, Submission[]>();
  const running = new Map<EntityKind, Promise<void>>();
  const waiting: (() => void)[] = [];
  let pending = 0;
  let closed = false;
  let sequence = 0;

  const release = (rows: number) => {
    pending -= rows;
    while (waiting.length > 0 && pending < maxPendingRows) waiting.shift()!();
  };

  const commitBatch = async (kind: EntityKind, batch: Submission[]): Promise<void> => {
    const staged = await options.store.stage(kind);
    try {
      for (const [index, submission] of batch.entries()) await staged.append(index, submission.rows);
      const read = batch.reduce((sum, s) => sum + s.rows.length, 0);
      const counts = await staged.commit(
        {
          id: `stream-${Date.now()}-${++sequence}`,
          kind,
          source: options.source ?? 'http',
          files: batch.map((_, i) => `request-${i}`),
          startedAt: new Date(),
          read,
          rejected: 0,
        },
        { log: false },
      );
      batch.forEach((submission, index) => submission.resolve(counts[index] ?? { inserted: 0, updated: 0, unchanged: 0 }));
    } catch (error) {
      await staged.discard().catch(() => undefined);
      for (const submission of batch) submission.reject(error);
    }
  };

  const drain = async (kind: EntityKind): Promise<void> => {
    const queue = queues.get(kind)!;
    while (queue.length > 0) {
      const batch: Submission[] = [];
      let rows = 0;
      while (queue.length > 0 && (batch.length === 0 || rows + queue[0]!.rows.length <= maxBatchRows)) {
        const next = queue.shift()!;
        rows += next.rows.length;
        batch.push(next);
      }
      await commitBatch(kind, batch);
      release(rows);
    }
    running.delete(kind);
  };

  return {
    async submit(kind, rows) {
      if (closed) throw new BatcherClosedError('the server is shutting down');
      if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      if (pending + rows.length > maxPendingRows && pending > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            const at = waiting.indexOf(onRoom);
            if (at >= 0) waiting.splice(at, 1);
            reject(new BackpressureError(`the store is behind: ${pending} records are waiting to be written`));
          }, maxWaitMs);
          const onRoom = () => {
            clearTimeout(timer);
            resolve();
          };
          waiting.push(onRoom);
        });
      }
      pending += rows.length;
      const done = new Promise<MergeCounts>((resolve, reject) => {
        if (!queues.has(kind)) queues.set(kind, []);
        queues.get(kind)!.push({ rows, resolve, reject });
      });
      if (!running.has(kind)) running.set(kind, drain(kind));
      return done;
    },
    pendingRows: () => pending,
    async close() {
      closed = true;
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}
