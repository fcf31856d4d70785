/**
 * One configuration, parsed once from command-line flags and the environment (flags win). Only the
 * composition root and the CLI call this; library code receives the parsed values as arguments.
 */
import { isValidTimeZone } from '../domain/values/parse-timestamp.ts';

export interface Config {
  /** Embedded database file. */
  readonly dbPath: string;
  readonly host: string;
  readonly port: number;
  /** Zone in which naive times are read and days are cut. */
  readonly timeZone: string;
  /** DuckDB memory limit; DuckDB spills to disk beyond it. */
  readonly memoryLimit: string;
}

export interface ConfigInput {
  readonly db?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | number | undefined;
  readonly timeZone?: string | undefined;
  readonly memoryLimit?: string | undefined;
}

/** A setting has a value that cannot work; the message names the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_DB_PATH = './data/flowsight.duckdb';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** DuckDB's buffer limit; with Node's own heap this keeps an import of any size under 1.5 GB RSS. */
export const DEFAULT_MEMORY_LIMIT = '768MB';

/** Environment variables Flowsight reads, with the setting each fills. */
export const ENVIRONMENT = {
  FLOWSIGHT_DB: 'db',
  FLOWSIGHT_HOST: 'host',
  FLOWSIGHT_PORT: 'port',
  FLOWSIGHT_TZ: 'timeZone',
  FLOWSIGHT_MEMORY_LIMIT: 'memoryLimit',
} as const satisfies Record<string, keyof ConfigInput>;

/** Merges flags over environment over defaults and validates the result. */
export function resolveConfig(flags: ConfigInput, env: Readonly<Record<string, string | undefined>>): Config {
  const fromEnv: Record<string, string | undefined> = {};
  for (const [variable, setting] of Object.entries(ENVIRONMENT)) fromEnv[setting] = env[variable] || undefined;
  const pick = (key: keyof ConfigInput) => flags[key] ?? fromEnv[key];

  const port = Number(pick('port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port must be a whole number 0–65535, got "${pick('port')}"`);
  const timeZone = String(pick('timeZone') ?? DEFAULT_TIME_ZONE);
  if (!isValidTimeZone(timeZone)) throw new ConfigError(`time zone "${timeZone}" is not an IANA zone such as Asia/Shanghai`);
  const memoryLimit = String(pick('memoryLimit') ?? DEFAULT_MEMORY_LIMIT);
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) throw new ConfigError(`memory limit must look like 512MB or 2GB, got "${memoryLimit}"`);
  const dbPath = String(pick('db') ?? DEFAULT_DB_PATH);
  if (dbPath.trim() === '') throw new ConfigError('database path is empty');
  return { dbPath, host: String(pick('host') ?? '127.0.0.1'), port, timeZone, memoryLimit };
}
