/**
 * The ERROR and FATAL messages of a period with their counts, for grouping into templates. Message
 * text is not a metric dimension (it is unbounded), so this is its own query over the logs table.
 */
import { addDays } from '../../domain/calendar/civil-date.ts';
import { isTimeGrain } from '../metrics/dimensions.ts';
import { filterSql as conditionSql, utcMidnight, type CompiledSql } from '../metrics/compile-metric-query.ts';
import { FACTS } from '../metrics/facts.ts';
import { QueryError, type Filter } from '../metrics/metric-query.ts';
import type { SqlDialect } from '../metrics/sql-dialect.ts';

/**
 * Distinct error messages in [from, to] (local dates) of the logs `where` keeps, most frequent
 * first, at most `limit`. A filter means what it means to the metrics layer's logs fact (level, type,
 * source, and the time dimensions in `timeZone`), so the templates match the report's other numbers.
 */
export function errorMessagesQuery(
  period: { from: string; to: string },
  timeZone: string,
  dialect: SqlDialect,
  options: { readonly where?: readonly Filter[]; readonly limit?: number } = {},
): CompiledSql {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const start = dialect.timestamp(bind(utcMidnight(period.from, timeZone)));
  const end = dialect.timestamp(bind(utcMidnight(addDays(period.to, 1), timeZone)));
  const filters = (options.where ?? []).map((filter) => filterSql(filter, timeZone, dialect, bind));
  return {
    sql: `SELECT message, level, count(*) AS count, min(logged_at) AS first, max(logged_at) AS last FROM logs f
WHERE logged_at >= ${start} AND logged_at < ${end} AND level IN ('ERROR', 'FATAL')${filters.map((sql) => ` AND ${sql}`).join('')}
GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT ${Math.floor(options.limit ?? 20_000)}`,
    params,
  };
}

/** One filter as a condition on a logs row `f`: the metrics compiler's dimension expressions and operators. */
function filterSql(filter: Filter, timeZone: string, dialect: SqlDialect, bind: (value: string | number) => string): string {
  const { dimension } = filter;
  const local = () => dialect.localTime('f.logged_at', bind(timeZone));
  const expression = isTimeGrain(dimension)
    ? dialect.label(dimension, local())
    : dimension === 'weekday'
      ? dialect.weekday(local())
      : dimension === 'hour_of_day'
        ? dialect.hourOfDay(local())
        : FACTS.logs.dimensions[dimension]?.sql;
  if (expression === undefined) throw new QueryError('where', `error messages cannot be filtered by "${dimension}"`);
  return conditionSql(expression, filter, { bind });
}
