import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { stageHistoryStatements } from './profile-sql.ts';

describe('the stage history a profile run writes', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    for (const migration of MIGRATIONS) await connection.run(migration.sql);
    await connection.run(
      `INSERT INTO profile_stages VALUES ('u1', 'new', DATE '2026-05-01'), ('u1', 'active', DATE '2026-05-20'), ('u2', 'active', DATE '2026-05-20')`,
    );
  });
  afterAll(() => instance.closeSync());

  /** Runs the stage statements for these users' stages as of a day; answers every user's history. */
  async function run(full: boolean, asOf: string, stages: Record<string, string>): Promise<Record<string, string[]>> {
    const rows = Object.entries(stages).map(([user, stage]) => `('${user}', '${stage}', DATE '${asOf}')`);
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE profile_features AS SELECT * FROM (VALUES ${rows.join(', ')}) t(user_id, lifecycle, as_of)`,
    );
    for (const sql of stageHistoryStatements(full)) await connection.run(sql);
    const result = await connection.runAndReadAll(
      `SELECT user_id, list(stage || '@' || strftime(since, '%m-%d') ORDER BY since) AS history FROM profile_stages GROUP BY user_id ORDER BY user_id`,
    );
    return Object.fromEntries(result.getRowObjectsJS().map((r) => [String(r.user_id), (r.history as string[]).map(String)]));
  }

  it('adds a row only when the stage changes, and keeps other users’ history as it was', async () => {
    expect(await run(false, '2026-06-15', { u1: 'active', u3: 'new' })).toEqual({
      u1: ['new@05-01', 'active@05-20'],
      u2: ['active@05-20'],
      u3: ['new@06-15'],
    });
    expect(await run(false, '2026-06-15', { u1: 'at_risk' })).toEqual({
      u1: ['new@05-01', 'active@05-20', 'at_risk@06-15'],
      u2: ['active@05-20'],
      u3: ['new@06-15'],
    });
  });

  it('replaces the day’s row when run again that day, and drops it when the stage is back to the one before', async () => {
    expect((await run(false, '2026-06-15', { u1: 'churned' })).u1).toEqual(['new@05-01', 'active@05-20', 'churned@06-15']);
    expect((await run(false, '2026-06-15', { u1: 'active' })).u1).toEqual(['new@05-01', 'active@05-20']);
  });

  it('does the same for every user in a full run', async () => {
    expect(await run(true, '2026-06-16', { u1: 'active', u2: 'growing', u3: 'active' })).toEqual({
      u1: ['new@05-01', 'active@05-20'],
      u2: ['active@05-20', 'growing@06-16'],
      u3: ['new@06-15', 'active@06-16'],
    });
    expect(await run(true, '2026-06-16', { u1: 'active', u2: 'active', u3: 'active' })).toEqual({
      u1: ['new@05-01', 'active@05-20'],
      u2: ['active@05-20'],
      u3: ['new@06-15', 'active@06-16'],
    });
  });
});
