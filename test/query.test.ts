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
import { CN_PROVINCES } from '../src/demo/cn-regions.ts';
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
      // Buyers bought: their order was paid in the period and is not cancelled or refunded since.
      if (isSale(o) && inPeriod(o.paid_at)) {
        day(localDay(o.paid_at)).revenue += Number(o.amount);
        day(localDay(o.paid_at)).buyers.add(o.user_id);
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

  it('compares with a period without data as no value, not as zero, and says so', async () => {
    // The demo data begin in March 2026: the same period a year earlier holds nothing to count.
    const result = await queryJson(['--metric', 'orders,revenue,aov,conversion_rate', '--from', FROM, '--to', TO, '--compare', 'year']);
    const [row] = result.rows;
    expect(row!.orders).toBeGreaterThan(0);
    expect(row!.aov).toBeGreaterThan(0);
    // No orders were counted a year ago: nothing to compare with, neither a count nor a ratio.
    expect([row!.orders_compare, row!.orders_change, row!.orders_change_rate]).toEqual([null, null, null]);
    expect([row!.revenue_compare, row!.revenue_change]).toEqual([null, null]);
    expect([row!.aov_compare, row!.aov_change, row!.aov_change_rate]).toEqual([null, null, null]);
    expect([row!.conversion_rate_compare, row!.conversion_rate_change_rate]).toEqual([null, null]);
    expect(result.notes).toEqual([expect.stringContaining('2025-05-01 … 2025-05-31 lies outside the data, so it has no value (not 0)')]);
  });

  it('compares each month with its own comparison month: none where no data, a partial month noted, zero where data hold none', async () => {
    const first = orders.map((o) => localDay(o.created_at)).sort()[0]!;
    expect(first > '2026-03-01').toBe(true);
    const result = await queryJson([
      '--metric',
      'orders',
      '--by',
      'month',
      '--from',
      '2026-04-01',
      '--to',
      '2026-06-30',
      '--compare',
      'previous',
    ]);
    expect(result.comparison).toEqual({ kind: 'previous', from: '2026-01-01', to: '2026-03-31' });
    const march = orders.filter((o) => localDay(o.created_at).startsWith('2026-03')).length;
    expect(march).toBeGreaterThan(0);
    expect(result.rows.map((r) => [r.month, r.orders_compare])).toEqual([
      ['2026-04', null],
      ['2026-05', null],
      ['2026-06', march],
    ]);
    expect(result.notes).toEqual([
      expect.stringContaining('2 of the 3 comparison periods of the previous period (环比) lie outside the data'),
      expect.stringContaining(`2026-03-01 … 2026-03-31 is only partly covered by data`),
    ]);
    expect(result.notes![1]).toContain(`from ${first}`);
    // Inside the data, a day without orders of a kind is a real zero.
    const quiet = await queryJson([
      '--metric',
      'orders',
      '--where',
      'order_type=phone',
      '--where',
      'hour_of_day=3',
      '--from',
      '2026-06-01',
      '--to',
      '2026-06-07',
      '--compare',
      'previous',
    ]);
    const before = orders.filter(
      (o) =>
        o.order_type === 'phone' &&
        localDay(o.created_at) >= '2026-05-25' &&
        localDay(o.created_at) <= '2026-05-31' &&
        new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(new Date(String(o.created_at))) ===
          '03',
    ).length;
    expect(quiet.rows[0]!.orders_compare).toBe(before);
    expect(quiet.notes).toBeUndefined();
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
    // Days cut in another zone than the server's: the command's --time-zone holds either way.
    const zoned = [
      '--metric',
      'orders,visitors',
      '--by',
      'day',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--time-zone',
      'America/Los_Angeles',
    ];
    const local = await queryJson(args);
    const zonedLocal = await queryJson(zoned);
    const server = await startServe(['--db', db, '--no-demo']);
    try {
      const remote = await queryJson(args);
      expect({ ...remote, elapsedMs: 0 }).toEqual({ ...local, elapsedMs: 0 });
      const zonedRemote = await queryJson(zoned);
      expect(zonedRemote.timeZone).toBe('America/Los_Angeles');
      expect({ ...zonedRemote, elapsedMs: 0 }).toEqual({ ...zonedLocal, elapsedMs: 0 });
      const bad = await runCli(['query', '--db', db, '--metric', 'orders', '--time-zone', 'Mars/Olympus_Mons']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('Mars/Olympus_Mons');
    } finally {
      await stop(server.child);
    }
  });

  it('says in one line that it cannot write --out, in every format', async () => {
    const nowhere = join(dir, 'no-such-dir');
    for (const format of ['csv', 'md', 'xlsx', 'json', 'table']) {
      const out = join(nowhere, `q.${format}`);
      const result = await runCli(['query', '--db', db, '--metric', 'orders', '--by', 'channel', '--format', format, '--out', out]);
      expect({ format, code: result.code, stderr: result.stderr }).toEqual({
        format,
        code: 1,
        stderr: `flowsight: cannot write ${out}: the directory ${nowhere} does not exist\n`,
      });
    }
  });

  it('reads filter values as import reads them, and refuses values a dimension can never hold', async () => {
    const wechat = orders.filter((o) => inPeriod(o.created_at) && o.channel === 'wechat').length;
    expect(wechat).toBeGreaterThan(0);
    for (const value of ['wechat', '微信端', 'WeChat', '微信']) {
      const result = await queryJson(['--metric', 'orders', '--from', FROM, '--to', TO, '--where', `channel=${value}`]);
      expect({ value, orders: result.rows[0]!.orders }).toEqual({ value, orders: wechat });
    }
    const refused = await runCli(['query', '--db', db, '--metric', 'orders', '--where', 'channel=微博']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'flowsight: --where: dimension "channel" has no value "微博"; it takes pc (PC), mobile (手机端), wechat (微信端), app (App)\n',
    );
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

  const count = async (metric: string, where: string): Promise<number> => {
    const response = await app().request(`/api/v1/query?metric=${metric}&from=${FROM}&to=${TO}&where=${encodeURIComponent(where)}`);
    expect({ where, status: response.status }).toEqual({ where, status: 200 });
    return Number(((await response.json()) as MetricsResult).rows[0]![metric]);
  };

  it('reads filter values of enumerated dimensions in every form import takes', async () => {
    const completed = orders.filter((o) => inPeriod(o.created_at) && o.status === 'completed').length;
    expect(completed).toBeGreaterThan(0);
    for (const form of ['completed', '已完成', 'Completed', '完成']) expect(await count('orders', `status=${form}`)).toBe(completed);
    const female = await count('orders', 'gender=female');
    expect(female).toBeGreaterThan(0);
    for (const form of ['女', 'F', 'Female']) expect(await count('orders', `gender=${form}`)).toBe(female);
    const errors = await count('log_count', 'log_level=ERROR');
    expect(errors).toBeGreaterThan(0);
    for (const form of ['error', 'Error', '错误', 'err']) expect(await count('log_count', `log_level=${form}`)).toBe(errors);
    // In, not in and the short JSON form read their values the same way.
    expect(await count('orders', 'channel=微信端,App')).toBe(await count('orders', 'channel=wechat,app'));
    expect(await count('orders', 'channel!=微信端')).toBe(await count('orders', 'channel!=wechat'));
    const post = await app().request('/api/v1/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metric: 'orders', from: FROM, to: TO, where: { status: '已完成' } }),
    });
    expect(((await post.json()) as MetricsResult).rows[0]!.orders).toBe(completed);
  });

  it('finds a province or city written with its administrative ending', async () => {
    const byProvince = (await (
      await app().request(`/api/v1/query?metric=orders&by=province&from=${FROM}&to=${TO}&order=orders:desc`)
    ).json()) as MetricsResult;
    const [top] = byProvince.rows.filter((r) => r.province !== null);
    const province = CN_PROVINCES.find((p) => p.name === top!.province)!;
    expect(province.fullName).not.toBe(province.name);
    expect(await count('orders', `province=${province.fullName}`)).toBe(top!.orders);
    expect(await count('orders', `province=${province.name}`)).toBe(top!.orders);
    const byCity = (await (
      await app().request(`/api/v1/query?metric=orders&by=city&from=${FROM}&to=${TO}&order=orders:desc`)
    ).json()) as MetricsResult;
    const [city] = byCity.rows.filter((r) => r.city !== null);
    expect(await count('orders', `city=${String(city!.city)}市`)).toBe(city!.orders);
  });

  it('refuses a filter value an enumerated dimension can never hold, naming the dimension, the value and what it takes', async () => {
    for (const [where, allowed] of [
      ['channel=微博', 'pc (PC), mobile (手机端), wechat (微信端), app (App)'],
      ['status=lost', 'pending_payment (待付款)'],
      ['gender=x', 'female (女)'],
      ['log_level=verbose', 'ERROR (错误)'],
      ['order_type=mail', 'pickup (自提)'],
      ['age_band=30-40', '25-34'],
      ['channel!=WeChat,微博', 'wechat (微信端)'],
    ] as const) {
      const response = await app().request(`/api/v1/query?metric=orders&where=${encodeURIComponent(where)}`);
      const body = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
      const [dimension, value] = where.split(/!?=/) as [string, string];
      expect({ where, status: response.status, field: body.error.details.field }).toEqual({ where, status: 400, field: 'where' });
      expect(body.error.message).toContain(`dimension "${dimension}" has no value "${value.split(',').at(-1)}"`);
      expect(body.error.message).toContain(allowed);
    }
  });

  it('answers bad requests in the one error shape', async () => {
    const response = await app().request('/api/v1/query?metric=orders&by=nonsense');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_query', message: expect.stringContaining('unknown dimension "nonsense"'), details: { field: 'by' } },
    });
  });
});
