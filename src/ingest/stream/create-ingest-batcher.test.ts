import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { ENTITIES } from '../../domain/entities.ts';
import type { CanonicalRow } from '../steps/normalise-batch.ts';
import { BackpressureError, BatcherClosedError, createIngestBatcher } from './create-ingest-batcher.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-batcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logRow = (id: string): CanonicalRow =>
  ENTITIES.logs.fields.map(
    (f) =>
      ({ log_id: id, log_type: 'api_request', level: 'INFO', logged_at: Date.parse('2026-06-01T00:00:00Z') })[f.name as 'log_id'] ?? null,
  );

/** The real store, with every commit held back by `delayMs`: a store slower than its clients. */
function slowed(store: Store, delayMs: number, commits: { count: number }): Store {
  return {
    ...store,
    async stage(kind) {
      const staged = await store.stage(kind);
      return {
        ...staged,
        append: (index, rows) => staged.append(index, rows),
        discard: () => staged.discard(),
        async commit(record, options) {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          commits.count++;
          return staged.commit(record, options);
        },
      };
    },
  };
}

describe('createIngestBatcher', () => {
  it('groups concurrent submissions into few commits and gives each its own counts', async () => {
    const store = await openDuckDbStore({ path: join(dir, 'group.duckdb') });
    const commits = { count: 0 };
    const batcher = createIngestBatcher({ store: slowed(store, 30, commits) });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.submit('logs', [logRow(`l${i}`), logRow(`l${i % 5}`)])));
    await batcher.close();
    expect(commits.count).toBeLessThan(10);
    expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(50);
    expect(results.reduce((sum, r) => sum + r.unchanged, 0)).toBe(50);
    expect(await store.count('logs')).toBe(50);
    await store.close();
  });

  it('makes clients wait for room when the store is behind, and gives up after the wait limit', async () => {
    const store = await openDuckDbStore({ path: join(dir, 'slow.duckdb') });
    const batcher = createIngestBatcher({ store: slowed(store, 300, { count: 0 }), maxPendingRows: 10, maxWaitMs: 100 });
    const first = batcher.submit(
      'logs',
      Array.from({ length: 10 }, (_, i) => logRow(`a${i}`)),
    );
    expect(batcher.pendingRows()).toBe(10);
    await expect(batcher.submit('logs', [logRow('b')])).rejects.toBeInstanceOf(BackpressureError);
    expect(batcher.pendingRows()).toBe(10);
    await first;
    expect((await batcher.submit('logs', [logRow('c')])).inserted).toBe(1);
    await batcher.close();
    await expect(batcher.submit('logs', [logRow('d')])).rejects.toBeInstanceOf(BatcherClosedError);
    expect(await store.count('logs')).toBe(11);
    await store.close();
  });

  it('commits everything accepted before close resolves', async () => {
    const store = await openDuckDbStore({ path: join(dir, 'drain.duckdb') });
    const batcher = createIngestBatcher({ store: slowed(store, 50, { count: 0 }) });
    const pending = Array.from({ length: 20 }, (_, i) => batcher.submit('logs', [logRow(`d${i}`)]));
    await batcher.close();
    expect(await store.count('logs')).toBe(20);
    await Promise.all(pending);
    await store.close();
  });
});
