/**
 * The behaviour every store backend must show, run against each backend by its own test file with a
 * fresh store per test. Rows are staged as canonical rows, exactly as the ingest steps produce them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityKind } from '../../src/domain/entities.ts';
import type { CanonicalRow } from '../../src/ingest/steps/normalise-batch.ts';
import type { MergeCounts, Store } from '../../src/store/store.ts';
import { at, canonicalRow } from '../support/canonical-row.ts';

const order = (id: string, status: string, extra: Record<string, string | number | boolean | null> = {}) =>
  canonicalRow('orders', { order_id: id, user_id: 'u1', created_at: at('2024-01-05T05:04:05Z'), amount: 88.5, status, cancelled: status === 'cancelled', ...extra });

let sequence = 0;

/** Stages the given batches (one per source) and commits them as one import. */
export async function commitRows(store: Store, kind: EntityKind, ...sources: CanonicalRow[][]): Promise<MergeCounts[]> {
  const staged = await store.stage(kind);
  for (const [index, rows] of sources.entries()) await staged.append(index, rows);
  const files = sources.map((_, index) => `source-${index}`);
  return staged.commit({ id: `test-${++sequence}-${Math.random()}`, kind, source: 'test', files, startedAt: new Date(), read: sources.flat().length, rejected: 0 });
}

