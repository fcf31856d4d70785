/**
 * The HTTP API's query parameters against a real demo store: every endpoint taking from/to applies
 * the one period check (supported days, longest period where the answer grows with it), every whole
 * number is decimal digits, and a refusal is a 400 in the one error shape naming the parameter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/domain/calendar/civil-date.ts';
import type { TrafficResult } from '../src/query/flow-traffic.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-api-parameters-'));
let path: string;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  path = await createDemoStore(dir, 'parameters', { users: 150, days: 60, endDate: END, seed: 5 });
  store = await openDuckDbStore({ path, timeZone: TZ });
  app = createApp({ store, timeZone: TZ, rejectsDir: dir, version: 'test', log: () => undefined });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ErrorBody {
  readonly error?: { readonly code: string; readonly message: string; readonly details?: { readonly field?: string } };
}

async function get<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await app.request(url, init);
  return { status: response.status, body: (await response.json()) as T };
}

/** Expects a 400 in the one error shape naming `field`; returns the message. */
async function refused(url: string, field: string, init?: RequestInit): Promise<string> {
  const { status, body } = await get<ErrorBody>(url, init);
  expect({ url, status, field: body.error?.details?.field }).toEqual({ url, status: 400, field });
  expect(body.error!.code).toMatch(/^invalid_/);
  return body.error!.message;
}

describe('periods', () => {
  it('refuses days outside 1970-01-01 … 2999-12-31 on the traffic endpoint, naming the parameter', async () => {
    expect(await refused('/api/v1/flow/traffic?from=2026-11-01&to=9999-12-30', 'to')).toContain('1970-01-01 to 2999-12-31');
    await refused('/api/v1/flow/traffic?from=0001-01-01&to=9999-12-31', 'from');
    await refused('/api/v1/flow/traffic?from=9999-12-31&to=9999-12-31', 'from');
    await refused('/api/v1/flow/traffic?from=1969-12-31&to=1970-01-01', 'from');
    await refused('/api/v1/flow/traffic?from=2999-12-31&to=3000-01-01', 'to');
    // The edges themselves are days like any other.
    for (const day of ['1970-01-01', '2999-12-31']) {
      const { status, body } = await get<TrafficResult>(`/api/v1/flow/traffic?from=${day}&to=${day}`);
      expect(status).toBe(200);
      expect(body.days.map((d) => d.date)).toEqual([day]);
    }
  });

  it('answers traffic for three years (1096 days, a row each) and refuses a day more', async () => {
    const from = addDays(END, -1095);
    const { status, body } = await get<TrafficResult>(`/api/v1/flow/traffic?from=${from}&to=${END}`);
    expect(status).toBe(200);
    expect(body.days).toHaveLength(1096);
    expect(body.totals.visitors).toBeGreaterThan(0);
    expect(await refused(`/api/v1/flow/traffic?from=${addDays(from, -1)}&to=${END}`, 'to')).toContain('at most 1096');
    // A from alone is measured to its default end, the last complete day of data.
    await refused(`/api/v1/flow/traffic?from=${addDays(from, -1)}`, 'to');
  });

  it('refuses the report periods that answered 500, and reports longer than a year', async () => {
    await refused('/api/v1/reports/orders?from=0001-01-01&to=0001-01-02&format=json', 'from');
    await refused('/api/v1/reports/orders?from=9999-12-30&to=9999-12-31&format=json', 'from');
    await refused('/api/v1/reports/logs?from=2026-06-01&to=3000-01-01&format=json', 'to');
    expect(await refused(`/api/v1/reports/logs?from=${addDays(END, -366)}&to=${END}&format=json`, 'to')).toContain('at most 366');
    const year = await app.request(`/api/v1/reports/logs?from=${addDays(END, -365)}&to=${END}&format=json`);
    expect(year.status).toBe(200);
  });

  it('refuses unsupported days in the metrics query, by GET and by POST', async () => {
    await refused('/api/v1/query?metric=orders&from=0001-01-01&to=2026-06-15', 'from');
    await refused('/api/v1/query', 'to', {
      method: 'POST',
      body: JSON.stringify({ metric: 'orders', from: '2026-06-01', to: '10000-01-01' }),
      headers: { 'content-type': 'application/json' },
    });
    // No longest period: the answer grows with the data, not the period, as without from and to.
    const { status, body } = await get<{ rows: { orders: number }[] }>('/api/v1/query?metric=orders&from=1970-01-01&to=2999-12-31');
    expect(status).toBe(200);
    expect(body.rows[0]!.orders).toBeGreaterThan(0);
  });

  it('refuses unsupported days in the lifecycle flow before clamping the end to the data', async () => {
    await refused('/api/v1/profile-insights/lifecycle-flow?from=0001-01-01&to=9999-12-31', 'from');
    await refused('/api/v1/profile-insights/lifecycle-flow?from=2026-05-01&to=9999-12-31', 'to');
  });

  it('refuses calendar ranges outside the supported days or over 800 days', async () => {
    await refused('/api/v1/calendar?from=9999-12-31&to=9999-12-31', 'from');
    await refused('/api/v1/calendar?from=2026-01-01&to=2028-03-11', 'to');
    const { status } = await get('/api/v1/calendar?from=2026-01-01&to=2028-03-10');
    expect(status).toBe(200);
  });

  it('applies the same check in the CLI commands that take a period', async () => {
    const report = await runCli(['report', 'orders', '--from', '0001-01-01', '--to', '0001-01-02', '--format', 'json', '--db', path]);
    expect(report.code).not.toBe(0);
    expect(report.stderr).toContain('from must be a day from 1970-01-01 to 2999-12-31');
    const query = await runCli(['query', '--metric', 'orders', '--from', '2026-06-01', '--to', '9999-12-31', '--db', path]);
    expect(query.code).not.toBe(0);
    expect(query.stderr).toContain('to must be a day from 1970-01-01 to 2999-12-31');
  });
});

