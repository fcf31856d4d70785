/**
 * Answers a metrics query against a store: compiles it (and its comparison period), runs the SQL and
 * lines the comparison up with the current rows. What CLI `query`, `GET|POST /api/v1/query`, reports
 * and the dashboard all call, so a number means the same everywhere.
 */
import { compileMetricQuery, type CompileContext } from '../analysis/metrics/compile-metric-query.ts';
import { DEFAULT_METRICS_SETTINGS, FACTS, type MetricsSettings } from '../analysis/metrics/facts.ts';
import { METRICS, type MetricName } from '../analysis/metrics/metrics.ts';
import { QueryError, type MetricQuery, type QueryScope } from '../analysis/metrics/metric-query.ts';
import { bucketDays, comparisonPeriod, shiftBack, type ComparisonPeriod, type Period } from '../analysis/metrics/shift-period.ts';
import { isTimeGrain } from '../analysis/metrics/dimensions.ts';
import type { Cell, ResultColumn } from '../analysis/result-table.ts';
import type { Store } from '../store/store.ts';
import { checkSegmentRules, type SegmentRule } from '../analysis/profiles/segment-rules.ts';

export interface MetricsOptions {
  readonly timeZone: string;
  readonly settings?: MetricsSettings;
  /** Answer from raw tables only (to check rollups, and for benchmarks). */
  readonly rawOnly?: boolean;
  readonly locale?: 'zh-CN' | 'en';
  /**
   * The most rows the answer may hold (the API and the CLI pass MAX_ANSWER_ROWS): a query that would
   * give more is refused with a QueryError saying how to narrow it, before its rows are read.
   */
  readonly maxRows?: number | undefined;
}

export interface MetricsResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Record<string, Cell>[];
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly comparison?: { readonly kind: 'previous' | 'year'; readonly from: string; readonly to: string } | undefined;
  /** What a reader must know to read the numbers: comparison periods the data cover only in part or not at all. */
  readonly notes?: readonly string[] | undefined;
  /** Where each fact was answered from (a rollup or `raw`). */
  readonly sources: Readonly<Record<string, string>>;
  readonly timeZone: string;
  readonly elapsedMs: number;
}

/** The rules of the saved segments a query filters by, by id and by name. */
async function segmentsFor(store: Store, query: MetricQuery): Promise<Map<string, readonly SegmentRule[]> | undefined> {
  if (!query.where.some((f) => f.dimension === 'segment')) return undefined;
  const segments = new Map<string, readonly SegmentRule[]>();
  for (const record of await store.listSegments()) {
    const rules = checkSegmentRules(JSON.parse(record.rules));
    segments.set(record.id, rules);
    if (!segments.has(record.name)) segments.set(record.name, rules);
  }
  return segments;
}

function contextFor(store: Store, options: MetricsOptions, segments?: ReadonlyMap<string, readonly SegmentRule[]>): CompileContext {
  const rollups = store.rollups();
  return {
    segments,
    dialect: store.dialect,
    timeZone: options.timeZone,
    settings: options.settings ?? DEFAULT_METRICS_SETTINGS,
    rollups: options.rawOnly || rollups.timeZone !== options.timeZone ? [] : rollups.names,
    locale: options.locale ?? 'zh-CN',
    maxRows: options.maxRows,
  };
}

/**
 * Refuses an answer of more than `maxRows` rows, saying how to ask for fewer. The comparison period's
 * rows are all needed to line up with the current ones (even of a top-N), so they are held to the cap too.
 */
function checkRowCount(count: number, maxRows: number | undefined, of: 'answer' | 'comparison' = 'answer'): void {
  if (maxRows === undefined || count <= maxRows) return;
  const cap = maxRows.toLocaleString('en');
  throw new QueryError(
    'by',
    of === 'answer'
      ? `the answer would hold more than ${cap} rows, the most one answer holds; ask for fewer: a shorter period (from, to), a coarser time grain or fewer dimensions in by, filters (where), or the top rows (order with limit)`
      : `the comparison period would give more than ${cap} rows to line up, the most one answer reads; ask for fewer: a shorter period (from, to), a coarser time grain or fewer dimensions in by, or filters (where)`,
  );
}

/** The local days (first and last) a metric's data cover in the store, or null when it holds none. */
type Coverage = { readonly first: string; readonly last: string } | null;

