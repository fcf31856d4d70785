/**
 * The real `flowsight serve` on a demo store whose data ends yesterday (business time), with an
 * ingest key: what the dashboard's browser tests open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createDemoStore } from './demo-store.ts';
import { runCli } from './run-cli.ts';
import { startServe, stop } from './serve.ts';

export interface DashboardServer {
  readonly url: string;
  readonly db: string;
  /** An ingest key for POST /api/v1/ingest/*. */
  readonly ingestKey: string;
  /** Today in the business zone (Asia/Shanghai). */
  readonly today: string;
  close(): Promise<void>;
}

export function businessDay(offsetDays = 0, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now.getTime() + offsetDays * 86_400_000),
  );
}

export async function startDashboardServer(options: { users?: number; days?: number } = {}): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), 'flowsight-web-'));
  const db = await createDemoStore(dir, 'web', {
    users: options.users ?? 600,
    days: options.days ?? 400,
    endDate: businessDay(-1),
    seed: 7,
  });
  let child: ChildProcess | undefined;
  try {
    const server = await startServe(['--db', db]);
    child = server.child;
    const created = await runCli(['keys', 'create', '--scope', 'ingest', '--name', 'web-test', '--db', db, '--json']);
    if (created.code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
    const ingestKey = (JSON.parse(created.stdout) as { key: string }).key;
    return {
      url: server.url,
      db,
      ingestKey,
      today: businessDay(0),
      async close() {
        await stop(server.child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
