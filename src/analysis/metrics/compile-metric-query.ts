/**
 * Compiles a metrics query to one parameterised SQL statement for the store.
 *
 * Shape: per fact the query needs, one aggregate subquery (from a rollup when one covers the query,
 * else from the raw tables with only the lookups its dimensions need); several facts are stacked with
 * UNION ALL and folded per dimension combination; the outer select turns measures into metrics.
 * User values only ever become bound parameters; every identifier comes from the definitions.
 */
import { fixedOffsetMinutes, zoneResolver } from '../../domain/values/parse-timestamp.ts';
import { addDays } from '../../domain/calendar/civil-date.ts';
import type { ResultColumn } from '../result-table.ts';
import { DIMENSIONS, isTimeGrain, type DimensionName } from './dimensions.ts';
import { FACTS, LOOKUP_JOINS, type FactDef, type FactName, type LookupName, type MeasureDef, type MetricsSettings } from './facts.ts';
import { METRICS, type MetricName } from './metrics.ts';
import { QueryError, type Filter, type MetricQuery, type QueryScope } from './metric-query.ts';
import { ROLLUPS, timeDimensionsOf, type RollupDef } from './rollups.ts';
import type { PeriodShift, SqlDialect } from './sql-dialect.ts';
import { segmentRulesSql, type SegmentRule } from '../profiles/segment-rules.ts';

export interface CompileContext {
  readonly dialect: SqlDialect;
  /** Zone in which days and hours are cut. */
  readonly timeZone: string;
  readonly settings: MetricsSettings;
  /** Rollups the store keeps for `timeZone`; empty to answer from raw tables only. */
  readonly rollups: readonly string[];
  readonly locale?: 'zh-CN' | 'en';
  /** Rules of the saved segments the query filters by, by id and by name (resolved by the caller). */
  readonly segments?: ReadonlyMap<string, readonly SegmentRule[]> | undefined;
  /**
   * The most rows an answer may hold: a query without a smaller limit reads at most one row more, so
   * the caller can tell an answer over the cap without reading all of it.
   */
  readonly maxRows?: number | undefined;
}

