/**
 * Moves acknowledged log entries into the store. Entries are taken in rounds: everything queued when a
 * round starts is merged together — one submission per entity and source, so thousands of
 * single-record requests become a few large commits — and once every entry up to a position is in
 * the store, that position is marked merged in the log. An entry is retried until it is stored: it was
 * acknowledged, so it may not be dropped.
 */
import type { EntityKind } from '../../domain/entities.ts';
import type { MergeCounts } from '../../store/store.ts';
import type { CanonicalRow } from '../steps/normalise-batch.ts';
import type { IngestBatcher } from './create-ingest-batcher.ts';
import type { IngestLog, LogEntry } from './create-ingest-log.ts';

export interface LogMerger {
  enqueue(entry: LogEntry): void;
  /** Rows acknowledged and not yet in the store. */
  backlogRows(): number;
  /** Resolves once everything enqueued is stored and marked merged. */
  drain(): Promise<void>;
}

/** Entries of one entity from one source, merged as one submission. */
interface Group {
  readonly kind: EntityKind;
  readonly source: string;
  readonly entries: LogEntry[];
}

export function createLogMerger(options: {
  readonly batcher: IngestBatcher;
  readonly log: IngestLog;
  /** Told per entity and source after each merge, with the rows merged and their counts. */
  readonly onMerged?: (merged: { kind: EntityKind; source: string; rows: readonly CanonicalRow[]; counts: MergeCounts }) => void;
  readonly onError?: (error: unknown) => void;
  /** Most rows taken into one round. */
  readonly maxRoundRows?: number;
  /**
   * Least time from one round's start to the next while fewer than `maxRoundRows` rows wait. A round
   * costs about the same whether it merges ten rows or ten thousand, so rounds run back to back under
   * a trickle of small requests would keep both cores busy merging, and away from answering requests.
   */
  readonly minRoundIntervalMs?: number;
}): LogMerger {
  const maxRoundRows = options.maxRoundRows ?? 100_000;
  const minRoundIntervalMs = options.minRoundIntervalMs ?? 500;
  let queue: LogEntry[] = [];
  let backlog = 0;
  let running: Promise<void> | undefined;
  // Positions are marked merged strictly in order: a position still unmerged holds back every later one.
  const done = new Set<number>();
  let next = options.log.mergedAtOpen + 1;

  const mergeGroup = async (group: Group): Promise<void> => {
    const rows = group.entries.flatMap((entry) => entry.rows);
    for (let attempt = 0; ; attempt++) {
      try {
        const counts = await options.batcher.submit(group.kind, rows);
        options.onMerged?.({ kind: group.kind, source: group.source, rows, counts });
        return;
      } catch (error) {
        if (attempt % 20 === 0) options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** Math.min(attempt, 5))));
      }
    }
  };

  let roundStarted = Number.NEGATIVE_INFINITY;
  const run = async (): Promise<void> => {
    while (queue.length > 0) {
      const wait = roundStarted + minRoundIntervalMs - performance.now();
      if (wait > 0 && backlog < maxRoundRows) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      roundStarted = performance.now();
      let taken = 0;
      let count = 0;
      while (count < queue.length && (count === 0 || taken + queue[count]!.rows.length <= maxRoundRows))
        taken += queue[count++]!.rows.length;
      const round = queue.slice(0, count);
      queue = queue.slice(count);
      const groups = new Map<string, Group>();
      for (const entry of round) {
        const id = `${entry.kind}\u0000${entry.source}`;
        if (!groups.has(id)) groups.set(id, { kind: entry.kind, source: entry.source, entries: [] });
        groups.get(id)!.entries.push(entry);
      }
      await Promise.all([...groups.values()].map(mergeGroup));
      backlog -= taken;
      for (const entry of round) done.add(entry.seq);
      const before = next;
      while (done.delete(next)) next++;
      if (next > before) {
        try {
          await options.log.markMerged(next - 1);
        } catch (error) {
          options.onError?.(error);
        }
      }
    }
    running = undefined;
  };

  return {
    enqueue(entry) {
      // Keep log order even when appends resolve out of order.
      let at = queue.length;
      while (at > 0 && queue[at - 1]!.seq > entry.seq) at--;
      queue.splice(at, 0, entry);
      backlog += entry.rows.length;
      running ??= run();
    },
    backlogRows: () => backlog,
    async drain() {
      while (running) await running;
    },
  };
}
