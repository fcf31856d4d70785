/**
 * The analyst SQL console as users reach it: `flowsight sql` and POST /api/v1/sql over a real store
 * file. The escapes themselves are tried one by one in src/store/duckdb/analyst-sql.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

  it('warns on stderr, naming the row limit and how to raise it, when an export is cut short', async () => {
    const out = join(dir, 'range.csv');
    const result = await runCli(['sql', 'SELECT * FROM range(20000)', '--format', 'csv', '--out', out, '--db', db]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\r\n')).toHaveLength(10_001);
    expect(result.stderr).toContain(
      'warning: the result was cut at 10000 rows, the row limit (--row-limit 10000); more rows matched: raise --row-limit (at most 1000000)',
    );
    const json = await runCli(['sql', 'SELECT * FROM range(20)', '--row-limit', '5', '--json', '--db', db]);
    expect(JSON.parse(json.stdout)).toMatchObject({ truncated: true, truncatedBy: 'rowLimit', rowLimit: 5 });
    expect(json.stderr).toContain('--row-limit 5');
    const whole = await runCli(['sql', 'SELECT * FROM range(20)', '--format', 'csv', '--db', db]);
    expect(whole.stderr).toBe('');
  });

  it('prints 64-bit integers digit for digit in every format', async () => {
    const sql = 'SELECT 9007199254740993::BIGINT AS id, 18446744073709551615::UBIGINT AS hash, 7::BIGINT AS n';
    const csv = await runCli(['sql', sql, '--format', 'csv', '--db', db]);
    expect(csv.stdout).toBe('\uFEFFid,hash,n\r\n9007199254740993,18446744073709551615,7\r\n');
    const json = await runCli(['sql', sql, '--json', '--db', db]);
    expect((JSON.parse(json.stdout) as { table: { rows: unknown[] } }).table.rows).toEqual([
      { id: '9007199254740993', hash: '18446744073709551615', n: 7 },
    ]);
    const text = await runCli(['sql', sql, '--db', db]);
    expect(text.stdout).toMatch(/9007199254740993 +18446744073709551615 +7\n/);
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

describe('POST /api/v1/sql limits, errors and authorization', () => {
  let store: Awaited<ReturnType<typeof openDuckDbStore>>;
  let app: ReturnType<typeof createApp>;
  const post = (body: unknown, authorization = 'Bearer secret') =>
    app.request('/api/v1/sql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
  beforeAll(async () => {
    store = await openDuckDbStore({ path: db, timeZone: 'Asia/Shanghai' });
    app = createApp({ store, timeZone: 'Asia/Shanghai', rejectsDir: dir, version: 'test', adminToken: 'secret' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('says in headers, in every format, and in JSON when the row limit cut the result', async () => {
    const csv = await post({ sql: 'SELECT * FROM range(20)', format: 'csv', rowLimit: 10 });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(11);
    expect(csv.headers.get('x-flowsight-truncated')).toBe('true');
    expect(csv.headers.get('x-flowsight-truncated-by')).toBe('rowLimit');
    expect(csv.headers.get('x-flowsight-row-limit')).toBe('10');
    const xlsx = await post({ sql: 'SELECT * FROM range(20)', format: 'xlsx', rowLimit: 10 });
    expect(xlsx.headers.get('x-flowsight-truncated')).toBe('true');
    const json = await post({ sql: 'SELECT * FROM range(20)', rowLimit: 10 });
    expect(await json.json()).toMatchObject({ truncated: true, truncatedBy: 'rowLimit', rowLimit: 10 });
    expect(json.headers.get('x-flowsight-truncated')).toBe('true');
    const whole = await post({ sql: 'SELECT * FROM range(20)', format: 'csv' });
    expect(whole.headers.get('x-flowsight-truncated')).toBe('false');
    expect(whole.headers.get('x-flowsight-truncated-by')).toBeNull();
    expect(whole.headers.get('x-flowsight-row-limit')).toBe('10000');
  });

  it('answers a result past the byte limit with the rows that fit, flagged, rather than failing', async () => {
    // 100 rows of 1 MB each, every one within the row limit: 100 MB asked for.
    const response = await post({ sql: "SELECT range AS i, repeat('x', 1000000) AS s FROM range(100)", rowLimit: 100 });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-flowsight-truncated-by')).toBe('byteLimit');
    const text = await response.text();
    const body = JSON.parse(text) as { truncated: boolean; truncatedBy: string; byteLimit: number; table: { rows: { i: number }[] } };
    expect(body).toMatchObject({ truncated: true, truncatedBy: 'byteLimit', byteLimit: 64 * 1024 * 1024 });
    expect(body.table.rows.length).toBeGreaterThan(0);
    expect(body.table.rows.length).toBeLessThan(100);
    expect(body.table.rows.map((row) => row.i)).toEqual(body.table.rows.map((_, index) => index));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(body.byteLimit);
    expect(response.headers.get('x-flowsight-byte-limit')).toBe(String(body.byteLimit));
  });

  it('names the field of a refused body, format or limit, with the largest value a limit takes', async () => {
    const refusal = async (body: unknown) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { code: string; details?: unknown } }).error;
    };
    expect(await refusal({ sql: '' })).toMatchObject({ code: 'invalid_body', details: { field: 'sql' } });
    expect(await refusal({ sql: 'SELECT 1', format: 'parquet' })).toMatchObject({ code: 'invalid_body', details: { field: 'format' } });
    expect(await refusal({ sql: 'SELECT 1', timeoutMs: 60_001 })).toMatchObject({ details: { field: 'timeoutMs', max: 60_000 } });
    expect(await refusal({ sql: 'SELECT 1', rowLimit: 100_001 })).toMatchObject({ details: { field: 'rowLimit', max: 100_000 } });
  });

  it('answers a query that fails as it runs with 422 sql_error, as OpenAPI says', async () => {
    const failed = await post({ sql: "SELECT 'a'::INTEGER AS n" });
    expect(failed.status).toBe(422);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('sql_error');
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { post: { responses: Record<string, { headers?: Record<string, unknown> }> } }>;
    };
    const responses = document.paths['/api/v1/sql']!.post.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '400', '401', '408', '422']));
    expect(Object.keys(responses['200']!.headers ?? {})).toEqual(
      expect.arrayContaining(['X-Flowsight-Truncated', 'X-Flowsight-Truncated-By', 'X-Flowsight-Row-Limit', 'X-Flowsight-Byte-Limit']),
    );
  });

  it('accepts the bearer scheme in any case, and still refuses a wrong token', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR'])
      expect((await post({ sql: 'SELECT 1' }, `${scheme} secret`)).status, scheme).toBe(200);
    expect((await post({ sql: 'SELECT 1' }, 'bearer wrong')).status).toBe(401);
    expect((await post({ sql: 'SELECT 1' }, 'Basic secret')).status).toBe(401);
  });

  it('answers 64-bit integers beyond 2^53 as exact strings and smaller ones as numbers', async () => {
    const response = await post({
      sql: 'SELECT 9007199254740993::BIGINT AS id, (-9223372036854775807 - 1)::BIGINT AS low, 42::BIGINT AS n',
    });
    expect(((await response.json()) as { table: { rows: unknown[] } }).table.rows).toEqual([
      { id: '9007199254740993', low: '-9223372036854775808', n: 42 },
    ]);
  });
});
