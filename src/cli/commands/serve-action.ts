/**
 * What `flowsight serve` does (the command and its flags are in serve.ts): open the store, seed demo
 * data on first start, serve the API and the dashboard until SIGINT or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openStore } from '../../compose.ts';
import { isStoreEmpty, seedDemoData } from '../../ingest/seed-demo.ts';
import { createIngestServices } from '../../server/ingest-services.ts';
import { liveRoutes } from '../../server/routes/live.ts';
import { createApp } from '../../server/app.ts';
import { createDerivedDataRefresher } from '../../server/derived-data-refresher.ts';
import { createForecastPool } from '../../query/forecast-workers/create-forecast-pool.ts';
import { removeServerInfo, writeServerInfo } from '../../server/server-info.ts';
import { startServer } from '../../server/start-server.ts';
import { ingestEndpoint } from '../../server/routes/ingest.ts';
import { NotAStoreError, StoreLockedError } from '../../store/store.ts';
import { ensureDashboardBuilt } from '../../server/dashboard/build-dashboard.ts';
import { loadDashboardAssets, type DashboardAssets } from '../../server/dashboard/dashboard-assets.ts';
import { CliError } from '../cli-error.ts';
import { configFrom, type StoreFlags } from '../common-options.ts';

export interface ServeFlags extends StoreFlags {
  port?: string;
  host?: string;
  demo: boolean;
  dashboard: boolean;
}

/** Builds the dashboard if its sources changed and loads it; a failed build leaves the API serving. */
async function prepareDashboard(log: (line: string) => void): Promise<DashboardAssets | undefined> {
  try {
    const build = await ensureDashboardBuilt();
    if (build.built) log(`built the dashboard in ${(build.elapsedMs / 1000).toFixed(1)} s`);
    return await loadDashboardAssets(build.distDir);
  } catch (error) {
    log(`the dashboard could not be built, serving the API only: ${(error as Error).message}`);
    return undefined;
  }
}

/** The package version, shown by the API. */
export function packageVersion(): string {
  const path = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/** Runs the server until it is told to stop, then drains and closes everything. */
export async function runServe(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  // Built while the store opens (and seeds): a rebuild after a change takes a few seconds.
  const dashboard = flags.dashboard ? prepareDashboard(log) : Promise.resolve(undefined);
  const store = await openStore(config).catch((error: unknown) => {
    if (error instanceof StoreLockedError) throw new CliError(`${error.message}; is another flowsight serve running on it?`);
    if (error instanceof NotAStoreError) throw new CliError(`${error.message}; --db names the store`);
    throw error;
  });
  const rollupZone = store.rollups().timeZone;
  if (rollupZone !== config.timeZone) {
    log(
      `the store's rollups cut days in ${rollupZone} but this server reports in ${config.timeZone}: queries read raw tables (slower) until \`flowsight rollups rebuild --time-zone ${config.timeZone}\``,
    );
  }
  const rejectsDir = join(dirname(resolve(config.dbPath)), 'rejects');
  if (flags.demo && (await isStoreEmpty(store))) {
    log('empty store: seeding demo data (skip with --no-demo)');
    await seedDemoData(store, { rejectsDir, onStep: log });
  }
  const token = randomBytes(24).toString('base64url');
  const ingestServices = await createIngestServices({ store, log, logDir: `${resolve(config.dbPath)}.ingest` });
  const live = liveRoutes({ store, timeZone: config.timeZone, log });
  // Forecasts run on worker threads so that refreshing a thousand series never stalls a request.
  const forecastPool = createForecastPool();
  const forecaster = forecastPool.forecast;
  const app = createApp({
    store,
    timeZone: config.timeZone,
    rejectsDir,
    adminToken: token,
    version: packageVersion(),
    log,
    ingest: ingestServices.ingest,
    live,
    forecaster,
    dashboard: await dashboard,
  });
  const front = ingestEndpoint({ ingest: ingestServices.ingest, timeZone: config.timeZone, log });
  const server = await startServer(app, config.host, config.port, { front }).catch(async (error: NodeJS.ErrnoException) => {
    // Everything started so far holds timers or workers: close it all, or the process never exits.
    await live.close();
    await ingestServices.close();
    await forecastPool.close();
    await store.close();
    if (error.code === 'EADDRINUSE') throw new CliError(`port ${config.port} on ${config.host} is in use; choose another with --port`);
    throw error;
  });
  // Signal handlers first: a SIGTERM sent as soon as the URL is printed must shut down gracefully.
  const stopped = new Promise<void>((done) => {
    const stop = (signal: string) => {
      log(`${signal}: shutting down`);
      done();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await writeServerInfo(config.dbPath, { pid: process.pid, url: server.url, token, db: resolve(config.dbPath) });
  process.stdout.write(`Flowsight is serving ${resolve(config.dbPath)} at ${server.url}\n`);
  // Forecasts and profiles are computed ahead and served from the store.
  // The overview's slowest answers (hot spots, alerts, the live feed's snapshot of the default view)
  // are computed ahead after each refresh, so the first visitor after an import does not wait for them.
  live.keepReady({}, 'orders');
  // Started after each refresh; none once shutdown begins, and those running finish before the store closes.
  let shuttingDown = false;
  const warmups = new Set<Promise<void>>();
  const warmOverview = async () => {
    const started = performance.now();
    for (const path of ['/api/v1/flow/hotspots?level=venue&days=7', '/api/v1/alerts/active'])
      await Promise.resolve(app.request(path)).catch(() => undefined);
    await live.prepare({}, 'orders').catch(() => undefined);
    log(`overview answers computed ahead in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const derived = createDerivedDataRefresher({
    store,
    timeZone: config.timeZone,
    log,
    forecaster,
    onRefreshed: () => {
      if (shuttingDown) return;
      const warmup = warmOverview().finally(() => warmups.delete(warmup));
      warmups.add(warmup);
    },
  });

  await stopped;
  shuttingDown = true;
  // Drain: stop taking connections and let requests in flight finish (their rows are committed
  // before they are answered), then commit anything still accepted, then close the store.
  await live.close(); // live streams never end by themselves
  await removeServerInfo(config.dbPath);
  await server.close();
  await ingestServices.close();
  await derived.close();
  await Promise.allSettled([...warmups]);
  await forecastPool.close();
  await store.close();
  log('stopped');
}
