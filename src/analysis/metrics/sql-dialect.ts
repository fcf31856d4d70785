/**
 * What differs between the SQL of the store backends for metrics: parameter placeholders, time zone
 * conversion and time bucketing. Each backend supplies one object (store/<backend>/…-dialect.ts);
 * everything else in the compiled SQL is written once.
 */
import type { TimeGrain } from './dimensions.ts';

/** A calendar shift applied to local times, to align a comparison period with the current one. */
export interface PeriodShift {
  readonly days: number;
  readonly months: number;
}

export interface SqlDialect {
  readonly name: string;
  /** The placeholder of the `index`-th (1-based) bound parameter. */
  placeholder(index: number): string;
  /** Renders a value inline as a literal (for SQL the store runs itself, e.g. rollup maintenance). */
  literal(value: string | number): string;
  /** Local wall-clock time, in `zone` (an SQL expression), of a stored UTC timestamp. */
  localTime(utc: string, zone: string): string;
  /** `timestamp` moved by a constant number of minutes (local time in a zone with a fixed offset). */
  addMinutes(timestamp: string, minutes: number): string;
  /** Label of the bucket of `local` at `grain` (see dimensions.ts for the formats). */
  label(grain: TimeGrain, local: string): string;
  /** ISO weekday 1–7 of `local`. */
  weekday(local: string): string;
  /** Hour 0–23 of `local`. */
  hourOfDay(local: string): string;
  /** Rollup bucket of `local`: its date, or its hour as a timestamp. */
  bucket(grain: 'day' | 'hour', local: string): string;
  /** A rollup bucket column read back as a local timestamp. */
  bucketAsLocal(column: string): string;
  /** `local` moved forward by `shift`. */
  shift(local: string, shift: PeriodShift): string;
  /** A bound text parameter read as a timestamp. */
  timestamp(parameter: string): string;
  /** Converts a number expression to a double. */
  toDouble(expression: string): string;
}
