/**
 * The dashboard as a whole in Debian's Chromium, served by the real `flowsight serve` on demo data:
 * every page renders without console errors or error panels, the language switch, shared filters in
 * the URL, deep links, a tablet layout, and the server's handling of the built files.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectErrors, describeInBrowser, saveScreenshot, waitForDashboard } from '../support/browser.ts';
import type { DashboardServer } from '../support/dashboard-server.ts';
import { openDashboardSession, type DashboardSession } from '../support/dashboard-session.ts';

const PAGES = ['/', '/time', '/region', '/forecast', '/profiles', '/orders', '/logs', '/alerts', '/data'];

describeInBrowser('the dashboard in a browser', () => {
  let session: DashboardSession | undefined;
  let server: DashboardServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openDashboardSession();
    ({ server, page, errors } = session);
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });

  it('renders every page with the demo data, without console errors or error panels', async () => {
    for (const path of PAGES) {
      await page.goto(server.url + path);
      await waitForDashboard(page, 60_000);
      expect(await page.locator('.state-error').allTextContents(), path).toEqual([]);
      expect(await page.locator('main .page').first().innerText(), path).not.toBe('');
      // The page's own link in the navigation is marked current.
      expect(await page.locator('nav a[aria-current="page"]').getAttribute('href'), path).toMatch(
        new RegExp(`^${path === '/' ? '/(\\?|$)' : path}`),
      );
      if (path === '/alerts') await saveScreenshot(page, 'alerts');
    }
    expect(errors).toEqual([]);
  }, 240_000);

  it('switches language: labels, the document language, and the URL, kept on reload and across pages', async () => {
    await page.goto(`${server.url}/alerts`);
    await waitForDashboard(page);
    expect(await page.locator('nav').innerText()).toContain('总览');
    await page.getByRole('button', { name: '切换到英文' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator('nav').innerText()).toContain('Overview');
    expect(await page.locator('h1').innerText()).toBe('Alerts');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.reload();
    await waitForDashboard(page);
    expect(await page.locator('h1').innerText()).toBe('Alerts');
    await page.getByRole('link', { name: 'Time' }).click();
    await page.waitForURL(/\/time\?.*lang=en/);
    await waitForDashboard(page);
    expect(await page.locator('nav').innerText()).toContain('Region');
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps the shared filters in the URL, so a view opened from a link shows the same filters', async () => {
    await page.goto(`${server.url}/alerts`);
    await waitForDashboard(page);
    const province = page.locator('select[name="province"]');
    await expect.poll(async () => province.locator('option').count()).toBeGreaterThan(1);
    const choice = (await province.locator('option').nth(1).getAttribute('value'))!;
    await province.selectOption(choice);
    await page.waitForURL(new RegExp(`province=${encodeURIComponent(choice)}`));
    await page.locator('button.chip').first().click(); // last 7 days
    await page.waitForURL(/from=\d{4}-\d\d-\d\d&to=/);
    const shared = page.url();
    const other = await page.context().newPage();
    await other.goto(shared);
    await waitForDashboard(other);
    expect(await other.locator('select[name="province"]').inputValue()).toBe(choice);
    const from = new URL(shared).searchParams.get('from');
    expect(await other.locator('input[name="from"]').inputValue()).toBe(from);
    await other.close();
    expect(errors).toEqual([]);
  }, 60_000);

  it('says in words that a page does not exist, and answers unknown API paths and built files with 404s', async () => {
    await page.goto(`${server.url}/no-such-page`);
    expect(await page.locator('main').innerText()).toContain('没有这个页面');
    const api = await fetch(`${server.url}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetch(`${server.url}/assets/gone-1234.js`)).status).toBe(404);
    const index = await fetch(server.url, { headers: { 'accept-encoding': 'gzip' } });
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(server.url + script, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  }, 30_000);

  it('lays out for a tablet', async () => {
    const tablet = await page.context().newPage();
    await tablet.setViewportSize({ width: 820, height: 1180 });
    const tabletErrors = collectErrors(tablet);
    await tablet.goto(server.url);
    await waitForDashboard(tablet, 60_000);
    // The navigation moves above the content instead of taking a column.
    const nav = await tablet.locator('nav.sidebar').boundingBox();
    const main = await tablet.locator('main').boundingBox();
    expect(nav!.width).toBeGreaterThan(700);
    expect(main!.y).toBeGreaterThan(nav!.y);
    const overflow = await tablet.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBe(0);
    await saveScreenshot(tablet, 'overview-tablet');
    await tablet.close();
    expect(tabletErrors).toEqual([]);
  }, 60_000);
});
