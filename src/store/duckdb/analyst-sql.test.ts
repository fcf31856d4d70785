import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, canonicalRow } from '../../../test/support/canonical-row.ts';
import { ENTITIES } from '../../domain/entities.ts';
import { createAnalystSql, toAnalystAnswer, type AnalystResult, type AnalystSql } from './analyst-sql.ts';
import { lockDownInstance } from './instance-lockdown.ts';
import { createIncomingSql, INCOMING, loadChunkSql } from './merge-sql.ts';
import { MIGRATIONS } from './migrations.ts';
import { toStagingCsv } from './staging-file.ts';

// A store-shaped DuckDB file: the database next to its scratch directory, spilling into
// `<scratch>/spill`, locked down right after create exactly as openDuckDbStore does.
const dir = mkdtempSync(join(tmpdir(), 'flowsight-analyst-sql-'));
const location = join(dir, 'flowsight.duckdb');
const scratch = join(dir, '.flowsight.duckdb.tmp');
const outside = join(dir, 'outside.csv');
const inScratch = join(scratch, 'chunk.csv');

let instance: DuckDBInstance;
let admin: DuckDBConnection;
let analyst: AnalystSql;

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  writeFileSync(outside, 'a,b\n1,2\n');
  writeFileSync(inScratch, 'a,b\n1,2\n');
  instance = await DuckDBInstance.create(location, { memory_limit: '512MB', temp_directory: join(scratch, 'spill'), threads: '2' });
  admin = await instance.connect();
  await lockDownInstance(admin, { allowedDirectories: [scratch] });
  await admin.run("SET TimeZone = 'UTC'");
  for (const migration of MIGRATIONS) await admin.run(migration.sql);
  const bookkeeping = `0, 0, 'seed', TIMESTAMP '2024-01-01 00:00:00'`;
  await admin.run(`
    INSERT INTO orders (order_id, user_id, created_at, amount, status, _version, _hash, _import_id, _ingested_at)
    SELECT 'o' || lpad(i::VARCHAR, 2, '0'), 'u' || (i % 3), TIMESTAMP '2024-03-01 08:00:00' + INTERVAL (i) HOUR, (i * 10.5)::DECIMAL(18, 2), 'paid', ${bookkeeping}
    FROM range(1, 31) t(i)`);
  await admin.run(`
    INSERT INTO events (event_id, user_id, event_type, occurred_at, _version, _hash, _import_id, _ingested_at)
    SELECT 'e' || i, 'u' || (i % 3), CASE WHEN i % 2 = 0 THEN 'view' ELSE 'click' END, TIMESTAMP '2024-03-01 09:00:00' + INTERVAL (i) MINUTE, ${bookkeeping}
    FROM range(1, 13) t(i)`);
  await admin.run(
    `INSERT INTO imports VALUES ('imp-1', 'orders', 'file', ['/home/ops/secret-orders.csv'], now()::TIMESTAMP, now()::TIMESTAMP, 'completed', 1, 1, 0, 0, 0, NULL, NULL)`,
  );
  // A macro is how a harmless-looking function call could read a table the console does not allow.
  await admin.run('CREATE MACRO import_count() AS (SELECT count(*) FROM imports)');
  await admin.run('CREATE MACRO upper(text) AS (SELECT max(source) FROM imports)');
  analyst = createAnalystSql(instance, { allowedTables: ['orders', 'events'] });
});

