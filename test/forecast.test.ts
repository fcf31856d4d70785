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
import { dayType, holidayOn } from '../src/domain/calendar/cn-holidays.ts';
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
function writeDailyCsv(
  path: string,
  options: { badLine?: boolean; blankFuture?: boolean; first?: string; last?: string } = {},
): { last: string; future: number; lines: string[] } {
  const rng = createRng(3);
  const lines = ['ds,y,promotion'];
  let date = options.first ?? '2024-01-01';
  const last = options.last ?? '2025-12-31';
  while (date <= addDays(last, 15)) {
    const weekday = isoWeekday(date);
    const promotion = date.endsWith('-15') ? 1 : 0;
    const mean = 1000 * (weekday >= 6 ? 1.6 : 0.85) * (holidayOn(date) ? 2.2 : 1) * (promotion ? 1.5 : 1);
    const y = date <= last ? String(rng.poisson(mean)) : '';
    lines.push(`${date},${y},${date > last && options.blankFuture ? '' : promotion}`);
    date = addDays(date, 1);
  }
  if (options.badLine) lines[4] = `${lines[4]!.split(',')[0]},abc,0`;
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { last, future: 15, lines };
}

/** A daily `ds,y` file from `first`, an empty y where the value is null. */
function writeSeriesCsv(path: string, first: string, values: readonly (number | null)[]): void {
  writeFileSync(path, `ds,y\n${values.map((v, i) => `${addDays(first, i)},${v ?? ''}`).join('\n')}\n`);
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

describe('what a forecast says about the numbers it rests on', () => {
  it('names the covariate, the CSV lines and the value assumed when future covariate cells are blank', async () => {
    const input = join(dir, 'blank-future.csv');
    const { lines, last } = writeDailyCsv(input, { blankFuture: true });
    const history = lines.slice(1).filter((l) => l.split(',')[0]! <= last);
    const mean = history.reduce((s, l) => s + Number(l.split(',')[2]), 0) / history.length;
    const firstFuture = history.length + 2;
    const expected = `covariate promotion is empty on lines ${firstFuture}–${firstFuture + 14}: its historical mean, ${Math.round(mean * 1e4) / 1e4}, is assumed there`;
    const text = await runCli(['forecast', '--input', input]);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain(`note: ${expected}`);
    const json = await runCli(['forecast', '--input', input, '--json']);
    expect((JSON.parse(json.stdout) as SeriesForecast).notes).toContainEqual(expect.stringContaining(expected));
    // Rows missing beyond the file are named by date.
    const longer = await runCli(['forecast', '--input', input, '--horizon', '20', '--json']);
    expect((JSON.parse(longer.stdout) as SeriesForecast).notes).toContainEqual(
      expect.stringContaining(`and has no row for 5 forecast days (${addDays(last, 16)} to ${addDays(last, 20)})`),
    );
    // A file whose future rows carry the covariate gets no such note.
    const full = join(dir, 'full-future.csv');
    writeDailyCsv(full);
    expect((await runCli(['forecast', '--input', full])).stderr).not.toContain('covariate promotion');
  });

  it('says when forecast days have provisional holidays (2027) or none at all (2028)', async () => {
    const late2026 = join(dir, 'late-2026.csv');
    writeDailyCsv(late2026, { first: '2025-06-01', last: '2026-12-20' });
    const provisional = await runCli(['forecast', '--input', late2026, '--horizon', '30']);
    expect(provisional.code).toBe(0);
    expect(provisional.stderr).toMatch(/^note: the 2027 holidays are provisional: the statutory days off only/m);
    const json = JSON.parse((await runCli(['forecast', '--input', late2026, '--horizon', '30', '--json'])).stdout) as SeriesForecast;
    expect(json.notes).toContainEqual(expect.stringMatching(/^the 2027 holidays are provisional/));
    const before = await runCli(['forecast', '--input', late2026, '--horizon', '10']);
    expect(before.stderr).not.toContain('provisional');
    const without = await runCli(['forecast', '--input', late2026, '--horizon', '30', '--holidays', 'none']);
    expect(without.stderr).not.toContain('provisional');

    const late2027 = join(dir, 'late-2027.csv');
    writeDailyCsv(late2027, { first: '2026-06-01', last: '2027-12-20' });
    const beyond = await runCli(['forecast', '--input', late2027, '--horizon', '30']);
    expect(beyond.stderr).toContain(
      'note: the holiday calendar ends with 2027: forecast days from 2028-01-01 on have no holidays or make-up workdays, and are forecast as ordinary days',
    );
  });

  it('writes one line naming the path and the reason when --out cannot be written', async () => {
    const input = join(dir, 'daily.csv');
    writeDailyCsv(input);
    const out = join(dir, 'no-such-directory', 'x.csv');
    const result = await runCli(['forecast', '--input', input, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`flowsight: cannot write ${out}: the directory ${join(dir, 'no-such-directory')} does not exist\n`);
  });

  it('refuses to score accuracy on windows with almost no actuals, and says why', async () => {
    const input = join(dir, 'sparse.csv');
    const rng = createRng(8);
    // 400 days; the last 150 empty except the very last one.
    writeSeriesCsv(
      input,
      '2025-01-01',
      Array.from({ length: 400 }, (_, i) => (i >= 250 && i < 399 ? null : rng.poisson(100))),
    );
    const text = await runCli(['forecast', 'backtest', '--input', input]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/MASE/);
    expect(text.stdout).toMatch(/^note: no back-test: every window has fewer than 14 observed values among its 28 days/m);
    const json = JSON.parse((await runCli(['forecast', 'backtest', '--input', input, '--json'])).stdout) as SeriesForecast;
    expect(json.backtest).toBeNull();
  });

  it('prints MASE as n/a, with the reason, for a series that never changes', async () => {
    const input = join(dir, 'constant.csv');
    writeSeriesCsv(input, '2025-01-01', Array(120).fill(50));
    const text = await runCli(['forecast', 'backtest', '--input', input]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('NaN');
    expect(text.stdout).toMatch(/^selected: \w+, MASE n\/a vs seasonal naive n\/a$/m);
    expect(text.stdout).toContain('note: MASE is not defined here: the history never changes week over week');
    const out = await runCli(['forecast', '--input', input, '--horizon', '3', '--out', join(dir, 'constant-forecast.csv')]);
    expect(out.stderr).not.toContain('NaN');
    expect(out.stderr).toContain('MASE n/a');
  });

  it('says how many back-test windows ran when fewer than asked, and why a method is missing', async () => {
    const input = join(dir, 'windows.csv');
    const rng = createRng(4);
    writeSeriesCsv(input, '2025-01-01', [null, ...Array.from({ length: 391 }, () => rng.poisson(200))]);
    const result = await runCli(['forecast', 'backtest', '--input', input, '--horizon', '14', '--windows', '50', '--json']);
    expect(result.code).toBe(0);
    const { backtest, notes } = JSON.parse(result.stdout) as SeriesForecast;
    expect(backtest!.windows).toBeLessThan(50);
    expect(notes).toContain(
      `${backtest!.windows} of the 50 back-test windows asked for were run: each needs 14 days to score and at least 28 observed days before it, and the history holds 391 observed of 392`,
    );
    expect(backtest!.scores.map((s) => s.method)).toContain('regression');
    expect(backtest!.scores.map((s) => s.method)).not.toContain('seasonal_ar');
    expect(notes).toContainEqual(expect.stringMatching(/^seasonal_ar is left out of the back-test: it needs 56 observed days of history/));
    const text = await runCli(['forecast', 'backtest', '--input', input, '--horizon', '14', '--windows', '50']);
    expect(text.stdout).toContain(`note: ${backtest!.windows} of the 50 back-test windows asked for were run`);
  });

  it('exits 2 with one line naming the flag and the values allowed', async () => {
    const input = join(dir, 'daily.csv');
    writeDailyCsv(input);
    for (const [args, message] of [
      [['forecast', '--input', input, '--level', '90'], '--level must be 80 or 95, got "90"'],
      [['forecast', '--input', input, '--holidays', 'xx'], '--holidays must be cn or none, got "xx"'],
      [['forecast', '--input', input, '--windows', '0'], '--windows must be a whole number from 1 to 52, got "0"'],
      [['forecast', 'backtest', '--input', input, '--holidays', 'xx'], '--holidays must be cn or none, got "xx"'],
      [['forecast', 'flow', '--db', db, '--metric', 'gmv'], '--metric must be visitors, orders or revenue, got "gmv"'],
      [['forecast', '--input', input, '--horizon', '0'], '--horizon must be a whole number from 1 to 366 for daily data, got "0"'],
    ] as const) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(`flowsight: ${message}\n`);
    }
  });
});

describe('forecast flow notes and parts', () => {
  it('mentions extrapolated bands only when the horizon goes beyond the back-test', async () => {
    const short = await runCli(['forecast', 'flow', '--db', db, '--horizon', '5']);
    expect(short.code).toBe(0);
    expect(short.stdout).not.toContain('bands beyond');
    const json = JSON.parse((await runCli(['forecast', 'flow', '--db', db, '--horizon', '5', '--json'])).stdout) as FlowForecast;
    expect(json.forecast.notes.join('\n')).not.toContain('bands beyond');
    const long = await runCli(['forecast', 'flow', '--db', db, '--horizon', '60']);
    expect(long.stdout).toContain("note: bands beyond 28 days extrapolate the back-test's error growth");
  });

  it('says when the forecast reaches the provisional 2027 holidays', async () => {
    const late = await createDemoStore(dir, 'late', { users: 100, days: 120, endDate: '2026-10-15', seed: 3 });
    const far = await runCli(['forecast', 'flow', '--db', late, '--horizon', '90']);
    expect(far.code).toBe(0);
    expect(far.stdout).toMatch(/^note: the 2027 holidays are provisional/m);
    const json = JSON.parse((await runCli(['forecast', 'flow', '--db', late, '--horizon', '90', '--json'])).stdout) as FlowForecast;
    expect(json.forecast.notes).toContainEqual(expect.stringMatching(/^the 2027 holidays are provisional/));
    const near = await runCli(['forecast', 'flow', '--db', late, '--horizon', '30']);
    expect(near.stdout).not.toContain('provisional');
  }, 60_000);

  it('splits revenue into a trend near its level and a weekly part that nets out over an ordinary week', async () => {
    const result = await runCli(['forecast', 'flow', '--db', db, '--metric', 'revenue', '--horizon', '28', '--json']);
    const flow = JSON.parse(result.stdout) as FlowForecast;
    const recent = flow.recent.slice(-28).map((r) => r.value);
    const level = recent.reduce((a, b) => a + b, 0) / recent.length;
    let ordinaryWeeks = 0;
    for (let week = 0; week < 4; week++) {
      const days = flow.forecast.points.slice(7 * week, 7 * week + 7);
      // A day off or a make-up workday has a holiday's or a workday's part, not its weekday's.
      if (days.some((p) => dayType(p.ds) === 'holiday' || dayType(p.ds) === 'makeup_workday')) continue;
      ordinaryWeeks++;
      const weekly = days.map((p) => p.components.weekly ?? 0);
      expect(Math.abs(weekly.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(0.1 * weekly.reduce((a, b) => a + Math.abs(b), 0));
    }
    expect(ordinaryWeeks).toBeGreaterThanOrEqual(3);
    for (const p of flow.forecast.points) {
      expect(p.components.trend! / level, p.ds).toBeGreaterThan(0.5);
      expect(p.components.trend! / level, p.ds).toBeLessThan(2);
    }
  });
});
