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
 * A DuckDB value as a cell: integers of any width and decimals as numbers when a double holds them
 * exactly, otherwise as their exact digits in a string (BIGINT ids and hashes beyond ±2^53, wide
 * DECIMALs), so no digit is ever changed; NaN and infinities, which JSON cannot carry, as null; timestamps as ISO UTC with `Z` (stored timestamps are UTC), dates as
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
      return toExactNumber(value);
    default:
      break;
  }
  if (value instanceof DuckDBDecimalValue) return toExactDecimal(value);
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

/** An integer as a number within ±(2^53 − 1), where every integer is a double; beyond, its digits. */
function toExactNumber(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

/**
 * A decimal as the double that reads back as the same digits (always so up to 15 significant
 * digits), otherwise its exact text: `12345678901234567890.12` would print as `12345678901234567000`.
 */
function toExactDecimal(value: DuckDBDecimalValue): number | string {
  const text = value.toString();
  const number = value.toDouble();
  if (!Number.isFinite(number)) return text;
  const significant = text.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length <= 15 || trimFraction(String(number)) === trimFraction(text)) return number;
  return text;
}

/** `12.50` → `12.5`, `3.00` → `3`; integers unchanged. */
function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function toIsoInstant(value: DuckDBValue): string | undefined {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    return value.isFinite ? isoFromNanos(value.micros * 1000n) : value.toString();
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.isFinite ? isoFromNanos(value.millis * 1_000_000n) : value.toString();
  if (value instanceof DuckDBTimestampSecondsValue) return value.isFinite ? isoFromNanos(value.seconds * 1_000_000_000n) : value.toString();
  if (value instanceof DuckDBTimestampNanosecondsValue) return value.isFinite ? isoFromNanos(value.nanos) : value.toString();
  return undefined;
}