afterAll(() => {
  analyst?.close();
  admin?.closeSync();
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function table(result: AnalystResult) {
  if (!result.ok) throw new Error(`expected rows, got ${result.code}: ${result.message}`);
  return result;
}

describe('the analysts’ SQL console', () => {
  it('answers SELECTs with joins, CTEs, window functions, aggregates and range()', async () => {
    const result = table(
      await analyst.run(`
        WITH per_user AS (
          SELECT o.user_id, count(*) AS orders, sum(o.amount) AS revenue
          FROM orders o JOIN events e ON e.user_id = o.user_id AND e.event_type = 'click'
          GROUP BY o.user_id
        )
        SELECT user_id, orders, revenue, rank() OVER (ORDER BY revenue DESC) AS place,
               (SELECT count(*) FROM range(3)) AS three
        FROM per_user ORDER BY user_id`),
    );
    expect(result.truncated).toBe(false);
    expect(result.table.columns.map((column) => [column.name, column.type])).toEqual([
      ['user_id', 'string'],
      ['orders', 'number'],
      ['revenue', 'number'],
      ['place', 'number'],
      ['three', 'number'],
    ]);
    expect(result.table.rows).toEqual([
      // Each user's ten orders, joined to their two clicks.
      { user_id: 'u0', orders: 20, revenue: 3465, place: 1, three: 3 },
      { user_id: 'u1', orders: 20, revenue: 3045, place: 3, three: 3 },
      { user_id: 'u2', orders: 20, revenue: 3255, place: 2, three: 3 },
    ]);
  });

  it('allows generate_series, unnest, set operations, recursive CTEs and DESCRIBE of an allowed table', async () => {
    const series = table(
      await analyst.run('SELECT sum(x) AS s FROM generate_series(1, 4) t(x) UNION ALL SELECT count(*) FROM unnest([1, 2, 3])'),
    );
    expect(series.table.rows).toEqual([{ s: 10 }, { s: 3 }]);
    const recursive = table(
      await analyst.run('WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT max(i) AS top FROM n'),
    );
    expect(recursive.table.rows).toEqual([{ top: 5 }]);
    const described = table(await analyst.run('DESCRIBE orders'));
    expect(described.table.rows.map((row) => row.column_name)).toContain('amount');
  });

  it('gives numbers (integers beyond 2^53 as their exact digits), ISO timestamps, dates and JSON text for nested values', async () => {
    const result = table(
      await analyst.run(`
        SELECT 9007199254740993::BIGINT AS big, 170141183460469231731687303715884105727::HUGEINT AS huge, 12.34::DECIMAL(10, 2) AS amount,
               TIMESTAMP '2024-03-01 08:00:00.123' AS ts, TIMESTAMPTZ '2024-03-01 08:00:00+08' AS tstz, DATE '2024-03-01' AS day,
               [1, 2] AS list, {'a': 1, 'at': TIMESTAMP '2024-03-01 00:00:00'} AS struct, true AS yes, 'nan'::DOUBLE AS nan, INTERVAL 1 DAY AS span,
               1 AS dup, 2 AS dup`),
    );
    expect(result.table.columns.map((column) => column.type)).toEqual([
      'number',
      'number',
      'number',
      'timestamp',
      'timestamp',
      'date',
      'string',
      'string',
      'boolean',
      'number',
      'string',
      'number',
      'number',
    ]);
    expect(result.table.rows[0]).toEqual({
      big: '9007199254740993',
      huge: '170141183460469231731687303715884105727',
      amount: 12.34,
      ts: '2024-03-01T08:00:00.123Z',
      tstz: '2024-03-01T00:00:00.000Z',
      day: '2024-03-01',
      list: '[1,2]',
      struct: '{"a":1,"at":"2024-03-01T00:00:00.000Z"}',
      yes: true,
      nan: null,
      span: '1 day',
      dup: 1,
      'dup:1': 2,
    });
  });

  it('reports a syntax error as syntax, and a query error as error', async () => {
    expect(await analyst.run('selec 1')).toMatchObject({
      ok: false,
      code: 'syntax',
      message: expect.stringMatching(/syntax error at or near "selec"/),
    });
    expect(await analyst.run('SELECT no_such_column FROM orders')).toMatchObject({
      ok: false,
      code: 'error',
      message: expect.stringMatching(/no_such_column/),
    });
  });

  const notSelect = (keyword: string) => new RegExp(`^refused: only SELECT statements are allowed \\(got ${keyword}\\)`);
  const tableFunction = (name: string, why: string) => new RegExp(`^refused: table function ${name}\\(\\) is not allowed \\(${why}\\)`);
  const notAvailable = (name: string) =>
    new RegExp(`^refused: table ${name.replace(/\./g, '\\.')} is not available in the SQL console \\(available: events, orders\\)`);
  const readsFiles = /^refused: reading files is not allowed/;

  it.each([
    ['ATTACH', "ATTACH ':memory:' AS scratchpad", notSelect('ATTACH')],
    ['ATTACH in the scratch dir', `ATTACH '${join(scratch, 'other.duckdb')}' AS other`, notSelect('ATTACH')],
    ['DETACH', 'DETACH flowsight', notSelect('DETACH')],
    ['INSTALL', 'INSTALL httpfs', notSelect('INSTALL')],
    ['LOAD', 'LOAD httpfs', notSelect('LOAD')],
    ['COPY TO', `COPY orders TO '${join(dir, 'orders.csv')}'`, notSelect('COPY')],
    ['COPY a query TO the scratch dir', `COPY (SELECT * FROM orders) TO '${join(scratch, 'orders.csv')}'`, notSelect('COPY')],
    ['COPY FROM', "COPY orders FROM '/etc/passwd'", notSelect('COPY')],
    ['EXPORT DATABASE', `EXPORT DATABASE '${join(scratch, 'export')}'`, notSelect('EXPORT')],
    ['IMPORT DATABASE', `IMPORT DATABASE '${join(scratch, 'export')}'`, notSelect('IMPORT')],
    ['CREATE TABLE', 'CREATE TABLE stolen AS SELECT * FROM orders', notSelect('CREATE')],
    ['CREATE SECRET', "CREATE SECRET s3secret (TYPE s3, KEY_ID 'k', SECRET 's')", notSelect('CREATE')],
    ['DROP', 'DROP TABLE orders', notSelect('DROP')],
    ['INSERT', "INSERT INTO orders (order_id) VALUES ('x')", notSelect('INSERT')],
    ['UPDATE', "UPDATE orders SET status = 'refunded'", notSelect('UPDATE')],
    ['DELETE', 'DELETE FROM orders', notSelect('DELETE')],
    [
      'a write behind a CTE',
      'WITH x AS (SELECT 1) DELETE FROM orders',
      /^refused: only one statement per query is allowed, a SELECT \(the text holds a statement that is not a SELECT\)/,
    ],
    ['SET', 'SET enable_external_access = true', notSelect('SET')],
    ['RESET', 'RESET lock_configuration', notSelect('RESET')],
    ['PRAGMA', 'PRAGMA enable_profiling', notSelect('PRAGMA')],
    ['CALL', 'CALL pragma_version()', notSelect('CALL')],
    ['EXPLAIN ANALYZE', 'EXPLAIN ANALYZE SELECT 1', notSelect('EXPLAIN')],
    ['a transaction', 'BEGIN TRANSACTION', notSelect('BEGIN')],
    ['CHECKPOINT', 'CHECKPOINT', notSelect('CHECKPOINT')],
    [
      'a second statement',
      'select 1; drop table orders',
      /^refused: only one statement per query is allowed, a SELECT \(the text holds a statement that is not a SELECT\)/,
    ],
    ['two SELECTs', 'SELECT 1; SELECT 2', /^refused: only one statement per query is allowed, a SELECT \(got 2 statements\)/],
    ['PRAGMA table_info', "PRAGMA table_info('imports')", notSelect('PRAGMA')],
    ['read_csv of /etc/passwd', "SELECT * FROM read_csv('/etc/passwd')", tableFunction('read_csv', 'it reads files')],
    ['read_csv of the scratch dir', `SELECT * FROM read_csv('${inScratch}')`, tableFunction('read_csv', 'it reads files')],
    ['read_csv_auto', "SELECT * FROM read_csv_auto('/etc/passwd')", tableFunction('read_csv_auto', 'it reads files')],
    ['read_text of /etc/passwd', "SELECT content FROM read_text('/etc/passwd')", tableFunction('read_text', 'it reads files')],
    ['read_text of the scratch dir', `SELECT content FROM read_text('${inScratch}')`, tableFunction('read_text', 'it reads files')],
    ['read_text as a scalar', "SELECT read_text('/etc/passwd')", /^refused: function read_text\(\) is not allowed \(it reads files\)/],
    ['read_blob', "SELECT * FROM read_blob('/etc/passwd')", tableFunction('read_blob', 'it reads files')],
    ['read_parquet', `SELECT * FROM read_parquet('${join(scratch, '*.parquet')}')`, tableFunction('read_parquet', 'it reads files')],
    ['read_json', "SELECT * FROM read_json('/etc/passwd')", tableFunction('read_json', 'it reads files')],
    ['parquet_metadata', "SELECT * FROM parquet_metadata('/etc/passwd')", tableFunction('parquet_metadata', 'it reads files')],
    ['sniff_csv', `SELECT * FROM sniff_csv('${inScratch}')`, tableFunction('sniff_csv', 'it reads files')],
    ['glob of /etc', "SELECT * FROM glob('/etc/*')", tableFunction('glob', 'it reads files')],
    ['glob of the scratch dir', `SELECT * FROM glob('${scratch}/*')`, tableFunction('glob', 'it reads files')],
    ['a file as a table', "SELECT * FROM '/etc/passwd'", readsFiles],
    ['a scratch file as a table', `FROM '${inScratch}'`, readsFiles],
    ['getenv', "SELECT getenv('HOME')", /^refused: function getenv\(\) is not allowed \(it reveals server state\)/],
    [
      'current_setting',
      "SELECT current_setting('temp_directory')",
      /^refused: function current_setting\(\) is not allowed \(it reveals server state\)/,
    ],
    [
      'current_setting in a WHERE',
      "SELECT order_id FROM orders WHERE current_setting('home_directory') <> ''",
      /^refused: function current_setting\(\)/,
    ],
    ['getvariable', "SELECT getvariable('x')", /^refused: function getvariable\(\)/],
    ['nextval', "SELECT nextval('seq')", /^refused: function nextval\(\) is not allowed \(it changes server state\)/],
    ['duckdb_settings()', 'SELECT * FROM duckdb_settings()', tableFunction('duckdb_settings', 'it reveals server state')],
    ['duckdb_secrets()', 'SELECT * FROM duckdb_secrets()', tableFunction('duckdb_secrets', 'it reveals server state')],
    ['the duckdb_settings view', 'SELECT * FROM duckdb_settings', notAvailable('duckdb_settings')],
    ['information_schema', 'SELECT * FROM information_schema.tables', notAvailable('information_schema.tables')],
    ['pragma_table_info', "SELECT * FROM pragma_table_info('imports')", tableFunction('pragma_table_info', 'it reveals server state')],
    ['query()', "SELECT * FROM query('SELECT * FROM imports')", tableFunction('query', 'it runs SQL text')],
    ['query_table()', "SELECT * FROM query_table('imports')", tableFunction('query_table', 'it runs SQL text')],
    [
      'another table function',
      'SELECT * FROM test_all_types()',
      tableFunction('test_all_types', 'allowed: range, generate_series, unnest, json_each, json_tree'),
    ],
    ['a table not on the allow-list', 'SELECT * FROM imports', notAvailable('imports')],
    ['the same, qualified', 'SELECT * FROM flowsight.main.imports', notAvailable('flowsight.main.imports')],
    ['the same, in a subquery', 'SELECT order_id, (SELECT count(*) FROM imports) AS n FROM orders', notAvailable('imports')],
    ['the same, in a CTE', 'WITH x AS (SELECT * FROM imports) SELECT * FROM x', notAvailable('imports')],
    ['the same, behind a CTE of its own name', 'WITH imports AS (SELECT * FROM imports) SELECT * FROM imports', notAvailable('imports')],
    [
      'the same, behind a CTE that comes later',
      'WITH a AS (SELECT * FROM imports), imports AS (SELECT 1) SELECT * FROM a',
      notAvailable('imports'),
    ],
    ['the same, through SUMMARIZE', 'SUMMARIZE imports', notAvailable('imports')],
    [
      'a macro reading it',
      'SELECT import_count()',
      /^refused: function import_count\(\) is not allowed \(user-defined functions and macros/,
    ],
    [
      'a macro shadowing a built-in',
      "SELECT upper('a')",
      /^refused: function upper\(\) is not allowed \(user-defined functions and macros/,
    ],
    ['the catalog', 'SHOW TABLES', /^refused: listing the catalog is not allowed/],
  ])('refuses %s', async (_label, sql, message) => {
    const result = await analyst.run(sql);
    expect(result).toMatchObject({ ok: false, code: 'refused' });
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('left the store unchanged after every refusal', async () => {
    const [row] = (
      await admin.runAndReadAll(
        "SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stolen') AS stolen, (SELECT count(*) FROM duckdb_databases() WHERE NOT internal) AS databases",
      )
    ).getRowObjectsJS();
    expect(row).toEqual({ orders: 30n, stolen: 0n, databases: 1n });
  });

  it('stops a query at its timeout with a timeout result, and the console stays usable', async () => {
    const started = Date.now();
    const result = await analyst.run('SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1', {
      timeoutMs: 300,
    });
    expect(result).toEqual({ ok: false, code: 'timeout', message: 'timeout: the query ran longer than the 300 ms limit and was stopped' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(table(await analyst.run('SELECT count(*) AS n FROM orders')).table.rows).toEqual([{ n: 30 }]);
  });

  it('stops the query in flight when closed', async () => {
    const closing = createAnalystSql(instance, { allowedTables: ['orders'] });
    const running = closing.run('SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    closing.close();
    expect(await running).toEqual({ ok: false, code: 'error', message: 'the SQL console was closed while the query ran' });
    expect(await closing.run('SELECT 1')).toEqual({ ok: false, code: 'error', message: 'the SQL console is closed' });
  });

  it('returns at most rowLimit rows and says when it cut the result short', async () => {
    const cut = table(await analyst.run('SELECT order_id FROM orders ORDER BY order_id', { rowLimit: 10 }));
    expect(cut.truncated).toBe(true);
    expect(cut.table.rows.map((row) => row.order_id)).toEqual(['o01', 'o02', 'o03', 'o04', 'o05', 'o06', 'o07', 'o08', 'o09', 'o10']);
    const exact = table(await analyst.run('SELECT order_id FROM orders', { rowLimit: 30 }));
    expect(exact).toMatchObject({ truncated: false });
    expect(exact.table.rows).toHaveLength(30);
    // Across several result chunks (DuckDB streams 2048 rows at a time).
    const large = table(await analyst.run('SELECT range AS i FROM range(1000000)', { rowLimit: 5000 }));
    expect(large.truncated).toBe(true);
    expect(large.table.rows).toHaveLength(5000);
    expect(large.table.rows.at(-1)).toEqual({ i: 4999 });
  });

  it('stops reading at the byte limit, well inside the row limit, and says which limit cut the result', async () => {
    const small = createAnalystSql(instance, { allowedTables: ['orders'], maxResultBytes: 1_000_000 });
    try {
      // 100 rows of 100 kB each: 10 MB asked for, 1 MB allowed.
      const result = table(await small.run("SELECT range AS i, repeat('x', 100000) AS s FROM range(100)", { rowLimit: 1000 }));
      expect(result.truncated).toBe(true);
      expect(result.table.rows.length).toBe(9);
      expect(result.table.rows.map((row) => row.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(toAnalystAnswer(result, 1000, 1_000_000)).toMatchObject({
        truncated: true,
        truncatedBy: 'byteLimit',
        rowLimit: 1000,
        byteLimit: 1_000_000,
      });
      const rows = table(await small.run('SELECT range AS i FROM range(100)', { rowLimit: 10 }));
      expect(toAnalystAnswer(rows, 10)).toMatchObject({ truncated: true, truncatedBy: 'rowLimit', rowLimit: 10 });
      const whole = table(await small.run('SELECT range AS i FROM range(10)', { rowLimit: 10 }));
      expect(toAnalystAnswer(whole, 10)).toMatchObject({ truncated: false, truncatedBy: null });
    } finally {
      small.close();
    }
  });
});

describe('the locked-down instance', () => {
  const rejection = async (connection: DuckDBConnection, sql: string) => {
    try {
      await connection.run(sql);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`DuckDB ran ${sql}`);
  };

  it('cannot read or write files outside the scratch dir even for SQL that skips the gate', async () => {
    const raw = await instance.connect();
    try {
      expect(await rejection(raw, "SELECT * FROM read_text('/etc/passwd')")).toMatch(
        /Permission Error: Cannot access file "\/etc\/passwd"/,
      );
      expect(await rejection(raw, `SELECT * FROM read_csv('${outside}')`)).toMatch(/Permission Error/);
      expect(await rejection(raw, `SELECT * FROM read_csv('${scratch}/../outside.csv')`)).toMatch(/Permission Error/);
      expect(await rejection(raw, `COPY orders TO '${join(dir, 'orders.csv')}'`)).toMatch(/Permission Error/);
      expect(await rejection(raw, `ATTACH '${join(dir, 'other.duckdb')}' AS other`)).toMatch(/Permission Error/);
      expect(await rejection(raw, 'INSTALL httpfs')).toMatch(/Permission Error/);
      expect(await rejection(raw, 'LOAD httpfs')).toMatch(/Permission Error/);
    } finally {
      raw.closeSync();
    }
  });

  it('refuses every configuration change but the time zone', async () => {
    const raw = await instance.connect();
    try {
      for (const sql of [
        'SET enable_external_access = true',
        "SET allowed_directories = ['/']",
        'RESET lock_configuration',
        'SET lock_configuration = false',
        'SET threads = 1',
        "PRAGMA memory_limit = '8GB'",
      ]) {
        expect(await rejection(raw, sql)).toMatch(/the configuration has been locked/);
      }
      const [row] = (
        await raw.runAndReadAll("SELECT current_setting('TimeZone') AS zone, current_setting('enable_external_access') AS external")
      ).getRowObjectsJS();
      expect(row).toEqual({ zone: 'UTC', external: false });
      await raw.run("SET TimeZone = 'UTC'");
    } finally {
      raw.closeSync();
    }
  });

  it('still loads the store’s staging chunks from the scratch dir', async () => {
    const entity = ENTITIES.orders;
    const chunk = join(scratch, 'stage-orders-test-0.csv');
    const rows = [
      canonicalRow('orders', { order_id: 's1', user_id: 'u9', created_at: at('2024-04-01T10:00:00Z'), amount: 12.5, status: 'paid' }),
      canonicalRow('orders', { order_id: 's2', user_id: 'u9', created_at: at('2024-04-01T11:00:00Z'), amount: 7, status: 'created' }),
    ];
    writeFileSync(
      chunk,
      toStagingCsv(
        rows,
        0,
        0,
        entity.fields.map((field) => field.type === 'timestamp'),
      ),
    );
    const staging = await instance.connect();
    try {
      await staging.run("SET TimeZone = 'UTC'");
      await staging.run(createIncomingSql(entity));
      await staging.run(loadChunkSql(entity, chunk));
      const loaded = (
        await staging.runAndReadAll(
          `SELECT order_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM ${INCOMING} ORDER BY _seq`,
        )
      ).getRowObjectsJS();
      expect(loaded).toEqual([
        { order_id: 's1', created_at: '2024-04-01T10:00:00Z' },
        { order_id: 's2', created_at: '2024-04-01T11:00:00Z' },
      ]);
    } finally {
      staging.closeSync();
    }
  });

  it('spills to the scratch dir when data outgrows the memory limit', async () => {
    const small = join(dir, 'small.duckdb');
    const smallScratch = join(dir, '.small.duckdb.tmp');
    mkdirSync(smallScratch, { recursive: true });
    const other = await DuckDBInstance.create(small, { memory_limit: '128MB', temp_directory: join(smallScratch, 'spill'), threads: '2' });
    const connection = await other.connect();
    try {
      await lockDownInstance(connection, { allowedDirectories: [smallScratch] });
      // A temp table far larger than the memory limit lives in DuckDB's temporary files.
      await connection.run('CREATE TEMP TABLE wide AS SELECT range AS i, repeat(md5(range::VARCHAR), 4) AS h FROM range(1000000)');
      const files = (await connection.runAndReadAll('SELECT path FROM duckdb_temporary_files()')).getRowObjectsJS();
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(String(file.path).startsWith(join(smallScratch, 'spill'))).toBe(true);
      expect((await connection.runAndReadAll('SELECT count(*) AS n, sum(length(h)) AS chars FROM wide')).getRowObjectsJS()).toEqual([
        { n: 1000000n, chars: 128000000n },
      ]);
    } finally {
      connection.closeSync();
      other.closeSync();
    }
  });

  it('can be locked only once', async () => {
    await expect(lockDownInstance(admin, { allowedDirectories: [scratch] })).rejects.toThrow(/already locked/);
  });

  it('is required by the console', async () => {
    const open = await DuckDBInstance.create(':memory:');
    const unlocked = createAnalystSql(open, { allowedTables: [] });
    try {
      expect(await unlocked.run('SELECT 1')).toMatchObject({
        ok: false,
        code: 'error',
        message: expect.stringMatching(/locked-down instance/),
      });
    } finally {
      unlocked.close();
      expect(await unlocked.run('SELECT 1')).toMatchObject({ ok: false, code: 'error', message: 'the SQL console is closed' });
      open.closeSync();
    }
  });
});
