/**
 * The analyst SQL console as users reach it: `flowsight sql` and POST /api/v1/sql over a real store
 * file. The escapes themselves are tried one by one in src/store/duckdb/analyst-sql.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.ts';
import { createDemoStore } from './support/demo-store.ts';
import { runCli } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-sql-'));
let db: string;
beforeAll(async () => {
  db = await createDemoStore(dir, 'sql', { users: 200, days: 30 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('flowsight sql', () => {
  it('answers a SELECT with the rows of the store', async () => {
    const result = await runCli([
      'sql',
      'SELECT channel, count(*) AS orders FROM orders GROUP BY ALL ORDER BY channel',
      '--json',
      '--db',
      db,
    ]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { table: { rows: { channel: string; orders: number }[] } };
    expect(body.table.rows.length).toBeGreaterThan(1);
    expect(typeof body.table.rows[0]!.orders).toBe('number');
  });

  it('refuses to attach, copy or read files, with a clear message', async () => {
    for (const [sql, words] of [
      ["ATTACH '/tmp/other.duckdb' AS other", 'only SELECT'],
      ["COPY orders TO '/tmp/leak.csv'", 'only SELECT'],
      ["SELECT * FROM read_text('/etc/passwd')", 'refused'],
      ['SELECT * FROM imports', 'refused'],
    ] as const) {
      const result = await runCli(['sql', sql, '--db', db]);
      expect(result.code, sql).toBe(2);
      expect(result.stderr, sql).toContain(words);
    }
  });

  it('stops at the row limit and says so', async () => {
    const result = await runCli(['sql', 'SELECT * FROM range(100)', '--row-limit', '10', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('10 rows (truncated at --row-limit 10)');
  });
});

describe('POST /api/v1/sql', () => {
  it('needs the administrative token and answers in the one error shape', async () => {
    const store = await openDuckDbStore({ path: db, timeZone: 'Asia/Shanghai' });
    try {
      const app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test', adminToken: 'secret' });
      const post = (body: unknown, token?: string) =>
        app.request('/api/v1/sql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        });
      expect((await post({ sql: 'SELECT 1' })).status).toBe(401);
      const ok = await post({ sql: 'SELECT count(*) AS n FROM orders' }, 'secret');
      expect(ok.status).toBe(200);
      const refused = await post({ sql: "SELECT getenv('HOME')" }, 'secret');
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('sql_refused');
      const csv = await post({ sql: "SELECT '=1+2' AS formula, 5 AS n", format: 'csv' }, 'secret');
      expect(Buffer.from(await csv.arrayBuffer()).toString('utf8')).toBe("\uFEFFformula,n\r\n'=1+2,5\r\n");
    } finally {
      await store.close();
    }
  });
});
