/**
 * Answers computed from stored data (hot spots, active alerts), kept until the data changes, so the
 * dashboard's overview asking for them every few seconds costs a lookup. An import makes them stale
 * at once; while records stream in (small commits every second), an answer is reused for up to
 * `maxStaleMs` rather than recomputed per commit. Nothing is kept longer than `maxAgeMs`. Concurrent requests for the same key share one
 * computation; a failed one is forgotten at once.
 */
import type { Store } from '../store/store.ts';

export interface CommitCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Stops listening to the store's commits. */
  close(): void;
}

export function createCommitCache(
  store: Store,
  options: { maxStaleMs?: number; maxAgeMs?: number; maxEntries?: number } = {},
): CommitCache {
  const maxStaleMs = options.maxStaleMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 500;
  let generation = 0;
  let importGeneration = 0;
  const stop = store.onCommit((event) => {
    generation += 1;
    if (event.logged) importGeneration += 1;
  });
  const entries = new Map<string, { generation: number; importGeneration: number; madeAt: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const entry = entries.get(key);
      const current =
        entry !== undefined &&
        now - entry.madeAt < maxAgeMs &&
        entry.importGeneration === importGeneration &&
        (entry.generation === generation || now - entry.madeAt < maxStaleMs);
      if (current) return entry.value as Promise<T>;
      const made = { generation, importGeneration, madeAt: now, value: compute() as Promise<unknown> };
      entries.delete(key);
      entries.set(key, made);
      made.value.catch(() => {
        if (entries.get(key) === made) entries.delete(key);
      });
      // Oldest first in insertion order: drop from the front.
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return made.value as Promise<T>;
    },
    close: stop,
  };
}
