/**
 * How a command reaches the store: open the database file directly, or — when a running server holds
 * it (DuckDB allows one writing process) — go through that server with the same request and output.
 */
import type { Config } from '../config/config.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotAStoreError, StoreLockedError, type Store } from '../store/store.ts';
import { readServerInfo, type ServerInfo } from '../server/server-info.ts';
import { CliError } from './cli-error.ts';

export type StoreAccess = { readonly mode: 'local'; readonly store: Store } | { readonly mode: 'remote'; readonly server: ServerInfo };

export interface AccessOptions {
  /** How long to wait for another command (not a server) to release the database, in ms. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** Told once when the command starts waiting. */
  readonly onWait?: (message: string) => void;
  /**
   * Create the store when its file does not exist (import, keys). Other commands refuse: a mistyped
   * --db must not look like an empty store.
   */
  readonly create?: boolean;
}

/**
 * Opens the store, or finds the server that holds it. When another command (say, a second import)
 * holds the file, waits for it to finish rather than failing.
 */
export async function accessStore(config: Config, options: AccessOptions = {}): Promise<StoreAccess> {
  // Loaded here, not at the top: DuckDB's native library is most of a command's start-up, and help,
  // `gen` and the file-only commands never need it.
  const { openStore } = await import('../compose.ts');
  if (!options.create && config.dbPath !== ':memory:' && !existsSync(resolve(config.dbPath)))
    throw new CliError(
      `no store at ${resolve(config.dbPath)}: check --db (or FLOWSIGHT_DB); \`flowsight import\` or \`npm start\` creates one`,
    );
  const deadline = Date.now() + (options.waitMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      return { mode: 'local', store: await openStore(config) };
    } catch (error) {
      if (error instanceof NotAStoreError) throw new CliError(`${error.message}; --db names the store, not a file to import`);
      if (!(error instanceof StoreLockedError)) throw error;
      const server = await readServerInfo(config.dbPath);
      if (server) return { mode: 'remote', server };
      if (Date.now() >= deadline)
        throw new CliError(
          `${error.message}; it was not released in time and no running flowsight server advertises it. Stop the other process or use --db for another file.`,
        );
      if (!told) {
        options.onWait?.(`${error.message}; waiting for it to finish…`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  }
}

/** Calls the server's API and returns its answer whatever the status; an unreachable server is a CliError. */
export async function fetchServer(server: ServerInfo, path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(new URL(path, server.url), {
      ...init,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the flowsight server at ${server.url} (PID ${server.pid}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Calls the server's API; an error response becomes a CliError. A refused parameter (400 with
 * `details.field`) reads as the same mistake made locally — `--<flag>: <message>`, exit status 2 —
 * and anything else as `server at … refused: …`, exit status 1.
 */
export async function callServer(server: ServerInfo, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetchServer(server, path, init);
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as
      { error?: { message?: string; details?: { field?: unknown } } } | undefined;
    const message = body?.error?.message ?? response.statusText;
    const field = body?.error?.details?.field;
    if (response.status === 400 && typeof field === 'string' && field !== '') throw new CliError(`--${toFlag(field)}: ${message}`, 2);
    throw new CliError(`server at ${server.url} refused: ${message}`);
  }
  return response;
}

/** The command-line flag of an API field: `sortBy` → `sort-by`; segment `rules` are given with --where. */
function toFlag(field: string): string {
  if (field === 'rules') return 'where';
  return field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Reads an NDJSON response line by line. */
export async function* readNdjson(response: Response): AsyncGenerator<unknown> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim()) yield JSON.parse(line);
    }
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}
