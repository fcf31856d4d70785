/**
 * Moves acknowledged log entries into the store: each entry goes to the group-commit batcher (so
 * entries that arrive together are merged together), and once every entry up to a position is in the
 * store, that position is marked merged in the log. An entry is retried until it is stored — it was
 * acknowledged, so it may not be dropped.
 */
import type { MergeCounts } from '../../store/store.ts';
import type { IngestBatcher } from './create-ingest-batcher.ts';
import type { IngestLog, LogEntry } from './create-ingest-log.ts';

export interface LogMerger {
  enqueue(entry: LogEntry): void;
  /** Rows acknowledged and not yet in the store. */
  backlogRows(): number;
  /** Resolves once everything enqueued is stored and marked merged. */
  drain(): Promise<void>;
}

export function createLogMerger(options: {
  readonly batcher: IngestBatcher;
  readonly log: IngestLog;
  readonly onMerged?: (entry: LogEntry, counts: MergeCounts) => void;
  readonly onError?: (error: unknown) => void;
  /** How often the merged position is written (it is also written on drain). */
  readonly checkpointMs?: number;
}): LogMerger {
  const done = new Set<number>();
  // Positions are marked merged strictly in order: an entry still merging holds back every later one.
  let next: number | undefined = options.log.mergedAtOpen + 1;
  let backlog = 0;
  let inFlight = 0;
  let idle: (() => void)[] = [];
  let checkpoint: ReturnType<typeof setTimeout> | undefined;
  let writing = Promise.resolve();

  const writeCheckpoint = () => {
    checkpoint = undefined;
    if (next === undefined) return;
    const upTo = next - 1;
    writing = writing.then(() => options.log.markMerged(upTo)).catch((error: unknown) => options.onError?.(error));
  };

  const merge = async (entry: LogEntry) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const counts = await options.batcher.submit(entry.kind, entry.rows);
        options.onMerged?.(entry, counts);
        return;
      } catch (error) {
        if (attempt % 20 === 0) options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** Math.min(attempt, 5))));
      }
    }
  };

  return {
    enqueue(entry) {
      backlog += entry.rows.length;
      inFlight++;
      void merge(entry).then(() => {
        backlog -= entry.rows.length;
        inFlight--;
        done.add(entry.seq);
        while (next !== undefined && done.delete(next)) next++;
        checkpoint ??= setTimeout(writeCheckpoint, options.checkpointMs ?? 200);
        if (inFlight === 0) {
          const waiters = idle;
          idle = [];
          for (const resolve of waiters) resolve();
        }
      });
    },
    backlogRows: () => backlog,
    async drain() {
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
      if (checkpoint) clearTimeout(checkpoint);
      writeCheckpoint();
      await writing;
    },
  };
}
