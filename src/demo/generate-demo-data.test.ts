import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayType } from '../domain/calendar/cn-holidays.ts';
import { ENTITIES, ENTITY_KINDS, vocabularyOf, type EntityKind } from '../domain/entities.ts';
import { ORDER_STATUS_RANK } from '../domain/vocabulary.ts';
import { CN_PROVINCES } from './cn-regions.ts';
import { DEMO_COLUMNS } from './demo-columns.ts';
import { generateDemoData, yesterdayInShanghai, type GenerateProgress, type GenerateSummary } from './generate-demo-data.ts';
import { parseCsvObjects } from '../util/parse-csv-records.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROVINCES = new Set(CN_PROVINCES.map((p) => p.name));
const CITIES = new Set(CN_PROVINCES.flatMap((p) => p.cities.map((c) => c.name)));

let root: string;
let dir: string;
let summary: GenerateSummary;
const progress: GenerateProgress[] = [];
const tables = {} as Record<EntityKind, { header: string[]; rows: Record<string, string>[] }>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'flowsight-gen-'));
  dir = join(root, 'main');
  // A full calendar year with every golden week, big enough for aggregate effects to show.
  summary = await generateDemoData({
    outDir: dir,
    users: 5000,
    days: 366,
    endDate: '2024-12-31',
    seed: 7,
    workers: 0,
    onProgress: (p) => progress.push(p),
  });
  for (const kind of ENTITY_KINDS) tables[kind] = parseCsvObjects(await readFile(join(dir, `${kind}.csv`), 'utf8'));
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function filesOf(path: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(path)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(path, n))] as const)));
}

