import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTITIES, ENTITY_KINDS } from '../../src/domain/entities.ts';
import { openDuckDbStore } from '../../src/store/duckdb/duckdb-store.ts';
import { MIGRATIONS } from '../../src/store/duckdb/migrations.ts';
import { describeStoreContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsight-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const open = () => openDuckDbStore({ path: join(dir, `store-${++n}.duckdb`), memoryLimit: '512MB', threads: 2, stagingChunkRows: 3 });

describeStoreContract('DuckDB', open);

describe('DuckDB schema', () => {
  it('has exactly the canonical fields of every entity, in order, plus bookkeeping columns', async () => {
    const path = join(dir, 'schema.duckdb');
    const store = await open();
    await store.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(dir, `store-${n}.duckdb`));
    const connection = await instance.connect();
    for (const kind of ENTITY_KINDS) {
      const result = await connection.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${kind}' ORDER BY ordinal_position`,
      );
      const columns = result.getRowObjects().map((row) => row.column_name);
      expect(columns).toEqual([...ENTITIES[kind].fields.map((f) => f.name), '_version', '_hash', '_import_id', '_ingested_at']);
    }
    connection.closeSync();
    instance.closeSync();
    void path;
  });

  it('keeps its data and schema version across reopening', async () => {
    const path = join(dir, 'reopen.duckdb');
    const first = await openDuckDbStore({ path });
    const { commitRows } = await import('./store-contract.ts');
    const { canonicalRow, at } = await import('../support/canonical-row.ts');
    await commitRows(first, 'logs', [
      canonicalRow('logs', { log_id: 'l1', log_type: 'api_request', level: 'INFO', logged_at: at('2024-01-01T00:00:00Z') }),
    ]);
    await first.close();
    const second = await openDuckDbStore({ path });
    expect(await second.count('logs')).toBe(1);
    expect((await second.status()).schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    await second.close();
  });

  it('upgrades a store written before the stage history lost its primary key, keeping the history', async () => {
    const path = join(dir, 'v5.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) {
      await connection.run(migration.sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [migration.version, migration.name]);
    }
    await connection.run(`INSERT INTO profile_stages VALUES ('u1', 'new', DATE '2026-05-01'), ('u1', 'active', DATE '2026-05-20')`);
    connection.closeSync();
    instance.closeSync();

    const store = await openDuckDbStore({ path });
    expect((await store.status()).schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    const rows = await store.runQuery({
      sql: `SELECT user_id, stage, strftime(since, '%Y-%m-%d') AS since FROM profile_stages ORDER BY since`,
      params: [],
    });
    expect(rows).toEqual([
      { user_id: 'u1', stage: 'new', since: '2026-05-01' },
      { user_id: 'u1', stage: 'active', since: '2026-05-20' },
    ]);
    // No key, so no index for every profile run's checkpoint to rewrite.
    const keys = await store.runQuery({
      sql: `SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name = 'profile_stages' AND constraint_type = 'PRIMARY KEY'`,
      params: [],
    });
    expect(Number(keys[0]!.n)).toBe(0);
    await store.close();
  });

  it('lets reads in flight finish when it closes, and refuses reads after', async () => {
    const store = await open();
    const slow = store.runQuery({ sql: 'SELECT count(*) AS n FROM range(400000000) WHERE range % 7 = 3', params: [] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = store.close();
    expect(await slow).toEqual([{ n: 57142857 }]);
    await closed;
    await expect(store.runQuery({ sql: 'SELECT 1', params: [] })).rejects.toThrow('the store is closed');
  });
});