describe('whole numbers', () => {
  const loose = ['0x10', '1e1', ' 10', '+10', '10.0', '10abc', '-5'];

  it('takes only decimal digits for hot-spot days and limit', async () => {
    for (const text of loose) {
      await refused(`/api/v1/flow/hotspots?days=${encodeURIComponent(text)}`, 'days');
      await refused(`/api/v1/flow/hotspots?limit=${encodeURIComponent(text)}`, 'limit');
    }
    const { status, body } = await get<{ ranking: { rows: unknown[] } }>('/api/v1/flow/hotspots?level=province&days=10&limit=3');
    expect(status).toBe(200);
    expect(body.ranking.rows).toHaveLength(3);
  });

  it('takes only decimal digits for the metrics query limit and whole-number filters', async () => {
    for (const text of loose) {
      await refused(`/api/v1/query?metric=orders&by=province&limit=${encodeURIComponent(text)}`, 'limit');
      // A filter's value may have spaces around it (`hour_of_day = 10`), as its whole text may.
      if (text.trim() !== text) continue;
      await refused(`/api/v1/query?metric=orders&where=${encodeURIComponent(`hour_of_day=${text}`)}`, 'where');
    }
    const limited = await get<{ rows: unknown[] }>('/api/v1/query?metric=orders&by=province&limit=2');
    expect(limited.body.rows).toHaveLength(2);
    const json = (limit: unknown) => ({
      method: 'POST',
      body: JSON.stringify({ metric: 'orders', by: 'province', limit }),
      headers: { 'content-type': 'application/json' },
    });
    expect((await get<{ rows: unknown[] }>('/api/v1/query', json(2))).body.rows).toHaveLength(2);
    await refused('/api/v1/query', 'limit', json(2.5));
    await refused('/api/v1/query', 'limit', json('0x2'));
  });

  it('refuses whole-number filter values outside the dimension’s range, naming the field and the range', async () => {
    const post = (values: unknown[], dimension = 'weekday') => ({
      method: 'POST',
      body: JSON.stringify({ metric: 'orders', where: [{ dimension, op: 'eq', values }] }),
      headers: { 'content-type': 'application/json' },
    });
    for (const value of [1e300, 1e20, 0, 8, -1])
      expect(await refused('/api/v1/query', 'where', post([value]))).toContain('"weekday" takes whole numbers from 1 to 7');
    expect(await refused('/api/v1/query', 'where', post([24], 'hour_of_day'))).toContain('from 0 to 23');
    expect(await refused('/api/v1/query?metric=orders&where=hour_of_day=24', 'where')).toContain(
      '"hour_of_day" takes whole numbers from 0 to 23',
    );
    expect(await refused('/api/v1/query?metric=orders&where=age%3E%3D131', 'where')).toContain('"age" takes whole numbers from 0 to 130');
    const week = await get<{ rows: { orders: number }[] }>('/api/v1/query', post([1, 7]));
    expect(week.status).toBe(200);
    expect(week.body.rows[0]!.orders).toBeGreaterThan(0);
  });

  it('refuses a range whose lower bound is above its upper bound, instead of answering 0', async () => {
    expect(await refused('/api/v1/query?metric=orders&where=age=30..20', 'where')).toContain('30..20 on "age" is empty');
    await refused(`/api/v1/query?metric=orders&where=${encodeURIComponent('day=2026-06-10..2026-06-01')}`, 'where');
    const forward = await get<{ rows: { orders: number }[] }>('/api/v1/query?metric=orders&where=age=20..30');
    expect(forward.status).toBe(200);
    expect(forward.body.rows[0]!.orders).toBeGreaterThan(0);
  });

  it('names the format and the time zone when it refuses them', async () => {
    expect(await refused('/api/v1/query?metric=orders&format=pdf', 'format')).toContain('format must be json, csv, xlsx or md');
    expect(await refused('/api/v1/query?metric=orders&timeZone=Mars%2FOlympus', 'timeZone')).toContain('Mars/Olympus');
  });

  it('takes only decimal digits for peak days and plain decimals for throughput and target', async () => {
    const venue = String((await store.runQuery({ sql: 'SELECT min(venue_id) AS v FROM catalog', params: [] }))[0]!.v);
    for (const text of loose) await refused(`/api/v1/flow/peaks?venue=${venue}&days=${encodeURIComponent(text)}`, 'days');
    await refused(`/api/v1/flow/peaks?venue=${venue}&throughput=0x10`, 'throughput');
    await refused(`/api/v1/flow/peaks?venue=${venue}&target=1e-1`, 'target');
  });

  it('takes only decimal digits for the status imports count', async () => {
    for (const text of loose) await refused(`/api/v1/status?imports=${encodeURIComponent(text)}`, 'imports');
    const { status, body } = await get<{ lastImports: unknown[] }>('/api/v1/status?imports=1');
    expect(status).toBe(200);
    expect(body.lastImports).toHaveLength(1);
  });
});