export function describeStoreContract(name: string, openStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('stores a new order and reads it back with its canonical values', async () => {
      const counts = await commitRows(store, 'orders', [order('o1', 'completed', { paid_at: at('2024-01-05T05:10:00.250Z'), channel: 'wechat', quantity: 2 })]);
      expect(counts).toEqual([{ inserted: 1, updated: 0, unchanged: 0 }]);
      const [stored] = await store.listRecords('orders');
      expect(stored).toMatchObject({ order_id: 'o1', user_id: 'u1', created_at: '2024-01-05T05:04:05.000Z', paid_at: '2024-01-05T05:10:00.250Z', amount: 88.5, status: 'completed', channel: 'wechat', quantity: 2, cancelled: false });
    });

    it('keeps the latest state of an order collected twice', async () => {
      await commitRows(store, 'orders', [order('o1', 'pending_payment')]);
      const counts = await commitRows(store, 'orders', [order('o1', 'completed')]);
      expect(counts).toEqual([{ inserted: 0, updated: 1, unchanged: 0 }]);
      expect(await store.count('orders')).toBe(1);
      expect((await store.listRecords('orders'))[0]?.status).toBe('completed');
    });

    it('never lets an older order state overwrite a newer one', async () => {
      await commitRows(store, 'orders', [order('o1', 'completed')]);
      const counts = await commitRows(store, 'orders', [order('o1', 'pending_payment')]);
      expect(counts).toEqual([{ inserted: 0, updated: 0, unchanged: 1 }]);
      expect((await store.listRecords('orders'))[0]?.status).toBe('completed');
    });

    it('lets updated_at decide between two states when both carry it', async () => {
      await commitRows(store, 'orders', [order('o1', 'refunded', { updated_at: at('2024-01-06T00:00:00Z') })]);
      const counts = await commitRows(store, 'orders', [order('o1', 'completed', { updated_at: at('2024-01-07T00:00:00Z') })]);
      expect(counts[0]?.updated).toBe(1);
      expect((await store.listRecords('orders'))[0]?.status).toBe('completed');
    });

    it('orders a copy without updated_at before any copy with one, as the README documents', async () => {
      const updatedAt = { updated_at: at('2024-01-06T00:00:00Z') };
      await commitRows(store, 'orders', [order('o1', 'completed'), order('o2', 'completed', updatedAt)]);
      // o1: the dated copy is newer although its state is earlier; o2: the undated refund is older.
      const counts = await commitRows(store, 'orders', [order('o1', 'shipped', updatedAt), order('o2', 'refunded')]);
      expect(counts).toEqual([{ inserted: 0, updated: 1, unchanged: 1 }]);
      const stored = await store.listRecords('orders');
      expect(Object.fromEntries(stored.map((o) => [o.order_id, o.status]))).toEqual({ o1: 'shipped', o2: 'completed' });
    });

    it('applies state rows of the same order in one batch in order, counting each row', async () => {
      const counts = await commitRows(store, 'orders', [order('o1', 'pending_payment'), order('o1', 'pending_shipment'), order('o1', 'pending_payment'), order('o1', 'completed'), order('o1', 'completed')]);
      expect(counts).toEqual([{ inserted: 1, updated: 2, unchanged: 2 }]);
      expect(await store.listRecords('orders')).toHaveLength(1);
      expect((await store.listRecords('orders'))[0]?.status).toBe('completed');
    });

    it('counts an identical re-collection as unchanged and writes nothing', async () => {
      const rows = [order('o1', 'completed'), order('o2', 'cancelled'), order('o3', 'pending_payment')];
      await commitRows(store, 'orders', rows);
      expect(await commitRows(store, 'orders', rows)).toEqual([{ inserted: 0, updated: 0, unchanged: 3 }]);
      expect(await store.count('orders')).toBe(3);
    });

    it('keeps the first copy of an immutable event and counts copies as unchanged', async () => {
      const event = (type: string) => canonicalRow('events', { event_id: 'e1', event_type: type, occurred_at: at('2024-01-05T00:00:00Z') });
      expect(await commitRows(store, 'events', [event('visit'), event('view')])).toEqual([{ inserted: 1, updated: 0, unchanged: 1 }]);
      expect(await commitRows(store, 'events', [event('search')])).toEqual([{ inserted: 0, updated: 0, unchanged: 1 }]);
      expect((await store.listRecords('events'))[0]?.event_type).toBe('visit');
    });

    it('replaces a user description that changed and keeps one that did not', async () => {
      const user = (city: string) => canonicalRow('users', { user_id: 'u1', city, province: '广东' });
      await commitRows(store, 'users', [user('广州')]);
      expect(await commitRows(store, 'users', [user('深圳')])).toEqual([{ inserted: 0, updated: 1, unchanged: 0 }]);
      expect(await commitRows(store, 'users', [user('深圳')])).toEqual([{ inserted: 0, updated: 0, unchanged: 1 }]);
      expect((await store.listRecords('users'))[0]?.city).toBe('深圳');
    });

    it('does not let a user row with an older last login replace a newer one', async () => {
      const user = (city: string, login: string) => canonicalRow('users', { user_id: 'u1', city, last_login_at: at(login) });
      await commitRows(store, 'users', [user('深圳', '2024-03-01T00:00:00Z')]);
      expect(await commitRows(store, 'users', [user('广州', '2024-02-01T00:00:00Z')])).toEqual([{ inserted: 0, updated: 0, unchanged: 1 }]);
      expect((await store.listRecords('users'))[0]?.city).toBe('深圳');
    });

    it('keys weather by date, hour, province and city, treating a missing hour or city as a key of its own', async () => {
      const weather = (hour: number | null, city: string | null, temp: number) => canonicalRow('weather', { date: '2024-07-01', hour, province: '浙江', city, temp_max: temp });
      const counts = await commitRows(store, 'weather', [weather(null, null, 30), weather(null, '杭州', 31), weather(9, '杭州', 28), weather(null, '杭州', 33)]);
      expect(counts).toEqual([{ inserted: 3, updated: 1, unchanged: 0 }]);
      expect(await commitRows(store, 'weather', [weather(null, null, 30)])).toEqual([{ inserted: 0, updated: 0, unchanged: 1 }]);
      const stored = await store.listRecords('weather');
      expect(stored.map((w) => [w.hour, w.city, w.temp_max])).toEqual([[null, null, 30], [null, '杭州', 33], [9, '杭州', 28]]);
    });

    it('reports counts per source and dedupes overlapping sources in one commit', async () => {
      const counts = await commitRows(store, 'orders', [order('o1', 'pending_payment'), order('o2', 'completed')], [order('o2', 'completed'), order('o1', 'completed'), order('o3', 'shipped')]);
      expect(counts).toEqual([
        { inserted: 2, updated: 0, unchanged: 0 },
        { inserted: 1, updated: 1, unchanged: 1 },
      ]);
      expect(await store.count('orders')).toBe(3);
    });

    it('stores text with quotes, commas, newlines and Chinese exactly', async () => {
      const note = '他说："好的"，\n然后, 走了 "quoted" \\ back\tslash';
      await commitRows(store, 'orders', [order('o"1,', 'completed', { note, shipping_address: '广东省广州市天河区体育西路1号' })]);
      const [stored] = await store.listRecords('orders');
      expect(stored?.order_id).toBe('o"1,');
      expect(stored?.note).toBe(note);
    });

    it('leaves the store untouched when a staged write is discarded', async () => {
      const staged = await store.stage('orders');
      await staged.append(0, [order('o1', 'completed')]);
      await staged.discard();
      expect(await store.count('orders')).toBe(0);
    });

    it('logs each commit with its counts in the import log', async () => {
      await commitRows(store, 'orders', [order('o1', 'completed'), order('o1', 'completed')]);
      const status = await store.status();
      expect(status.entities.find((e) => e.kind === 'orders')).toMatchObject({ rows: 1 });
      expect(status.lastImports[0]).toMatchObject({ kind: 'orders', status: 'completed', read: 2, inserted: 1, unchanged: 1, updated: 0 });
    });

    it('keeps one stored forecast per key, the latest saved, with its body intact', async () => {
      const computedAt = new Date('2026-06-16T01:02:03.000Z');
      const body = JSON.stringify({ points: [{ ds: '2026-06-16', yhat: 12.5 }], note: '春节 "quoted", comma' });
      await store.saveForecasts([
        { key: 'flow:visitors:all:*', computedAt, historyEnd: '2026-06-14', body: '{}' },
        { key: 'flow:visitors:venue:V1', computedAt, historyEnd: '2026-06-15', body },
      ]);
      await store.saveForecasts([{ key: 'flow:visitors:all:*', computedAt, historyEnd: '2026-06-15', body }]);
      const found = await store.readForecasts(['flow:visitors:all:*', 'flow:visitors:venue:V1', 'flow:visitors:venue:missing']);
      expect([...found.keys()].sort()).toEqual(['flow:visitors:all:*', 'flow:visitors:venue:V1']);
      expect(found.get('flow:visitors:all:*')).toEqual({ key: 'flow:visitors:all:*', computedAt, historyEnd: '2026-06-15', body });
      expect(found.get('flow:visitors:venue:V1')?.body).toBe(body);
      expect((await store.readForecasts([])).size).toBe(0);
    });
  });
}
