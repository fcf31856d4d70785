/**
 * Rollups must never change an answer: random metric × dimension × filter × period queries give the
 * same rows from rollups as from the raw tables, after the demo import, after updates that move orders
 * between states and days, after a catalog change, and after a rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS, type DimensionName } from '../../src/analysis/metrics/dimensions.ts';
import { FACTS } from '../../src/analysis/metrics/facts.ts';
import { METRICS, METRIC_NAMES, type MetricName } from '../../src/analysis/metrics/metrics.ts';
import { parseMetricQuery, type Filter, type MetricQuery } from '../../src/analysis/metrics/metric-query.ts';
import { ROLLUPS } from '../../src/analysis/metrics/rollups.ts';
import { addDays } from '../../src/domain/calendar/civil-date.ts';
import { createRng } from '../../src/demo/create-rng.ts';
import { seedDemoData } from '../../src/ingest/seed-demo.ts';
import { queryMetrics, type MetricsResult } from '../../src/query/query-metrics.ts';
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../../src/store/store.ts';
import { at, canonicalRow } from '../support/canonical-row.ts';
import { commitRows } from '../store/store-contract.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-30';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-rollups-'));
let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore({ path: join(dir, 'rollups.duckdb'), timeZone: TZ, threads: 2 });
  await seedDemoData(store, { users: 600, days: 120, endDate: END, seed: 7, rejectsDir: dir });
}, 180_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (query: MetricQuery, rawOnly: boolean) => queryMetrics(store, query, {}, { timeZone: TZ, rawOnly });

function expectSameRows(auto: MetricsResult, raw: MetricsResult, label: string): void {
  expect(auto.rows.length, label).toBe(raw.rows.length);
  auto.rows.forEach((row, i) => {
    const other = raw.rows[i]!;
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === 'number' && typeof other[key] === 'number')
        expect(value, `${label} row ${i} ${key}`).toBeCloseTo(other[key] as number, 6);
      else expect(value, `${label} row ${i} ${key}`).toEqual(other[key]);
    }
  });
}

/** Dimensions every fact behind `metrics` can be split by. */
function sharedDimensions(metrics: readonly MetricName[]): DimensionName[] {
  const facts = new Set(
    metrics.flatMap((m) => [METRICS[m].numerator.fact, ...(METRICS[m].denominator ? [METRICS[m].denominator!.fact] : [])]),
  );
  // Segments only filter, through the profiles table, which rollups never answer.
  return (Object.keys(DIMENSIONS) as DimensionName[]).filter(
    (d) =>
      d !== 'segment' &&
      [...facts].every(
        (f) =>
          FACTS[f].dimensions[d] !== undefined || ['hour', 'day', 'week', 'month', 'quarter', 'year', 'weekday', 'hour_of_day'].includes(d),
      ),
  );
}

const distinctValues = new Map<DimensionName, (string | number)[]>();
async function valuesOf(metric: MetricName, dimension: DimensionName): Promise<(string | number)[]> {
  const key = `${metric}:${dimension}` as DimensionName;
  if (!distinctValues.has(key)) {
    const result = await run(parseMetricQuery({ metric, by: dimension, from: addDays(END, -40), to: END }), true);
    distinctValues.set(
      key,
      result.rows.map((r) => r[dimension]).filter((v): v is string | number => v !== null && v !== undefined),
    );
  }
  return distinctValues.get(key)!;
}

/** A random query shaped like the ones the dashboard and reports ask (rollup-friendly most of the time). */
async function randomQuery(seed: number): Promise<MetricQuery> {
  const rng = createRng(1234, seed);
  const additiveFirst = rng.next() < 0.75;
  const pool = METRIC_NAMES.filter(
    (m) =>
      !additiveFirst ||
      [METRICS[m].numerator, METRICS[m].denominator].every((ref) => !ref || FACTS[ref.fact].measures[ref.measure]?.kind === 'additive'),
  );
  const metrics = [...new Set(Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => rng.pick(pool)))];
  const dimensions = sharedDimensions(metrics);
  const favoured = dimensions.filter((d) =>
    [
      'day',
      'week',
      'month',
      'hour',
      'hour_of_day',
      'weekday',
      'channel',
      'order_type',
      'status',
      'province',
      'city',
      'venue_type',
      'venue',
      'log_level',
      'log_type',
      'log_source',
    ].includes(d),
  );
  const choose = () => rng.pick(rng.next() < 0.85 && favoured.length > 0 ? favoured : dimensions);
  const by = [...new Set(Array.from({ length: Math.floor(rng.next() * 3) }, choose))];
  const where: Filter[] = [];
  for (let i = Math.floor(rng.next() * 3); i > 0; i--) {
    const dimension = choose();
    const values = await valuesOf(metrics[0]!, dimension);
    if (values.length === 0) continue;
    const op = rng.pick(['eq', 'in', 'not_in', 'range'] as const);
    const a = rng.pick(values);
    const b = rng.pick(values);
    const [low, high] = [a, b].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    where.push({ dimension, op, values: op === 'eq' ? [a] : op === 'range' ? [low!, high!] : [...new Set([a, b])] });
  }
  const to = addDays(END, -Math.floor(rng.next() * 20));
  const from = addDays(to, -Math.floor(rng.next() * 60));
  const compare = rng.next() < 0.3 ? rng.pick(['previous', 'year'] as const) : undefined;
  return { metrics, by, where, from, to, compare };
}

