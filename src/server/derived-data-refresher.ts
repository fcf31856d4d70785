/**
 * Keeps the data derived from the entities current — the stored flow forecasts and the user
 * profiles: a refresh shortly after the server starts, after each batch of imported or streamed data
 * (debounced, so a stream of commits triggers one refresh once it settles or at the latest after
 * `maxDelayMs`), and on a fixed schedule. Profiles are recomputed for the users with new data when
 * the day has not changed since the last run, in full otherwise. One refresh runs at a time; a request
 * for another while one runs is queued once. A restart does not redo what the stored forecasts already
 * say (recomputing thousands of series costs minutes on a large store): see storedForecastsAreCurrent.
 */
import { flowForecastKey, lastCompleteDay, refreshFlowForecasts, type Forecaster, type RefreshSummary } from '../query/flow-forecast.ts';
import { computeProfiles } from '../query/profiles.ts';
import type { Store } from '../store/store.ts';

export interface DerivedDataRefresherOptions {
  readonly store: Store;
  readonly timeZone: string;
  readonly log?: ((message: string) => void) | undefined;
  /** Where forecasts are computed (worker threads in the server). */
  readonly forecaster?: Forecaster | undefined;
  /** Delay after the last commit before refreshing (default 60 s). */
  readonly debounceMs?: number | undefined;
  /** Longest a commit waits for its refresh while commits keep coming (default 15 min). */
  readonly maxDelayMs?: number | undefined;
  /** Refresh period regardless of commits (default 6 h). */
  readonly intervalMs?: number | undefined;
  /** Delay of the first refresh after start (default 5 s). */
  readonly startDelayMs?: number | undefined;
  /** Called after each refresh, and at start when nothing needed one (to compute ahead what depends on them). */
  readonly onRefreshed?: (() => void) | undefined;
}

export interface DerivedDataRefresher {
  /** Runs a refresh now (or after the one running) and resolves with its summary. */
  refresh(): Promise<RefreshSummary>;
  /** The last finished refresh, if any. */
  last(): RefreshSummary | undefined;
  close(): Promise<void>;
}

/**
 * When the stored forecasts were made from the data as it is: from the same last complete day, after
 * the last import finished, and within the refresh period. Undefined when they need a refresh.
 * Streamed records are not in the import log, but they only arrive through a running server, whose
 * commits trigger their own refresh.
 */
export async function storedForecastsAreCurrent(
  store: Store,
  options: { timeZone: string; intervalMs: number; now?: Date },
): Promise<{ computedAt: Date; historyEnd: string } | undefined> {
  const now = options.now ?? new Date();
  const key = flowForecastKey('visitors', { level: 'all' });
  const stored = (await store.readForecasts([key])).get(key);
  if (!stored || now.getTime() - stored.computedAt.getTime() >= options.intervalMs) return undefined;
  if (stored.historyEnd !== (await lastCompleteDay(store, { timeZone: options.timeZone, now }))) return undefined;
  const lastImport = (await store.status({ lastImports: 1 })).lastImports[0];
  if (lastImport && lastImport.finishedAt.getTime() >= stored.computedAt.getTime()) return undefined;
  return { computedAt: stored.computedAt, historyEnd: stored.historyEnd };
}

/** Starts refreshing; call close() before closing the store. */
export function createDerivedDataRefresher(options: DerivedDataRefresherOptions): DerivedDataRefresher {
  const { store, log } = options;
  const debounceMs = options.debounceMs ?? 60_000;
  const maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
  let running: Promise<RefreshSummary> | undefined;
  let queued: Promise<RefreshSummary> | undefined;
  let lastSummary: RefreshSummary | undefined;
  let closed = false;
  let debounce: NodeJS.Timeout | undefined;
  let firstPending: number | undefined;

  // Closing stops a refresh between forecast series and before the profiles (a shutdown should not
  // wait minutes for them); a profile computation already running finishes.
  const closing = new AbortController();
  const runOnce = async (): Promise<RefreshSummary> => {
    const summary = await refreshFlowForecasts(store, {
      timeZone: options.timeZone,
      forecaster: options.forecaster,
      signal: closing.signal,
    });
    lastSummary = summary;
    if (closing.signal.aborted) {
      log?.(`refresh stopped for shutdown after ${summary.forecasts} forecast series; profiles not refreshed`);
      return summary;
    }
    if (summary.forecasts > 0)
      log?.(`forecasts refreshed: ${summary.forecasts} series up to ${summary.historyEnd} in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    if (summary.historyEnd !== null) {
      const profiles = await computeProfiles(store, { mode: 'auto' }, { timeZone: options.timeZone });
      log?.(
        `profiles refreshed (${profiles.run.kind}): ${profiles.run.users} users as of ${profiles.run.asOf} in ${(profiles.elapsedMs / 1000).toFixed(1)} s`,
      );
    }
    options.onRefreshed?.();
    return summary;
  };
  const refresh = (): Promise<RefreshSummary> => {
    if (!running) {
      running = runOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return refresh();
      });
    return queued;
  };
  const refreshQuietly = (): void => {
    if (closed) return;
    refresh().catch((error: unknown) =>
      log?.(`refresh of forecasts and profiles failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const unsubscribe = store.onCommit(() => {
    if (closed) return;
    const now = Date.now();
    firstPending ??= now;
    clearTimeout(debounce);
    const wait = Math.max(0, Math.min(debounceMs, firstPending + maxDelayMs - now));
    debounce = setTimeout(() => {
      firstPending = undefined;
      refreshQuietly();
    }, wait);
    debounce.unref();
  });
  const intervalMs = options.intervalMs ?? 6 * 3_600_000;
  const refreshAtStart = (): void => {
    if (closed) return;
    storedForecastsAreCurrent(store, { timeZone: options.timeZone, intervalMs }).then(
      (current) => {
        if (!current) return refreshQuietly();
        options.onRefreshed?.();
        log?.(
          `forecasts and profiles are current (computed ${current.computedAt.toISOString()} from data up to ${current.historyEnd}); they refresh when new data arrive`,
        );
      },
      () => refreshQuietly(),
    );
  };
  const start = setTimeout(refreshAtStart, options.startDelayMs ?? 5_000);
  start.unref();
  const interval = setInterval(refreshQuietly, intervalMs);
  interval.unref();

  return {
    refresh,
    last: () => lastSummary,
    async close() {
      closed = true;
      closing.abort();
      unsubscribe();
      clearTimeout(debounce);
      clearTimeout(start);
      clearInterval(interval);
      await Promise.allSettled([running, queued]);
    },
  };
}
