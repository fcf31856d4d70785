/** Flags shared by commands that use the store, and their translation into the one config. */
import { Command, Option } from 'commander';
import { ConfigError, resolveConfig, type Config } from '../config/config.ts';
import { CliError } from './cli-error.ts';

export interface StoreFlags {
  db?: string;
  timeZone?: string;
  memoryLimit?: string;
  json?: boolean;
  lockWait?: string;
}

/** Adds --db, --time-zone and --memory-limit. */
export function withStoreOptions(command: Command): Command {
  return command
    .addOption(new Option('--db <path>', 'embedded database file (default ./data/flowsight.duckdb, env FLOWSIGHT_DB)'))
    .addOption(new Option('--time-zone <zone>', 'zone of naive times and of days (default Asia/Shanghai, env FLOWSIGHT_TZ)'))
    .addOption(new Option('--memory-limit <size>', 'DuckDB memory limit, e.g. 2GB (default 768MB, env FLOWSIGHT_MEMORY_LIMIT)'));
}

/** Adds what commands that read or write the store on behalf of a user take: --json and --lock-wait. */
export function withClientOptions(command: Command): Command {
  return withStoreOptions(command)
    .option('--json', 'print one JSON document instead of text')
    .option('--lock-wait <seconds>', 'how long to wait while another command holds the database', '1800');
}

/** How long to wait for the database lock, from --lock-wait. */
export function lockWaitMs(flags: StoreFlags): number {
  const seconds = Number(flags.lockWait ?? 1800);
  if (!Number.isFinite(seconds) || seconds < 0) throw new CliError(`--lock-wait must be a number of seconds, got "${flags.lockWait}"`, 2);
  return seconds * 1000;
}

/** Parses the config from flags and the environment; configuration problems become CLI errors. */
export function configFrom(flags: StoreFlags & { port?: string; host?: string }): Config {
  try {
    return resolveConfig(
      { db: flags.db, timeZone: flags.timeZone, memoryLimit: flags.memoryLimit, port: flags.port, host: flags.host },
      process.env,
    );
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** Writes a JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Printed after a usage error instead of the whole help text, so the error line stays in view. */
export const USAGE_HINT = '(add --help for usage)';
