/**
 * The real `flowsight serve` on a demo store whose data ends yesterday (business time), with an
 * ingest key: what the dashboard's browser tests open. The demo store, with its forecasts and
 * profiles already computed, is made once per test run and copied for each server, so a server
 * starts with nothing to recompute (see storedForecastsAreCurrent) and the browser has the CPU.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, inject } from 'vitest';
import { refreshFlowForecasts } from '../../src/query/flow-forecast.ts';
import { computeProfiles } from '../../src/query/profiles.ts';
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './demo-store.ts';
import { runCli } from './run-cli.ts';
import { startServe, stop } from './serve.ts';

const TZ = 'Asia/Shanghai';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder shared by the test files of this run (made by build-dashboard.global-setup.ts). */
    runDir: string;
  }
}

export interface DashboardServer {
  readonly url: string;
  readonly db: string;
  /** An ingest key for POST /api/v1/ingest/*. */
  readonly ingestKey: string;
  /** Today in the business zone (Asia/Shanghai). */
  readonly today: string;
  /** GET (or `init`) /api/v1`path`, expecting 200, as JSON: what the page is checked against. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  close(): Promise<void>;
}

export function businessDay(offsetDays = 0, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now.getTime() + offsetDays * 86_400_000),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The run's demo store with forecasts and profiles; the first caller builds it, the others wait. */
async function demoTemplate(endDate: string): Promise<string> {
  const dir = inject('runDir');
  const template = join(dir, `dashboard-demo-${endDate}.duckdb`);
  const lock = `${template}.lock`;
  for (let waited = 0; !existsSync(template); waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 300_000) throw new Error(`the demo store ${template} was not made within 5 minutes`);
      await sleep(200);
      continue;
    }
    try {
      const building = await createDemoStore(dir, `dashboard-demo-${endDate}.building`, { users: 600, days: 400, endDate, seed: 7 });
      const store = await openDuckDbStore({ path: building, timeZone: TZ });
      try {
        await refreshFlowForecasts(store, { timeZone: TZ });
        await computeProfiles(store, { mode: 'full' }, { timeZone: TZ });
      } finally {
        await store.close();
      }
      renameSync(building, template);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return template;
}

export async function startDashboardServer(): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flowsight-web-'));
  const db = join(dir, 'web.duckdb');
  copyFileSync(await demoTemplate(businessDay(-1)), db);
  let child: ChildProcess | undefined;
  try {
    const server = await startServe(['--db', db]);
    child = server.child;
    const created = await runCli(['keys', 'create', '--scope', 'ingest', '--name', 'web-test', '--db', db, '--json']);
    if (created.code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
    const ingestKey = (JSON.parse(created.stdout) as { key: string }).key;
    return {
      url: server.url,
      db,
      ingestKey,
      today: businessDay(0),
      async api<T>(path: string, init?: RequestInit): Promise<T> {
        const response = await fetch(`${server.url}/api/v1${path}`, init);
        expect(response.status, path).toBe(200);
        return (await response.json()) as T;
      },
      async close() {
        await stop(server.child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
