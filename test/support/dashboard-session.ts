/**
 * What every browser test file starts with: a dashboard server on its own copy of the demo store,
 * Debian's Chromium with one page, and that page's console errors collected. `prepare` runs against
 * the server before the browser opens (the profiles tests compute profiles there).
 */
import type { Page } from 'playwright-core';
import { collectErrors, openBrowser, type Browser } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';

export interface DashboardSession {
  readonly server: DashboardServer;
  readonly page: Page;
  /** Console errors and page errors so far. */
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openDashboardSession(prepare?: (server: DashboardServer) => Promise<void>): Promise<DashboardSession> {
  const server = await startDashboardServer();
  let browser: Browser | undefined;
  try {
    await prepare?.(server);
    browser = await openBrowser();
    const opened = browser;
    const page = await opened.context.newPage();
    return {
      server,
      page,
      errors: collectErrors(page),
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}
