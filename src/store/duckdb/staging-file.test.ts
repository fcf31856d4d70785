import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../../domain/entities.ts';
import { at, canonicalRow } from '../../../test/support/canonical-row.ts';
import { createIncomingSql, INCOMING, loadChunkSql } from './merge-sql.ts';
import { MIGRATIONS } from './migrations.ts';
import { toStagingCsv } from './staging-file.ts';

let scratch: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'fs-staging-'));
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  // The real schema: the staged table takes its column types from the entity's table.
  for (const migration of MIGRATIONS) await connection.run(migration.sql);
});

afterAll(() => {
  connection.closeSync();
  rmSync(scratch, { recursive: true, force: true });
});

/** Stages rows as the store does and reads back what DuckDB loaded. */
async function stageAndLoad(kind: 'orders' | 'weather', rows: ReturnType<typeof canonicalRow>[], firstSeq: number, source: number) {
  const entity = ENTITIES[kind];
  const path = join(scratch, `${kind}-${firstSeq}.csv`);
  writeFileSync(
    path,
    toStagingCsv(
      rows,
      firstSeq,
      source,
      entity.fields.map((f) => f.type === 'timestamp'),
    ),
  );
  await connection.run(createIncomingSql(entity));
  await connection.run(loadChunkSql(entity, path));
  const reader = await connection.runAndReadAll(
    `SELECT _seq, _source, ${entity.fields.map((f) => (f.type === 'timestamp' ? `epoch_ms("${f.name}") AS "${f.name}"` : f.type === 'date' ? `strftime("${f.name}", '%Y-%m-%d') AS "${f.name}"` : f.type === 'decimal' ? `CAST("${f.name}" AS DOUBLE) AS "${f.name}"` : `"${f.name}"`)).join(', ')} FROM ${INCOMING} ORDER BY _seq`,
  );
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
    return out;
  });
}

describe('staging chunks', () => {
  it('load back into DuckDB exactly as the canonical rows hold them', async () => {
    const tricky = 'say "hi", then\nnew line; 中文地址，北京市朝阳区 😀';
    const first = {
      order_id: 'o"1',
      user_id: 'u,1',
      created_at: at('2024-01-05T05:04:05Z'),
      paid_at: at('2024-01-05T05:04:05.123Z'),
      quantity: 3,
      amount: 1234.56,
      shipping_address: tricky,
      status: 'completed',
      cancelled: false,
      note: '',
    };
    const rows = [
      canonicalRow('orders', first),
      canonicalRow('orders', {
        order_id: 'o2',
        user_id: 'u2',
        created_at: at('1969-12-31T23:59:58.5Z'),
        amount: 0,
        status: 'cancelled',
        cancelled: true,
      }),
    ];
    const loaded = await stageAndLoad('orders', rows, 9_007_199_254, 3);
    expect(loaded).toHaveLength(2);
    expect(loaded[0]).toMatchObject({ _seq: 9_007_199_254, _source: 3, ...first, product_id: null });
    expect(loaded[1]).toMatchObject({
      _seq: 9_007_199_255,
      order_id: 'o2',
      created_at: at('1969-12-31T23:59:58.5Z'),
      amount: 0,
      cancelled: true,
      paid_at: null,
    });
  });

  it('keeps negative and fractional numbers and dates', async () => {
    const cold = { date: '2024-01-05', province: '黑龙江', city: '哈尔滨', temp_max: -12.5, temp_min: -30, precipitation_mm: 0.25 };
    const loaded = await stageAndLoad('weather', [canonicalRow('weather', cold)], 0, 0);
    expect(loaded[0]).toMatchObject(cold);
  });
});
