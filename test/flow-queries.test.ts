/**
 * Hot-spot ranking and traffic/conversion against a real demo store: every number is checked against
 * the metrics layer queried on its own (queryMetrics, what `flowsight query` answers), and an
 * emerging place is made by importing a burst of visits through the real import path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotspotRow } from '../src/analysis/flow/rank-hotspots.ts';
import { QueryError, type Filter, type MetricQuery, type QueryScope } from '../src/analysis/metrics/metric-query.ts';
import type { MetricName } from '../src/analysis/metrics/metrics.ts';
import { addDays } from '../src/domain/calendar/civil-date.ts';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { flowForecastKey, loadVenues, refreshFlowForecasts, type FlowForecast } from '../src/query/flow-forecast.ts';
import { buildHotspots, HOTSPOT_SORT_KEYS, rerankHotspots, type HotspotsResult } from '../src/query/flow-hotspots.ts';
import { buildTraffic, type AttributeBreakdown, type TrafficResult } from '../src/query/flow-traffic.ts';
import { queryMetrics } from '../src/query/query-metrics.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
// Midnight after the last day of data: the period ends on END whichever way "today" is counted.
const options = { timeZone: TZ, now: new Date('2026-06-16T00:00:00+08:00') };
const BURST = 400;

const dir = mkdtempSync(join(tmpdir(), 'flowsight-flow-queries-'));
let store: Store;
/** Venues before the burst of visits. */
let baseline: HotspotsResult;
let burstVenue: HotspotRow;

beforeAll(async () => {
  const path = await createDemoStore(dir, 'flow', { users: 400, days: 120, endDate: END, seed: 11 });
  store = await openDuckDbStore({ path, timeZone: TZ });
  baseline = await buildHotspots(store, { level: 'venue', limit: 10_000 }, {}, options);
  // A venue with a little flow and nothing unusual about it, to receive the burst.
  burstVenue = baseline.ranking.rows.find((r) => !r.emerging && r.current > 0 && r.typicalGrowth !== null)!;
  const lines = Array.from({ length: BURST }, (_, i) =>
    JSON.stringify({
      event_id: `burst-${i}`,
      user_id: `burst-user-${i}`,
      event_type: 'visit',
      occurred_at: `${END}T${String(9 + (i % 10)).padStart(2, '0')}:30:00+08:00`,
      venue_id: burstVenue.key,
    }),
  );
  const file = join(dir, 'burst.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const outcome = await importFiles({
    store,
    kind: 'events',
    files: [file],
    zone: zoneResolver(TZ),
    rejectsPath: join(dir, 'burst-rejects.ndjson'),
    maxRejectRate: 0,
  });
  expect(outcome.ok).toBe(true);
}, 180_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (query: Partial<MetricQuery> & Pick<MetricQuery, 'metrics'>, scope: QueryScope = {}) =>
  queryMetrics(store, { by: [], where: [], ...query }, scope, options);

