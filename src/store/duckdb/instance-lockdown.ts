/**
 * Locks a DuckDB instance down before any SQL that did not come from us can reach it (the analysts'
 * SQL console, see analyst-sql.ts): no file or network access outside the store's own scratch
 * directory, no extension installing or loading, no persistent secrets, and a configuration that no
 * connection can change again.
 *
 * DuckDB quirks this is built around (DuckDB 1.5.6, checked by experiment):
 *   - `enable_external_access` and `lock_configuration` are instance-wide: they cannot be set for one
 *     connection only, so the store's own connections live under the same rules. DuckDB still reads
 *     and writes its database file, WAL and `temp_directory` (spilling keeps working, wherever the
 *     spill directory is), and `allowed_directories` keeps the scratch directory readable, so the
 *     store's `read_csv` of staging chunks keeps working.
 *   - `allowed_directories` cannot be passed to `DuckDBInstance.create` (list-typed options fail with
 *     "Failed to set config"), and once external access is off it can no longer be changed. So it
 *     is set with SET statements after create, in this order: allowed directories, then external
 *     access off, then the lock. Matching is by directory: `/a/.x.tmp` does not open `/a/.x.tmpX`,
 *     and paths with `..` are refused.
 *   - Once locked, every SET, RESET and `PRAGMA name=value` fails, session settings included, except
 *     the ones listed in `allowed_configs`. The store sets `TimeZone` on each connection it opens, so
 *     that one stays changeable; the zone is also made the instance default.
 */
import { isAbsolute, parse, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './merge-sql.ts';

export interface InstanceLockdownOptions {
  /**
   * Absolute directories DuckDB may still read and write files in: the store's scratch directory
   * (`<dbdir>/.<dbname>.tmp`), where staging chunks are written and loaded with `read_csv`.
   */
  readonly allowedDirectories: readonly string[];
  /** The time zone every new connection starts in (default `UTC`, the store's zone). */
  readonly timeZone?: string;
}

/** Settings connections may still change after the lock (only what the store itself sets). */
export const UNLOCKED_SETTINGS: readonly string[] = ['TimeZone'];

/** The lockdown as SQL, in the order DuckDB accepts it. */
export function lockdownStatements(options: InstanceLockdownOptions): string[] {
  const directories = options.allowedDirectories.map((directory) => {
    if (!isAbsolute(directory)) throw new Error(`allowed directory must be absolute: ${directory}`);
    const absolute = resolve(directory);
    if (absolute === parse(absolute).root) throw new Error(`allowing the root directory would allow every file: ${directory}`);
    return absolute;
  });
  const list = (values: readonly string[]) => `[${values.map(sqlString).join(', ')}]`;
  return [
    `SET GLOBAL TimeZone = ${sqlString(options.timeZone ?? 'UTC')}`,
    `SET allowed_configs = ${list(UNLOCKED_SETTINGS)}`,
    // Must precede `enable_external_access = false`, which freezes it.
    `SET allowed_directories = ${list(directories)}`,
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET allow_unsigned_extensions = false',
    'SET allow_persistent_secrets = false',
    'SET enable_external_access = false',
    // Last: after this no SET/RESET/PRAGMA can undo any of the above, on any connection.
    'SET lock_configuration = true',
  ];
}

/**
 * Locks the instance `connection` belongs to. Call it once, right after `DuckDBInstance.create` and
 * before the instance serves any other SQL, on any connection of the instance:
 *
 * @example
 * const instance = await DuckDBInstance.create(location, { memory_limit, temp_directory: join(scratch, 'spill') });
 * const connection = await instance.connect();
 * await lockDownInstance(connection, { allowedDirectories: [scratch] });
 */
export async function lockDownInstance(connection: DuckDBConnection, options: InstanceLockdownOptions): Promise<void> {
  const statements = lockdownStatements(options);
  const before = await readLockState(connection);
  if (before.locked) throw new Error('the DuckDB instance is already locked (lockDownInstance must run once, right after create)');
  for (const statement of statements) await connection.run(statement);
  const after = await readLockState(connection);
  if (after.externalAccess || !after.locked)
    throw new Error('DuckDB did not apply the lockdown (external access still on or configuration unlocked)');
}

/** Whether external access is on and the configuration locked, as the instance reports them. */
export async function readLockState(connection: DuckDBConnection): Promise<{ externalAccess: boolean; locked: boolean }> {
  const reader = await connection.runAndReadAll(
    "SELECT current_setting('enable_external_access') AS external_access, current_setting('lock_configuration') AS locked",
  );
  const row = reader.getRowObjects()[0];
  return { externalAccess: row?.external_access !== false, locked: row?.locked === true };
}