async function checkRandomQueries(count: number, seedBase: number): Promise<number> {
  let fromRollups = 0;
  for (let seed = seedBase; seed < seedBase + count; seed++) {
    const query = await randomQuery(seed);
    const label = JSON.stringify(query);
    const [auto, raw] = [await run(query, false), await run(query, true)];
    expect(
      Object.values(raw.sources).every((s) => s === 'raw'),
      label,
    ).toBe(true);
    if (Object.values(auto.sources).some((s) => s.startsWith('rollup_'))) fromRollups++;
    expectSameRows(auto, raw, label);
  }
  return fromRollups;
}

/**
 * The order metrics whose definitions tie paid orders, sales and buyers together, split and filtered
 * the ways the dashboard and reports ask: rollups must answer the sales orders revenue counts (and so
 * the average order value) exactly as the raw rows do, also next to the buyers only raw rows give.
 */
async function checkOrderMetrics(): Promise<void> {
  const sets: MetricName[][] = [
    ['paid_orders', 'sales_orders', 'revenue', 'aov', 'refund_rate'],
    ['aov', 'buyers', 'repurchase_rate'],
    ['conversion_rate', 'buyers', 'visitors', 'revenue'],
  ];
  const splits: DimensionName[][] = [[], ['day'], ['channel', 'status'], ['province'], ['venue', 'day'], ['hour']];
  const filters: Filter[][] = [
    [],
    [{ dimension: 'status', op: 'in', values: ['completed', 'refunded'] }],
    [{ dimension: 'channel', op: 'eq', values: ['app'] }],
  ];
  let fromRollups = 0;
  for (const metrics of sets)
    for (const by of splits)
      for (const where of filters) {
        const needsVisits = metrics.some((m) => METRICS[m].numerator.fact === 'visits' || METRICS[m].denominator?.fact === 'visits');
        if (needsVisits && (by.includes('status') || where.some((f) => f.dimension === 'status'))) continue;
        const query: MetricQuery = { metrics, by, where, from: addDays(END, -45), to: END };
        const label = JSON.stringify(query);
        const [auto, raw] = [await run(query, false), await run(query, true)];
        if (auto.sources.orders_paid?.startsWith('rollup_')) fromRollups++;
        expectSameRows(auto, raw, label);
        for (const row of auto.rows) {
          if (typeof row.conversion_rate === 'number') expect(row.conversion_rate, label).toBeLessThanOrEqual(1);
          // The average order value is revenue ÷ the orders revenue sums.
          if ('sales_orders' in row)
            expect(row.aov, label).toEqual(
              Number(row.sales_orders) > 0 ? expect.closeTo(Number(row.revenue) / Number(row.sales_orders), 6) : null,
            );
        }
      }
  expect(fromRollups).toBeGreaterThan(20);
}

