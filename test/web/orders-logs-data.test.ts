/**
 * The order report (/orders), system logs (/logs) and collection health (/data) in Debian's Chromium
 * on the real `flowsight serve` with demo data: numbers cross-checked with the metrics API and the
 * status endpoint, a channel filter reaching the URL, the KPIs and the charts, a rejected streamed
 * record showing up on /data by itself, and the English labels.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeInBrowser, saveScreenshot, waitForDashboard } from '../support/browser.ts';
import type { DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

interface QueryAnswer {
  rows: Record<string, string | number | null>[];
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The number in a formatted cell ("1,234" → 1234). */
const numberIn = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

describeInBrowser('orders, logs and data pages in a browser', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  let from: string;
  let to: string;

  const api = <T = QueryAnswer>(path: string) => server.api<T>(path);

  /** Switches a chart card to its table (once) and returns its header and body cells. */
  async function tableOf(card: Locator): Promise<{ header: string[]; rows: string[][] }> {
    const toggle = card.locator('button.toggle');
    if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await card.locator('table tbody tr').first().waitFor();
    const header = await card.locator('table thead th').allInnerTexts();
    const rows = await card
      .locator('table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    return { header, rows };
  }

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
    // The demo data ends yesterday: a 30-day period ending then is full.
    to = addDays(server.today, -1);
    from = addDays(to, -29);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });

  it('shows the order KPIs as the metrics API counts them, and a channel chosen narrows the URL, the KPIs and the charts', async () => {
    await page.goto(`${server.url}/orders?from=${from}&to=${to}`);
    await waitForDashboard(page, 60_000);
    const kpi = page.locator('[data-kpi="orders"] .kpi-value');
    const all = await api(`/query?metric=orders&from=${from}&to=${to}`);
    expect(numberIn(await kpi.innerText())).toBe(Number(all.rows[0]!.orders));
    // The daily chart's table adds up to the KPI.
    const daily = await tableOf(page.locator('[data-card="orders-daily"]'));
    expect(daily.rows).toHaveLength(30);
    expect(daily.rows.reduce((sum, row) => sum + numberIn(row[1]!), 0)).toBe(Number(all.rows[0]!.orders));

    const channels = await tableOf(page.locator('[data-card="orders-channel-mix"]'));
    expect(channels.rows.length).toBeGreaterThan(1);
    await page.locator('select[name="channel"]').selectOption('wechat');
    await page.waitForURL(/channel=wechat/);
    const wechat = await api(`/query?metric=orders&from=${from}&to=${to}&where=channel=wechat`);
    const filtered = Number(wechat.rows[0]!.orders);
    expect(filtered).toBeLessThan(Number(all.rows[0]!.orders));
    await expect.poll(async () => numberIn(await kpi.innerText()), { timeout: 15_000 }).toBe(filtered);
    await waitForDashboard(page);
    const narrowed = await tableOf(page.locator('[data-card="orders-channel-mix"]'));
    expect(narrowed.rows.map((row) => row[1])).toEqual(['wechat']);
    const dailyWechat = await tableOf(page.locator('[data-card="orders-daily"]'));
    expect(dailyWechat.rows.reduce((sum, row) => sum + numberIn(row[1]!), 0)).toBe(filtered);
    // The report files follow the filters.
    expect(await page.getByRole('link', { name: '报告 HTML' }).getAttribute('href')).toContain('where=channel%3Dwechat');
    await saveScreenshot(page, 'orders');
    expect(await page.locator('.state-error').allTextContents()).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('counts log levels as the metrics API does, and switches to English', async () => {
    await page.goto(`${server.url}/logs?from=${from}&to=${to}`);
    await waitForDashboard(page, 60_000);
    const levels = await api(`/query?metric=log_count&by=log_level&from=${from}&to=${to}`);
    const errorCount = Number(levels.rows.find((row) => row.log_level === 'ERROR')!.log_count);
    expect(errorCount).toBeGreaterThan(0);
    const volume = await tableOf(page.locator('[data-card="logs-by-level-daily"]'));
    const column = volume.header.findIndex((label) => label.startsWith('ERROR'));
    expect(column).toBeGreaterThan(0);
    expect(volume.rows.reduce((sum, row) => sum + numberIn(row[column]!), 0)).toBe(errorCount);
    const mix = await tableOf(page.locator('[data-card="logs-levels"]'));
    expect(numberIn(mix.rows.find((row) => row[0] === 'ERROR')![2]!)).toBe(errorCount);
    await expect(page.locator('[role="note"]').innerText()).resolves.toContain('日志没有地区属性');
    await saveScreenshot(page, 'logs');

    await page.getByRole('button', { name: '切换到英文' }).click();
    await page.waitForURL(/lang=en/);
    await waitForDashboard(page);
    expect(await page.locator('h1').innerText()).toBe('System logs');
    expect(await page.locator('[data-card="logs-error-rate"] h2').innerText()).toBe('Error rate');
    expect(await page.locator('[role="note"]').innerText()).toContain('Logs have no region');
    expect(errors).toEqual([]);
  }, 60_000);

  it('lists every entity with its stored rows, and shows a streamed record’s reject reason by itself', async () => {
    await page.goto(`${server.url}/data`);
    await waitForDashboard(page, 60_000);
    const status = await api<{ entities: { kind: string; rows: number }[] }>('/status');
    expect(status.entities).toHaveLength(6);
    for (const entity of status.entities) {
      const card = page.locator(`[data-entity="${entity.kind}"]`);
      expect(await card.getAttribute('data-rows'), entity.kind).toBe(String(entity.rows));
      expect(numberIn(await card.locator('.kpi-value').innerText()), entity.kind).toBe(entity.rows);
    }
    const imports = await tableOf(page.locator('[data-card="imports"]'));
    expect(imports.rows.length).toBeGreaterThanOrEqual(6);

    const response = await fetch(`${server.url}/api/v1/ingest/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.ingestKey}` },
      body: [
        JSON.stringify({
          order_id: 'web-ok-1',
          user_id: 'u1',
          created_at: `${server.today} 09:00:00`,
          amount: '18.00',
          status: 'completed',
        }),
        JSON.stringify({
          order_id: 'web-bad-1',
          user_id: 'u1',
          created_at: `${server.today} 09:01:00`,
          amount: 'lots',
          status: 'completed',
        }),
      ].join('\n'),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      accepted: number;
      rejected: number;
      lines: { line: number; status: string; reason?: string }[];
    };
    expect(answer).toMatchObject({ accepted: 1, rejected: 1 });
    const reason = answer.lines.find((line) => line.status === 'rejected')!.reason!;

    // No reload: the page asks again every 10 seconds.
    const rejects = page.locator('[data-card="ingest-rejects"]');
    await expect.poll(async () => rejects.innerText(), { timeout: 25_000, interval: 500 }).toContain(reason);
    const row = (await tableOf(rejects)).rows.find((cells) => cells.includes(reason))!;
    expect(row).toContain('http:web-test');
    expect(row).toContain('2');
    const sources = await tableOf(page.locator('[data-card="ingest-sources"]'));
    const stream = sources.rows.find((cells) => cells[0] === 'http:web-test')!;
    expect(stream.slice(1, 3)).toEqual(['订单', '实时']);
    expect(numberIn(stream[8]!)).toBe(1);
    expect(await page.locator('.updated-at').innerText()).toMatch(/更新于|刷新中/);
    await saveScreenshot(page, 'data');
    expect(await page.locator('.state-error').allTextContents()).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
