/**
 * Query benchmark on ~10M generated orders and their events: the dashboard's overview set, a 30-day
 * daily trend by province, and an arbitrary group-by on raw data, each as p50/p95 over repeated runs
 * through the metrics layer, next to the same question as hand-written SQL on the raw tables in the
 * same process. The store is loaded once with DuckDB's own CSV reader (the import path has its own
 * benchmark) and cached in .bench/; rollups are rebuilt from it and that time is reported too.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ENTITIES, type EntityKind } from '../src/domain/entities.ts';
import { addDays } from '../src/domain/calendar/civil-date.ts';
import { parseMetricQuery } from '../src/analysis/metrics/metric-query.ts';
import { queryMetrics } from '../src/query/query-metrics.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { fmt } from './measure.ts';
import { ensureGeneratedData } from './import-bench.ts';

const TZ = 'Asia/Shanghai';
const END = '2025-12-31';

/** Loads the generated CSVs into a fresh store file (schema from the store itself), once. */
/**
 * A fresh copy of this benchmark's store (built first when missing) at `.bench/<name>-<users>x<days>.duckdb`,
 * for a benchmark that writes to it.
 */
export async function freshQueryStoreCopy(name: string, users: number, days: number): Promise<string> {
  mkdirSync(resolve('.bench'), { recursive: true });
  const source = resolve('.bench', `query-${users}x${days}.duckdb`);
  await ensureStore(await ensureGeneratedData(users, days), source);
  const db = resolve('.bench', `${name}-${users}x${days}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  copyFileSync(source, db);
  return db;
}

export async function ensureStore(dataDir: string, db: string): Promise<void> {
  if (existsSync(db)) return;
  const building = `${db}.building`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  const empty = await openDuckDbStore({ path: building, timeZone: TZ });
  await empty.close();
  const instance = await DuckDBInstance.create(building, { memory_limit: '4GB' });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  for (const kind of ['catalog', 'users', 'orders', 'events', 'logs'] as EntityKind[]) {
    const started = performance.now();
    const fields = ENTITIES[kind].fields;
    const columns = fields.map((f) =>
      f.type === 'timestamp' ? `CAST(timezone('${TZ}', CAST("${f.name}" AS TIMESTAMP)) AS TIMESTAMP) AS "${f.name}"` : `"${f.name}"`,
    );
    const header = (
      await connection.runAndReadAll(`SELECT * FROM read_csv('${join(dataDir, `${kind}.csv`)}', all_varchar = true) LIMIT 0`)
    ).columnNames();
    const present = fields.filter((f) => header.includes(f.name));
    const select = fields.map((f, i) => (present.includes(f) ? columns[i] : `NULL AS "${f.name}"`));
    await connection.run(
      `INSERT INTO "${kind}" SELECT ${select.join(', ')}, 0, 0, 'bench-load', now()::TIMESTAMP FROM read_csv('${join(dataDir, `${kind}.csv`)}', header = true, all_varchar = false, sample_size = 100000)`,
    );
    console.error(`loaded ${kind} in ${fmt.sec((performance.now() - started) / 1000)}`);
  }
  connection.closeSync();
  instance.closeSync();
  renameSync(building, db);
}

interface Timing {
  readonly p50: number;
  readonly p95: number;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

export async function queryBenchmark(flags: Record<string, string> = {}): Promise<void> {
  const users = Number(flags.users ?? 1_000_000);
  const days = Number(flags.days ?? 730);
  const runs = Number(flags.runs ?? 20);
  mkdirSync(resolve('.bench'), { recursive: true });
  const dataDir = await ensureGeneratedData(users, days);
  const db = resolve('.bench', `query-${users}x${days}.duckdb`);
  await ensureStore(dataDir, db);

  const opened = performance.now();
  const store: Store = await openDuckDbStore({ path: db, timeZone: TZ, memoryLimit: '2GB' });
  const openSeconds = (performance.now() - opened) / 1000;
  let rebuildSeconds = NaN;
  if (flags.rebuild !== 'false') {
    const started = performance.now();
    await store.rebuildRollups();
    rebuildSeconds = (performance.now() - started) / 1000;
  }
  const counts = { orders: await store.count('orders'), events: await store.count('events') };
  const sql = (text: string) => store.runQuery({ sql: text, params: [] });
  const local = (column: string) => `timezone('${TZ}', timezone('UTC', ${column}))`;
  const utc = (date: string) =>
    `TIMESTAMP '${new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString().replace('T', ' ').replace('Z', '')}'`;
  const day = END;

  // The overview: today's KPIs against yesterday and the same day last week, 30-day trend, today's hours.
  const kpis = 'visitors,orders,revenue,conversion_rate,paid_orders,aov';
  const overview = () =>
    Promise.all([
      queryMetrics(store, parseMetricQuery({ metric: kpis, from: day, to: day, compare: 'previous' }), {}, { timeZone: TZ }),
      queryMetrics(store, parseMetricQuery({ metric: kpis, from: addDays(day, -7), to: addDays(day, -7) }), {}, { timeZone: TZ }),
      queryMetrics(
        store,
        parseMetricQuery({ metric: 'orders,revenue', by: 'day', from: addDays(day, -29), to: day }),
        {},
        { timeZone: TZ },
      ),
      queryMetrics(store, parseMetricQuery({ metric: 'orders,revenue', by: 'hour_of_day', from: day, to: day }), {}, { timeZone: TZ }),
    ]);
  const dayRange = (d: string, column: string) => `${column} >= ${utc(d)} AND ${column} < ${utc(addDays(d, 1))}`;
  const handOverviewDay = (d: string) =>
    Promise.all([
      sql(`SELECT count(*) FROM orders WHERE ${dayRange(d, 'created_at')}`),
      sql(
        `SELECT count(*), sum(amount) FILTER (WHERE status NOT IN ('cancelled','refunded')), count(DISTINCT user_id) FROM orders WHERE ${dayRange(d, 'paid_at')}`,
      ),
      sql(
        `SELECT count(DISTINCT user_id) FROM (SELECT user_id FROM events WHERE event_type = 'visit' AND ${dayRange(d, 'occurred_at')} UNION ALL SELECT user_id FROM orders WHERE status NOT IN ('cancelled','refunded') AND ${dayRange(d, 'paid_at')})`,
      ),
    ]);
  const handOverview = () =>
    Promise.all([
      handOverviewDay(day),
      handOverviewDay(addDays(day, -1)),
      handOverviewDay(addDays(day, -7)),
      sql(
        `SELECT strftime(${local('created_at')}, '%Y-%m-%d') d, count(*) FROM orders WHERE created_at >= ${utc(addDays(day, -29))} AND created_at < ${utc(addDays(day, 1))} GROUP BY 1`,
      ),
      sql(
        `SELECT strftime(${local('paid_at')}, '%Y-%m-%d') d, sum(amount) FROM orders WHERE status NOT IN ('cancelled','refunded') AND paid_at >= ${utc(addDays(day, -29))} AND paid_at < ${utc(addDays(day, 1))} GROUP BY 1`,
      ),
      sql(`SELECT hour(${local('created_at')}) h, count(*) FROM orders WHERE ${dayRange(day, 'created_at')} GROUP BY 1`),
    ]);

  // A 30-day daily trend by province (orders and revenue).
  const trend = () =>
    queryMetrics(
      store,
      parseMetricQuery({ metric: 'orders,revenue', by: 'day,province', from: addDays(day, -29), to: day }),
      {},
      { timeZone: TZ },
    );
  const handTrend = () =>
    Promise.all([
      sql(
        `SELECT strftime(${local('o.created_at')}, '%Y-%m-%d') d, v.province, count(*) FROM orders o LEFT JOIN catalog c ON c.product_id = o.product_id LEFT JOIN venues v ON v.venue_id = coalesce(o.venue_id, c.venue_id) WHERE o.created_at >= ${utc(addDays(day, -29))} AND o.created_at < ${utc(addDays(day, 1))} GROUP BY ALL`,
      ),
      sql(
        `SELECT strftime(${local('o.paid_at')}, '%Y-%m-%d') d, v.province, sum(amount) FROM orders o LEFT JOIN catalog c ON c.product_id = o.product_id LEFT JOIN venues v ON v.venue_id = coalesce(o.venue_id, c.venue_id) WHERE o.status NOT IN ('cancelled','refunded') AND o.paid_at >= ${utc(addDays(day, -29))} AND o.paid_at < ${utc(addDays(day, 1))} GROUP BY ALL`,
      ),
    ]);

  // Arbitrary group-bys no rollup covers, over the whole two years: an additive one across the catalog
  // and users joins, and one counting distinct and repeat buyers per user trait.
  const arbitrary = () =>
    queryMetrics(store, parseMetricQuery({ metric: 'orders,gmv,cancel_rate', by: 'category,age_band,channel' }), {}, { timeZone: TZ });
  const handArbitrary = () =>
    sql(`SELECT c.category, CASE WHEN u.age < 25 THEN 'young' ELSE 'other' END band, o.channel, count(*), sum(o.amount), count(*) FILTER (WHERE o.status = 'cancelled')
FROM orders o LEFT JOIN catalog c ON c.product_id = o.product_id LEFT JOIN users u ON u.user_id = o.user_id GROUP BY ALL`);
  const distinct = () =>
    queryMetrics(
      store,
      parseMetricQuery({ metric: 'revenue,buyers,repurchase_rate', by: 'age_band,gender,channel' }),
      {},
      { timeZone: TZ },
    );
  const handDistinct = () =>
    sql(`SELECT band, gender, channel, sum(revenue), count(*), count(*) FILTER (WHERE n >= 2) FROM (
  SELECT CASE WHEN u.age < 25 THEN 'young' ELSE 'other' END band, u.gender, o.channel, o.user_id, count(*) n, sum(o.amount) FILTER (WHERE o.status NOT IN ('cancelled','refunded')) revenue
  FROM orders o LEFT JOIN users u ON u.user_id = o.user_id WHERE o.paid_at IS NOT NULL GROUP BY ALL) GROUP BY ALL`);

  const few = Math.max(3, Math.floor(runs / 4));
  const results = [
    {
      name: 'overview set (4 queries, 13 metrics)',
      flowsight: await time(runs, overview),
      hand: await time(runs, handOverview),
      goal: 'p95 < 100 ms',
    },
    { name: '30-day daily trend by province', flowsight: await time(runs, trend), hand: await time(runs, handTrend), goal: '' },
    {
      name: 'arbitrary raw group-by: orders, GMV, cancel rate by category × age band × channel, 2 years',
      flowsight: await time(few, arbitrary),
      hand: await time(few, handArbitrary),
      goal: '< 2 s',
    },
    {
      name: 'raw distinct group-by: revenue, buyers, repurchase rate by age band × gender × channel, 2 years',
      flowsight: await time(few, distinct),
      hand: await time(few, handDistinct),
      goal: '< 2 s',
    },
  ];
  const sources = {
    overview: (await overview()).map((r) => r.sources),
    trend: (await trend()).sources,
    arbitrary: (await arbitrary()).sources,
    distinct: (await distinct()).sources,
  };
  await store.close();

  console.log(`\n### Query (${fmt.int(counts.orders)} orders, ${fmt.int(counts.events)} events; ${runs} runs each after a warm-up)\n`);
  console.log(
    `Store opened in ${fmt.sec(openSeconds)}; all rollups rebuilt from raw in ${Number.isNaN(rebuildSeconds) ? 'n/a' : fmt.sec(rebuildSeconds)}.\n`,
  );
  console.log('| query | flowsight p50 | flowsight p95 | hand-written SQL p50 | p95 | ratio (p50, hand ÷ flowsight) | goal |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const r of results)
    console.log(
      `| ${r.name} | ${ms(r.flowsight.p50)} | ${ms(r.flowsight.p95)} | ${ms(r.hand.p50)} | ${ms(r.hand.p95)} | ${(r.hand.p50 / r.flowsight.p50).toFixed(2)} | ${r.goal} |`,
    );
  console.log(`\nanswered from: ${JSON.stringify(sources)}`);
}
