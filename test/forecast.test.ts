/**
 * Forecasting as users reach it: `flowsight forecast` on CSV files (daily, hourly, with covariates,
 * with bad cells), `forecast backtest`, `forecast flow` on a real demo store (locally and through a
 * running server), and the /api/v1/flow endpoints with their stored forecasts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../src/domain/calendar/civil-date.ts';
import { holidayOn } from '../src/domain/calendar/cn-holidays.ts';
import { createRng } from '../src/demo/create-rng.ts';
import type { SeriesForecast } from '../src/analysis/forecast/forecast-series.ts';
import { refreshFlowForecasts, type FlowForecast } from '../src/query/flow-forecast.ts';
import type { HolidayForecast } from '../src/query/flow-holidays.ts';
import type { PeakResult } from '../src/query/flow-peaks.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const TZ = 'Asia/Shanghai';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-forecast-'));
const END = '2026-06-15';
let db: string;

beforeAll(async () => {
  db = await createDemoStore(dir, 'flow', { users: 300, days: 400, endDate: END, seed: 5 });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two years of daily visits with weekday, holiday and promotion effects; promotions also in the future. */
function writeDailyCsv(path: string, options: { badLine?: boolean } = {}): { last: string; future: number } {
  const rng = createRng(3);
  const lines = ['ds,y,promotion'];
  let date = '2024-01-01';
  const last = '2025-12-31';
  while (date <= addDays(last, 15)) {
    const weekday = isoWeekday(date);
    const promotion = date.endsWith('-15') ? 1 : 0;
    const mean = 1000 * (weekday >= 6 ? 1.6 : 0.85) * (holidayOn(date) ? 2.2 : 1) * (promotion ? 1.5 : 1);
    const y = date <= last ? String(rng.poisson(mean)) : '';
    lines.push(`${date},${y},${promotion}`);
    date = addDays(date, 1);
  }
  if (options.badLine) lines[4] = `${lines[4]!.split(',')[0]},abc,0`;
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { last, future: 15 };
}

