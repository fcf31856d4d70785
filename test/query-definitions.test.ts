/**
 * The metric definitions that tie orders, buyers and visitors together, on a real demo store and on
 * orders imported through the real import path: a buyer bought (an order paid in the period and not
 * cancelled or refunded since), so every buyer is a visitor and conversion stays within 0–1; average
 * order value divides revenue by the orders revenue counts; pay and refund rates still count every
 * order that was paid. Every number is recomputed from the stored records.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetricQuery } from '../src/analysis/metrics/metric-query.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { queryMetrics, type MetricsResult } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
/** A day after the demo data, where only the orders imported below happen. */
const DAY = '2026-06-20';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-definitions-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let venue: string;
type Row = Record<string, string | number | boolean | null>;
let orders: Row[];
let events: Row[];

beforeAll(async () => {
  store = await openDuckDbStore({
    path: await createDemoStore(dir, 'definitions', { users: 300, days: 60, endDate: END, seed: 3 }),
    timeZone: TZ,
  });
  venue = String((await store.runQuery({ sql: 'SELECT min(venue_id) AS v FROM venues', params: [] }))[0]!.v);
  // One customer bought twice; two others paid and were refunded since.
  const order = (id: string, user: string, amount: number, status: string) =>
    JSON.stringify({
      order_id: id,
      user_id: user,
      created_at: `${DAY}T10:00:00+08:00`,
      paid_at: `${DAY}T10:05:00+08:00`,
      venue_id: venue,
      amount,
      status,
      channel: 'app',
      order_type: 'online',
    });
  const file = join(dir, 'orders.ndjson');
  writeFileSync(
    file,
    `${[order('D1', 'def-buyer', 100, 'completed'), order('D2', 'def-buyer', 50, 'completed'), order('D3', 'def-refunded-1', 80, 'refunded'), order('D4', 'def-refunded-2', 70, 'refunded')].join('\n')}\n`,
  );
  const outcome = await importFiles({
    store,
    kind: 'orders',
    files: [file],
    zone: zoneResolver(TZ),
    rejectsPath: join(dir, 'rejects.ndjson'),
    maxRejectRate: 0,
  });
  expect(outcome.ok).toBe(true);
  orders = await store.listRecords('orders', { limit: 1_000_000 });
  events = await store.listRecords('events', { limit: 5_000_000 });
  app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test', log: () => undefined });
}, 180_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const localDay = (iso: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(String(iso)));
const isSale = (o: Row) => o.paid_at !== null && o.status !== 'cancelled' && o.status !== 'refunded';

async function query(params: string): Promise<MetricsResult> {
  const response = await app.request(`/api/v1/query?${params}`);
  expect(response.status).toBe(200);
  return (await response.json()) as MetricsResult;
}

describe('metric definitions', () => {
  it('counts only customers who bought as buyers: refunded orders make no buyer, so conversion cannot exceed 1', async () => {
    const result = await query(
      `metric=conversion_rate,buyers,visitors,paid_orders,sales_orders,revenue,aov,refund_rate,repurchase_rate&by=venue,day&where=venue=${venue}&from=${DAY}&to=${DAY}`,
    );
    expect(result.rows).toEqual([
      {
        venue,
        day: DAY,
        conversion_rate: 1,
        buyers: 1,
        visitors: 1,
        // The refunded orders were paid: they count as paid orders and in the refund rate.
        paid_orders: 4,
        sales_orders: 2,
        revenue: 150,
        // Revenue ÷ the two orders it sums, not ÷ the four paid ones.
        aov: 75,
        refund_rate: 0.5,
        repurchase_rate: 1,
      },
    ]);
  });

  it('keeps conversion within 0–1 in every split, buyers never more than visitors', async () => {
    for (const by of ['venue,day', 'channel,day', 'province,week', 'hour_of_day']) {
      const result = await query(`metric=conversion_rate,buyers,visitors&by=${by}&from=2026-04-01&to=${DAY}`);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) {
        expect(Number(row.buyers), `${by} ${JSON.stringify(row)}`).toBeLessThanOrEqual(Number(row.visitors));
        if (row.conversion_rate !== null) expect(Number(row.conversion_rate), by).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives totals exactly as the definitions say, recomputed from the stored orders and events', async () => {
    const from = '2026-05-01';
    const inPeriod = (iso: unknown) => iso !== null && localDay(iso) >= from && localDay(iso) <= DAY;
    const paid = orders.filter((o) => inPeriod(o.paid_at));
    const sales = paid.filter(isSale);
    const created = orders.filter((o) => inPeriod(o.created_at));
    const salesByUser = new Map<unknown, number>();
    for (const o of sales) salesByUser.set(o.user_id, (salesByUser.get(o.user_id) ?? 0) + 1);
    const visitors = new Set([
      ...sales.map((o) => o.user_id),
      ...events.filter((e) => e.event_type === 'visit' && e.user_id !== null && inPeriod(e.occurred_at)).map((e) => e.user_id),
    ]);
    const revenue = sales.reduce((sum, o) => sum + Number(o.amount), 0);
    expect(paid.length).toBeGreaterThan(sales.length);

    const [row] = (
      await query(
        `metric=paid_orders,sales_orders,revenue,aov,buyers,visitors,conversion_rate,pay_rate,refund_rate,repurchase_rate&from=${from}&to=${DAY}`,
      )
    ).rows;
    expect(row!.paid_orders).toBe(paid.length);
    expect(row!.sales_orders).toBe(sales.length);
    expect(row!.revenue).toBeCloseTo(revenue, 2);
    expect(row!.aov).toBeCloseTo(revenue / sales.length, 6);
    expect(row!.buyers).toBe(salesByUser.size);
    expect(row!.visitors).toBe(visitors.size);
    expect(row!.conversion_rate).toBeCloseTo(salesByUser.size / visitors.size, 12);
    expect(row!.pay_rate).toBeCloseTo(created.filter((o) => o.paid_at !== null).length / created.length, 12);
    expect(row!.refund_rate).toBeCloseTo(paid.filter((o) => o.status === 'refunded').length / paid.length, 12);
    expect(row!.repurchase_rate).toBeCloseTo([...salesByUser.values()].filter((n) => n >= 2).length / salesByUser.size, 12);
  });

  it('counts conversion as the visitors who bought when only visit events make visitors', async () => {
    const from = '2026-05-01';
    const inPeriod = (iso: unknown) => iso !== null && localDay(iso) >= from && localDay(iso) <= DAY;
    const visitors = new Set(
      events.filter((e) => e.event_type === 'visit' && e.user_id !== null && inPeriod(e.occurred_at)).map((e) => e.user_id),
    );
    const buyers = new Set(orders.filter((o) => isSale(o) && inPeriod(o.paid_at)).map((o) => o.user_id));
    const both = [...buyers].filter((user) => visitors.has(user)).length;
    expect(both).toBeLessThan(buyers.size);
    const ask = (by: string) =>
      queryMetrics(
        store,
        parseMetricQuery({ metric: 'conversion_rate,visitors', by, from, to: DAY }),
        {},
        { timeZone: TZ, settings: { visitorRule: 'visit' } },
      );
    const [total] = (await ask('')).rows;
    expect(total!.visitors).toBe(visitors.size);
    expect(total!.conversion_rate).toBeCloseTo(both / visitors.size, 12);
    for (const row of (await ask('venue,day')).rows)
      if (row.conversion_rate !== null) expect(Number(row.conversion_rate)).toBeLessThanOrEqual(1);
  });
});