export interface CompiledSql {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

export interface CompiledMetricQuery extends CompiledSql {
  readonly columns: readonly ResultColumn[];
  /** Where each fact was answered from: a rollup name or `raw`. */
  readonly sources: Readonly<Partial<Record<FactName, string>>>;
}

/** The period a compiled query covers, with the shift that lines comparison buckets up. */
export interface CompileWindow {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly shift?: PeriodShift | undefined;
}

const NO_SHIFT: PeriodShift = { days: 0, months: 0 };
const quote = (name: string) => `"${name}"`;
const measureColumn = (fact: FactName, measure: string) => quote(`${fact}__${measure}`);

/** Collects bound parameters (or renders literals inline for SQL the store runs itself). */
interface Binder {
  bind(value: string | number): string;
  readonly params: (string | number)[];
}

function createBinder(dialect: SqlDialect, inline: boolean): Binder {
  const params: (string | number)[] = [];
  const seen = new Map<string | number, string>();
  return {
    params,
    bind(value) {
      if (inline) return dialect.literal(value);
      const known = seen.get(value);
      if (known) return known;
      params.push(value);
      const placeholder = dialect.placeholder(params.length);
      seen.set(value, placeholder);
      return placeholder;
    },
  };
}

/** UTC timestamp text of local midnight starting `date` in the zone. */
export function utcMidnight(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(zoneResolver(timeZone)(Date.UTC(y, m - 1, d))).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Local wall-clock time of a stored UTC column. Where the zone has a fixed offset (Asia/Shanghai since
 * 1991) it is a constant shift, many times faster than converting each row through the zone database.
 */
function localTimeOf(column: string, context: Pick<CompileContext, 'dialect' | 'timeZone'>, binder: Binder): string {
  const fixed = fixedOffsetMinutes(context.timeZone);
  const converted = context.dialect.localTime(column, binder.bind(context.timeZone));
  if (fixed === null) return converted;
  const since = new Date(fixed.since).toISOString().replace('T', ' ').replace('Z', '');
  return `CASE WHEN ${column} >= ${context.dialect.timestamp(binder.bind(since))} THEN ${context.dialect.addMinutes(column, fixed.minutes)} ELSE ${converted} END`;
}

/** Measures each fact must deliver for the metrics asked. */
function measuresByFact(metrics: readonly MetricName[]): Map<FactName, Set<string>> {
  const byFact = new Map<FactName, Set<string>>();
  for (const name of metrics) {
    const metric = METRICS[name];
    for (const ref of metric.denominator ? [metric.numerator, metric.denominator] : [metric.numerator]) {
      if (!byFact.has(ref.fact)) byFact.set(ref.fact, new Set());
      byFact.get(ref.fact)!.add(ref.measure);
    }
  }
  return byFact;
}

function scopeFilters(scope: QueryScope): Filter[] {
  return scope.provinces ? [{ dimension: 'province', op: 'in', values: scope.provinces.length > 0 ? [...scope.provinces] : [''] }] : [];
}

function supports(fact: FactDef, dimension: DimensionName): boolean {
  return isTimeGrain(dimension) || dimension === 'weekday' || dimension === 'hour_of_day' || fact.dimensions[dimension] !== undefined;
}

/** The first rollup that can answer `fact`'s part of the query, if any. */
export function chooseRollup(
  fact: FactDef,
  measures: ReadonlySet<string>,
  dimensions: ReadonlySet<DimensionName>,
  available: readonly string[],
): RollupDef | undefined {
  if ([...measures].some((m) => fact.measures[m]?.kind !== 'additive')) return undefined;
  return ROLLUPS.find((rollup) => {
    if (rollup.fact !== fact.name || !available.includes(rollup.name)) return false;
    const answerable = new Set<DimensionName>([...rollup.keys, ...timeDimensionsOf(rollup.grain)]);
    return [...dimensions].every((d) => answerable.has(d));
  });
}

/** One filter as a condition on `expression`, its values bound through `binder`: what each operator means everywhere. */
export function filterSql(expression: string, filter: Filter, binder: Pick<Binder, 'bind'>): string {
  const bound = filter.values.map((value) => (value === null ? null : binder.bind(value)));
  switch (filter.op) {
    case 'eq':
      return `${expression} = ${bound[0]}`;
    case 'in':
      return `${expression} IN (${bound.join(', ')})`;
    case 'not_in':
      // Rows with no value are kept: "not wechat" includes orders whose channel is unknown.
      return `(${expression} IS NULL OR ${expression} NOT IN (${bound.join(', ')}))`;
    case 'range': {
      const [low, high] = bound;
      return [low ? `${expression} >= ${low}` : '', high ? `${expression} <= ${high}` : ''].filter(Boolean).join(' AND ');
    }
  }
}

/** A filter on saved segments: the user is (or is not) among the users their rules select. */
function segmentFilterSql(userColumn: string, filter: Filter, context: CompileContext, binder: Binder): string {
  if (filter.op === 'range') throw new QueryError('where', 'segment filters take segment ids or names (segment=ID or segment!=ID)');
  const member = filter.values.map((value) => {
    const rules = context.segments?.get(String(value));
    if (!rules) throw new QueryError('where', `no segment ${String(value)}`);
    return `${userColumn} IN (SELECT user_id FROM profiles WHERE ${segmentRulesSql(rules, (v) => binder.bind(v))})`;
  });
  const any = member.length === 1 ? member[0]! : `(${member.join(' OR ')})`;
  return filter.op === 'not_in' ? `(${userColumn} IS NULL OR NOT ${any})` : any;
}

interface FactPart {
  readonly fact: FactDef;
  readonly measures: readonly string[];
  readonly source: string;
  readonly sql: string;
}

interface PartRequest {
  readonly fact: FactDef;
  readonly measures: readonly string[];
  readonly by: readonly DimensionName[];
  readonly filters: readonly Filter[];
  readonly window: CompileWindow;
  readonly rollup: RollupDef | undefined;
}

/** Expression of a dimension given the fact row's local time (raw) or the rollup row. */
function dimensionSql(
  request: PartRequest,
  dimension: DimensionName,
  local: () => string,
  dialect: SqlDialect,
  lookups: Set<LookupName>,
): string {
  if (isTimeGrain(dimension)) return dialect.label(dimension, local());
  if (dimension === 'weekday') return dialect.weekday(local());
  if (dimension === 'hour_of_day') return dialect.hourOfDay(local());
  if (request.rollup) return `r.${quote(dimension)}`;
  const definition = request.fact.dimensions[dimension]!;
  for (const lookup of definition.lookups ?? []) lookups.add(lookup);
  return definition.sql;
}

function joinsFor(lookups: ReadonlySet<LookupName>): string {
  const ordered: LookupName[] = [];
  const visit = (name: LookupName) => {
    if (ordered.includes(name)) return;
    for (const need of LOOKUP_JOINS[name].needs) visit(need);
    ordered.push(name);
  };
  for (const name of lookups) visit(name);
  return ordered.map((name) => LOOKUP_JOINS[name].sql).join(' ');
}

function compileFactPart(request: PartRequest, context: CompileContext, binder: Binder): FactPart {
  const { dialect } = context;
  const { fact, window } = request;
  const shift = window.shift ?? NO_SHIFT;
  const shifted = (local: string) => (shift.days || shift.months ? dialect.shift(local, shift) : local);
  const lookups = new Set<LookupName>();
  const rollup = request.rollup;
  // Bound only when a time dimension needs it: every parameter must appear in the SQL.
  let localSql: string | undefined;
  const local = () => (localSql ??= shifted(rollup ? dialect.bucketAsLocal('r.bucket') : localTimeOf('f._t', context, binder)));
  const dims = request.by.map((d) => `${dimensionSql(request, d, local, dialect, lookups)} AS ${quote(d)}`);
  const where = request.filters
    .map((filter) =>
      filter.dimension === 'segment'
        ? segmentFilterSql(dimensionSql(request, filter.dimension, local, dialect, lookups), filter, context, binder)
        : filterSql(dimensionSql(request, filter.dimension, local, dialect, lookups), filter, binder),
    )
    .filter(Boolean);
  const groupBy = dims.length > 0 ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')}` : '';

  if (rollup) {
    const measures = request.measures.map((m) => `sum(r.${quote(m)}) AS ${measureColumn(fact.name, m)}`);
    const range: string[] = [];
    if (window.from) range.push(`r.bucket >= ${dialect.timestamp(binder.bind(`${window.from} 00:00:00`))}`);
    if (window.to) range.push(`r.bucket < ${dialect.timestamp(binder.bind(`${addDays(window.to, 1)} 00:00:00`))}`);
    const conditions = [...range, ...where];
    // Rollups hold signed deltas between compactions: a group whose rows all moved away sums to zero
    // rows and must not appear, as it would not from the raw rows.
    const having = groupBy && fact.rowsMeasure ? ` HAVING sum(r.${quote(fact.rowsMeasure)}) <> 0` : '';
    return {
      fact,
      measures: request.measures,
      source: rollup.name,
      sql: `SELECT ${[...dims, ...measures].join(', ')} FROM ${rollup.name} r${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}${groupBy}${having}`,
    };
  }

  const fromUtc = window.from ? dialect.timestamp(binder.bind(utcMidnight(window.from, context.timeZone))) : undefined;
  const toUtc = window.to ? dialect.timestamp(binder.bind(utcMidnight(addDays(window.to, 1), context.timeZone))) : undefined;
  const within = (column: string) =>
    [fromUtc ? `${column} >= ${fromUtc}` : '', toUtc ? `${column} < ${toUtc}` : ''].filter(Boolean).join(' AND ') || 'TRUE';
  const from = `${fact.from(within, context.settings)} ${joinsFor(lookups)}`.trim();
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const kinds = request.measures.map((m) => [m, fact.measures[m]!] as const);
  const additive = kinds.filter(([, def]) => def.kind === 'additive') as [string, { kind: 'additive'; sql: string }][];
  const aggregate = (def: MeasureDef): string =>
    def.kind === 'additive' ? def.sql : def.kind === 'distinct' ? def.sql(context.settings) : `count(DISTINCT ${fact.user})`;

  if (!kinds.some(([, def]) => def.kind === 'repeat_users')) {
    const measures = kinds.map(([m, def]) => `${aggregate(def)} AS ${measureColumn(fact.name, m)}`);
    return {
      fact,
      measures: request.measures,
      source: 'raw',
      sql: `SELECT ${[...dims, ...measures].join(', ')} FROM ${from}${whereSql}${groupBy}`,
    };
  }
  // Repeat users need rows per user first: aggregate per (dimensions, user), then per dimensions.
  if (kinds.some(([, def]) => def.kind === 'distinct'))
    throw new Error(`fact ${fact.name} mixes repeat users with other distinct counts, which rows per user cannot give`);
  const inner = `SELECT ${[...dims, `${fact.user} AS _u`, 'count(*) AS _rows', ...additive.map(([m, def]) => `${def.sql} AS ${quote(m)}`)].join(', ')} FROM ${from}${whereSql} GROUP BY ${[...dims.map((_, i) => i + 1), dims.length + 1].join(', ')}`;
  const outer = kinds.map(([m, def]) => {
    const value =
      def.kind === 'additive' ? `sum(${quote(m)})` : def.kind === 'distinct_users' ? 'count(_u)' : 'count(_u) FILTER (WHERE _rows >= 2)';
    return `${value} AS ${measureColumn(fact.name, m)}`;
  });
  const outerGroup = dims.length > 0 ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')}` : '';
  return {
    fact,
    measures: request.measures,
    source: 'raw',
    sql: `SELECT ${[...request.by.map(quote), ...outer].join(', ')} FROM (${inner}) p${outerGroup}`,
  };
}

function metricSql(name: MetricName, dialect: SqlDialect): string {
  const metric = METRICS[name];
  const numerator = dialect.toDouble(`coalesce(${measureColumn(metric.numerator.fact, metric.numerator.measure)}, 0)`);
  if (!metric.denominator) return `${numerator} AS ${quote(name)}`;
  return `${numerator} / nullif(${dialect.toDouble(measureColumn(metric.denominator.fact, metric.denominator.measure))}, 0) AS ${quote(name)}`;
}

/** Result columns of a query, dimensions first. */
export function resultColumns(query: Pick<MetricQuery, 'metrics' | 'by'>, locale: 'zh-CN' | 'en' = 'zh-CN'): ResultColumn[] {
  return [
    ...query.by.map((d): ResultColumn => ({
      name: d,
      type: DIMENSIONS[d].type === 'integer' ? 'number' : 'string',
      label: locale === 'en' ? DIMENSIONS[d].en : DIMENSIONS[d].zh,
    })),
    ...query.metrics.map((m): ResultColumn => ({ name: m, type: 'number', label: locale === 'en' ? METRICS[m].en : METRICS[m].zh })),
  ];
}

/**
 * Compiles `query` for the period in `window` (the query's own period, or a comparison period with
 * its shift) under `scope`. Throws QueryError when a metric cannot be split or filtered as asked.
 */
export function compileMetricQuery(
  query: MetricQuery,
  scope: QueryScope,
  context: CompileContext,
  window: CompileWindow = { from: query.from, to: query.to },
): CompiledMetricQuery {
  const binder = createBinder(context.dialect, false);
  const filters = [...query.where, ...scopeFilters(scope)];
  if (query.by.includes('segment')) throw new QueryError('by', 'segment can only filter (where segment=ID), not split');
  const dimensionsUsed = new Set<DimensionName>([...query.by, ...filters.map((f) => f.dimension)]);
  const parts: FactPart[] = [];
  const sources: Partial<Record<FactName, string>> = {};
  for (const [factName, measures] of measuresByFact(query.metrics)) {
    const fact = FACTS[factName];
    for (const dimension of dimensionsUsed) {
      if (supports(fact, dimension)) continue;
      const metrics = query.metrics.filter((m) => METRICS[m].numerator.fact === factName || METRICS[m].denominator?.fact === factName);
      const field = query.by.includes(dimension) ? 'by' : scopeFilters(scope).some((f) => f.dimension === dimension) ? 'scope' : 'where';
      throw new QueryError(
        field,
        `${metrics.join(', ')} cannot be ${field === 'by' ? 'split' : 'filtered'} by "${dimension}"${field === 'scope' ? ' (region-scoped callers cannot see it)' : ''}`,
      );
    }
    const rollup = chooseRollup(fact, measures, dimensionsUsed, context.rollups);
    const part = compileFactPart({ fact, measures: [...measures], by: query.by, filters, window, rollup }, context, binder);
    parts.push(part);
    sources[factName] = part.source;
  }

  const dims = query.by.map(quote);
  let body: string;
  if (parts.length === 1) {
    body = parts[0]!.sql;
  } else {
    const allMeasures = parts.flatMap((part) => part.measures.map((m) => measureColumn(part.fact.name, m)));
    const padded = parts.map((part) => {
      const own = new Set(part.measures.map((m) => measureColumn(part.fact.name, m)));
      return `SELECT ${[...dims, ...allMeasures.map((column) => (own.has(column) ? column : `NULL AS ${column}`))].join(', ')} FROM (${part.sql}) p_${part.fact.name}`;
    });
    const folded = allMeasures.map((column) => `max(${column}) AS ${column}`);
    body = `SELECT ${[...dims, ...folded].join(', ')} FROM (${padded.join(' UNION ALL ')}) stacked${dims.length ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')}` : ''}`;
  }
  const order = query.orderBy?.length
    ? query.orderBy.map((o) => `${quote(o.key)} ${o.direction.toUpperCase()} NULLS LAST`)
    : dims.map((d) => `${d} NULLS LAST`);
  const select = [...dims, ...query.metrics.map((m) => metricSql(m, context.dialect))];
  const cap = context.maxRows === undefined ? undefined : context.maxRows + 1;
  const limit = query.limit !== undefined && (cap === undefined || query.limit < cap) ? query.limit : cap;
  const sql = `SELECT ${select.join(', ')} FROM (${body}) q${order.length ? ` ORDER BY ${order.join(', ')}` : ''}${limit ? ` LIMIT ${Math.floor(limit)}` : ''}`;
  return { sql, params: binder.params, columns: resultColumns(query, context.locale), sources };
}

/**
 * The SELECT that computes a rollup's rows (bucket, keys, additive measures) from the raw tables,
 * with literals inline, for the store to run inside its own transactions. `within` restricts the
 * stored time column (e.g. to the days an import touched).
 */
export function rollupSelect(
  rollup: RollupDef,
  context: Pick<CompileContext, 'dialect' | 'timeZone' | 'settings'>,
  within: (column: string) => string = () => 'TRUE',
  /** Another relation with the columns of the fact's table (the rows a commit adds or replaces). */
  table?: string,
): string {
  const { dialect } = context;
  const fact = FACTS[rollup.fact];
  const binder = createBinder(dialect, true);
  const local = localTimeOf('f._t', context, binder);
  const lookups = new Set<LookupName>();
  const request: PartRequest = { fact, measures: [], by: rollup.keys, filters: [], window: {}, rollup: undefined };
  const keys = rollup.keys.map((d) => `${dimensionSql(request, d, () => local, dialect, lookups)} AS ${quote(d)}`);
  const measures = Object.entries(fact.measures).flatMap(([m, def]) => (def.kind === 'additive' ? [`${def.sql} AS ${quote(m)}`] : []));
  const from = `${fact.from(within, context.settings, table)} ${joinsFor(lookups)}`.trim();
  const groups = [1, ...keys.map((_, i) => i + 2)].join(', ');
  return `SELECT ${[`${dialect.bucket(rollup.grain, local)} AS bucket`, ...keys, ...measures].join(', ')} FROM ${from} GROUP BY ${groups}`;
}