describe('flowsight forecast --input (any series from a CSV)', () => {
  it('writes ds,yhat,yhat_lower,yhat_upper for every future row after the last y', async () => {
    const input = join(dir, 'daily.csv');
    const out = join(dir, 'daily-forecast.csv');
    const { last } = writeDailyCsv(input);
    const result = await runCli(['forecast', '--input', input, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/selected: \w+/);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('ds,yhat,yhat_lower,yhat_upper');
    expect(rows).toHaveLength(15);
    rows.forEach((row, i) => {
      const [ds, yhat, lower, upper] = row.split(',');
      expect(ds).toBe(addDays(last, i + 1));
      expect(Number(lower)).toBeLessThanOrEqual(Number(yhat));
      expect(Number(yhat)).toBeLessThanOrEqual(Number(upper));
    });
    // 2026-01-01 is New Year's Day (a holiday) and 2026-01-15 a promotion: both forecast above a plain Thursday.
    const byDate = new Map(rows.map((r) => [r.split(',')[0], Number(r.split(',')[1])]));
    expect(byDate.get('2026-01-01')!).toBeGreaterThan(1.5 * byDate.get('2026-01-08')!);
    expect(byDate.get('2026-01-15')!).toBeGreaterThan(1.3 * byDate.get('2026-01-08')!);
  });

  it('reports a bad cell with file, line and column, and still forecasts', async () => {
    const input = join(dir, 'bad-cell.csv');
    writeDailyCsv(input, { badLine: true });
    const result = await runCli(['forecast', '--input', input, '--horizon', '3', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${input}:5: y "abc": not a number; read as missing`);
    const forecast = JSON.parse(result.stdout) as SeriesForecast;
    expect(forecast.points).toHaveLength(3);
    expect(forecast.history.observed).toBe(forecast.history.slots - 1);
  });

  it('refuses a file without ds and y columns, naming the line', async () => {
    const input = join(dir, 'no-header.csv');
    writeFileSync(input, 'date,value\n2025-01-01,3\n');
    const result = await runCli(['forecast', '--input', input]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 1: the header needs columns ds and y');
  });

  it('forecasts hourly series with hourly labels', async () => {
    const input = join(dir, 'hourly.csv');
    const rng = createRng(9);
    const lines = ['ds,y'];
    for (let day = 0; day < 42; day++) {
      const date = addDays('2025-03-03', day);
      for (let hour = 0; hour < 24; hour++) {
        const open = hour >= 9 && hour <= 20 ? 1 : 0.05;
        lines.push(`${date} ${String(hour).padStart(2, '0')}:00,${rng.poisson(200 * open * (isoWeekday(date) >= 6 ? 1.5 : 1))}`);
      }
    }
    writeFileSync(input, `${lines.join('\n')}\n`);
    const result = await runCli(['forecast', '--input', input, '--horizon', '24', '--json']);
    expect(result.code).toBe(0);
    const forecast = JSON.parse(result.stdout) as SeriesForecast;
    expect(forecast.frequency).toBe('hourly');
    expect(forecast.points[0]!.ds).toBe('2025-04-14 00:00');
    expect(forecast.points[12]!.yhat).toBeGreaterThan(10 * forecast.points[3]!.yhat);
  });

  it('back-tests by rolling origin and selects the method with the lowest MASE', async () => {
    const input = join(dir, 'daily.csv');
    const result = await runCli(['forecast', 'backtest', '--input', input, '--horizon', '14', '--windows', '3', '--json']);
    expect(result.code).toBe(0);
    const { backtest } = JSON.parse(result.stdout) as Pick<SeriesForecast, 'backtest'>;
    expect(backtest!.windows).toBe(3);
    expect(backtest!.horizon).toBe(14);
    expect(backtest!.origins).toEqual(['2025-12-03', '2025-12-17', '2025-12-31'].map((d) => addDays(d, -14)));
    const methods = backtest!.scores.map((s) => s.method);
    expect(methods).toEqual(expect.arrayContaining(['regression', 'hybrid', 'ets', 'seasonal_naive', 'combined']));
    expect(backtest!.selected.mase).toBe(Math.min(...backtest!.scores.map((s) => s.mase)));
    expect(backtest!.selected.mase).toBeLessThan(backtest!.seasonalNaive!.mase);
    const text = await runCli(['forecast', 'backtest', '--input', input, '--horizon', '14', '--windows', '3']);
    expect(text.stdout).toMatch(/seasonal_naive\s+\d+\.\d{3}/);
  });
});

describe('flowsight forecast flow (the store)', () => {
  it('forecasts the business’s visitors from the day after the last complete day', async () => {
    const result = await runCli(['forecast', 'flow', '--db', db, '--horizon', '7', '--json']);
    expect(result.code).toBe(0);
    const flow = JSON.parse(result.stdout) as FlowForecast;
    expect(flow.historyEnd).toBe(END);
    expect(flow.forecast.points.map((p) => p.ds)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(END, i + 1)));
    expect(flow.recent.at(-1)!.date).toBe(END);
    expect(flow.forecast.backtest!.selected.mase).toBeGreaterThan(0);
    const text = await runCli(['forecast', 'flow', '--db', db, '--horizon', '7']);
    expect(text.stdout).toContain('visitors for the whole business, 7 days after 2026-06-15');
    expect(text.stdout).toMatch(/back-test \(3 × 28 days\): MASE \d\.\d{3}/);
  });

  it('names the flag at fault', async () => {
    const unknown = await runCli(['forecast', 'flow', '--db', db, '--venue', 'NO-SUCH-VENUE']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--venue: no venue NO-SUCH-VENUE in the catalog');
    const both = await runCli(['forecast', 'flow', '--db', db, '--venue', 'V1', '--city', '杭州']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give one of venue, province or city');
    const horizon = await runCli(['forecast', 'flow', '--db', db, '--horizon', '91']);
    expect(horizon.code).toBe(2);
    expect(horizon.stderr).toContain('--horizon');
  });

  it('answers the same through a running server, from its stored forecasts', async () => {
    const copy = join(dir, 'served.duckdb');
    writeFileSync(copy, readFileSync(db));
    const local = JSON.parse((await runCli(['forecast', 'flow', '--db', copy, '--horizon', '5', '--json'])).stdout) as FlowForecast;
    const server = await startServe(['--db', copy, '--port', '0', '--no-demo']);
    try {
      const remote = await runCli(['forecast', 'flow', '--db', copy, '--horizon', '5', '--json']);
      expect(remote.code).toBe(0);
      const served = JSON.parse(remote.stdout) as FlowForecast;
      expect(served.stored).toBe(true);
      expect(served.forecast.points.map((p) => p.yhat)).toEqual(local.forecast.points.map((p) => p.yhat));
    } finally {
      await stop(server.child);
    }
  });
});

describe('the /api/v1/flow endpoints', () => {
  const api = async (path: string) => {
    const store = await openDuckDbStore({ path: db, timeZone: TZ });
    try {
      const response = await createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test' }).request(path);
      return { status: response.status, body: (await response.json()) as unknown };
    } finally {
      await store.close();
    }
  };

  it('serves every venue’s forecast from the store after a refresh', async () => {
    const store = await openDuckDbStore({ path: db, timeZone: TZ });
    let venue: string;
    let venueName: string;
    try {
      const summary = await refreshFlowForecasts(store, { timeZone: TZ });
      expect(summary.historyEnd).toBe(END);
      expect(summary.forecasts).toBeGreaterThan(50);
      const [top] = await store.runQuery({
        sql: "SELECT venue_id FROM events WHERE event_type = 'visit' GROUP BY venue_id ORDER BY count(*) DESC LIMIT 1",
        params: [],
      });
      venue = String(top!.venue_id);
      const [named] = await store.runQuery({ sql: 'SELECT venue_name FROM venues WHERE venue_id = $1', params: [venue] });
      venueName = String(named!.venue_name);
      const stored = await store.readForecasts([`flow:visitors:venue:${venue}`]);
      expect(stored.get(`flow:visitors:venue:${venue}`)?.historyEnd).toBe(END);
    } finally {
      await store.close();
    }
    const { status, body } = await api(`/api/v1/flow/forecast?venue=${venue}&horizon=10`);
    expect(status).toBe(200);
    const flow = body as FlowForecast;
    expect(flow.stored).toBe(true);
    // Named as the catalog names the venue, for the dashboard's titles.
    expect(flow.target).toEqual({ level: 'venue', value: venue, name: venueName });
    expect(flow.forecast.points).toHaveLength(10);
    for (const p of flow.forecast.points) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.yhat);
      expect(p.yhat).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      expect(p.lower95).toBeGreaterThanOrEqual(0);
    }
  });

  it('lines each upcoming holiday up with the same holiday day last year', async () => {
    const { status, body } = await api('/api/v1/flow/holidays?metric=visitors');
    expect(status).toBe(200);
    const holidays = body as HolidayForecast;
    // Dragon Boat 2026 (19–21 June) and Mid-Autumn with National Day fall within 90 days of 15 June.
    const dragon = holidays.periods.find((p) => p.holiday === 'dragon_boat')!;
    expect(dragon.start).toBe('2026-06-19');
    expect(dragon.days.map((d) => d.lastYear?.date)).toEqual(['2025-05-31', '2025-06-01', '2025-06-02']);
    expect(dragon.days.every((d) => d.forecast !== null)).toBe(true);
    expect(dragon.upliftOverLastYear).toBeCloseTo(dragon.total! / dragon.lastYearTotal! - 1, 10);
    expect(dragon.upliftOverNormal).not.toBeNull();
  });

  it('plans staff and quotas hour by hour for a venue', async () => {
    const store = await openDuckDbStore({ path: db, timeZone: TZ });
    const [top] = await store.runQuery({
      sql: "SELECT e.venue_id FROM events e JOIN venues v USING (venue_id) WHERE e.event_type = 'visit' AND v.capacity_per_day IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
      params: [],
    });
    await store.close();
    const { status, body } = await api(`/api/v1/flow/peaks?venue=${String(top!.venue_id)}&days=5&throughput=20&target=0.8`);
    expect(status).toBe(200);
    const plan = body as PeakResult;
    expect(plan.days).toHaveLength(5);
    for (const day of plan.days) {
      expect(day.hours).toHaveLength(24);
      const total = day.hours.reduce((s, h) => s + h.visitors, 0);
      expect(total).toBeCloseTo(day.visitors, 6);
      for (const h of day.hours) expect(h.staff).toBe(h.visitors === 0 ? 0 : Math.ceil(h.visitors / 20 - 1e-9));
    }
    expect(plan.overCapacityDays).toEqual(plan.days.filter((d) => d.overCapacity || d.upperOverCapacity === true).map((d) => d.date));
  });

  it('ranks hot spots and analyses traffic', async () => {
    const hotspots = await api('/api/v1/flow/hotspots?level=province&days=7');
    expect(hotspots.status).toBe(200);
    expect((hotspots.body as { period: { to: string } }).period.to).toBe(END);
    const traffic = await api('/api/v1/flow/traffic');
    expect(traffic.status).toBe(200);
    expect((traffic.body as { totals: { visitors: number } }).totals.visitors).toBeGreaterThan(0);
  });

  it('answers bad parameters with 400 and the parameter at fault', async () => {
    for (const [path, field] of [
      ['/api/v1/flow/forecast?horizon=0', 'horizon'],
      ['/api/v1/flow/forecast?metric=gmv', 'metric'],
      ['/api/v1/flow/forecast?venue=a&province=b', 'province'],
      ['/api/v1/flow/peaks', 'venue'],
      ['/api/v1/flow/peaks?venue=x&target=2', 'target'],
      ['/api/v1/flow/hotspots?level=street', 'level'],
      ['/api/v1/flow/traffic?where=nonsense', 'where'],
    ] as const) {
      const { status, body } = await api(path);
      expect(status, path).toBe(400);
      expect((body as { error: { details: { field: string } } }).error.details.field, path).toBe(field);
    }
  });
});
