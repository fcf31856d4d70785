/**
 * The overview (/) in Debian's Chromium on the real `flowsight serve` with demo data: today's KPI
 * cards, the 7-day forecast against the API, hot spots and alerts, a region filter reaching the
 * forecast and the URL, and an order posted through the ingest API showing up live, without a reload.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, saveScreenshot, waitForDashboard, chartTableRows } from '../support/browser.ts';
import type { DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

interface ForecastAnswer {
  forecast: { points: { ds: string; yhat: number }[] };
}

const zh = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

describeInBrowser('the overview in a browser', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  const api = <T>(path: string) => server.api<T>(path);

  const kpiValue = (id: string) => page.locator(`[data-kpi="${id}"] .kpi-value`).innerText();

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });

  it('shows today’s KPI cards, the next 7 days’ forecast, hot spots and alerts from the demo data', async () => {
    await page.goto(server.url);
    await waitForDashboard(page, 60_000);
    await page.locator('[data-live-status="live"]').waitFor();
    for (const id of ['visitors', 'orders', 'revenue']) expect(await kpiValue(id), id).toMatch(/\d/);
    // The forecast for today is the full-day reference of the visitors card.
    const visitors = await api<ForecastAnswer>('/flow/forecast?metric=visitors&horizon=7');
    const todayForecast = visitors.forecast.points.find((p) => p.ds === server.today)!;
    expect(await page.locator('[data-kpi="visitors"]').innerText()).toContain(`全天预测 ${zh.format(todayForecast.yhat)}`);

    const rows = await chartTableRows(page.locator('[data-card="forecast-7d-visitors"]'));
    const future = rows.filter((cells) => cells[0]! >= server.today);
    expect(future.map((cells) => cells[0])).toEqual(visitors.forecast.points.slice(0, 7).map((p) => p.ds));
    expect(future.map((cells) => cells[3])).toEqual(visitors.forecast.points.slice(0, 7).map((p) => zh.format(p.yhat)));
    // The 14 days before today are actuals.
    expect(rows.filter((cells) => cells[0]! < server.today && cells[2] !== '—')).toHaveLength(14);

    const hotspots = await api<{ ranking: { rows: { label: string }[] } }>('/flow/hotspots?level=venue&limit=10&days=7');
    const hot = await chartTableRows(page.locator('[data-card="hotspots-venue"]'));
    expect(hot.map((cells) => cells[1])).toEqual(hotspots.ranking.rows.map((row) => row.label));

    const alerts = await api<{ alerts: unknown[] }>('/alerts/active');
    const card = page.locator('[data-card="active-alerts"]');
    if (alerts.alerts.length === 0) expect(await card.innerText()).toContain('当前没有告警');
    else expect(await card.locator('li').count()).toBe(alerts.alerts.length);
    expect(await page.locator('.state-error').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows an order posted through the ingest API within 3 seconds, without reloading', async () => {
    await page.goto(server.url);
    await waitForDashboard(page, 60_000);
    await page.locator('[data-live-status="live"]').waitFor();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const before = Number((await kpiValue('orders')).replace(/\D/g, ''));
    const product = await api<{ rows: { product: string }[] }>('/query?metric=orders&by=product&limit=1');
    const now = new Date().toISOString();
    const line = {
      order_id: 'WEB-LIVE-1',
      user_id: 'U-web-1',
      created_at: now,
      paid_at: now,
      amount: 88.8,
      status: 'completed',
      channel: 'wechat',
      order_type: 'online',
      product_id: product.rows[0]!.product,
    };
    const response = await fetch(`${server.url}/api/v1/ingest/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.ingestKey}`, 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(line)}\n`,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as { accepted: number }).accepted).toBe(1);
    const posted = Date.now();
    // Checked inside the page, so the time measured is the page's, not the test's round trips.
    await page.waitForFunction(
      (ordersBefore) => {
        const orders = Number((document.querySelector('[data-kpi="orders"] .kpi-value')?.textContent ?? '').replace(/\D/g, ''));
        const latest = document.querySelector('[data-card="latest-orders"] table')?.textContent ?? '';
        return orders === ordersBefore + 1 && latest.includes('WEB-LIVE-1');
      },
      before,
      { timeout: 3000, polling: 50 },
    );
    expect(Date.now() - posted).toBeLessThan(3000);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await saveScreenshot(page, 'overview');
    expect(errors).toEqual([]);
  }, 60_000);

  it('follows the region filter: the URL, the forecast and the live feed change with it', async () => {
    await page.goto(server.url);
    await waitForDashboard(page, 60_000);
    const province = page.locator('select[name="province"]');
    await expect.poll(async () => province.locator('option').count()).toBeGreaterThan(1);
    const choice = (await province.locator('option').nth(1).getAttribute('value'))!;
    const feeds: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/live')) feeds.push(decodeURIComponent(request.url()));
    });
    await province.selectOption(choice);
    await page.waitForURL(new RegExp(`province=${encodeURIComponent(choice)}`));
    const forecast = await api<ForecastAnswer>(`/flow/forecast?metric=visitors&horizon=7&province=${encodeURIComponent(choice)}`);
    const card = page.locator('[data-card="forecast-7d-visitors"]');
    await expect
      .poll(async () => (await chartTableRows(card)).filter((cells) => cells[0]! >= server.today).map((cells) => cells[3]), {
        timeout: 10_000,
      })
      .toEqual(forecast.forecast.points.slice(0, 7).map((p) => zh.format(p.yhat)));
    await expect.poll(() => feeds.some((url) => url.includes(`province=${choice}`))).toBe(true);
    await page.locator('[data-live-status="live"]').waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
