/**
 * The ERROR and FATAL messages of a period with their counts, for grouping into templates. Message
 * text is not a metric dimension (it is unbounded), so this is its own query over the logs table.
 */
import { addDays } from '../../domain/calendar/civil-date.ts';
import { utcMidnight, type CompiledSql } from '../metrics/compile-metric-query.ts';
import type { SqlDialect } from '../metrics/sql-dialect.ts';

/** Distinct error messages in [from, to] (local dates), most frequent first, at most `limit`. */
export function errorMessagesQuery(
  period: { from: string; to: string },
  timeZone: string,
  dialect: SqlDialect,
  limit = 20_000,
): CompiledSql {
  const start = utcMidnight(period.from, timeZone);
  const end = utcMidnight(addDays(period.to, 1), timeZone);
  return {
    sql: `SELECT message, level, count(*) AS count, min(logged_at) AS first, max(logged_at) AS last FROM logs
WHERE logged_at >= ${dialect.timestamp(dialect.placeholder(1))} AND logged_at < ${dialect.timestamp(dialect.placeholder(2))} AND level IN ('ERROR', 'FATAL')
GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT ${Math.floor(limit)}`,
    params: [start, end],
  };
}
