import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { at, canonicalRow } from '../../test/support/canonical-row.ts';
import { createCommitCache } from './commit-cache.ts';

let dir: string;
let store: Store;
let sequence = 0;

async function commitOrder(id: string, logged: boolean): Promise<void> {
  const staged = await store.stage('orders');
  await staged.append(0, [
    canonicalRow('orders', {
      order_id: id,
      user_id: 'u1',
      created_at: at('2026-01-05T05:04:05Z'),
      amount: 10,
      status: 'completed',
      cancelled: false,
    }),
  ]);
  await staged.commit(
    { id: `c-${++sequence}`, kind: 'orders', source: logged ? 'file' : 'http', files: ['x'], startedAt: new Date(), read: 1, rejected: 0 },
    { log: logged },
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowsight-cache-'));
  store = await openDuckDbStore({ path: join(dir, 'cache.duckdb'), timeZone: 'Asia/Shanghai' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('commit cache', () => {
  it('computes once for concurrent and repeated requests while the data is unchanged', async () => {
    const cache = createCommitCache(store);
    let runs = 0;
    const compute = async () => ++runs;
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect([a, b, await cache.get('k', compute)]).toEqual([1, 1, 1]);
    expect(await cache.get('other', compute)).toBe(2);
    cache.close();
  });

  it('recomputes after an import, but reuses an answer for a while as streamed records arrive', async () => {
    const cache = createCommitCache(store, { maxStaleMs: 60_000 });
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.get('k', compute)).toBe(1);
    await commitOrder('s1', false);
    expect(await cache.get('k', compute)).toBe(1);
    await commitOrder('f1', true);
    expect(await cache.get('k', compute)).toBe(2);
    cache.close();
  });

  it('recomputes after a streamed commit once the answer is older than maxStaleMs, and forgets failures', async () => {
    const cache = createCommitCache(store, { maxStaleMs: 0 });
    let runs = 0;
    expect(await cache.get('k', async () => ++runs)).toBe(1);
    await commitOrder('s2', false);
    expect(await cache.get('k', async () => ++runs)).toBe(2);
    await expect(cache.get('bad', async () => Promise.reject(new Error('outage')))).rejects.toThrow('outage');
    expect(await cache.get('bad', async () => 'fine')).toBe('fine');
    cache.close();
  });
});
