/**
 * The live feed end to end: a real DuckDB store file, the routes served on a loopback port, a client
 * reading server-sent events with fetch, and orders committed through the store's stage/commit path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMetricQuery } from '../src/analysis/metrics/metric-query.ts';
import { buildLiveSnapshot, buildLiveUpdate, localMinuteLabel, type LiveSnapshot } from '../src/query/live-snapshot.ts';
import { queryMetrics } from '../src/query/query-metrics.ts';
import { respondWithError } from '../src/server/api-error.ts';
import { liveRoutes, type LiveFeed } from '../src/server/routes/live.ts';
import { startServer, type RunningServer } from '../src/server/start-server.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { commitRows } from './store/store-contract.ts';
import { canonicalRow } from './support/canonical-row.ts';

const ZONE = 'Asia/Shanghai';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface SseEvent {
  readonly event: string;
  readonly data: string;
  /** The server's message id: each computed snapshot has its own. */
  readonly id?: string;
}

/** Reads server-sent events from a fetch response; `next` waits for the next event matching `accept`. */
function sseClient(url: string) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  const waiters: { accept: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let raw = '';
  let ended = false;
  let onEnd: () => void = () => undefined;
  const endedPromise = new Promise<void>((resolve) => (onEnd = resolve));
  const deliver = (event: SseEvent) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.accept(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  };
  const reading = (async () => {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          deliver({ event, data: data.join('\n'), ...(id === undefined ? {} : { id }) });
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      ended = true;
      onEnd();
    }
  })();
  return {
    events,
    raw: () => raw,
    ended: () => ended,
    untilEnded: () => endedPromise,
    reading,
    /** The next event (from now on) that `accept`s, or a failure after `timeoutMs`. */
    next(accept: (event: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`)),
          timeoutMs,
        );
        waiters.push({
          accept,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        });
      });
    },
    /** The first event so far that `accept`s, else the next one. */
    some(accept: (event: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
      const seen = events.find(accept);
      return seen ? Promise.resolve(seen) : this.next(accept, timeoutMs);
    },
    close: () => controller.abort(),
  };
}

const snapshotOf = (event: SseEvent) => JSON.parse(event.data) as LiveSnapshot;
const isSnapshotWith = (predicate: (s: LiveSnapshot) => boolean) => (event: SseEvent) =>
  event.event === 'snapshot' && predicate(snapshotOf(event));
const hasOrder = (id: string) => (s: LiveSnapshot) => s.latest.orders.some((o) => o.orderId === id);
const ordersInWindow = (s: LiveSnapshot) => s.perMinute.reduce((sum, m) => sum + m.orders, 0);

/** Venues v-hz in 浙江/杭州 and v-gz in 广东/广州, each with one product. */
async function seedCatalog(store: Store) {
  await commitRows(store, 'catalog', [
    canonicalRow('catalog', {
      product_id: 'p-hz',
      name: '西湖游船',
      venue_id: 'v-hz',
      venue_name: '西湖',
      venue_type: 'scenic_spot',
      province: '浙江',
      city: '杭州',
    }),
    canonicalRow('catalog', {
      product_id: 'p-gz',
      name: '塔票',
      venue_id: 'v-gz',
      venue_name: '广州塔',
      venue_type: 'scenic_spot',
      province: '广东',
      city: '广州',
    }),
  ]);
}

const order = (id: string, product: 'p-hz' | 'p-gz', userId: string, atMs: number, amount = 100) =>
  canonicalRow('orders', {
    order_id: id,
    user_id: userId,
    created_at: atMs,
    paid_at: atMs,
    product_id: product,
    amount,
    status: 'completed',
    channel: 'wechat',
    shipping_address: '浙江省杭州市西湖区文三路100号',
  });

/** The store with its queries counted (`queries`), to see how much work the feed does. */
function countingQueries(store: Store): { readonly store: Store; queries: number } {
  const counter = { store, queries: 0 };
  counter.store = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'runQuery') return (query: Parameters<Store['runQuery']>[0]) => (counter.queries++, target.runQuery(query));
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return counter;
}

describe('live feed over server-sent events', () => {
  let store: Store;
  let live: LiveFeed;
  let server: RunningServer;
  const clients: ReturnType<typeof sseClient>[] = [];
  const connect = (query = '') => {
    const client = sseClient(`${server.url}/api/v1/live${query}`);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    store = await openDuckDbStore({ path: join(dir, `live-${++n}.duckdb`), timeZone: ZONE, threads: 2 });
    await seedCatalog(store);
    live = liveRoutes({ store, timeZone: ZONE, heartbeatMs: 300 });
    const app = new Hono();
    app.onError((error, c) => respondWithError(error, c));
    app.route('/api/v1', live.routes);
    server = await startServer(app, '127.0.0.1', 0);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await live.close();
    await server.close();
    await store.close();
  });

  it('sends a snapshot on connect and a new one with a committed order within 2 seconds', async () => {
    const client = connect();
    const first = snapshotOf(await client.next((e) => e.event === 'snapshot'));
    expect(first.timeZone).toBe(ZONE);
    expect(first.perMinute).toHaveLength(60);
    expect(first.perMinute.at(-1)!.minute).toBe(localMinuteLabel(Date.now(), ZONE));
    expect(first.latest.orders).toEqual([]);

    const now = Date.now();
    const arrived = client.next(isSnapshotWith(hasOrder('o-live-1')), 2000);
    const committedAt = performance.now();
    await commitRows(store, 'orders', [order('o-live-1', 'p-hz', 'U123456', now, 88.5)]);
    const snapshot = snapshotOf(await arrived);
    expect(performance.now() - committedAt).toBeLessThan(2000);

    expect(ordersInWindow(snapshot)).toBe(1);
    expect(snapshot.perMinute.find((m) => m.minute === localMinuteLabel(now, ZONE))).toMatchObject({
      orders: 1,
      revenue: 88.5,
      visitors: 1,
    });
    expect(snapshot.totals).toEqual({ orders: 1, revenue: 88.5, visitors: 1 });
    expect(snapshot.latest.orders[0]).toMatchObject({
      orderId: 'o-live-1',
      amount: 88.5,
      venueId: 'v-hz',
      venueName: '西湖',
      province: '浙江',
      city: '杭州',
    });
  });

  it('masks user ids and never sends addresses or phones', async () => {
    const client = connect();
    await client.next((e) => e.event === 'snapshot');
    const arrived = client.next(isSnapshotWith(hasOrder('o-pii')), 2000);
    await commitRows(store, 'orders', [order('o-pii', 'p-hz', 'U987654321', Date.now())]);
    await commitRows(store, 'events', [
      canonicalRow('events', {
        event_id: 'e-visit',
        user_id: 'U555666777',
        event_type: 'visit',
        occurred_at: Date.now(),
        venue_id: 'v-hz',
      }),
    ]);
    const withOrder = snapshotOf(await arrived);
    expect(withOrder.latest.orders[0]!.userId).toBe('U9******21');
    const withVisit = snapshotOf(
      await client.some(
        isSnapshotWith((s) => s.latest.visits.length > 0),
        2000,
      ),
    );
    expect(withVisit.latest.visits[0]).toMatchObject({ eventId: 'e-visit', userId: 'U5******77', province: '浙江', venueName: '西湖' });
    expect(client.raw()).not.toContain('U987654321');
    expect(client.raw()).not.toContain('U555666777');
    expect(client.raw()).not.toContain('文三路');
    expect(client.raw()).not.toMatch(/shipping|phone/);
  });

  it('shows a subscriber filtered by province only the orders of that province', async () => {
    const zhejiang = connect(`?province=${encodeURIComponent('浙江')}`);
    const guangdong = connect(`?province=${encodeURIComponent('广东')}`);
    await Promise.all([zhejiang.next((e) => e.event === 'snapshot'), guangdong.next((e) => e.event === 'snapshot')]);

    const inGuangdong = guangdong.next(isSnapshotWith(hasOrder('o-gz')), 2000);
    const zhejiangAfter = zhejiang.next((e) => e.event === 'snapshot', 2000);
    await commitRows(store, 'orders', [order('o-gz', 'p-gz', 'U200001', Date.now(), 50)]);
    const gz = snapshotOf(await inGuangdong);
    expect(gz.filter).toEqual({ province: '广东' });
    expect(gz.totals.orders).toBe(1);
    expect(gz.latest.orders.map((o) => o.province)).toEqual(['广东']);

    const zj = snapshotOf(await zhejiangAfter);
    expect(zj.filter).toEqual({ province: '浙江' });
    expect(zj.latest.orders).toEqual([]);
    expect(ordersInWindow(zj)).toBe(0);
    expect(zj.totals).toEqual({ orders: 0, revenue: 0, visitors: 0 });

    const inZhejiang = zhejiang.next(isSnapshotWith(hasOrder('o-hz')), 2000);
    await commitRows(store, 'orders', [order('o-hz', 'p-hz', 'U100001', Date.now(), 70)]);
    const later = snapshotOf(await inZhejiang);
    expect(later.latest.orders.map((o) => o.orderId)).toEqual(['o-hz']);
    expect(later.totals).toMatchObject({ orders: 1, revenue: 70 });
  });

  it('filters by city and venue too, and refuses an over-long filter', async () => {
    await commitRows(store, 'orders', [order('o-a', 'p-hz', 'U1', Date.now()), order('o-b', 'p-gz', 'U2', Date.now())]);
    const byVenue = snapshotOf(await connect('?venue=v-gz').next((e) => e.event === 'snapshot'));
    expect(byVenue.latest.orders.map((o) => o.orderId)).toEqual(['o-b']);
    const byCity = snapshotOf(await connect(`?city=${encodeURIComponent('杭州')}`).next((e) => e.event === 'snapshot'));
    expect(byCity.latest.orders.map((o) => o.orderId)).toEqual(['o-a']);

    const response = await fetch(`${server.url}/api/v1/live?province=${'x'.repeat(200)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_parameter' } });
  });

  it('carries only the latest records asked for, and refuses an unknown kind', async () => {
    await commitRows(store, 'orders', [order('o-rec', 'p-hz', 'U1', Date.now())]);
    await commitRows(store, 'events', [
      canonicalRow('events', { event_id: 'e-rec', user_id: 'U2', event_type: 'visit', occurred_at: Date.now(), venue_id: 'v-hz' }),
    ]);
    const both = snapshotOf(await connect().next((e) => e.event === 'snapshot'));
    expect([both.latest.orders[0]?.orderId, both.latest.visits[0]?.eventId]).toEqual(['o-rec', 'e-rec']);
    const orders = snapshotOf(await connect('?records=orders').next((e) => e.event === 'snapshot'));
    expect([orders.latest.orders[0]?.orderId, orders.latest.visits]).toEqual(['o-rec', []]);
    // The numbers do not depend on which records are listed.
    expect(orders.totals).toEqual(both.totals);
    const visits = snapshotOf(await connect('?records=visits').next((e) => e.event === 'snapshot'));
    expect([visits.latest.orders, visits.latest.visits[0]?.eventId]).toEqual([[], 'e-rec']);
    const response = await fetch(`${server.url}/api/v1/live?records=everything`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_parameter', details: { field: 'records' } } });
  });

  it('sends pings, forgets a subscriber that disconnects and ends every stream on close', async () => {
    const leaving = connect();
    const staying = connect();
    await leaving.next((e) => e.event === 'snapshot');
    await staying.next((e) => e.event === 'ping', 2000);
    expect(live.subscribers()).toBe(2);

    leaving.close();
    await expect.poll(() => live.subscribers(), { timeout: 2000 }).toBe(1);

    await live.close();
    await staying.untilEnded();
    expect(staying.ended()).toBe(true);
    expect(live.subscribers()).toBe(0);
    expect((await fetch(`${server.url}/api/v1/live`)).status).toBe(503);
  });

  it('computes one snapshot per filter for many subscribers after a burst of commits', async () => {
    const counting = countingQueries(store);
    await live.close();
    await server.close();
    live = liveRoutes({ store: counting.store, timeZone: ZONE });
    const app = new Hono().route('/api/v1', live.routes);
    server = await startServer(app, '127.0.0.1', 0);

    const subscribers = Array.from({ length: 5 }, () => connect());
    await Promise.all(subscribers.map((s) => s.next((e) => e.event === 'snapshot')));
    const arrivals = subscribers.map((s) =>
      s.next(
        isSnapshotWith((snap) => snap.latest.orders.length === 5),
        3000,
      ),
    );
    const before = subscribers.map((s) => s.events.length);
    counting.queries = 0;
    for (let i = 0; i < 5; i++) await commitRows(store, 'orders', [order(`o-burst-${i}`, 'p-hz', `U${i}00000`, Date.now())]);
    const finals = await Promise.all(arrivals);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Five commits cost at most five snapshots for all five subscribers together (not 25): every
    // snapshot they got is one of at most five computed, the same for all, and the last is the same one.
    const received = subscribers.flatMap((s, i) => s.events.slice(before[i]).filter((e) => e.event === 'snapshot'));
    const computed = new Set(received.map((e) => e.id));
    expect(computed.size).toBeGreaterThanOrEqual(1);
    expect(computed.size).toBeLessThanOrEqual(5);
    expect(counting.queries).toBeGreaterThan(0);
    const lastSnapshots = subscribers.map((s) => s.events.filter((e) => e.event === 'snapshot').at(-1)!);
    expect(new Set(lastSnapshots.map((e) => e.id)).size).toBe(1);
    expect(new Set(lastSnapshots.map((e) => e.data)).size).toBe(1);
    expect(finals).toHaveLength(5);
  });
});

describe('kept snapshots', () => {
  it('serves a kept snapshot while nothing changed, and computes afresh after a commit or when the minute turns', async () => {
    const store = await openDuckDbStore({ path: join(dir, `live-kept-${++n}.duckdb`), timeZone: ZONE, threads: 2 });
    await seedCatalog(store);
    const counting = countingQueries(store);
    let clock = Date.now();
    const live = liveRoutes({ store: counting.store, timeZone: ZONE, heartbeatMs: 300, now: () => new Date(clock) });
    const server = await startServer(new Hono().route('/api/v1', live.routes), '127.0.0.1', 0);
    const open: ReturnType<typeof sseClient>[] = [];
    const firstSnapshot = async (query: string) => {
      const client = sseClient(`${server.url}/api/v1/live${query}`);
      open.push(client);
      const snapshot = snapshotOf(await client.next((e) => e.event === 'snapshot'));
      client.close();
      await expect.poll(() => live.subscribers(), { timeout: 2000 }).toBe(0);
      return snapshot;
    };
    try {
      // Prepared before anyone asks (what the server does for the overview's default view); asked twice
      // at once, it is computed once.
      await Promise.all([live.prepare({}, 'orders'), live.prepare({}, 'orders')]);
      const prepared = counting.queries;
      expect(prepared).toBeGreaterThan(0);
      await live.prepare({ city: '杭州' }, 'orders');
      expect(counting.queries).toBe(2 * prepared);
      counting.queries = prepared;
      const first = await firstSnapshot('?records=orders');
      const again = await firstSnapshot('?records=orders');
      expect(counting.queries).toBe(prepared);
      expect(again).toEqual(first);

      // Another filter is its own snapshot.
      await firstSnapshot('?records=orders&province=' + encodeURIComponent('浙江'));
      expect(counting.queries).toBeGreaterThan(prepared);

      // A commit while nobody watches makes the kept snapshot stale.
      await commitRows(store, 'orders', [order('o-kept', 'p-hz', 'U100001', clock, 20)]);
      const afterCommit = await firstSnapshot('?records=orders');
      expect(afterCommit.latest.orders.map((o) => o.orderId)).toEqual(['o-kept']);
      expect(afterCommit.totals.orders).toBe(1);

      // So does the next minute: the window has moved.
      const beforeMinute = counting.queries;
      clock += 60_000;
      const nextMinute = await firstSnapshot('?records=orders');
      expect(counting.queries).toBeGreaterThan(beforeMinute);
      expect(nextMinute.perMinute.at(-1)!.minute).toBe(localMinuteLabel(clock, ZONE));
    } finally {
      for (const client of open) client.close();
      await live.close();
      await server.close();
      await store.close();
    }
  });
});

describe('per-minute metrics', () => {
  it('answers the minute grain from raw rows, in the configured zone', async () => {
    const store = await openDuckDbStore({ path: join(dir, `minute-${++n}.duckdb`), timeZone: ZONE, threads: 2 });
    try {
      await seedCatalog(store);
      // 2024-05-01 09:59:30 and 10:00:10 in Shanghai, and a paid order a minute later.
      const base = Date.parse('2024-05-01T01:59:30Z');
      await commitRows(store, 'orders', [
        order('m1', 'p-hz', 'U1', base, 10),
        order('m2', 'p-hz', 'U2', base + 40_000, 20),
        canonicalRow('orders', {
          order_id: 'm3',
          user_id: 'U3',
          created_at: base + 40_000,
          paid_at: base + 100_000,
          amount: 5,
          status: 'completed',
          product_id: 'p-gz',
        }),
      ]);
      const result = await queryMetrics(
        store,
        parseMetricQuery({ metrics: ['orders', 'revenue'], by: 'minute', from: '2024-05-01', to: '2024-05-01' }),
        {},
        { timeZone: ZONE },
      );
      expect(result.sources).toEqual({ orders_created: 'raw', orders_paid: 'raw' });
      expect(result.rows).toEqual([
        { minute: '2024-05-01 09:59', orders: 1, revenue: 10 },
        { minute: '2024-05-01 10:00', orders: 2, revenue: 20 },
        { minute: '2024-05-01 10:01', orders: 0, revenue: 5 },
      ]);
      // The hour grain still comes from the hourly rollup.
      const hourly = await queryMetrics(
        store,
        parseMetricQuery({ metrics: ['orders'], by: 'hour', from: '2024-05-01', to: '2024-05-01' }),
        {},
        { timeZone: ZONE },
      );
      expect(hourly.sources.orders_created).toMatch(/^rollup_/);
    } finally {
      await store.close();
    }
  });

  it('continues the latest records from the last snapshot exactly as reading everything again would', async () => {
    const store = await openDuckDbStore({ path: join(dir, `continue-${++n}.duckdb`), timeZone: ZONE, threads: 2 });
    try {
      await seedCatalog(store);
      const t0 = Date.parse('2024-05-01T02:00:00Z');
      const visit = (id: string, venue: 'v-hz' | 'v-gz', atMs: number) =>
        canonicalRow('events', { event_id: id, user_id: `U-${id}`, event_type: 'visit', occurred_at: atMs, venue_id: venue });
      // Older history in both provinces, in two commits.
      await commitRows(store, 'orders', [
        ...Array.from({ length: 6 }, (_, i) => order(`old-${i}`, i % 2 ? 'p-gz' : 'p-hz', `U${i}`, t0 + i * 60_000)),
      ]);
      await commitRows(
        store,
        'events',
        Array.from({ length: 6 }, (_, i) => visit(`ev-old-${i}`, i % 2 ? 'v-gz' : 'v-hz', t0 + i * 60_000)),
      );
      const options = { timeZone: ZONE, now: new Date(t0 + 3_600_000), latest: 4 };
      const views = [{}, { filter: { province: '浙江' } }, { filter: { city: '广州' } }, { scope: { provinces: ['浙江'] } }];
      let continuations = await Promise.all(
        views.map(async (view) => (await buildLiveUpdate(store, { ...options, ...view })).continuation),
      );

      const step = async (label: string, commit: () => Promise<unknown>) => {
        await commit();
        const next = await Promise.all(
          views.map(async (view, i) => {
            const continued = await buildLiveUpdate(store, { ...options, ...view }, continuations[i]);
            const afresh = await buildLiveSnapshot(store, { ...options, ...view });
            expect(continued.snapshot.latest, `${label} ${JSON.stringify(view)}`).toEqual(afresh.latest);
            return continued.continuation;
          }),
        );
        continuations = next;
      };
      // A few new records: some in each place, fewer than the lists hold.
      await step('one new order each', () =>
        commitRows(store, 'orders', [order('new-1', 'p-hz', 'U7', t0 + 600_000), order('new-2', 'p-gz', 'U8', t0 + 30_000)]),
      );
      await step('visits only', () => commitRows(store, 'events', [visit('ev-new-1', 'v-gz', t0 + 700_000)]));
      // More new records than a list holds.
      await step('a burst', () =>
        commitRows(
          store,
          'orders',
          Array.from({ length: 7 }, (_, i) => order(`burst-${i}`, i % 3 ? 'p-hz' : 'p-gz', `U9${i}`, t0 + 900_000 + i)),
        ),
      );
      // A listed order gets a newer state: it moves to the top, and nothing stale stays behind.
      await step('an update', () =>
        commitRows(store, 'orders', [
          canonicalRow('orders', {
            order_id: 'burst-1',
            user_id: 'U91',
            created_at: t0 + 900_001,
            paid_at: t0 + 900_001,
            updated_at: t0 + 2_000_000,
            product_id: 'p-hz',
            amount: 100,
            status: 'refunded',
            channel: 'wechat',
          }),
        ]),
      );
      // A listed order's newer state is in another place: it must leave the first place's list.
      await step('a move', () =>
        commitRows(store, 'orders', [
          canonicalRow('orders', {
            order_id: 'burst-2',
            user_id: 'U92',
            created_at: t0 + 900_002,
            paid_at: t0 + 900_002,
            updated_at: t0 + 2_100_000,
            product_id: 'p-gz',
            amount: 100,
            status: 'completed',
            channel: 'wechat',
          }),
        ]),
      );
      await step('nothing new', async () => undefined);
    } finally {
      await store.close();
    }
  });

  it('builds a zero-filled window that crosses midnight from yesterday and today', async () => {
    const store = await openDuckDbStore({ path: join(dir, `midnight-${++n}.duckdb`), timeZone: ZONE, threads: 2 });
    try {
      await seedCatalog(store);
      // 23:58:20 on 1 May and 00:00:30 on 2 May in Shanghai; "now" is 00:01:05.
      const now = new Date('2024-05-01T16:01:05Z');
      await commitRows(store, 'orders', [
        order('late', 'p-hz', 'U1', Date.parse('2024-05-01T15:58:20Z'), 10),
        order('early', 'p-gz', 'U2', Date.parse('2024-05-01T16:00:30Z'), 20),
        order('old', 'p-gz', 'U3', Date.parse('2024-05-01T14:00:00Z'), 40),
      ]);
      const snapshot = await buildLiveSnapshot(store, { timeZone: ZONE, now, minutes: 5 });
      expect(snapshot.perMinute).toEqual([
        { minute: '2024-05-01 23:57', orders: 0, revenue: 0, visitors: 0 },
        { minute: '2024-05-01 23:58', orders: 1, revenue: 10, visitors: 1 },
        { minute: '2024-05-01 23:59', orders: 0, revenue: 0, visitors: 0 },
        { minute: '2024-05-02 00:00', orders: 1, revenue: 20, visitors: 1 },
        { minute: '2024-05-02 00:01', orders: 0, revenue: 0, visitors: 0 },
      ]);
      expect(snapshot.totals).toEqual({ orders: 1, revenue: 20, visitors: 1 });
      expect(snapshot.latest.orders).toHaveLength(3);

      const scoped = await buildLiveSnapshot(store, { timeZone: ZONE, now, minutes: 5, scope: { provinces: ['浙江'] } });
      expect(scoped.latest.orders.map((o) => o.orderId)).toEqual(['late']);
      expect(scoped.totals.orders).toBe(0);
    } finally {
      await store.close();
    }
  });
});
