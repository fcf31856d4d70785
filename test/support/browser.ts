/**
 * Debian's Chromium driven by playwright-core, for the dashboard's tests in a real browser. Without
 * Chromium the browser suites skip, except under CI=true, where they fail: CI installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { DASHBOARD_SETTLED } from './dashboard-settled.ts';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Where the test run saves screenshots of each view (gitignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** `describe` for suites that need Chromium. */
export const describeInBrowser: typeof describe = (
  existsSync(CHROMIUM) || process.env.CI === 'true' ? describe : describe.skip
) as typeof describe;

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile, a laptop-sized window, the business's language and zone. */
export async function openBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'flowsight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: options.width ?? 1366, height: options.height ?? 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects the page's console errors and uncaught exceptions, which every page test asserts empty. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request the page gave up on (navigation, a filter changed mid-load, the live feed closed) is no fault.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${reason}`);
  });
  return errors;
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the dashboard page has rendered, none of its panels is still loading and every chart is drawn. */
export async function waitForDashboard(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(DASHBOARD_SETTLED, null, { timeout, polling: 50 });
}

/** Switches a chart card to its table (once) and returns the text of the table's body cells, row by row. */
export async function chartTableRows(card: Locator): Promise<string[][]> {
  const toggle = card.locator('button.toggle');
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  await card.locator('table tbody tr').first().waitFor();
  return card
    .locator('table tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
}
