/**
 * `flowsight report orders|logs` and GET /api/v1/reports/…: the documents users print and paste into
 * chat, built from a real store; their numbers must equal what `flowsight query` says.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogReport, OrderReport } from '../src/analysis/reports/report-model.ts';
import type { MetricsResult } from '../src/query/query-metrics.ts';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-reports-'));
let db: string;
const period = ['--from', '2026-05-01', '--to', '2026-05-31'];

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
});

describe('/api/v1/reports', () => {
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