/** Sum of daily visitors of one place over a period, from its own filtered query. */
async function personDays(level: 'province' | 'city' | 'venue', value: string, from: string, to: string): Promise<number> {
  const result = await ask({ metrics: ['visitors'], by: ['day'], where: [{ dimension: level, op: 'eq', values: [value] }], from, to });
  return result.rows.reduce((sum, row) => sum + Number(row.visitors), 0);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

describe('buildHotspots', () => {
  it('ends the period on the last complete day and lays the comparison periods out before it', async () => {
    const result = await buildHotspots(store, { level: 'province' }, {}, options);
    expect(result.days).toBe(7);
    expect(result.period).toEqual({ from: '2026-06-09', to: END });
    expect(result.previousPeriod).toEqual({ from: '2026-06-02', to: '2026-06-08' });
    // 364 days back: 2026-06-09 and 2025-06-10 are both Tuesdays.
    expect(result.lastYearPeriod).toEqual({ from: '2025-06-10', to: '2025-06-16' });
    expect(new Date(`${result.lastYearPeriod.from}T00:00:00Z`).getUTCDay()).toBe(new Date(`${result.period.from}T00:00:00Z`).getUTCDay());
    expect(result.historyPeriods).toBe(12);
    expect(result.flowDefinition).toContain('person-days');

    // Today is never complete: at noon on the last day of data, the period ends the day before.
    const midday = await buildHotspots(store, { level: 'province', days: 3 }, {}, { ...options, now: new Date(`${END}T12:00:00+08:00`) });
    expect(midday.period).toEqual({ from: '2026-06-12', to: '2026-06-14' });
    expect(midday.previousPeriod).toEqual({ from: '2026-06-09', to: '2026-06-11' });
  });

  it('leaves out comparisons the data does not reach, saying so', async () => {
    // 120 days of data: four-week periods leave room for the previous one and two before it; last year is absent.
    const result = await buildHotspots(store, { level: 'province', days: 28 }, {}, options);
    expect(result.period).toEqual({ from: addDays(END, -27), to: END });
    expect(result.historyPeriods).toBe(2);
    expect(result.ranking.rows.every((r) => r.lastYear === null && r.yoy === null)).toBe(true);
    expect(result.ranking.rows.some((r) => r.previous !== null)).toBe(true);
    expect(result.notes.join(' ')).toMatch(/同比 is not available/);
  });

  it('sums the daily visitors of each place, at every level, as the metrics layer counts them', async () => {
    for (const level of ['province', 'city', 'venue'] as const) {
      const result = await buildHotspots(store, { level, limit: 10_000 }, {}, options);
      const daily = await ask({ metrics: ['visitors'], by: ['day', level], from: result.period.from, to: result.period.to });
      const expected = new Map<string, number>();
      for (const row of daily.rows)
        if (row[level] != null) expected.set(String(row[level]), (expected.get(String(row[level])) ?? 0) + Number(row.visitors));
      const current = new Map(result.ranking.rows.filter((r) => r.current > 0).map((r) => [r.key, r.current]));
      expect(current, level).toEqual(expected);
      expect(result.places).toBe(result.ranking.rows.length);
    }
  });

  it('matches one province counted independently: current, previous and the history behind its usual growth', async () => {
    const result = await buildHotspots(store, { level: 'province' }, {}, options);
    const row = result.ranking.rows.find((r) => r.typicalGrowth !== null)!;
    expect(row.current).toBe(await personDays('province', row.key, result.period.from, result.period.to));
    expect(row.previous).toBe(await personDays('province', row.key, result.previousPeriod.from, result.previousPeriod.to));
    // History: the 12 weeks before the previous one, then the previous one, oldest first.
    const history: number[] = [];
    for (let k = 13; k >= 1; k--) history.push(await personDays('province', row.key, addDays(END, -7 * (k + 1) + 1), addDays(END, -7 * k)));
    expect(history.at(-1)).toBe(row.previous);
    const usual = history.slice(1).map((v, i) => Math.log((v + 1) / (history[i]! + 1)));
    expect(row.typicalGrowth).toBeCloseTo(median(usual), 12);
    expect(row.logGrowth).toBeCloseTo(Math.log((row.current + 1) / (row.previous! + 1)), 12);
  });

  it('labels venues by name and gives capacity as capacity per day times the days of the period', async () => {
    const venues = new Map((await loadVenues(store)).map((v) => [v.venueId, v]));
    const byVenue = await buildHotspots(store, { level: 'venue', days: 14, limit: 10_000 }, {}, options);
    for (const row of byVenue.ranking.rows) {
      const venue = venues.get(row.key)!;
      expect(row.label).toBe(venue.name);
      expect(row.capacity).toBe(venue.capacityPerDay === null ? null : venue.capacityPerDay * 14);
    }
    const byProvince = await buildHotspots(store, { level: 'province', days: 14 }, {}, options);
    const province = byProvince.ranking.rows[0]!;
    const inProvince = [...venues.values()].filter((v) => v.province === province.key);
    expect(province.label).toBe(province.key);
    expect(province.capacity).toBe(inProvince.reduce((sum, v) => sum + v.capacityPerDay! * 14, 0));
  });

  it('ranks consistently with the sort, for every sort key', async () => {
    for (const sortBy of HOTSPOT_SORT_KEYS) {
      const { ranking } = await buildHotspots(store, { level: 'city', sortBy, limit: 10_000 }, {}, options);
      expect(ranking.sortBy).toBe(sortBy);
      const rows = ranking.rows;
      const value = (r: HotspotRow): number | null =>
        ({
          flow: r.current,
          growth: r.growth,
          yoy: r.yoy,
          utilisation: r.utilisation,
          forecast: r.forecastGrowth,
          emerging: r.emergingScore,
        })[sortBy];
      const groups = sortBy === 'emerging' ? [rows.filter((r) => r.emerging), rows.filter((r) => !r.emerging)] : [rows];
      // Emerging rows come first, then the rest, each group by score.
      if (sortBy === 'emerging') expect(rows).toEqual(groups.flat());
      for (const group of groups) {
        for (let i = 1; i < group.length; i++) {
          const [a, b] = [value(group[i - 1]!), value(group[i]!)];
          if (a !== null && b !== null) expect(a, sortBy).toBeGreaterThanOrEqual(b);
          if (a === null) expect(b, `${sortBy}: nulls last`).toBeNull();
        }
      }
      // Competition ranking among the rows that have the value: 1 + the number of larger values.
      const ranked = sortBy === 'emerging' ? groups[0]! : rows;
      for (const row of rows) {
        const v = value(row);
        if (v === null || !ranked.includes(row)) {
          expect(row.ranks[sortBy], sortBy).toBeNull();
          continue;
        }
        expect(row.ranks[sortBy], sortBy).toBe(1 + ranked.filter((other) => (value(other) ?? -Infinity) > v).length);
      }
    }
  });

  it('flags a venue whose visits jump far beyond its usual ups and downs as emerging', async () => {
    expect(baseline.emerging.map((r) => r.key)).not.toContain(burstVenue.key);
    const after = await buildHotspots(store, { level: 'venue', sortBy: 'emerging', limit: 5 }, {}, options);
    const row = after.emerging.find((r) => r.key === burstVenue.key);
    expect(row).toBeDefined();
    expect(row!.current).toBe(burstVenue.current + BURST);
    expect(row!.emergingScore).toBeGreaterThanOrEqual(3);
    expect(after.ranking.emerging).toContain(burstVenue.key);
    expect(after.ranking.rows[0]!.emerging).toBe(true);
    expect(after.ranking.rows).toHaveLength(Math.min(5, after.places));
  });

  it('shows a region-scoped caller only the provinces in scope, with the same numbers', async () => {
    const all = await buildHotspots(store, { level: 'province', limit: 10_000 }, {}, options);
    const allowed = all.ranking.rows.slice(0, 2).map((r) => r.key);
    const scoped = await buildHotspots(store, { level: 'province', limit: 10_000 }, { provinces: allowed }, options);
    expect(scoped.ranking.rows.map((r) => r.key).sort()).toEqual([...allowed].sort());
    for (const row of scoped.ranking.rows) expect(row.current).toBe(all.ranking.rows.find((r) => r.key === row.key)!.current);
    const venues = new Map((await loadVenues(store)).map((v) => [v.venueId, v]));
    const scopedVenues = await buildHotspots(store, { level: 'venue', limit: 10_000 }, { provinces: allowed }, options);
    expect(scopedVenues.places).toBeGreaterThan(0);
    for (const row of scopedVenues.ranking.rows) expect(allowed).toContain(venues.get(row.key)!.province);
  });

  it('adds up the stored forecast over the days after the period, and leaves it null before forecasts are stored', async () => {
    expect(baseline.ranking.rows.every((r) => r.forecast === null && r.forecastGrowth === null)).toBe(true);
    await refreshFlowForecasts(store, options);
    const result = await buildHotspots(store, { level: 'province' }, {}, options);
    const row = result.ranking.rows[0]!;
    const key = flowForecastKey('visitors', { level: 'province', value: row.key });
    const stored = JSON.parse((await store.readForecasts([key])).get(key)!.body) as FlowForecast;
    const next = stored.forecast.points.filter((p) => p.ds > END && p.ds <= addDays(END, 7));
    expect(next.map((p) => p.ds)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(END, i + 1)));
    expect(row.forecast).toBeCloseTo(
      next.reduce((sum, p) => sum + Math.max(0, p.yhat), 0),
      9,
    );
    expect(row.forecastGrowth).toBeCloseTo(row.forecast! / row.current - 1, 12);
  }, 120_000);

  it('refuses a request it cannot answer, naming the field', async () => {
    await expect(buildHotspots(store, { level: 'province', days: 0 }, {}, options)).rejects.toMatchObject({ field: 'days' });
    await expect(buildHotspots(store, { level: 'province', days: 91 }, {}, options)).rejects.toBeInstanceOf(QueryError);
    await expect(buildHotspots(store, { level: 'district' as 'city' }, {}, options)).rejects.toMatchObject({ field: 'level' });
    await expect(buildHotspots(store, { level: 'city', sortBy: 'size' as 'flow' }, {}, options)).rejects.toMatchObject({ field: 'sortBy' });
  });
});

