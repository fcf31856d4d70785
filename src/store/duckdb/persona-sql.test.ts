import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterPersonas, readPersonaModel, type PersonaSpec } from '../../analysis/profiles/cluster-personas.ts';
import { createRng } from '../../demo/create-rng.ts';
import { personaAssignmentExpression, personaSampleSql } from './persona-sql.ts';

/** Profile-like rows in planted groups, with what real profiles have: missing values, empty text, many levels, a constant. */
interface Row {
  id: number;
  monetary: number | null;
  orders_per_month: number | null;
  weekend_share: number | null;
  recency_days: number;
  preferred_channel: string | null;
  city: string | null;
}

const SPEC: PersonaSpec<keyof Row & string> = {
  numeric: [
    { field: 'monetary', log1p: true },
    { field: 'orders_per_month', log1p: true },
    { field: 'weekend_share', weight: 1.5 },
    { field: 'recency_days' },
  ],
  categorical: [{ field: 'preferred_channel' }, { field: 'city', maxLevels: 4, weight: 0.8 }],
};

function plantedRows(n: number): Row[] {
  const rng = createRng(41);
  const channels = ['wechat', 'app', 'web'];
  const cities = ['广州', '深圳', '杭州', '成都', '西安', '拉萨'];
  return Array.from({ length: n }, (_, id) => {
    const group = rng.int(3);
    return {
      id,
      monetary: rng.chance(0.05) ? null : Math.exp(4 + 2 * group + rng.normal() * 0.4),
      orders_per_month: rng.chance(0.05) ? null : (group + 0.5) * (0.5 + rng.next()),
      weekend_share: rng.chance(0.1) ? null : Math.min(1, Math.max(0, 0.2 + 0.3 * (group === 1 ? 1 : 0) + rng.normal() * 0.1)),
      recency_days: 30, // the same for everybody: no spread, no say
      preferred_channel: rng.chance(0.05) ? (rng.chance(0.5) ? null : '') : (channels[(group + (rng.chance(0.2) ? 1 : 0)) % 3] as string),
      city: rng.chance(0.1) ? null : (cities[rng.int(cities.length)] as string),
    };
  });
}

let connection: DuckDBConnection;
const rows = plantedRows(3000);

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(
    `CREATE TABLE profiles (id INTEGER, user_id VARCHAR, frequency INTEGER, monetary DOUBLE, orders_per_month DOUBLE,
      weekend_share DOUBLE, recency_days INTEGER, preferred_channel VARCHAR, city VARCHAR)`,
  );
  const appender = await connection.createAppender('profiles');
  for (const row of rows) {
    appender.appendInteger(row.id);
    appender.appendVarchar(`u${row.id}`);
    appender.appendInteger(1);
    for (const v of [row.monetary, row.orders_per_month, row.weekend_share]) {
      if (v === null) appender.appendNull();
      else appender.appendDouble(v);
    }
    appender.appendInteger(row.recency_days);
    for (const v of [row.preferred_channel, row.city]) {
      if (v === null) appender.appendNull();
      else appender.appendVarchar(v);
    }
    appender.endRow();
  }
  appender.closeSync();
});

afterAll(() => connection.closeSync());

async function assignedInSql(expression: string): Promise<number[]> {
  const result = await connection.runAndReadAll(`SELECT ${expression} AS persona FROM profiles ORDER BY id`);
  return result.getColumnsJS()[0]!.map(Number);
}

describe('persona assignment in SQL', () => {
  it('puts every row in the persona the clustering assigned it to', async () => {
    const clustering = clusterPersonas(rows, SPEC, { seed: 5, kMin: 3, kMax: 5 });
    // The model covers what the SQL must reproduce: a pooled field, a constant field, log scales.
    expect(clustering.model.categorical.find((f) => f.field === 'city')?.pooled).toBe(true);
    expect(clustering.model.numeric.find((f) => f.field === 'recency_days')?.scale).toBe(0);
    const sql = await assignedInSql(personaAssignmentExpression(clustering.model, (field) => field));
    expect(sql).toEqual(Array.from(clustering.assignment));
  });

  it('assigns rows the clustering never saw, a level it never met counting as missing', async () => {
    const clustering = clusterPersonas(rows.slice(0, 1500), SPEC, { seed: 5, kMin: 3, kMax: 3 });
    const expression = personaAssignmentExpression(clustering.model, (field) => field);
    const sql = await assignedInSql(expression);
    expect(sql.slice(0, 1500)).toEqual(Array.from(clustering.assignment));
    // Every row of the other half lands in one of the personas too.
    expect(new Set(sql.slice(1500))).toEqual(new Set([0, 1, 2]));
    const unknown = await connection.runAndReadAll(
      `SELECT ${expression.replaceAll('"preferred_channel"', "'telegram'")} = ${expression.replaceAll('"preferred_channel"', 'NULL::VARCHAR')} AS same FROM profiles`,
    );
    expect(unknown.getColumnsJS()[0]!.every((same) => same === true)).toBe(true);
  });

  it('assigns the same after the model was stored as JSON and read back; a damaged one is refused', async () => {
    const clustering = clusterPersonas(rows, SPEC, { seed: 5, kMin: 3, kMax: 3 });
    const stored = readPersonaModel(JSON.parse(JSON.stringify(clustering.model)));
    expect(stored).toEqual(clustering.model);
    expect(await assignedInSql(personaAssignmentExpression(stored!, (field) => field))).toEqual(Array.from(clustering.assignment));
    const { centroids } = clustering.model;
    for (const damaged of [
      null,
      7,
      {},
      { ...clustering.model, centroids: [] },
      { ...clustering.model, centroids: [centroids[0]!.slice(1)] },
    ])
      expect(readPersonaModel(damaged), JSON.stringify(damaged)?.slice(0, 40)).toBeNull();
  });

  it('samples the same buyers every time, never more than asked', async () => {
    const first = (await connection.runAndReadAll(personaSampleSql(['monetary', 'city'], 100))).getRowsJS();
    const second = (await connection.runAndReadAll(personaSampleSql(['monetary', 'city'], 100))).getRowsJS();
    expect(first).toHaveLength(100);
    expect(second).toEqual(first);
    expect(() => personaSampleSql(['monetary; DROP TABLE profiles'], 10)).toThrow(/not a profile column/);
  });
});
