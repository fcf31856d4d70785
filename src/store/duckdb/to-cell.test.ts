import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCell } from './to-cell.ts';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
});

/** The cells of a one-row SELECT, and the same values as DuckDB's own text. */
async function cellsAndText(select: string): Promise<{ cells: Record<string, unknown>; text: Record<string, string> }> {
  const result = await connection.runAndReadAll(select);
  const names = result.columnNames();
  const values = result.getRows()[0]!;
  const texts = (await connection.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM (${select})`)).getRows()[0]!;
  return {
    cells: Object.fromEntries(names.map((name, i) => [name, toCell(values[i]!)])),
    text: Object.fromEntries(names.map((name, i) => [name, String(texts[i])])),
  };
}

describe('toCell', () => {
  it('keeps every digit of 64- and 128-bit integers beyond ±2^53 as text, and smaller ones as numbers', async () => {
    const { cells, text } = await cellsAndText(`
      SELECT 9007199254740993::BIGINT AS above, (-9007199254740993)::BIGINT AS below, 9007199254740991::BIGINT AS safe,
             (-9007199254740991)::BIGINT AS safe_negative, 18446744073709551615::UBIGINT AS ubig_max,
             170141183460469231731687303715884105727::HUGEINT AS huge, 340282366920938463463374607431768211455::UHUGEINT AS uhuge,
             hash('flowsight') AS hashed, sum(x)::HUGEINT AS summed, 42::UBIGINT AS small
      FROM (VALUES (1), (2)) t(x)`);
    expect(cells).toEqual({
      above: '9007199254740993',
      below: '-9007199254740993',
      safe: 9007199254740991,
      safe_negative: -9007199254740991,
      ubig_max: '18446744073709551615',
      huge: '170141183460469231731687303715884105727',
      uhuge: '340282366920938463463374607431768211455',
      // A UBIGINT hash (this one is beyond 2^53) is DuckDB's own value, digit for digit.
      hashed: text.hashed,
      summed: 3,
      small: 42,
    });
    expect(BigInt(text.hashed!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('gives decimals as numbers when a double holds their digits, and as their exact text otherwise', async () => {
    const { cells } = await cellsAndText(`
      SELECT 12.50::DECIMAL(10, 2) AS amount, 12345678901234.56::DECIMAL(38, 2) AS revenue, (-0.05)::DECIMAL(4, 2) AS negative,
             0.1::DECIMAL(38, 37) AS tenth, 12345678901234567890.12::DECIMAL(38, 2) AS wide, 9007199254740993::DECIMAL(38, 0) AS whole`);
    expect(cells).toEqual({
      amount: 12.5,
      revenue: 12345678901234.56,
      negative: -0.05,
      tenth: 0.1,
      wide: '12345678901234567890.12',
      whole: '9007199254740993',
    });
  });

  it('keeps exact digits inside lists and structs, whose JSON text carries them as strings', async () => {
    const { cells } = await cellsAndText(`SELECT [9007199254740993::BIGINT, 7] AS ids, {'id': 18446744073709551615::UBIGINT} AS s`);
    expect(cells).toEqual({ ids: '["9007199254740993",7]', s: '{"id":"18446744073709551615"}' });
  });
});
