/**
 * Converts a value as @duckdb/node-api returns it (getRowObjectsJS) to a plain JSON cell: big integers
 * and decimals become numbers, dates and timestamps ISO text, lists and structs JSON text.
 */
import type { Cell } from '../../analysis/result-table.ts';

/** A JSON-safe cell for a DuckDB value. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? Number(inner) : inner));
}