describe('buildTraffic', () => {
  let traffic: TrafficResult;
  const FROM = addDays(END, -27);
  beforeAll(async () => {
    traffic = await buildTraffic(store, {}, {}, options);
  });

  const total = async (metric: MetricName, where: Filter[] = [], scope: QueryScope = {}, from = FROM, to = END): Promise<number | null> => {
    const result = await ask({ metrics: [metric], where, from, to }, scope);
    const value = result.rows[0]?.[metric];
    return value === null || value === undefined ? null : Number(value);
  };

  it('covers the 28 days up to the last complete day by default, every day listed', () => {
    expect(traffic.period).toEqual({ from: FROM, to: END });
    expect(traffic.days.map((d) => d.date)).toEqual(Array.from({ length: 28 }, (_, i) => addDays(FROM, i)));
  });

  it('gives totals equal to the metrics queried one by one', async () => {
    const t = traffic.totals;
    expect(t.visitors).toBe(await total('visitors'));
    expect(t.buyers).toBe(await total('buyers'));
    expect(t.orders).toBe(await total('orders'));
    expect(t.paidOrders).toBe(await total('paid_orders'));
    expect(t.paidOfCreated).toBe(await total('paid_of_created'));
    expect(t.conversionRate).toBeCloseTo((await total('conversion_rate'))!, 12);
    expect(t.payRate).toBeCloseTo((await total('pay_rate'))!, 12);
    expect(t.conversionRate).toBeCloseTo(t.buyers / t.visitors, 12);
    expect(t.payRate).toBeCloseTo(t.paidOfCreated / t.orders, 12);
  });

  it('adds daily orders up to the total, while daily visitors add up to more (one person, several days)', async () => {
    const sum = (key: 'visitors' | 'orders' | 'paidOrders') => traffic.days.reduce((s, d) => s + d[key], 0);
    expect(sum('orders')).toBe(traffic.totals.orders);
    expect(sum('paidOrders')).toBe(traffic.totals.paidOrders);
    expect(sum('visitors')).toBeGreaterThan(traffic.totals.visitors);
    const burstDay = traffic.days.find((d) => d.date === END)!;
    expect(burstDay.visitors).toBe(await total('visitors', [], {}, END, END));
  });

  it('splits visitors by profile attributes into rows that sum to the total, profile-less visitors as unknown', () => {
    const { ageBand, gender, userProvince } = traffic.attributes;
    for (const split of [ageBand, gender, userProvince]) {
      expect(split.basis).toBe('visitors');
      expect(split.partition).toBe(true);
      expect(split.total).toBe(traffic.totals.visitors);
      expect(
        split.rows.reduce((s, r) => s + r.count, 0),
        split.dimension,
      ).toBe(traffic.totals.visitors);
      expect(
        split.rows.reduce((s, r) => s + r.share!, 0),
        split.dimension,
      ).toBeCloseTo(1, 12);
      // The burst's visitors have no profile.
      const unknown = split.rows.find((r) => r.value === null && !r.other);
      expect(unknown?.count, split.dimension).toBeGreaterThanOrEqual(BURST);
    }
    expect(ageBand.rows.filter((r) => r.value !== null).map((r) => r.value)).toEqual(
      ['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'].filter((band) => ageBand.rows.some((r) => r.value === band)),
    );
  });

  it('lists the top 15 provinces of origin and folds the rest into one row', async () => {
    const split = traffic.attributes.userProvince;
    const named = split.rows.filter((r) => r.value !== null);
    const all = await ask({ metrics: ['visitors'], by: ['user_province'], from: FROM, to: END });
    const known = all.rows.filter((r) => r.user_province != null).map((r) => Number(r.visitors));
    expect(named).toHaveLength(Math.min(15, known.length));
    const other = split.rows.find((r) => r.other);
    if (known.length > 15) expect(other!.count).toBe(known.reduce((s, v) => s + v, 0) - named.reduce((s, r) => s + r.count, 0));
    for (let i = 1; i < named.length; i++) expect(named[i - 1]!.count).toBeGreaterThanOrEqual(named[i]!.count);
  });

  it('splits by channel the buyers, since visit events carry no channel, and says so; channel rows overlap', async () => {
    const channel: AttributeBreakdown = traffic.attributes.channel;
    expect(channel.basis).toBe('buyers');
    expect(channel.partition).toBe(false);
    expect(channel.note).toMatch(/Buyers by the channel/);
    expect(channel.total).toBe(traffic.totals.buyers);
    const byChannel = await ask({ metrics: ['buyers'], by: ['channel'], from: FROM, to: END });
    for (const row of channel.rows) expect(row.count).toBe(Number(byChannel.rows.find((r) => (r.channel ?? null) === row.value)!.buyers));
    // A buyer who paid through two channels is in both rows.
    expect(channel.rows.reduce((s, r) => s + r.count, 0)).toBeGreaterThanOrEqual(channel.total);
  });

  it('gives the funnel by channel and by province as the metrics layer does, pay rate always within [0, 1]', async () => {
    for (const [by, rows] of [
      ['channel', traffic.funnel.byChannel],
      ['province', traffic.funnel.byProvince],
    ] as const) {
      const expected = await ask({
        metrics: ['visitors', 'buyers', 'orders', 'paid_of_created', 'conversion_rate', 'pay_rate'],
        by: [by],
        from: FROM,
        to: END,
      });
      expect(rows.map((r) => r.key)).toEqual(expected.rows.map((r) => r[by] ?? null));
      rows.forEach((row, i) => {
        const want = expected.rows[i]!;
        expect(row).toMatchObject({
          visitors: want.visitors,
          buyers: want.buyers,
          orders: want.orders,
          paidOfCreated: want.paid_of_created,
        });
        if (row.payRate !== null) {
          expect(row.payRate).toBeGreaterThanOrEqual(0);
          expect(row.payRate).toBeLessThanOrEqual(1);
          expect(row.payRate).toBeCloseTo(row.paidOfCreated / row.orders, 12);
        } else expect(row.orders).toBe(0);
      });
    }
    // Conversion is a share of visitors, whatever the split: a buyer whose paid orders were later
    // cancelled or refunded is neither a buyer nor converted.
    const conversions = [traffic.totals, ...traffic.funnel.byChannel, ...traffic.funnel.byProvince].map((r) => r.conversionRate);
    expect(conversions.every((c) => c === null || (c >= 0 && c <= 1))).toBe(true);
    expect(conversions.some((c) => c !== null && c > 0)).toBe(true);
    // Overall every buyer is a visitor (the visitor rule counts a purchase as a visit): conversion is buyers ÷ visitors.
    expect(traffic.totals.conversionRate).toBeCloseTo(traffic.totals.buyers / traffic.totals.visitors, 12);
  });

  it('applies filters and scope to every number', async () => {
    const province = String(traffic.funnel.byProvince.find((r) => r.key !== null)!.key);
    const where: Filter[] = [{ dimension: 'province', op: 'eq', values: [province] }];
    const filtered = await buildTraffic(store, { where }, {}, options);
    expect(filtered.totals.visitors).toBe(await total('visitors', where));
    expect(filtered.totals.orders).toBe(await total('orders', where));
    expect(filtered.funnel.byProvince.map((r) => r.key)).toEqual([province]);

    const scope = { provinces: [province] };
    const scoped = await buildTraffic(store, { from: '2026-05-01', to: '2026-05-31' }, scope, options);
    expect(scoped.period).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(scoped.totals.visitors).toBe(await total('visitors', [], scope, '2026-05-01', '2026-05-31'));
    expect(scoped.totals.buyers).toBe(await total('buyers', [], scope, '2026-05-01', '2026-05-31'));
    expect(scoped.funnel.byProvince.every((r) => r.key === province)).toBe(true);
  });

  it('refuses a period that ends before it starts', async () => {
    await expect(buildTraffic(store, { from: '2026-06-10', to: '2026-06-01' }, {}, options)).rejects.toMatchObject({ field: 'to' });
    await expect(buildTraffic(store, { from: '2026-6-1' }, {}, options)).rejects.toMatchObject({ field: 'from' });
  });
});

describe('hot spots computed once', () => {
  it('orders and cuts a full ranking exactly as a ranking asked for directly, for every sort key', async () => {
    const full = await buildHotspots(store, { level: 'venue', limit: 10_000 }, {}, options);
    for (const sortBy of HOTSPOT_SORT_KEYS) {
      const direct = await buildHotspots(store, { level: 'venue', sortBy, limit: 7 }, {}, options);
      expect(rerankHotspots(full, sortBy, 7), sortBy).toEqual(direct);
    }
  });
});