describe('metrics rollups', () => {
  it('answer random queries exactly as the raw tables do', async () => {
    await checkOrderMetrics();
    const fromRollups = await checkRandomQueries(120, 0);
    // The check is only meaningful if rollups really answered a good share of the queries.
    expect(fromRollups).toBeGreaterThan(40);
  });

  it('stay exact after orders change state and move between days', async () => {
    const stored = await store.listRecords('orders', { limit: 400, offset: 100 });
    const changed = stored.map((order, i) => {
      const values: Record<string, string | number | boolean | null> = { ...order };
      for (const field of ['created_at', 'paid_at', 'updated_at'])
        if (typeof values[field] === 'string') values[field] = at(values[field] as string);
      if (i % 3 === 0) values.status = 'refunded';
      if (i % 3 === 1) {
        values.status = 'completed';
        values.paid_at = (values.created_at as number) + 3 * 86_400_000; // paid days later: moves between paid-day buckets
      }
      if (i % 3 === 2) values.status = 'cancelled';
      values.cancelled = values.status === 'cancelled';
      values.updated_at = Date.parse('2026-07-01T00:00:00Z');
      return canonicalRow('orders', values);
    });
    const fresh = Array.from({ length: 50 }, (_, i) =>
      canonicalRow('orders', {
        order_id: `extra-${i}`,
        user_id: `extra-user-${i % 7}`,
        created_at: at(`2026-06-${String(10 + (i % 15)).padStart(2, '0')}T0${i % 10}:30:00Z`),
        paid_at: at(`2026-06-${String(10 + (i % 15)).padStart(2, '0')}T0${i % 10}:45:00Z`),
        amount: 10 + i,
        status: 'completed',
        cancelled: false,
        channel: 'app',
        order_type: 'online',
      }),
    );
    const [counts] = await commitRows(store, 'orders', [...changed, ...fresh]);
    expect(counts!.updated).toBeGreaterThan(300);
    expect(counts!.inserted).toBe(50);
    await checkRandomQueries(60, 1000);
    await checkOrderMetrics();
  });

  it('stay exact through many small commits, as streaming makes them, and their compaction', async () => {
    const stored = await store.listRecords('orders', { limit: 200, offset: 1000 });
    const states = ['pending_payment', 'completed', 'refunded', 'cancelled'];
    // 70 commits (more than two compaction cycles) of a few orders each, moving between states and days.
    for (let round = 0; round < 70; round++) {
      const rows = stored.slice((round * 3) % 190, ((round * 3) % 190) + 6).map((order, i) => {
        const values: Record<string, string | number | boolean | null> = { ...order };
        for (const field of ['created_at', 'paid_at', 'updated_at'])
          if (typeof values[field] === 'string') values[field] = at(values[field] as string);
        values.status = states[(round + i) % states.length]!;
        values.paid_at = values.status === 'pending_payment' ? null : (values.created_at as number) + ((round + i) % 4) * 86_400_000;
        values.cancelled = values.status === 'cancelled';
        values.updated_at = Date.parse('2026-07-02T00:00:00Z') + round * 60_000;
        return canonicalRow('orders', values);
      });
      await commitRows(store, 'orders', rows);
    }
    await checkRandomQueries(60, 2000);
    await checkOrderMetrics();
  });

  it('follow a catalog change that moves a venue to another province', async () => {
    const products = await store.listRecords('catalog', { limit: 5 });
    const moved = products.map((p) =>
      canonicalRow('catalog', { ...(p as Record<string, string | number | null>), province: '测试省', city: '测试市' }),
    );
    await commitRows(store, 'catalog', moved);
    const query = parseMetricQuery({ metric: 'orders,revenue,cancel_rate', by: 'province,venue_type', from: addDays(END, -90), to: END });
    const [auto, raw] = [await run(query, false), await run(query, true)];
    expect(auto.sources.orders_created).toBe('rollup_orders_region_day');
    expectSameRows(auto, raw, 'after catalog change');
    expect(auto.rows.some((r) => r.province === '测试省')).toBe(true);
  });

  it('rebuilt from scratch hold exactly what incremental maintenance kept', async () => {
    // Between compactions a rollup holds signed delta rows; what it means is the sum per group.
    const snapshot = async () => {
      const tables: Record<string, unknown> = {};
      for (const rollup of ROLLUPS) {
        const fact = FACTS[rollup.fact];
        const measures = Object.entries(fact.measures).flatMap(([m, def]) =>
          def.kind === 'additive' ? [`coalesce(sum("${m}"), 0)::DOUBLE AS "${m}"`] : [],
        );
        const keys = ['bucket', ...rollup.keys.map((k) => `"${k}"`)];
        tables[rollup.name] = await store.runQuery({
          sql: `SELECT ${[...keys, ...measures].join(', ')} FROM ${rollup.name} GROUP BY ALL HAVING sum("${fact.rowsMeasure}") <> 0 ORDER BY ALL`,
          params: [],
        });
      }
      return tables;
    };
    const before = await snapshot();
    const rebuilt = await store.rebuildRollups();
    expect(rebuilt.map((r) => r.name)).toEqual(ROLLUPS.map((r) => r.name));
    expect(await snapshot()).toEqual(before);
  });
});
