/**
 * A running server advertises itself beside the database it holds (`<db>.server.json`, readable by
 * its owner only), so `flowsight import` and `status` can work through it instead of failing on the
 * database lock.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface ServerInfo {
  readonly pid: number;
  readonly url: string;
  /** Bearer token for local administrative calls (imports of local files). */
  readonly token: string;
  readonly db: string;
}

/** Where the server advertises itself for a database file. */
export function serverInfoPath(dbPath: string): string {
  return `${resolve(dbPath)}.server.json`;
}

export async function writeServerInfo(dbPath: string, info: ServerInfo): Promise<void> {
  await writeFile(serverInfoPath(dbPath), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

export async function removeServerInfo(dbPath: string): Promise<void> {
  await rm(serverInfoPath(dbPath), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the advertisement of a live server for the database, or undefined. */
export async function readServerInfo(dbPath: string): Promise<ServerInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(serverInfoPath(dbPath), 'utf8')) as ServerInfo;
    return typeof info.pid === 'number' && typeof info.url === 'string' && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