describe('generated demo data', () => {
  it('writes byte-identical files for the same seed and different files for another seed', async () => {
    const options = { users: 300, days: 60, endDate: '2025-03-31', workers: 0 };
    await generateDemoData({ ...options, outDir: join(root, 'a'), seed: 5 });
    await generateDemoData({ ...options, outDir: join(root, 'b'), seed: 5 });
    await generateDemoData({ ...options, outDir: join(root, 'c'), seed: 6 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => filesOf(join(root, d))));
    expect([...(a?.keys() ?? [])]).toEqual([
      'catalog.csv',
      'events.csv',
      'logs.csv',
      'orders.csv',
      'truth.json',
      'users.csv',
      'weather.csv',
    ]);
    for (const [name, bytes] of a ?? []) {
      expect(bytes.equals(b?.get(name) ?? Buffer.alloc(0)), name).toBe(true);
      expect(bytes.equals(c?.get(name) ?? Buffer.alloc(0)), name).toBe(false);
    }
  }, 60_000);

  it('writes the same bytes on worker threads as in the calling thread', async () => {
    const options = { users: 400, days: 45, endDate: '2024-10-20', seed: 11 };
    await generateDemoData({ ...options, outDir: join(root, 'w0'), workers: 0 });
    await generateDemoData({ ...options, outDir: join(root, 'w2'), workers: 2 });
    const [single, threaded] = await Promise.all([filesOf(join(root, 'w0')), filesOf(join(root, 'w2'))]);
    for (const [name, bytes] of single) expect(bytes.equals(threaded.get(name) ?? Buffer.alloc(0)), name).toBe(true);
  }, 60_000);

  it('gives every file the canonical header and values of the declared kinds', () => {
    for (const kind of ENTITY_KINDS) {
      const { header, rows } = tables[kind];
      const canonical = new Map(ENTITIES[kind].fields.map((f) => [f.name, f]));
      expect(header).toEqual(DEMO_COLUMNS[kind].map((c) => c.name));
      expect(rows.length).toBeGreaterThan(0);
      for (const column of DEMO_COLUMNS[kind]) {
        const field = canonical.get(column.name);
        expect(field, `${kind}.${column.name} is a canonical field`).toBeDefined();
        const allowed = field ? vocabularyOf(field)?.values : undefined;
        for (const row of rows) {
          const value = row[column.name] as string;
          if (value === '') {
            expect(field?.required ?? false, `${kind}.${column.name} may be empty`).toBe(false);
            continue;
          }
          const ok =
            column.kind === 'ts'
              ? TIMESTAMP.test(value)
              : column.kind === 'date'
                ? DATE.test(value)
                : column.kind === 'int'
                  ? /^-?\d+$/.test(value)
                  : column.kind === 'dec'
                    ? Number.isFinite(Number(value))
                    : column.kind === 'bool'
                      ? value === 'true' || value === 'false'
                      : column.kind === 'enum'
                        ? (allowed ?? []).includes(value)
                        : true;
          if (!ok) expect.fail(`${kind}.${column.name}: unexpected value "${value}"`);
        }
      }
    }
  });

  it('names provinces and cities by their short names, consistently', () => {
    for (const kind of ['users', 'events', 'catalog', 'weather'] as const) {
      for (const row of tables[kind].rows) {
        if (row.province && !PROVINCES.has(row.province)) expect.fail(`${kind}: unknown province ${row.province}`);
        if (row.city && !CITIES.has(row.city)) expect.fail(`${kind}: unknown city ${row.city}`);
      }
    }
    expect(tables.weather.rows.some((r) => r.province === '广东' && r.city === '广州')).toBe(true);
  });

  it('refers only to users, products and venues that exist', () => {
    const users = new Set(tables.users.rows.map((r) => r.user_id));
    const venueOf = new Map(tables.catalog.rows.map((r) => [r.product_id, r.venue_id]));
    const venues = new Set(venueOf.values());
    for (const order of tables.orders.rows) {
      if (!users.has(order.user_id as string)) expect.fail(`order ${order.order_id}: unknown user`);
      if (venueOf.get(order.product_id as string) !== order.venue_id) expect.fail(`order ${order.order_id}: product not sold by venue`);
    }
    for (const event of tables.events.rows) {
      if (!users.has(event.user_id as string)) expect.fail(`event ${event.event_id}: unknown user`);
      if (event.product_id && venueOf.get(event.product_id) !== event.venue_id)
        expect.fail(`event ${event.event_id}: product not at venue`);
      if (event.venue_id && !venues.has(event.venue_id)) expect.fail(`event ${event.event_id}: unknown venue`);
    }
  });

  it('writes later status rows of an order further down, with a later state and updated_at', () => {
    const seen = new Map<string, Record<string, string>>();
    const updated = new Set<string>();
    for (const row of tables.orders.rows) {
      const id = row.order_id as string;
      const created = row.created_at as string;
      expect(created <= (row.updated_at as string)).toBe(true);
      if (row.paid_at) expect(created <= row.paid_at && row.paid_at <= (row.updated_at as string)).toBe(true);
      expect(row.cancelled).toBe(row.status === 'cancelled' ? 'true' : 'false');
      const before = seen.get(id);
      if (before) {
        expect((row.updated_at as string) > (before.updated_at as string), id).toBe(true);
        expect(ORDER_STATUS_RANK[row.status as string]).toBeGreaterThan(ORDER_STATUS_RANK[before.status as string] as number);
        expect(row.created_at).toBe(before.created_at);
        updated.add(id);
      }
      seen.set(id, row);
    }
    const share = updated.size / seen.size;
    expect(seen.size).toBe(summary.distinctOrders);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.11);
    expect(tables.orders.rows.length).toBe(summary.rows.orders);
  });

  it('has more visitors on public holidays and weekends than on ordinary workdays', () => {
    const visitsByDate = new Map<string, number>();
    for (const e of tables.events.rows) {
      if (e.event_type === 'visit') {
        const date = (e.occurred_at as string).slice(0, 10);
        visitsByDate.set(date, (visitsByDate.get(date) ?? 0) + 1);
      }
    }
    const mean = (type: string) => {
      const values = [...visitsByDate].filter(([d]) => dayType(d) === type).map(([, n]) => n);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean('holiday')).toBeGreaterThan(1.5 * mean('workday'));
    expect(mean('weekend')).toBeGreaterThan(1.2 * mean('workday'));
    // Make-up workdays behave like workdays, not like the weekend days they fall on.
    expect(mean('makeup_workday')).toBeLessThan(mean('weekend'));
    const national = [1, 2, 3, 4, 5].map((d) => visitsByDate.get(`2024-10-0${d}`) ?? 0);
    const september = [9, 10, 11, 12, 13].map((d) => visitsByDate.get(`2024-09-${d}`) ?? 0);
    expect(national.reduce((a, b) => a + b)).toBeGreaterThan(2 * september.reduce((a, b) => a + b));
  });

  it('has fewer visits at outdoor venues on rainy days than on dry days', () => {
    const venue = new Map(tables.catalog.rows.map((r) => [r.venue_id, r]));
    const weather = new Map(tables.weather.rows.map((r) => [`${r.date}|${r.city}`, r.condition as string]));
    // Compare rainy and dry days of the same venue and month, so seasons do not masquerade as weather.
    const cells = new Map<string, { rainDays: Set<string>; dryDays: Set<string>; rain: number; dry: number }>();
    const outdoor = [...venue.values()].filter((v) => v.venue_type === 'scenic_spot' || v.venue_type === 'theme_park');
    for (const v of outdoor) {
      for (const [key, condition] of weather) {
        const [date, city] = key.split('|') as [string, string];
        if (city !== v.city) continue;
        const cell = `${v.venue_id}|${date.slice(0, 7)}`;
        const entry = cells.get(cell) ?? { rainDays: new Set(), dryDays: new Set(), rain: 0, dry: 0 };
        if (condition === 'rain' || condition === 'heavy_rain') entry.rainDays.add(date);
        else if (condition === 'sunny' || condition === 'cloudy' || condition === 'overcast') entry.dryDays.add(date);
        cells.set(cell, entry);
      }
    }
    for (const e of tables.events.rows) {
      if (e.event_type !== 'visit') continue;
      const date = (e.occurred_at as string).slice(0, 10);
      const entry = cells.get(`${e.venue_id}|${date.slice(0, 7)}`);
      if (entry?.rainDays.has(date)) entry.rain++;
      else if (entry?.dryDays.has(date)) entry.dry++;
    }
    let rainRate = 0;
    let dryRate = 0;
    for (const c of cells.values()) {
      if (c.rainDays.size === 0 || c.dryDays.size === 0) continue;
      const weight = Math.min(c.rainDays.size, c.dryDays.size);
      rainRate += (c.rain / c.rainDays.size) * weight;
      dryRate += (c.dry / c.dryDays.size) * weight;
    }
    expect(dryRate).toBeGreaterThan(0);
    expect(rainRate / dryRate).toBeLessThan(0.85);
  });

  it('records the generating parameters, effects and counts in truth.json', async () => {
    const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8'));
    expect(truth).toMatchObject({ seed: 7, timezone: 'Asia/Shanghai', startDate: '2024-01-01', endDate: '2024-12-31' });
    expect(truth.options).toEqual({ users: 5000, days: 366, endDate: '2024-12-31', seed: 7, format: 'csv' });
    for (const kind of ENTITY_KINDS) expect(truth.rows[kind]).toBe(tables[kind].rows.length);
    expect(truth.distinctOrders).toBe(new Set(tables.orders.rows.map((r) => r.order_id)).size);
    expect(truth.flow.holidayUplift.scenic_spot.national_day).toBeGreaterThan(2);
    expect(truth.flow.weatherEffect.rainMultiplierOutdoor).toBeLessThan(1);
    expect(truth.flow.weatherEffect.heatMultiplierOutdoor).toBeLessThan(1);
    expect(truth.flow.weekdayProfile.scenic_spot).toHaveLength(7);
    expect(truth.flow.hourlyProfile.store).toHaveLength(24);
    expect(truth.flow.yearlySeasonality.scenic_spot.amplitude).toBeGreaterThan(0);
    expect(truth.lifecycle.monthlyChurnRate).toBeGreaterThan(0);
    const stages = Object.values(truth.lifecycle.stagesAtEnd as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(stages).toBe(5000);
    expect(truth.orders.rates.refundRate.goods).toBeGreaterThan(0);
    expect(truth.conversion.realized.sessionToOrder).toBeGreaterThan(0.3);
    expect(truth.conversion.realized.sessionToOrder).toBeLessThan(0.8);
    expect(truth.logs.errorBursts.length).toBeGreaterThanOrEqual(2);
    const errorsOnBurstDays = tables.logs.rows.filter(
      (r) =>
        (r.level === 'ERROR' || r.level === 'FATAL') &&
        truth.logs.errorBursts.some((b: { date: string }) => r.logged_at?.startsWith(b.date)),
    ).length;
    expect(errorsOnBurstDays).toBeGreaterThanOrEqual(
      truth.logs.errorBursts.reduce((sum: number, b: { errors: number }) => sum + b.errors, 0) * 0.8,
    );
    expect(truth.orders.realized.ordersPerUserDay).toBeGreaterThan(0.008);
    expect(truth.orders.realized.ordersPerUserDay).toBeLessThan(0.02);
  });

  it('keeps users consistent: registration before activation before last login, all within the window', () => {
    for (const u of tables.users.rows) {
      if (u.activated_at) expect((u.registered_at as string) <= u.activated_at).toBe(true);
      if (u.last_login_at) expect((u.activated_at ?? '') <= u.last_login_at && u.last_login_at <= '2024-12-31 23:59:59').toBe(true);
      expect(u.updated_at).toBe([u.registered_at, u.activated_at, u.last_login_at].filter(Boolean).sort().at(-1));
      expect(/^1\d{10}$/.test(u.phone as string)).toBe(true);
    }
  });

  it('writes one weather row per city and day, and reports progress up to completion', () => {
    const cities = CN_PROVINCES.reduce((n, p) => n + p.cities.length, 0);
    expect(tables.weather.rows.length).toBe(cities * 366);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(progress.some((p) => p.phase === 'days' && p.rowsPerSecond > 0)).toBe(true);
  });

  it('writes NDJSON with one object per line and typed values', async () => {
    const out = join(root, 'ndjson');
    await generateDemoData({ outDir: out, users: 200, days: 30, endDate: '2025-01-31', seed: 3, format: 'ndjson', workers: 0 });
    const lines = (await readFile(join(out, 'orders.ndjson'), 'utf8')).trimEnd().split('\n');
    const first = JSON.parse(lines[0] as string);
    expect(Object.keys(first)).toEqual(DEMO_COLUMNS.orders.map((c) => c.name));
    expect(typeof first.amount).toBe('number');
    expect(typeof first.cancelled).toBe('boolean');
    for (const line of lines) JSON.parse(line);
  }, 30_000);

  it('writes Parquet with typed columns through DuckDB', async () => {
    const out = join(root, 'parquet');
    const result = await generateDemoData({
      outDir: out,
      users: 200,
      days: 30,
      endDate: '2025-01-31',
      seed: 3,
      format: 'parquet',
      workers: 0,
    });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const count = await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, 'orders.parquet')}')`);
      expect(count.getRowObjects()[0]?.n).toBe(result.rows.orders);
      const types = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${join(out, 'orders.parquet')}')`);
      const typeOf = Object.fromEntries(types.getRowObjects().map((r) => [r.column_name, r.column_type]));
      expect(typeOf).toMatchObject({ created_at: 'TIMESTAMP', amount: 'DOUBLE', cancelled: 'BOOLEAN', quantity: 'BIGINT' });
      expect((await readdir(out)).sort()).toEqual([
        'catalog.parquet',
        'events.parquet',
        'logs.parquet',
        'orders.parquet',
        'truth.json',
        'users.parquet',
        'weather.parquet',
      ]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);

  it('is fast enough to seed a small demo in well under two seconds', async () => {
    const started = performance.now();
    const result = await generateDemoData({ outDir: join(root, 'small'), users: 500, days: 120, endDate: '2025-06-30' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.distinctOrders).toBeGreaterThan(300);
  }, 30_000);

  it('rejects options it cannot honour and defaults the end date to yesterday in Shanghai', async () => {
    await expect(generateDemoData({ outDir: join(root, 'bad'), users: 0 })).rejects.toThrow(/users/);
    await expect(generateDemoData({ outDir: join(root, 'bad'), endDate: '2024-02-30' })).rejects.toThrow(/end date/);
    // 2025-03-01 01:00 in Shanghai is still 28 February in UTC.
    expect(yesterdayInShanghai(new Date('2025-02-28T17:00:00Z'))).toBe('2025-02-28');
    expect(yesterdayInShanghai(new Date('2025-02-28T15:00:00Z'))).toBe('2025-02-27');
  });
});
