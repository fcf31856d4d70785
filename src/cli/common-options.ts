/** Flags shared by commands that use the store, and their translation into the one config. */
import { Command, Option } from 'commander';
import { ConfigError, resolveConfig, type Config } from '../config/config.ts';
import { CliError } from './cli-error.ts';

export interface StoreFlags {
  db?: string;
  timeZone?: string;
  memoryLimit?: string;
  json?: boolean;
}

/** Adds --db, --time-zone, --memory-limit and --json. */
export function withStoreOptions(command: Command): Command {
  return command
    .addOption(new Option('--db <path>', 'embedded database file (default ./data/flowsight.duckdb, env FLOWSIGHT_DB)'))
    .addOption(new Option('--time-zone <zone>', 'zone of naive times and of days (default Asia/Shanghai, env FLOWSIGHT_TZ)'))
    .addOption(new Option('--memory-limit <size>', 'DuckDB memory limit, e.g. 2GB (default 768MB, env FLOWSIGHT_MEMORY_LIMIT)'))
    .option('--json', 'print one JSON document instead of text');
}

/** Parses the config from flags and the environment; configuration problems become CLI errors. */
export function configFrom(flags: StoreFlags & { port?: string; host?: string }): Config {
  try {
    return resolveConfig({ db: flags.db, timeZone: flags.timeZone, memoryLimit: flags.memoryLimit, port: flags.port, host: flags.host }, process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** Writes a JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
