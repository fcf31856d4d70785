/**
 * A restarted server does not recompute forecasts the store already holds for the data as it is,
 * and does recompute them after an import or once they are older than the refresh period.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneResolver } from '../src/domain/values/parse-timestamp.ts';
import { importFiles } from '../src/ingest/import-files.ts';
import { refreshFlowForecasts } from '../src/query/flow-forecast.ts';
import { forecastSeries } from '../src/analysis/forecast/forecast-series.ts';
import { createDerivedDataRefresher, storedForecastsAreCurrent } from '../src/server/derived-data-refresher.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import type { Store } from '../src/store/store.ts';
import { createDemoStore } from './support/demo-store.ts';

const TZ = 'Asia/Shanghai';
const END = '2026-06-15';
const dir = mkdtempSync(join(tmpdir(), 'flowsight-refresher-'));
let store: Store;

beforeAll(async () => {
  store = await openDuckDbStore({
    path: await createDemoStore(dir, 'refresh', { users: 200, days: 120, endDate: END, seed: 5 }),
    timeZone: TZ,
  });
}, 120_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stored forecasts at start', () => {
  const hour = 3_600_000;

  it('need a refresh when none are stored, and not once they are made from the data as it is', async () => {
    expect(await storedForecastsAreCurrent(store, { timeZone: TZ, intervalMs: 6 * hour })).toBeUndefined();
    const summary = await refreshFlowForecasts(store, { timeZone: TZ });
    expect(summary.historyEnd).toBe(END);
    expect(await storedForecastsAreCurrent(store, { timeZone: TZ, intervalMs: 6 * hour })).toMatchObject({ historyEnd: END });
    // Older than the refresh period: refreshed anyway.
    expect(
      await storedForecastsAreCurrent(store, { timeZone: TZ, intervalMs: 6 * hour, now: new Date(Date.now() + 7 * hour) }),
    ).toBeUndefined();
  });

  it('keeps a restarted server from recomputing them, and says so', async () => {
    const lines: string[] = [];
    let refreshed = 0;
    const refresher = createDerivedDataRefresher({
      store,
      timeZone: TZ,
      startDelayMs: 0,
      log: (line) => lines.push(line),
      onRefreshed: () => refreshed++,
    });
    await expect.poll(() => lines.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await refresher.close();
    // What depends on the forecasts is computed ahead even so.
    expect(refreshed).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^forecasts and profiles are current \(computed .* from data up to 2026-06-15\)/)]);
    expect(refresher.last()).toBeUndefined();
  });

  it('need a refresh after an import', async () => {
    const file = join(dir, 'late.ndjson');
    writeFileSync(
      file,
      `${JSON.stringify({ order_id: 'LATE-1', user_id: 'u1', created_at: `${END}T10:00:00+08:00`, amount: 5, status: 'completed' })}\n`,
    );
    const outcome = await importFiles({
      store,
      kind: 'orders',
      files: [file],
      zone: zoneResolver(TZ),
      rejectsPath: join(dir, 'late.rejects'),
      maxRejectRate: 0,
    });
    expect(outcome.ok).toBe(true);
    expect(await storedForecastsAreCurrent(store, { timeZone: TZ, intervalMs: 6 * hour })).toBeUndefined();
  });
});

describe('closing the refresher', () => {
  it('stops a running refresh between forecast series, skips the profiles, and says so', async () => {
    const lines: string[] = [];
    let forecasts = 0;
    const refresher = createDerivedDataRefresher({
      store,
      timeZone: TZ,
      startDelayMs: 60_000,
      log: (line) => lines.push(line),
      // The real forecaster, a little slower, so that the refresh is still running when it closes.
      forecaster: async (series, options) => {
        forecasts++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return forecastSeries(series, options);
      },
    });
    const [runsBefore] = await store.runQuery({ sql: 'SELECT count(*) AS n FROM profile_runs', params: [] });
    const refreshing = refresher.refresh();
    await expect.poll(() => forecasts, { timeout: 30_000 }).toBeGreaterThan(8);
    await refresher.close();
    const summary = await refreshing;
    expect(summary.forecasts).toBeGreaterThan(0);
    expect(summary.forecasts).toBeLessThan(40);
    expect(lines).toEqual([`refresh stopped for shutdown after ${summary.forecasts} forecast series; profiles not refreshed`]);
    const [runsAfter] = await store.runQuery({ sql: 'SELECT count(*) AS n FROM profile_runs', params: [] });
    expect(runsAfter).toEqual(runsBefore);
  });
});
