/**
 * A command run while `flowsight serve` holds the store goes through the server, and must read as it
 * does on its own: the same message and exit status for a usage error, and the server's lower SQL
 * limits named in the command's own flags and units.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';
import { startServe, stop } from './support/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-store-access-'));
/** A store commands open themselves, and a copy of it the server holds. */
let local: string;
let served: string;
let server: Awaited<ReturnType<typeof startServe>>;

beforeAll(async () => {
  local = await createDemoStore(dir, 'local', { users: 150, days: 30 });
  served = join(dir, 'served.duckdb');
  copyFileSync(local, served);
  server = await startServe(['--db', served, '--no-demo', '--no-dashboard']);
}, 120_000);
afterAll(async () => {
  if (server) await stop(server.child);
  rmSync(dir, { recursive: true, force: true });
});

describe('a command through the running server', () => {
  it('gives a usage error the same message and exit status 2 as it has locally', async () => {
    for (const args of [
      ['query', '--metric', 'log_count', '--by', 'province'],
      ['query', '--metric', 'revenue', '--where', 'segment=nope'],
      ['forecast', 'flow', '--venue', 'nope'],
    ]) {
      const alone = await runCli([...args, '--db', local]);
      const through = await runCli([...args, '--db', served]);
      expect(alone.code, args.join(' ')).toBe(2);
      expect({ code: through.code, stderr: through.stderr }, args.join(' ')).toEqual({ code: alone.code, stderr: alone.stderr });
    }
  }, 180_000);

  it('names the server’s SQL limits in the command’s flags and units, with exit status 2', async () => {
    const timeout = await runCli(['sql', 'SELECT 1', '--timeout', '61', '--db', served]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout must be 1–60 seconds through the running server');
    expect(timeout.stderr).not.toContain('timeoutMs');
    const rows = await runCli(['sql', 'SELECT 1', '--row-limit', '100001', '--db', served]);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain('--row-limit must be a whole number 1–100000 through the running server');
    expect(rows.stderr).not.toContain('rowLimit');
    // Locally the same flags are within the limits.
    expect((await runCli(['sql', 'SELECT 1', '--timeout', '61', '--row-limit', '100001', '--db', local])).code).toBe(0);
  }, 120_000);

  it('warns as locally when the row limit cuts an export, and keeps 64-bit integers exact', async () => {
    const sql = 'SELECT range::BIGINT + 9007199254740990 AS id FROM range(20)';
    const alone = await runCli(['sql', sql, '--format', 'csv', '--row-limit', '5', '--db', local]);
    const through = await runCli(['sql', sql, '--format', 'csv', '--row-limit', '5', '--db', served]);
    expect(through.code).toBe(0);
    expect(through.stdout).toBe(alone.stdout);
    expect(through.stdout).toContain('9007199254740994\r\n');
    expect(through.stderr).toContain('warning: the result was cut at 5 rows, the row limit (--row-limit 5)');
    expect(through.stderr).toContain('at most 100000 through the running server');
  }, 120_000);
});
