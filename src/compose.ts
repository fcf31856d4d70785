/**
 * The composition root: builds the real adapters from one parsed config. Everything else receives
 * its dependencies as arguments.
 */
import type { Config } from './config/config.ts';
import { openDuckDbStore } from './store/duckdb/duckdb-store.ts';
import type { Store } from './store/store.ts';

/** Opens the configured store (the embedded DuckDB file). */
export function openStore(config: Config): Promise<Store> {
  return openDuckDbStore({ path: config.dbPath, memoryLimit: config.memoryLimit, timeZone: config.timeZone });
}
