/**
 * The region view in a real browser against `flowsight serve` on demo data: the map of China lists
 * every province with the API's numbers, a click on the map drills into a province, the breadcrumb
 * and the filter bar move between levels, and the metric picker changes URL and values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, saveScreenshot } from '../support/browser.ts';
import { businessDay, type DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

interface QueryAnswer {
  rows: Record<string, string | number | null>[];
}

const REGIONS = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'map', 'china.json'), 'utf8')) as {
    features: { properties: { name: string } }[];
  }
).features.map((feature) => feature.properties.name);

/** A number as the page writes it (12,345 / ¥1,234.50), back to a number. */
const readNumber = (text: string): number => Number(text.replace(/[¥,\s]/g, ''));

describeInBrowser('region view', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];
  // The page's default period: the last 30 days up to today.
  const to = businessDay(0);
  const from = businessDay(-29);

  const api = (path: string) => server.api<QueryAnswer>(path);
  const mapCard = () => page.locator('[data-card^="region-map-"]');
  /** The rows of a chart card's table view as [first column, second column] texts. */
  const cardTable = async (card: Locator): Promise<[string, string][]> => {
    const toggle = card.locator('.card-actions button.toggle');
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    const rows = card.locator('table.data-table tbody tr');
    await rows.first().waitFor();
    return (await rows.evaluateAll((trs) => trs.map((tr) => [tr.children[0]?.textContent ?? '', tr.children[1]?.textContent ?? '']))) as [
      string,
      string,
    ][];
  };
  const showChart = async (card: Locator) => {
    const toggle = card.locator('.card-actions button.toggle');
    if ((await toggle.getAttribute('aria-pressed')) === 'true') await toggle.click();
    await card.locator('.echart canvas').first().waitFor();
  };
  const params = () => new URL(page.url()).searchParams;

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  }, 120_000);

  it('draws every province, Taiwan, Hong Kong and Macao included, with the numbers of the metrics API', async () => {
    await page.goto(`${server.url}/region`);
    await mapCard().locator('.echart canvas').first().waitFor({ timeout: 30_000 });
    const rows = await cardTable(mapCard());
    const listed = rows.map(([name]) => name);
    for (const region of REGIONS) expect(listed, region).toContain(region);
    expect(REGIONS).toEqual(expect.arrayContaining(['台湾', '香港', '澳门']));

    const answer = await api(`/query?metric=visitors&by=province&from=${from}&to=${to}`);
    const expected = new Map(
      answer.rows.filter((row) => row.province && row.visitors !== null).map((row) => [String(row.province), Number(row.visitors)]),
    );
    expect(expected.size).toBeGreaterThan(5);
    for (const [name, value] of rows) {
      if (expected.has(name)) expect(readNumber(value), name).toBe(expected.get(name));
      else expect(value, name).toBe('无数据');
    }
    await showChart(mapCard());
    await saveScreenshot(page, 'region');
    expect(errors).toEqual([]);
  }, 60_000);

  it('drills into a province clicked on the map and lists its cities', async () => {
    // Find 新疆 on the canvas by hovering until the tooltip names it (starting where the west of the
    // map is drawn), then click there: a real click on the canvas, no ECharts API.
    const canvas = mapCard().locator('.echart');
    const box = (await canvas.boundingBox())!;
    const grid: { x: number; y: number }[] = [];
    for (let y = 0.1; y <= 0.9; y += 0.05) for (let x = 0.05; x <= 0.95; x += 0.05) grid.push({ x, y });
    grid.sort((a, b) => Math.hypot(a.x - 0.3, a.y - 0.4) - Math.hypot(b.x - 0.3, b.y - 0.4));
    const tooltipAt = async (point: { x: number; y: number }, wait: number) => {
      await page.mouse.move(point.x, point.y);
      await page.waitForTimeout(wait);
      return (await canvas.innerText()).trim();
    };
    let spot: { x: number; y: number } | undefined;
    for (const cell of grid) {
      const point = { x: box.x + box.width * cell.x, y: box.y + box.height * cell.y };
      // A tooltip can outlive the region it was shown for: a hit is confirmed after a longer wait.
      if ((await tooltipAt(point, 60)).startsWith('新疆') && (await tooltipAt(point, 300)).startsWith('新疆')) {
        spot = point;
        break;
      }
    }
    expect(spot, 'the tooltip named 新疆 somewhere on the left of the map').toBeDefined();
    await page.mouse.click(spot!.x, spot!.y);
    await page.waitForURL(/province=/);
    expect(params().get('province')).toBe('新疆');
    await expect.poll(() => page.locator('.breadcrumb').innerText()).toContain('新疆');
    await expect.poll(() => mapCard().locator('h2').innerText()).toContain('新疆');
    await expect.poll(() => page.locator('select[name="province"]').inputValue()).toBe('新疆');

    const cities = await api(`/query?metric=visitors&by=city&where=province=新疆`);
    const rows = await cardTable(mapCard());
    const listed = rows.map(([name]) => name);
    for (const row of cities.rows) expect(listed).toContain(String(row.city));
    expect(listed).not.toContain('广东');
    await showChart(mapCard());
    await saveScreenshot(page, 'region-province');
    expect(errors).toEqual([]);
  }, 60_000);

  it('goes back up with the breadcrumb and down again through the ranking and the filter bar', async () => {
    await page.locator('.breadcrumb button', { hasText: '全国' }).click();
    await expect.poll(() => params().get('province')).toBeNull();
    await expect.poll(async () => (await cardTable(mapCard())).length).toBeGreaterThanOrEqual(34);

    // A name in the ranking table drills down too.
    await page.locator('.ranking-table button.place-link', { hasText: /^广东$/ }).click();
    await expect.poll(() => params().get('province')).toBe('广东');
    const cities = await api(`/query?metric=visitors&by=city&where=province=广东&from=${from}&to=${to}`);
    const busiest = [...cities.rows].sort((a, b) => Number(b.visitors) - Number(a.visitors))[0]!;
    await expect.poll(async () => (await cardTable(mapCard())).find(([name]) => name === busiest.city)?.[1]).toBe(String(busiest.visitors));

    // Choosing the city in the shared filter bar shows its venues in the ranking.
    const city = page.locator('select[name="city"]');
    await city.locator(`option[value="${busiest.city}"]`).waitFor({ state: 'attached' });
    await city.selectOption(String(busiest.city));
    await expect.poll(() => params().get('city')).toBe(String(busiest.city));
    const venues = await api(`/query?metric=visitors&by=venue&by=venue_name&where=city=${busiest.city}&from=${from}&to=${to}`);
    const ranking = page.locator('[data-card^="region-ranking-detail-venue"]');
    await expect.poll(() => ranking.locator('tbody tr').count()).toBeGreaterThanOrEqual(venues.rows.length);
    await expect.poll(() => ranking.innerText()).toContain(String(venues.rows[0]!.venue_name));
    await expect.poll(() => page.locator('.breadcrumb').innerText()).toMatch(new RegExp(`全国\\s*›\\s*广东\\s*›\\s*${busiest.city}`));
    // The forecast follows the selected region.
    await expect
      .poll(() => page.locator(`[data-card="region-forecast-visitors-${busiest.city}"] h2`).innerText(), { timeout: 30_000 })
      .toContain(String(busiest.city));

    await page.locator('.breadcrumb button', { hasText: '广东' }).click();
    await expect.poll(() => params().get('city')).toBeNull();
    expect(params().get('province')).toBe('广东');
    expect(errors).toEqual([]);
  }, 60_000);

  it('changes the metric in the URL and the values on the map', async () => {
    await page.locator('.breadcrumb button', { hasText: '全国' }).click();
    await page.locator('select[name="map_metric"]').selectOption('revenue');
    await expect.poll(() => params().get('map_metric')).toBe('revenue');
    await expect.poll(() => mapCard().getAttribute('data-card')).toBe('region-map-revenue');
    const answer = await api(`/query?metric=revenue&by=province&from=${from}&to=${to}`);
    const expected = new Map(
      answer.rows.filter((row) => row.province && row.revenue !== null).map((row) => [String(row.province), Number(row.revenue)]),
    );
    const rows = await cardTable(mapCard());
    let compared = 0;
    for (const [name, value] of rows) {
      if (!expected.has(name)) continue;
      expect(value, name).toMatch(/^¥/);
      expect(readNumber(value), name).toBeCloseTo(expected.get(name)!, 2);
      compared++;
    }
    expect(compared).toBe(expected.size);

    // The language switch changes the labels.
    await page.locator('nav .language').click();
    await expect.poll(() => mapCard().locator('h2').innerText()).toBe('Revenue by province');
    expect(errors).toEqual([]);
  }, 60_000);
});
