/**
 * Converts DuckDB values to plain JSON cells, for every result the store hands out (metrics queries
 * and the analyst console alike).
 */
import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUnionValue,
  DuckDBVariantValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Cell } from '../../analysis/result-table.ts';
import { isoFromNanos } from '../../ingest/sources/to-plain-value.ts';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A DuckDB value as a cell: integers of any width and decimals as numbers (NaN and infinities, which
 * JSON cannot carry, as null), timestamps as ISO UTC with `Z` (stored timestamps are UTC), dates as
 * `YYYY-MM-DD`, lists, structs and maps as JSON text, anything else in DuckDB's text form.
 */
export function toCell(value: DuckDBValue): Cell {
  const plain = toJsonValue(value);
  if (plain === null || typeof plain !== 'object') return plain;
  return JSON.stringify(plain);
}

function toJsonValue(value: DuckDBValue): JsonValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return Number(value);
    default:
      break;
  }
  if (value instanceof DuckDBDecimalValue) return toJsonValue(value.toDouble());
  const instant = toIsoInstant(value);
  if (instant !== undefined) return instant;
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toJsonValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([key, entry]) => [key, toJsonValue(entry)]));
  }
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(value.entries.map(({ key, value: entry }) => [String(toJsonValue(key)), toJsonValue(entry)]));
  }
  if (value instanceof DuckDBUnionValue || value instanceof DuckDBVariantValue) return toJsonValue(value.value);
  // TIME, INTERVAL, UUID, BLOB, BIT, GEOMETRY: their DuckDB text form.
  return value.toString();
}

function toIsoInstant(value: DuckDBValue): string | undefined {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    return value.isFinite ? isoFromNanos(value.micros * 1000n) : value.toString();
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.isFinite ? isoFromNanos(value.millis * 1_000_000n) : value.toString();
  if (value instanceof DuckDBTimestampSecondsValue) return value.isFinite ? isoFromNanos(value.seconds * 1_000_000_000n) : value.toString();
  if (value instanceof DuckDBTimestampNanosecondsValue) return value.isFinite ? isoFromNanos(value.nanos) : value.toString();
  return undefined;
}
