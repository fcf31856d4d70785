/**
 * DuckDB's side of the metrics SQL: `$n` parameters, ICU time zone conversion, strftime labels.
 * Stored timestamps are naive UTC; `timezone('UTC', t)` reads one as an instant and
 * `timezone(zone, instant)` gives the wall-clock time there, whatever the session's zone.
 */
import type { SqlDialect } from '../../analysis/metrics/sql-dialect.ts';
import { sqlString } from './merge-sql.ts';

const LABEL_FORMAT = { minute: '%Y-%m-%d %H:%M', hour: '%Y-%m-%d %H:00', day: '%Y-%m-%d', month: '%Y-%m', year: '%Y' } as const;

export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  placeholder: (index) => `$${index}`,
  literal: (value) => (typeof value === 'number' ? String(value) : sqlString(value)),
  localTime: (utc, zone) => `timezone(CAST(${zone} AS VARCHAR), timezone('UTC', ${utc}))`,
  addMinutes: (timestamp, minutes) => `(${timestamp} + INTERVAL ${Math.trunc(minutes)} MINUTE)`,
  label(grain, local) {
    switch (grain) {
      case 'week':
        return `strftime(date_trunc('week', ${local}), '%Y-%m-%d')`;
      case 'quarter':
        return `(strftime(${local}, '%Y') || '-Q' || CAST(quarter(${local}) AS VARCHAR))`;
      default:
        return `strftime(${local}, '${LABEL_FORMAT[grain]}')`;
    }
  },
  weekday: (local) => `CAST(isodow(${local}) AS INTEGER)`,
  hourOfDay: (local) => `CAST(hour(${local}) AS INTEGER)`,
  bucket: (grain, local) => (grain === 'day' ? `CAST(${local} AS DATE)` : `date_trunc('hour', ${local})`),
  bucketAsLocal: (column) => `CAST(${column} AS TIMESTAMP)`,
  shift: (local, shift) =>
    `(${local}${shift.days ? ` + INTERVAL ${Math.trunc(shift.days)} DAY` : ''}${shift.months ? ` + INTERVAL ${Math.trunc(shift.months)} MONTH` : ''})`,
  timestamp: (parameter) => `CAST(${parameter} AS TIMESTAMP)`,
  toDouble: (expression) => `CAST(${expression} AS DOUBLE)`,
};