const localDay = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/** Each metric's coverage: from the first to the last record of the entities its facts read. */
async function coverageOf(store: Store, metrics: readonly MetricName[], timeZone: string): Promise<Map<MetricName, Coverage>> {
  const status = await store.status({ lastImports: 0 });
  const coverage = new Map<MetricName, Coverage>();
  for (const metric of metrics) {
    const { numerator, denominator } = METRICS[metric];
    const entities = new Set<string>([numerator, ...(denominator ? [denominator] : [])].flatMap((ref) => FACTS[ref.fact].reads));
    const held = status.entities.filter((e) => entities.has(e.kind) && e.from !== null && e.to !== null);
    if (held.length === 0) {
      coverage.set(metric, null);
      continue;
    }
    const firsts = held.map((e) => localDay(e.from!, timeZone)).sort();
    const lasts = held.map((e) => localDay(e.to!, timeZone)).sort();
    coverage.set(metric, { first: firsts[0]!, last: lasts.at(-1)! });
  }
  return coverage;
}

/**
 * The days of the comparison period a row is compared with: the row's time buckets within the
 * query's period, moved back by the comparison's shift; the whole comparison period without buckets.
 */
function comparedDays(query: MetricQuery, other: ComparisonPeriod, row: Record<string, Cell>): Period {
  let days: Period = { from: query.from!, to: query.to! };
  for (const grain of query.by.filter(isTimeGrain)) {
    const bucket = bucketDays(grain, String(row[grain] ?? ''));
    if (!bucket) return other;
    days = { from: bucket.from > days.from ? bucket.from : days.from, to: bucket.to < days.to ? bucket.to : days.to };
  }
  return query.by.some(isTimeGrain) ? shiftBack(days, other.shift) : other;
}

/** How much of `days` the data cover. */
function covered(days: Period, coverage: Coverage): 'none' | 'part' | 'all' {
  if (!coverage || days.to < coverage.first || days.from > coverage.last || days.from > days.to) return 'none';
  return days.from < coverage.first || days.to > coverage.last ? 'part' : 'all';
}

