/**
 * Answers a metrics query against a store: compiles it (and its comparison period), runs the SQL and
 * lines the comparison up with the current rows. What CLI `query`, `GET|POST /api/v1/query`, reports
 * and the dashboard all call, so a number means the same everywhere.
 */
import { compileMetricQuery, type CompileContext } from '../analysis/metrics/compile-metric-query.ts';
import { DEFAULT_METRICS_SETTINGS, type MetricsSettings } from '../analysis/metrics/facts.ts';
import { METRICS, type MetricName } from '../analysis/metrics/metrics.ts';
import type { MetricQuery, QueryScope } from '../analysis/metrics/metric-query.ts';
import { comparisonPeriod, type ComparisonPeriod } from '../analysis/metrics/shift-period.ts';
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
}

export interface MetricsResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Record<string, Cell>[];
  readonly period: { readonly from: string | null; readonly to: string | null };
  readonly comparison?: { readonly kind: 'previous' | 'year'; readonly from: string; readonly to: string } | undefined;
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
  };
}

/** Runs `query` under `scope`. Throws QueryError for a query that cannot be answered as asked. */
export async function queryMetrics(store: Store, query: MetricQuery, scope: QueryScope, options: MetricsOptions): Promise<MetricsResult> {
  const started = performance.now();
  const context = contextFor(store, options, await segmentsFor(store, query));
  const current = compileMetricQuery(query, scope, context);
  const period = { from: query.from ?? null, to: query.to ?? null };
  if (!query.compare || !query.from || !query.to) {
    const rows = await store.runQuery(current);
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
  const [rows, previousRows] = await Promise.all([store.runQuery(current), store.runQuery(previous)]);
  const combined = combineComparison(query, rows, previousRows);
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
 */
export function combineComparison(
  query: MetricQuery,
  rows: readonly Record<string, Cell>[],
  previousRows: readonly Record<string, Cell>[],
): Record<string, Cell>[] {
  const keyOf = (row: Record<string, Cell>) => JSON.stringify(query.by.map((d) => row[d] ?? null));
  const previousByKey = new Map(previousRows.map((row) => [keyOf(row), row]));
  const seen = new Set<string>();
  const withChanges = (row: Record<string, Cell>, previous: Record<string, Cell> | undefined): Record<string, Cell> => {
    const out: Record<string, Cell> = { ...row };
    for (const m of query.metrics) {
      const now = typeof row[m] === 'number' ? (row[m] as number) : null;
      const before = previous && typeof previous[m] === 'number' ? (previous[m] as number) : emptyValue(m);
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
