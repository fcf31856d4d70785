/**
 * Converts DuckDB values (as read from Parquet) to the plain values sources hand on: instants
 * (TIMESTAMP WITH TIME ZONE, Parquet's isAdjustedToUTC) as ISO-8601 UTC strings ending in `Z`; plain
 * TIMESTAMPs, which are wall-clock times like a naive time in a CSV file, as ISO-8601 without a zone,
 * so the normaliser reads them in the configured zone as it does text; dates as `YYYY-MM-DD`, decimals as numbers, integers as numbers
 * when they fit exactly (bigint otherwise), nested lists and structs as arrays and objects.
 */
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
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
import type { RawValue } from './record-source.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_DATE_MILLIS = 8_640_000_000_000_000n;

/** The plain JavaScript value for a DuckDB value. */
export function toPlainValue(value: DuckDBValue): RawValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
    default:
      break;
  }
  if (value instanceof DuckDBTimestampTZValue) {
    return value.isFinite ? isoFromNanos(value.micros * 1000n) : value.toString();
  }
  if (value instanceof DuckDBTimestampValue) {
    return value.isFinite ? wallClock(isoFromNanos(value.micros * 1000n)) : value.toString();
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) {
    return value.isFinite ? wallClock(isoFromNanos(value.millis * 1_000_000n)) : value.toString();
  }
  if (value instanceof DuckDBTimestampSecondsValue) {
    return value.isFinite ? wallClock(isoFromNanos(value.seconds * 1_000_000_000n)) : value.toString();
  }
  if (value instanceof DuckDBTimestampNanosecondsValue) {
    return value.isFinite ? wallClock(isoFromNanos(value.nanos)) : value.toString();
  }
  if (value instanceof DuckDBDateValue) {
    // DuckDB prints dates as YYYY-MM-DD (with ` (BC)` or `infinity` at the edges, kept as text).
    return value.toString();
  }
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toPlainValue);
  if (value instanceof DuckDBStructValue) {
    const object: Record<string, RawValue> = {};
    for (const [key, entry] of Object.entries(value.entries)) object[key] = toPlainValue(entry);
    return object;
  }
  if (value instanceof DuckDBMapValue) {
    const object: Record<string, RawValue> = {};
    for (const { key, value: entry } of value.entries) object[String(toPlainValue(key))] = toPlainValue(entry);
    return object;
  }
  if (value instanceof DuckDBUnionValue || value instanceof DuckDBVariantValue) return toPlainValue(value.value);
  if (value instanceof DuckDBBlobValue) return value.bytes;
  // TIME, INTERVAL, UUID, BIT, GEOMETRY: their DuckDB text form.
  return value.toString();
}

/** ISO-8601 UTC with milliseconds, or with as many fractional digits as the instant needs (up to 9). */
export function isoFromNanos(nanos: bigint): string {
  const millis = floorDiv(nanos, 1_000_000n);
  // Beyond JavaScript's Date range (about ±275,000 years) there is no ISO form to give.
  if (millis > MAX_DATE_MILLIS || millis < -MAX_DATE_MILLIS) return `${nanos} ns since epoch`;
  const iso = new Date(Number(millis)).toISOString();
  const subMillis = nanos - millis * 1_000_000n;
  if (subMillis === 0n) return iso;
  const digits = subMillis.toString().padStart(6, '0').replace(/0+$/, '');
  return `${iso.slice(0, -1)}${digits}Z`;
}

/** Drops the `Z` of an ISO form: the digits are a wall-clock time, not a UTC instant. */
function wallClock(iso: string): string {
  return iso.endsWith('Z') ? iso.slice(0, -1) : iso;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}