/** Notes on comparison periods the data cover only in part or not at all, grouped by metrics that share data. */
function coverageNotes(
  query: MetricQuery,
  other: ComparisonPeriod,
  rows: readonly Record<string, Cell>[],
  coverage: ReadonlyMap<MetricName, Coverage>,
): string[] {
  const kind = query.compare === 'year' ? 'same period last year (同比)' : 'previous period (环比)';
  const groups = new Map<string, { coverage: Coverage; metrics: MetricName[] }>();
  for (const metric of query.metrics) {
    const key = JSON.stringify(coverage.get(metric) ?? null);
    const group = groups.get(key) ?? groups.set(key, { coverage: coverage.get(metric) ?? null, metrics: [] }).get(key)!;
    group.metrics.push(metric);
  }
  const notes: string[] = [];
  for (const { coverage: held, metrics } of groups.values()) {
    const data = held
      ? `the data of ${metrics.join(', ')} run from ${held.first} to ${held.last}`
      : `the store holds no data for ${metrics.join(', ')}`;
    const seen = new Set<string>();
    let none = 0;
    const partly: string[] = [];
    for (const row of rows) {
      const days = comparedDays(query, other, row);
      const key = `${days.from}…${days.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const cover = covered(days, held);
      if (cover === 'none') none++;
      if (cover === 'part') partly.push(`${days.from} … ${days.to}`);
    }
    const buckets = query.by.some(isTimeGrain);
    if (none > 0)
      notes.push(
        buckets
          ? `${none} of the ${seen.size} comparison periods of the ${kind} ${none === 1 ? 'lies' : 'lie'} outside the data, so ${none === 1 ? 'it has' : 'they have'} no value (not 0): ${data}.`
          : `The ${kind} ${other.from} … ${other.to} lies outside the data, so it has no value (not 0): ${data}.`,
      );
    if (partly.length > 0)
      notes.push(
        `The ${kind} ${partly.join(', ')} ${partly.length === 1 ? 'is' : 'are'} only partly covered by data, so ${partly.length === 1 ? 'its' : 'their'} values count only the days with data: ${data}.`,
      );
  }
  return notes;
}

/** Runs `query` under `scope`. Throws QueryError for a query that cannot be answered as asked. */
export async function queryMetrics(store: Store, query: MetricQuery, scope: QueryScope, options: MetricsOptions): Promise<MetricsResult> {
  const started = performance.now();
  const context = contextFor(store, options, await segmentsFor(store, query));
  const current = compileMetricQuery(query, scope, context);
  const period = { from: query.from ?? null, to: query.to ?? null };
  if (!query.compare || !query.from || !query.to) {
    const rows = await store.runQuery(current);
    checkRowCount(rows.length, options.maxRows);
    return {
      columns: current.columns,
      rows,
      period,
      sources: current.sources,
      timeZone: options.timeZone,
      elapsedMs: performance.now() - started,
    };
  }
  const other = comparisonPeriod({ from: query.from, to: query.to }, query.compare, query.by);
  const previous = compileMetricQuery({ ...query, limit: undefined }, scope, context, other);
  const [rows, previousRows, coverage] = await Promise.all([
    store.runQuery(current),
    store.runQuery(previous),
    coverageOf(store, query.metrics, options.timeZone),
  ]);
  checkRowCount(rows.length, options.maxRows);
  checkRowCount(previousRows.length, options.maxRows, 'comparison');
  const hasData = (row: Record<string, Cell>, metric: MetricName) =>
    covered(comparedDays(query, other, row), coverage.get(metric) ?? null) !== 'none';
  const combined = combineComparison(query, rows, previousRows, hasData);
  checkRowCount(combined.length, options.maxRows);
  const notes = coverageNotes(query, other, combined, coverage);
  const columns = [
    ...current.columns,
    ...query.metrics.flatMap((m): ResultColumn[] => [
      { name: `${m}_compare`, type: 'number', label: `${METRICS[m].zh} (${query.compare === 'year' ? '同期' : '上期'})` },
      { name: `${m}_change`, type: 'number', label: `${METRICS[m].zh} 变化` },
      { name: `${m}_change_rate`, type: 'number', label: `${METRICS[m].zh} ${query.compare === 'year' ? '同比' : '环比'}` },
    ]),
  ];
  return {
    columns,
    rows: combined,
    period,
    comparison: describeComparison(query.compare, other),
    ...(notes.length > 0 ? { notes } : {}),
    sources: current.sources,
    timeZone: options.timeZone,
    elapsedMs: performance.now() - started,
  };
}

function describeComparison(kind: 'previous' | 'year', period: ComparisonPeriod) {
  return { kind, from: period.from, to: period.to };
}

/**
 * A metric's value for a period without rows: 0 for counts and sums, none for a ratio (conversion,
 * average order value…), which has nothing to divide.
 */
const emptyValue = (m: MetricName): number | null => (METRICS[m].denominator ? null : 0);

/**
 * Joins comparison rows (already shifted onto the current buckets) to current rows by their
 * dimension values. A dimension combination present only in the comparison period appears with zero
 * counts now (ratios null), unless the query is a top-N (limit), whose rows are the current ones.
 * A row compares with zero counts where its comparison period holds data without rows (`hasData`),
 * and with no value where that period lies outside the data: nothing was counted there.
 */
export function combineComparison(
  query: MetricQuery,
  rows: readonly Record<string, Cell>[],
  previousRows: readonly Record<string, Cell>[],
  hasData: (row: Record<string, Cell>, metric: MetricName) => boolean = () => true,
): Record<string, Cell>[] {
  const keyOf = (row: Record<string, Cell>) => JSON.stringify(query.by.map((d) => row[d] ?? null));
  const previousByKey = new Map(previousRows.map((row) => [keyOf(row), row]));
  const seen = new Set<string>();
  const withChanges = (row: Record<string, Cell>, previous: Record<string, Cell> | undefined): Record<string, Cell> => {
    const out: Record<string, Cell> = { ...row };
    for (const m of query.metrics) {
      const now = typeof row[m] === 'number' ? (row[m] as number) : null;
      // A total over no rows is still a row (0): outside the data that 0 counted nothing.
      const counted = previous && typeof previous[m] === 'number' ? (previous[m] as number) : undefined;
      const before = hasData(row, m) ? (counted ?? emptyValue(m)) : counted === undefined || counted === 0 ? null : counted;
      out[`${m}_compare`] = before;
      out[`${m}_change`] = now !== null && before !== null ? now - before : null;
      out[`${m}_change_rate`] = now !== null && before !== null && before !== 0 ? (now - before) / Math.abs(before) : null;
    }
    return out;
  };
  const result = rows.map((row) => {
    const key = keyOf(row);
    seen.add(key);
    return withChanges(row, previousByKey.get(key));
  });
  if (query.limit) return result;
  for (const previous of previousRows) {
    const key = keyOf(previous);
    if (seen.has(key)) continue;
    const empty: Record<string, Cell> = {};
    for (const d of query.by) empty[d] = previous[d] ?? null;
    for (const m of query.metrics) empty[m] = emptyValue(m);
    result.push(withChanges(empty, previous));
  }
  // Keep time order when rows were added from the comparison.
  const time = query.by.find(isTimeGrain);
  if (time && !query.orderBy?.length) result.sort((a, b) => String(a[time]).localeCompare(String(b[time])));
  return result;
}
