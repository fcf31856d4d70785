/**
 * The time view (/time) in Debian's Chromium on the real `flowsight serve` with demo data: the
 * period's totals and the trend against the metrics API, grain, metric and period changes reaching
 * the URL and the tables, the weekday × hour heatmap, peak hours, and the English labels.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, saveScreenshot, waitForDashboard, chartTableRows } from '../support/browser.ts';
import type { DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

interface QueryAnswer {
  rows: Record<string, string | number | null>[];
}

const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekdayOf = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

describeInBrowser('the time view in a browser', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  const api = (path: string) => server.api<QueryAnswer>(path);

  const trendCard = () => page.locator('[data-card^="trend-"]');

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });

  it('shows the period’s totals and the daily trend with its forecast, as the metrics API counts them', async () => {
    const from = addDays(server.today, -29);
    await page.goto(`${server.url}/time`);
    await waitForDashboard(page, 60_000);
    const totals = await api(`/query?metric=visitors&metric=orders&from=${from}&to=${server.today}&compare=previous`);
    expect(await page.locator('[data-kpi="orders"] .kpi-value').innerText()).toBe(zh.format(Number(totals.rows[0]!.orders)));
    expect(await page.locator('[data-kpi="visitors"] .kpi-value').innerText()).toBe(zh.format(Number(totals.rows[0]!.visitors)));

    const daily = await api(`/query?metric=visitors&by=day&from=${from}&to=${server.today}`);
    // The forecast continues the series after the period (it arrives after the actuals): 14 days from today.
    const forecast = (await (await fetch(`${server.url}/api/v1/flow/forecast?metric=visitors&horizon=14`)).json()) as {
      forecast: { points: { ds: string; yhat: number }[] };
    };
    await expect
      .poll(
        async () => (await chartTableRows(trendCard())).filter((cells) => cells[0]! >= server.today).map((cells) => [cells[0], cells[3]]),
        {
          timeout: 15_000,
        },
      )
      .toEqual(forecast.forecast.points.map((p) => [p.ds, zh.format(p.yhat)]));
    const rows = await chartTableRows(trendCard());
    const yesterday = addDays(server.today, -1);
    const shown = rows.find((cells) => cells[0] === yesterday)!;
    expect(shown[2]).toBe(zh.format(Number(daily.rows.find((row) => row.day === yesterday)!.visitors)));
    expect(errors).toEqual([]);
  }, 90_000);

  it('changes grain, metric and period through the URL and the trend table', async () => {
    await page.goto(`${server.url}/time`);
    await waitForDashboard(page, 60_000);
    await page.getByRole('button', { name: '周', exact: true }).click();
    await page.waitForURL(/grain=week/);
    await expect
      .poll(async () => {
        const rows = await chartTableRows(trendCard());
        return rows.length > 0 && rows.every((cells) => weekdayOf(cells[0]!.slice(0, 10)) === 1);
      })
      .toBe(true);

    await page.locator('select[name="metric"]').selectOption('orders');
    await page.waitForURL(/metric=orders/);
    await page.locator('[data-card^="trend-orders-week"]').waitFor();
    const from = addDays(server.today, -29);
    const weekly = await api(`/query?metric=orders&by=week&from=${from}&to=${server.today}`);
    await expect
      .poll(async () => (await chartTableRows(trendCard())).map((cells) => [cells[0]!.slice(0, 10), cells[1]]))
      .toEqual(weekly.rows.map((row) => [row.week, zh.format(Number(row.orders))]).sort());

    // A shorter period through the filter bar's date input: the URL and the rows follow.
    const newFrom = addDays(server.today, -9);
    await page.getByRole('button', { name: '日', exact: true }).click();
    await page.waitForURL(/grain=day/);
    await page.locator('input[name="from"]').fill(newFrom);
    await page.waitForURL(new RegExp(`from=${newFrom}`));
    await page.locator(`[data-card^="trend-orders-day-${newFrom}"]`).waitFor();
    const daily = await api(`/query?metric=orders&by=day&from=${newFrom}&to=${server.today}`);
    await expect
      .poll(async () =>
        (await chartTableRows(trendCard())).filter((cells) => cells[0]! <= server.today).map((cells) => [cells[0], cells[2]]),
      )
      .toEqual(
        Array.from({ length: 10 }, (_, i) => addDays(newFrom, i)).map((day) => [
          day,
          zh.format(Number(daily.rows.find((row) => row.day === day)?.orders ?? 0)),
        ]),
      );
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows the weekday × hour heatmap and the peak hours of the period', async () => {
    const from = addDays(server.today, -29);
    await page.goto(`${server.url}/time?metric=visitors`);
    await waitForDashboard(page, 60_000);
    const heat = await chartTableRows(page.locator('[data-card^="heatmap-visitors"]'));
    expect(heat).toHaveLength(7);
    expect(heat.every((cells) => cells.length === 25)).toBe(true);
    expect(heat.map((cells) => cells[0])).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    const cells = await api(`/query?metric=visitors&by=weekday&by=hour_of_day&from=${from}&to=${server.today}`);
    const busiest = [...cells.rows].sort((a, b) => Number(b.visitors) - Number(a.visitors))[0]!;
    expect(heat[Number(busiest.weekday) - 1]![Number(busiest.hour_of_day) + 1]).toBe(zh.format(Number(busiest.visitors)));

    const peaks = await chartTableRows(page.locator('[data-card^="peaks-visitors"]'));
    expect(peaks).toHaveLength(24);
    const summary = page.locator('[data-card="peak-summary"] tbody tr');
    expect(await summary.count()).toBe(3);
    expect(await summary.first().innerText()).toMatch(/工作日\s+\d+\s+\d+:00\s+\d+:00–\d+:00/);
    expect(errors).toEqual([]);
  }, 60_000);

  it('switches to English labels', async () => {
    await page.goto(`${server.url}/time`);
    await waitForDashboard(page, 60_000);
    expect(await page.locator('h1').innerText()).toBe('时间维度分析');
    await page.getByRole('button', { name: '切换到英文' }).click();
    await page.waitForURL(/lang=en/);
    await waitForDashboard(page);
    expect(await page.locator('h1').innerText()).toBe('Time analysis');
    expect(await page.locator('[data-card^="heatmap-"] h2').innerText()).toBe('Weekday × hour heatmap');
    expect(await page.getByRole('button', { name: 'Week', exact: true }).count()).toBe(1);
    expect(await page.locator('[data-kpi="orders"] .kpi-label').innerText()).toBe('Orders');
    await page.locator('[data-card^="trend-"]').waitFor();
    await saveScreenshot(page, 'time');
    expect(errors).toEqual([]);
  }, 60_000);
});
