/**
 * The forecast page in a real browser against `flowsight serve` on demo data: the whole business's
 * forecast with its bands and back-test accuracy, a venue chosen in the filter bar becoming the
 * target, the peak-period allocation table, and the holiday forecasts.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, saveScreenshot } from '../support/browser.ts';
import { businessDay, type DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

interface ForecastAnswer {
  forecast: {
    method: string;
    points: { ds: string; yhat: number; lower80: number; upper80: number }[];
    backtest: { scores: { method: string; mase: number }[]; selected: { mase: number; smape: number }; seasonalNaive: { mase: number } };
  };
}

const zhNumber = (value: number, digits: number) =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value);
const readNumber = (text: string): number => Number(text.replace(/[¥,\s]/g, ''));

describeInBrowser('forecast page', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  const to = businessDay(0);
  const from = businessDay(-29);

  const api = <T>(path: string) => server.api<T>(path);
  const params = () => new URL(page.url()).searchParams;
  /** A chart card switched to its table; its body rows as cell texts. */
  const tableOf = async (card: Locator): Promise<string[][]> => {
    const toggle = card.locator('.card-actions button.toggle');
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await card.locator('table.data-table tbody tr').first().waitFor();
    return card
      .locator('table.data-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
  };
  const headersOf = (card: Locator) => card.locator('table.data-table thead th').allInnerTexts();

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 120_000);

  it('shows the whole business’s forecast with its bands and its back-test accuracy next to seasonal naive', async () => {
    await page.goto(`${server.url}/forecast`);
    const chart = page.locator('[data-card="forecast-visitors-all"]');
    await chart.locator('.echart canvas').first().waitFor({ timeout: 60_000 });
    const answer = await api<ForecastAnswer>('/flow/forecast?metric=visitors&horizon=30');

    const accuracy = page.locator('[data-kpi="forecast-accuracy"]');
    const backtest = answer.forecast.backtest;
    await expect.poll(() => accuracy.innerText()).toContain(`MASE ${zhNumber(backtest.selected.mase, 2)}`);
    expect(await accuracy.innerText()).toContain(`sMAPE ${zhNumber(backtest.selected.smape, 1)}%`);
    expect(await accuracy.innerText()).toContain(`季节性朴素: MASE ${zhNumber(backtest.seasonalNaive.mase, 2)}`);
    const better = 1 - backtest.selected.mase / backtest.seasonalNaive.mase;
    expect(await accuracy.locator('[data-improvement]').innerText()).toMatch(better >= 0 ? /比季节性朴素好 \d/ : /比季节性朴素差 \d/);

    // The chart's table holds the forecast and both bands, as the API has them.
    const rows = await tableOf(chart);
    expect(await headersOf(chart)).toEqual(
      expect.arrayContaining(['预测', '80% 区间 下限', '80% 区间 上限', '95% 区间 下限', '95% 区间 上限']),
    );
    const first = answer.forecast.points[0]!;
    const row = rows.find((cells) => cells[0] === first.ds)!;
    expect(row, first.ds).toBeDefined();
    const digits = (value: number) => (Math.abs(value) < 1 ? 2 : Math.abs(value) < 10 ? 1 : 0);
    expect(readNumber(row[3]!)).toBeCloseTo(first.yhat, digits(first.yhat) - 0.5);
    expect(readNumber(row[4]!)).toBeCloseTo(first.lower80, digits(first.lower80) - 0.5);
    expect(readNumber(row[5]!)).toBeCloseTo(first.upper80, digits(first.upper80) - 0.5);
    expect(rows.filter((cells) => cells[3] !== '—')).toHaveLength(30);

    // Every candidate method's back-test score.
    const scores = await tableOf(page.locator('[data-card="forecast-backtest-visitors-all"]'));
    expect(scores).toHaveLength(backtest.scores.length);
    expect(scores.filter((cells) => cells[3] === '已选用')).toHaveLength(1);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows the holiday forecasts, or says in words that no holiday is coming', async () => {
    const holidays = await api<{ periods: { label: { zh: string } }[] }>('/flow/holidays?metric=visitors');
    const section = page.locator('[data-section="holidays"]');
    if (holidays.periods.length > 0) {
      await expect
        .poll(() => section.locator('.holiday-period h2').first().innerText(), { timeout: 30_000 })
        .toContain(holidays.periods[0]!.label.zh);
      expect(await section.innerText()).toMatch(/比平常一周 [+−-]?\d/);
    } else {
      await expect.poll(() => section.innerText(), { timeout: 30_000 }).toContain('未来 90 天内没有法定节假日');
    }
    expect(errors).toEqual([]);
  }, 60_000);

  it('plans the busiest venue’s peak hours with staff numbers when no venue is chosen', async () => {
    const venues = await api<{ rows: { venue: string; venue_name: string; visitors: number }[] }>(
      `/query?metric=visitors&by=venue&by=venue_name&from=${from}&to=${to}&order=visitors:desc&limit=50`,
    );
    const section = page.locator('[data-section="peaks"]');
    const picker = section.locator('select[name="peak_venue"]');
    await expect.poll(() => picker.inputValue(), { timeout: 30_000 }).not.toBe('');
    // The busiest venue (one of them, when several tie) is planned, and the page says so.
    const top = venues.rows.filter((row) => row.visitors === venues.rows[0]!.visitors);
    const venue = await picker.inputValue();
    expect(top.map((row) => row.venue)).toContain(venue);
    const name = top.find((row) => row.venue === venue)!.venue_name;
    await expect.poll(() => section.locator('.peak-note').innerText()).toContain(`「${name}」`);
    const table = section.locator(`[data-card^="peak-allocation-${venue}-"] table.data-table`);
    await table.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await table.locator('thead th').allInnerTexts()).toEqual(expect.arrayContaining(['时段', '建议人员', '放票配额']));
    const plan = await api<{ days: { date: string; hours: { hour: number; open: boolean; staff: number; quota: number | null }[] }[] }>(
      `/flow/peaks?venue=${venue}&days=7&throughput=60&target=0.85`,
    );
    const hours = plan.days[0]!.hours.filter((hour) => hour.open);
    const cells = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? '')));
    expect(cells).toHaveLength(hours.length);
    const staffColumn = (await table.locator('thead th').allInnerTexts()).indexOf('建议人员');
    cells.forEach((row, index) => {
      expect(row[0]).toMatch(new RegExp(`^${String(hours[index]!.hour).padStart(2, '0')}:00`));
      expect(row[staffColumn]).toBe(String(hours[index]!.staff));
    });
    // Staff throughput is an input kept in the URL; the plan follows it.
    await section.locator('input[name="peak_throughput"]').fill('30');
    await section.locator('input[name="peak_throughput"]').press('Tab');
    await expect.poll(() => params().get('peak_throughput')).toBe('30');
    const slower = await api<{ days: { hours: { open: boolean; staff: number }[] }[] }>(
      `/flow/peaks?venue=${venue}&days=7&throughput=30&target=0.85`,
    );
    const staffAt30 = slower.days[0]!.hours.filter((hour) => hour.open).map((hour) => String(hour.staff));
    await expect
      .poll(() =>
        table.locator('tbody tr').evaluateAll((rows, column) => rows.map((row) => row.children[column]?.textContent ?? ''), staffColumn),
      )
      .toEqual(staffAt30);
    expect(errors).toEqual([]);
  }, 60_000);

  it('makes a venue chosen in the filter bar the target of the forecast and the peak plan', async () => {
    // Hold the venue's forecast back a moment, so the wait the page explains can be seen.
    await page.route(/\/api\/v1\/flow\/forecast\?.*venue=/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const venueSelect = page.locator('select[name="venue"]');
    // The venue list is filled when the user reaches for it.
    await venueSelect.focus();
    const option = venueSelect.locator('option:not([value=""])').nth(1);
    await option.waitFor({ state: 'attached', timeout: 30_000 });
    const venue = (await option.getAttribute('value'))!;
    const name = (await option.textContent())!;
    await venueSelect.selectOption(venue);
    await expect.poll(() => params().get('venue')).toBe(venue);
    await expect.poll(() => page.locator('[data-target]').getAttribute('data-target')).toBe(`venue-${venue}`);
    await expect.poll(() => page.locator('[data-target]').innerText()).toContain(name);
    // A venue's forecast may be computed on demand: the page says so while it waits.
    await expect.poll(() => page.locator('main').innerText()).toContain('正在计算预测…');
    const chart = page.locator(`[data-card="forecast-visitors-venue-${venue}"]`);
    await chart.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-section="peaks"] .peak-note').innerText()).toContain('按筛选的场所规划');
    await page.locator(`[data-card^="peak-allocation-${venue}-"] table.data-table tbody tr`).first().waitFor({ timeout: 30_000 });

    // The horizon picker is in the URL too.
    await page.locator('.horizon-picker button', { hasText: '7 天' }).click();
    await expect.poll(() => params().get('fc_horizon')).toBe('7');
    await expect.poll(async () => (await tableOf(chart)).filter((cells) => cells[3] !== '—').length, { timeout: 30_000 }).toBe(7);
    await page.locator('.horizon-picker button', { hasText: '30 天' }).click();
    await expect.poll(() => params().get('fc_horizon')).toBe('30');
    // Charts back from their tables for the screenshot.
    const pressed = page.locator('.card-actions button.toggle[aria-pressed="true"]');
    while ((await pressed.count()) > 0) await pressed.first().click();
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'forecast');
    expect(errors).toEqual([]);
  }, 90_000);
});
