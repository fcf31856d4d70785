/**
 * The metrics layer as users reach it: `flowsight query` (locally and through a running server) and
 * GET|POST /api/v1/query. Metric values are checked against the definitions recomputed in plain
 * JavaScript from the stored records, so a number means what the documentation says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../src/analysis/metrics/metrics.ts';
import { seedDemoData } from '../src/ingest/seed-demo.ts';
import type { MetricsResult } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const TZ = 'Asia/Shanghai';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-query-'));
const db = join(dir, 'query.duckdb');
const FROM = '2026-05-01';
const TO = '2026-05-31';
type Row = Record<string, string | number | boolean | null>;
let orders: Row[];
let events: Row[];

beforeAll(async () => {
  const store = await openDuckDbStore({ path: db, timeZone: TZ });
  await seedDemoData(store, { users: 400, days: 90, endDate: '2026-06-15', seed: 11, rejectsDir: dir });
  orders = await store.listRecords('orders', { limit: 1_000_000 });
  events = await store.listRecords('events', { limit: 5_000_000 });
  await store.close();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const localDay = (iso: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(String(iso)));
const inPeriod = (iso: unknown) => iso !== null && localDay(iso) >= FROM && localDay(iso) <= TO;
const isSale = (o: Row) => o.paid_at !== null && o.status !== 'cancelled' && o.status !== 'refunded';

async function queryJson(args: string[]): Promise<MetricsResult> {
  const result = await runCli(['query', '--db', db, '--json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as MetricsResult;
}

describe('flowsight query', () => {
  it('counts orders, revenue, buyers and visitors per day exactly as the definitions say', async () => {
    const result = await queryJson([
      '--metric',
      'orders,revenue,buyers,visitors,conversion_rate',
      '--by',
      'day',
      '--from',
      FROM,
      '--to',
      TO,
    ]);
    const expected = new Map<string, { orders: number; revenue: number; buyers: Set<unknown>; visitors: Set<unknown> }>();
    const day = (d: string) =>
      expected.get(d) ?? expected.set(d, { orders: 0, revenue: 0, buyers: new Set(), visitors: new Set() }).get(d)!;
    for (const o of orders) {
      if (inPeriod(o.created_at)) day(localDay(o.created_at)).orders++;
      if (inPeriod(o.paid_at)) day(localDay(o.paid_at)).buyers.add(o.user_id);
      if (isSale(o) && inPeriod(o.paid_at)) {
        day(localDay(o.paid_at)).revenue += Number(o.amount);
        day(localDay(o.paid_at)).visitors.add(o.user_id);
      }
    }
    for (const e of events)
      if (e.event_type === 'visit' && e.user_id !== null && inPeriod(e.occurred_at)) day(localDay(e.occurred_at)).visitors.add(e.user_id);
    expect(result.rows.map((r) => r.day)).toEqual([...expected.keys()].sort());
    for (const row of result.rows) {
      const want = expected.get(String(row.day))!;
      expect(row.orders).toBe(want.orders);
      expect(row.revenue).toBeCloseTo(want.revenue, 2);
      expect(row.buyers).toBe(want.buyers.size);
      expect(row.visitors).toBe(want.visitors.size);
      expect(row.conversion_rate).toBeCloseTo(want.buyers.size / want.visitors.size, 10);
    }
    expect(result.sources.orders_created).toMatch(/^rollup_/);
  });

  it('cuts days in a zone with daylight saving exactly as the zone database does', async () => {
    const zone = 'America/Los_Angeles';
    const result = await queryJson([
      '--metric',
      'orders',
      '--by',
      'day',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-15',
      '--time-zone',
      zone,
    ]);
    const day = (iso: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(String(iso)));
    const expected = new Map<string, number>();
    for (const o of orders) {
      const d = day(o.created_at);
      if (d >= '2026-03-01' && d <= '2026-03-15') expected.set(d, (expected.get(d) ?? 0) + 1);
    }
    expect(result.rows.map((r) => [r.day, r.orders])).toEqual([...expected.entries()].sort());
    // The store's rollups are cut in Asia/Shanghai; a query in another zone reads the raw rows
    // instead of rebuilding them as a side effect.
    expect(result.sources.orders_created).toBe('raw');
  });

  it('compares with the same weekday last year and with the previous period', async () => {
    const year = await queryJson([
      '--metric',
      'orders',
      '--by',
      'day',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-07',
      '--compare',
      'previous',
    ]);
    expect(year.comparison).toEqual({ kind: 'previous', from: '2026-05-25', to: '2026-05-31' });
    const count = (d: string) => orders.filter((o) => localDay(o.created_at) === d).length;
    const first = year.rows[0]!;
    expect(first.day).toBe('2026-06-01');
    expect(first.orders_compare).toBe(count('2026-05-25'));
    expect(first.orders_change).toBe(count('2026-06-01') - count('2026-05-25'));
    expect(first.orders_change_rate).toBeCloseTo((count('2026-06-01') - count('2026-05-25')) / count('2026-05-25'), 10);
  });

  it('compares with a period without data as zero counts and no ratios', async () => {
    // The demo data begin in March 2026: the same period a year earlier is empty.
    const result = await queryJson(['--metric', 'orders,revenue,aov,conversion_rate', '--from', FROM, '--to', TO, '--compare', 'year']);
    const [row] = result.rows;
    expect(row!.orders).toBeGreaterThan(0);
    expect(row!.aov).toBeGreaterThan(0);
    expect([row!.orders_compare, row!.revenue_compare]).toEqual([0, 0]);
    // Nothing to divide a year ago: no average order value, no conversion, and no growth rate.
    expect([row!.aov_compare, row!.aov_change, row!.aov_change_rate]).toEqual([null, null, null]);
    expect([row!.conversion_rate_compare, row!.conversion_rate_change_rate]).toEqual([null, null]);
    expect(row!.orders_change).toBe(row!.orders);
    expect(row!.orders_change_rate).toBeNull();
  });

  it('filters with in, not in and ranges, and sorts and limits', async () => {
    const result = await queryJson([
      '--metric',
      'orders',
      '--by',
      'channel',
      '--from',
      FROM,
      '--to',
      TO,
      '--where',
      'channel!=wechat',
      '--where',
      'hour_of_day=9..17',
      '--order',
      'orders:desc',
      '--limit',
      '2',
    ]);
    const hour = (iso: unknown) =>
      Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(new Date(String(iso))));
    const counts = new Map<unknown, number>();
    for (const o of orders)
      if (inPeriod(o.created_at) && o.channel !== 'wechat' && hour(o.created_at) >= 9 && hour(o.created_at) <= 17)
        counts.set(o.channel, (counts.get(o.channel) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
    expect(result.rows.map((r) => [r.channel, r.orders])).toEqual(top);
  });

  it('treats a filter value as data, never as SQL', async () => {
    const result = await queryJson(['--metric', 'orders', '--where', "province=广东' OR 1=1 --", '--from', FROM, '--to', TO]);
    expect(result.rows).toEqual([{ orders: 0 }]);
  });

  it('refuses unknown metrics and impossible splits with a clear message', async () => {
    const unknown = await runCli(['query', '--db', db, '--metric', 'profit']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown metric "profit"');
    const split = await runCli(['query', '--db', db, '--metric', 'new_users', '--by', 'channel']);
    expect(split.code).toBe(2);
    expect(split.stderr).toContain('new_users cannot be split by "channel"');
    const compare = await runCli(['query', '--db', db, '--metric', 'orders', '--compare', 'year']);
    expect(compare.stderr).toContain('a comparison needs a period');
  });

  it('writes CSV and XLSX that spreadsheets read back with numbers as numbers', async () => {
    const csv = await runCli([
      'query',
      '--db',
      db,
      '--metric',
      'orders,revenue',
      '--by',
      'channel',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'csv',
    ]);
    expect(csv.stdout.startsWith('\uFEFFchannel,orders,revenue\r\n')).toBe(true);
    const out = join(dir, 'q.xlsx');
    const xlsx = await runCli([
      'query',
      '--db',
      db,
      '--metric',
      'orders',
      '--by',
      'channel',
      '--from',
      FROM,
      '--to',
      TO,
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    expect(xlsx.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'channel', 'orders']);
    expect(typeof sheet.getRow(2).getCell(2).value).toBe('number');
  });

  it('answers the same through a running server as locally', async () => {
    const args = ['--metric', 'orders,gmv,visitors', '--by', 'week,channel', '--from', FROM, '--to', TO];
    const local = await queryJson(args);
    const server = await startServe(['--db', db, '--no-demo']);
    try {
      const remote = await queryJson(args);
      expect({ ...remote, elapsedMs: 0 }).toEqual({ ...local, elapsedMs: 0 });
    } finally {
      await stop(server.child);
    }
  });
});

describe('/api/v1/query', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openDuckDbStore({ path: db, timeZone: TZ });
  });
  afterAll(async () => store?.close());
  const app = (provinces?: string[]) =>
    createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test', ...(provinces ? { scopeOf: () => ({ provinces }) } : {}) });

  it('answers GET and POST with the same rows', async () => {
    const get = (await (
      await app().request(`/api/v1/query?metric=orders&metric=revenue&by=province&from=${FROM}&to=${TO}&where=channel=wechat,app`)
    ).json()) as MetricsResult;
    const post = (await (
      await app().request('/api/v1/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          metrics: ['orders', 'revenue'],
          by: ['province'],
          from: FROM,
          to: TO,
          where: { channel: ['wechat', 'app'] },
        }),
      })
    ).json()) as MetricsResult;
    expect(get.rows.length).toBeGreaterThan(3);
    expect(post.rows).toEqual(get.rows);
  });

  it('applies the caller scope inside the query', async () => {
    const all = (await (await app().request(`/api/v1/query?metric=orders&by=province&from=${FROM}&to=${TO}`)).json()) as MetricsResult;
    const allowed = [String(all.rows[0]!.province), String(all.rows[1]!.province)];
    const scoped = (await (
      await app(allowed).request(`/api/v1/query?metric=orders&by=province&from=${FROM}&to=${TO}`)
    ).json()) as MetricsResult;
    expect(scoped.rows.map((r) => r.province).sort()).toEqual([...allowed].sort());
    const total = (await (await app(allowed).request(`/api/v1/query?metric=orders&from=${FROM}&to=${TO}`)).json()) as MetricsResult;
    expect(total.rows[0]!.orders).toBe(
      all.rows.filter((r) => allowed.includes(String(r.province))).reduce((sum, r) => sum + Number(r.orders), 0),
    );
    const logs = await app(allowed).request('/api/v1/query?metric=log_count');
    expect(logs.status).toBe(400);
    expect(((await logs.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
  });

  it('downloads CSV with formula-like text neutralised', async () => {
    const response = await app().request(`/api/v1/query?metric=orders&by=product_name&from=${FROM}&to=${TO}&format=csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain('.csv');
    const text = await response.text();
    expect(
      text
        .split('\r\n')
        .slice(1)
        .some((line) => /^[=+\-@]/.test(line)),
    ).toBe(false);
  });

  it('lists every metric with its definition', async () => {
    const catalog = (await (await app().request('/api/v1/metrics')).json()) as { metrics: { name: string; description: string }[] };
    expect(catalog.metrics.map((m) => m.name)).toEqual([...METRIC_NAMES]);
    expect(catalog.metrics.every((m) => m.description.length > 10)).toBe(true);
  });

  it('answers bad requests in the one error shape', async () => {
    const response = await app().request('/api/v1/query?metric=orders&by=nonsense');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_query', message: expect.stringContaining('unknown dimension "nonsense"'), details: { field: 'by' } },
    });
  });
});
