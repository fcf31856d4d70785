/**
 * `flowsight report orders|logs` and GET /api/v1/reports/…: the documents users print and paste into
 * chat, built from a real store; their numbers must equal what `flowsight query` says.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/domain/calendar/civil-date.ts';
import type { LogReportDocument, OrderReportDocument } from '../src/query/build-reports.ts';
import type { MetricsResult } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

type OrderReport = OrderReportDocument;
type LogReport = LogReportDocument;

const dir = mkdtempSync(join(tmpdir(), 'flowsight-reports-'));
let db: string;
const period = ['--from', '2026-05-01', '--to', '2026-05-31'];
/** The demo store's last day of data (createDemoStore's default end). */
const LAST_DAY = '2026-06-15';

beforeAll(async () => {
  db = await createDemoStore(dir, 'reports');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cliJson<T>(args: string[]): Promise<T> {
  const result = await runCli([...args, '--db', db]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The store's first day of orders or behaviour events, as the metrics layer counts days. */
async function firstDataDay(): Promise<string> {
  const active = await cliJson<MetricsResult>(['query', '--json', '--metric', 'active_users', '--by', 'day']);
  return String(active.rows[0]!.day);
}

async function withApp<T>(work: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> {
  const store = await openDuckDbStore({ path: db, timeZone: 'Asia/Shanghai' });
  try {
    return await work(createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test' }));
  } finally {
    await store.close();
  }
}

describe('flowsight report orders', () => {
  it('reports the same KPIs, funnel and provinces as the metrics layer', async () => {
    const report = await cliJson<OrderReport>(['report', 'orders', ...period, '--format', 'json']);
    const query = await cliJson<MetricsResult>(['query', '--json', '--metric', 'orders,revenue,visitors,conversion_rate', ...period]);
    const kpi = (name: string) => report.kpis.find((k) => k.metric === name)!.value;
    for (const name of ['orders', 'revenue', 'visitors', 'conversion_rate']) expect(kpi(name)).toBe(query.rows[0]![name]);
    expect(report.funnel.created).toBe(kpi('orders'));
    expect(report.funnel.paid).toBeLessThanOrEqual(report.funnel.created);
    expect(report.funnel.completed + report.funnel.cancelled + report.funnel.refunded).toBeLessThanOrEqual(report.funnel.created);
    const byProvince = await cliJson<MetricsResult>(['query', '--json', '--metric', 'orders', '--by', 'province', ...period]);
    expect(report.provinces.rows.reduce((sum, r) => sum + Number(r.orders), 0)).toBe(
      byProvince.rows.reduce((sum, r) => sum + Number(r.orders), 0),
    );
    expect(report.heatmap.values.flat().reduce((a, b) => a + b, 0)).toBe(kpi('orders'));
    expect(report.daily.orders.map((p) => p.at)).toEqual(Array.from({ length: 31 }, (_, i) => `2026-05-${String(i + 1).padStart(2, '0')}`));
    expect(report.outlook.period).toEqual({ from: '2026-06-01', to: '2026-07-01' });
    // The outlook is the flow forecaster's: the days add up to the total and sit inside their band.
    expect(report.outlook.method).toMatch(/^orders: \w+.*back-test MASE/);
    expect(report.outlook.daily).toHaveLength(31);
    expect(report.outlook.orders).toBeCloseTo(report.outlook.daily.reduce((sum, p) => sum + p.value!, 0), 6);
    for (const p of report.outlook.daily) {
      expect(p.lower!).toBeLessThanOrEqual(p.value!);
      expect(p.value!).toBeLessThanOrEqual(p.upper!);
    }
  });

  it('writes one self-contained HTML file with charts and no scripts or remote resources', async () => {
    const out = join(dir, 'orders.html');
    const result = await runCli(['report', 'orders', ...period, '--format', 'html', '--out', out, '--db', db]);
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('订单分析报告');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).toContain('@media print');
  });

  it('writes Markdown short enough for a WeCom message', async () => {
    const result = await runCli(['report', 'orders', ...period, '--format', 'md', '--db', db]);
    expect(result.code).toBe(0);
    expect(Buffer.byteLength(result.stdout)).toBeLessThan(4096);
    expect(result.stdout).not.toMatch(/<[a-z]/i);
    expect(result.stdout).toContain('2026-05-01');
  });

  it('reports only the days with data when the period runs past the last day, and forecasts from there', async () => {
    const report = await cliJson<OrderReport>(['report', 'orders', '--from', '2026-06-01', '--to', '2026-06-30', '--format', 'json']);
    expect(report.requestedPeriod).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(report.period).toEqual({ from: '2026-06-01', to: LAST_DAY });
    expect(report.notes.join('\n')).toContain(`2026-06-01 至 ${LAST_DAY}`);
    // No day after the data is a point, let alone an anomaly at zero.
    expect(report.daily.orders.at(-1)!.at).toBe(LAST_DAY);
    expect(report.anomalies.filter((a) => a.at > LAST_DAY)).toEqual([]);
    // Like with like: 15 days of data against the 15 days before them.
    expect(report.previousPeriod).toEqual({ from: '2026-05-17', to: '2026-05-31' });
    const query = await cliJson<MetricsResult>(['query', '--json', '--metric', 'orders', '--from', '2026-06-01', '--to', LAST_DAY, '--compare', 'previous']);
    const orders = report.kpis.find((k) => k.metric === 'orders')!;
    expect(orders.value).toBe(query.rows[0]!.orders);
    expect(orders.previousChangeRate).toBe(query.rows[0]!.orders_change_rate);
    // The outlook starts the day after the data and is trained on days with data only, so it is not near zero.
    expect(report.outlook.period.from).toBe('2026-06-16');
    const days = report.daily.orders.length;
    const recent = report.daily.orders.reduce((sum, p) => sum + p.value!, 0) / days;
    expect(report.outlook.orders! / report.outlook.daily.length).toBeGreaterThan(recent / 2);

    const md = await runCli(['report', 'orders', '--from', '2026-06-01', '--to', '2026-06-30', '--format', 'md', '--db', db]);
    expect(md.code).toBe(0);
    // No anomaly line for a day after the data.
    expect(md.stdout).not.toMatch(/^- 2026-06-(1[6-9]|[23]\d) /m);
    expect(md.stdout).not.toContain('-100.0%');
    expect(md.stdout).toContain(`> 说明：所选期间 2026-06-01 至 2026-06-30 只有 2026-06-01 至 ${LAST_DAY} 有数据`);
  });

  it('judges no day without a week of data before it, and compares with no period before the data', async () => {
    const first = await firstDataDay();
    const report = await cliJson<OrderReport>(['report', 'orders', '--from', first, '--to', addDays(first, 34), '--format', 'json']);
    const firstJudged = addDays(first, 7);
    expect(report.anomalies.filter((a) => a.at < firstJudged)).toEqual([]);
    for (const point of report.daily.orders) {
      if (point.at < firstJudged) expect(point.expected).toBeNull();
      // A baseline is made of real days, not of zeros before the first record.
      else expect(point.expected).toBeGreaterThan(0);
    }
    expect(report.notes.join('\n')).toContain(`${first} 至 ${addDays(first, 6)} 不判断异常`);
    const orders = report.kpis.find((k) => k.metric === 'orders')!;
    expect(orders.value).toBeGreaterThan(0);
    expect([orders.previous, orders.previousChangeRate, orders.lastYear, orders.lastYearChangeRate]).toEqual([null, null, null, null]);
  });

  it('reports a filter on an order dimension, with the KPIs it cannot apply to marked not applicable', async () => {
    const report = await cliJson<OrderReport>(['report', 'orders', ...period, '--where', 'order_type=online', '--format', 'json', '--locale', 'en']);
    expect(report.filters).toEqual(['order_type=online']);
    const query = await cliJson<MetricsResult>(['query', '--json', '--metric', 'orders,revenue', '--where', 'order_type=online', ...period]);
    const kpi = (name: string) => report.kpis.find((k) => k.metric === name)!;
    expect(kpi('orders').value).toBe(query.rows[0]!.orders);
    expect(kpi('revenue').value).toBe(query.rows[0]!.revenue);
    expect(kpi('orders').notApplicable).toBeUndefined();
    for (const name of ['visitors', 'conversion_rate']) {
      expect(kpi(name).value).toBeNull();
      expect(kpi(name).notApplicable).toMatch(/order type \(order_type\)/);
    }
    expect(report.topVenues.columns.map((c) => c.name)).not.toContain('visitors');
    expect(report.funnel.created).toBe(query.rows[0]!.orders);
    const md = await runCli(['report', 'orders', ...period, '--where', 'order_type=online', '--format', 'md', '--locale', 'en', '--db', db]);
    expect(md.stdout).toMatch(/^- Visitors \*\*—\*\*｜not applicable: visitors cannot be filtered by order type \(order_type\)$/m);
  });

  it('checks the --out path before building the report, in one line', async () => {
    // A period without data: were the report built first, its refusal would be the message.
    const out = join(dir, 'missing', 'x.csv');
    const result = await runCli(['report', 'orders', '--from', '2020-01-01', '--to', '2020-01-07', '--out', out, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`flowsight: cannot write ${out}: the directory ${join(dir, 'missing')} does not exist\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a period that ends before it starts', async () => {
    const result = await runCli(['report', 'orders', '--from', '2026-05-10', '--to', '2026-05-01', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ends (2026-05-01) before it starts');
  });
});

describe('flowsight report logs', () => {
  it('groups error messages into templates whose counts add up to the errors logged', async () => {
    const report = await cliJson<LogReport>(['report', 'logs', ...period, '--format', 'json']);
    const errors = await cliJson<MetricsResult>([
      'query',
      '--json',
      '--metric',
      'log_count',
      '--where',
      'log_level=ERROR,FATAL',
      ...period,
    ]);
    expect(report.topErrors.length).toBeGreaterThan(3);
    expect(report.topErrors.every((t) => !/\d{3,}/.test(t.template))).toBe(true);
    const grouped = report.topErrors.reduce((sum, t) => sum + t.count, 0);
    expect(grouped).toBeLessThanOrEqual(Number(errors.rows[0]!.log_count));
    expect(grouped).toBeGreaterThan(Number(errors.rows[0]!.log_count) * 0.8);
    const levels = Object.keys(report.daily.byLevel);
    expect(levels).toContain('ERROR');
    expect(report.daily.days).toHaveLength(31);
  });

  it('applies its filter to every part, error templates included, and states it', async () => {
    const report = await cliJson<LogReport>(['report', 'logs', ...period, '--where', 'log_source=client', '--format', 'json']);
    expect(report.filters).toEqual(['log_source=client']);
    const client = await cliJson<MetricsResult>(['query', '--json', '--metric', 'log_count', '--where', 'log_source=client', ...period]);
    expect(report.kpis.find((k) => k.metric === 'log_count')!.value).toBe(client.rows[0]!.log_count);
    const errors = async (where: string[]) =>
      Number(
        (await cliJson<MetricsResult>(['query', '--json', '--metric', 'log_count', '--where', 'log_level=ERROR,FATAL', ...where, ...period]))
          .rows[0]!.log_count,
      );
    const clientErrors = await errors(['--where', 'log_source=client']);
    expect(clientErrors).toBeLessThan(await errors([]));
    expect(report.topErrors.reduce((sum, t) => sum + t.count, 0)).toBeLessThanOrEqual(clientErrors);
    expect(report.bySource.rows.map((r) => r.log_source)).toEqual(['client']);
    const md = await runCli(['report', 'logs', ...period, '--where', 'log_source=client', '--format', 'md', '--db', db]);
    expect(md.stdout).toContain('> 筛选条件：log_source=client');
    const html = await runCli(['report', 'logs', ...period, '--where', 'log_source=client', '--format', 'html', '--db', db]);
    expect(html.stdout).toContain('<dd>log_source=client</dd>');
  });
});

describe('/api/v1/reports', () => {
  it('takes a period given only its end or only its start', async () => {
    await withApp(async (app) => {
      const toOnly = await app.request('/api/v1/reports/orders?to=2026-05-31&format=json');
      expect(toOnly.status).toBe(200);
      expect(((await toOnly.json()) as OrderReport).period).toEqual({ from: '2026-05-25', to: '2026-05-31' });
      const fromOnly = await app.request('/api/v1/reports/orders?from=2026-05-01&format=json');
      expect(fromOnly.status).toBe(200);
      // To the last complete day, then to the last day with data.
      expect(((await fromOnly.json()) as OrderReport).period).toEqual({ from: '2026-05-01', to: LAST_DAY });
    });
  });

  it('answers a report filtered by an order dimension', async () => {
    await withApp(async (app) => {
      const response = await app.request('/api/v1/reports/orders?from=2026-05-01&to=2026-05-31&where=order_type=online&format=md');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('order_type=online');
    });
  });

  it('serves the HTML report and refuses unknown reports with 404', async () => {
    const store = await openDuckDbStore({ path: db, timeZone: 'Asia/Shanghai' });
    try {
      const app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test' });
      const response = await app.request('/api/v1/reports/orders?from=2026-05-01&to=2026-05-07&format=html&locale=en');
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('Order analysis report');
      const missing = await app.request('/api/v1/reports/profit');
      expect(missing.status).toBe(404);
    } finally {
      await store.close();
    }
  });
});

describe('flowsight report through a running server', () => {
  let served: { child: ChildProcess; url: string } | undefined;
  let shared: string;

  beforeAll(async () => {
    shared = join(dir, 'served.duckdb');
    copyFileSync(db, shared);
    served = await startServe(['--db', shared, '--no-demo', '--no-dashboard']);
  }, 90_000);
  afterAll(async () => {
    if (served) await stop(served.child);
  });

  it('makes the same report as without the server, in the zone asked', async () => {
    const ask = (path: string) => ['report', 'orders', ...period, '--format', 'json', '--time-zone', 'UTC', '--db', path];
    const remote = await runCli(ask(shared));
    const local = await runCli(ask(db));
    expect(remote.stderr).toBe('');
    expect(remote.code).toBe(0);
    const withoutTime = (text: string) => ({ ...(JSON.parse(text) as OrderReport), generatedAt: '' });
    expect(withoutTime(remote.stdout).timeZone).toBe('UTC');
    expect(withoutTime(remote.stdout)).toEqual(withoutTime(local.stdout));
  });
});
