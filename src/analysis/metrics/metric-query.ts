/**
 * A metrics query as callers state it (CLI flags, query string, JSON body) and its validated form.
 * Validation is the allow-list: metric and dimension names must be known, values are kept as data
 * and only ever reach SQL as bound parameters.
 */
import { isCivilDate } from '../../domain/calendar/civil-date.ts';
import { DIMENSIONS, isDimensionName, type DimensionName } from './dimensions.ts';
import { isMetricName, type MetricName } from './metrics.ts';

export type FilterOp = 'eq' | 'in' | 'not_in' | 'range';

export interface Filter {
  readonly dimension: DimensionName;
  readonly op: FilterOp;
  /** eq: one value; in / not_in: one or more; range: [min, max], either may be null (open). */
  readonly values: readonly (string | number | null)[];
}

export type Comparison = 'previous' | 'year';

export interface MetricQuery {
  readonly metrics: readonly MetricName[];
  readonly by: readonly DimensionName[];
  /** First day of the period (local date, inclusive). */
  readonly from?: string | undefined;
  /** Last day of the period (local date, inclusive). */
  readonly to?: string | undefined;
  readonly where: readonly Filter[];
  readonly compare?: Comparison | undefined;
  /** Sort keys: dimension or metric names; default by the dimensions in order. */
  readonly orderBy?: readonly { readonly key: string; readonly direction: 'asc' | 'desc' }[] | undefined;
  readonly limit?: number | undefined;
}

/** What the caller may see; applied inside the compiled SQL of every query. */
export interface QueryScope {
  /** Provinces the caller may see; undefined means all. */
  readonly provinces?: readonly string[] | undefined;
}

/** A query that cannot run as asked; `field` names the part of the request at fault. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The loose shape accepted from the outside (strings or arrays, as CLI and HTTP deliver them). */
export interface MetricQueryInput {
  readonly metrics?: unknown;
  readonly metric?: unknown;
  readonly by?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly where?: unknown;
  readonly compare?: unknown;
  readonly order?: unknown;
  readonly limit?: unknown;
}

const MAX_LIMIT = 100_000;

function listOf(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Parses a filter written as text: `D=V`, `D=V1,V2` (in), `D!=V1,V2` (not in), `D=A..B`, `D>=A`, `D<=B`. */
export function parseFilterText(text: string): Filter {
  const match = /^\s*([a-z_]+)\s*(!=|>=|<=|=)\s*(.*)$/s.exec(text);
  if (!match) throw new QueryError('where', `filter "${text}" is not of the form dimension=value (also !=, >=, <=, a..b and v1,v2)`);
  const [, name = '', operator, raw = ''] = match;
  const dimension = toDimension(name, 'where');
  const value = raw.trim();
  if (operator === '>=') return filterOf(dimension, 'range', [value, null]);
  if (operator === '<=') return filterOf(dimension, 'range', [null, value]);
  const range = /^(.*?)\.\.(.*)$/.exec(value);
  if (operator === '=' && range) return filterOf(dimension, 'range', [range[1]!.trim() || null, range[2]!.trim() || null]);
  const values = value.split(',').map((v) => v.trim());
  if (operator === '!=') return filterOf(dimension, 'not_in', values);
  return filterOf(dimension, values.length === 1 ? 'eq' : 'in', values);
}

function toDimension(name: string, field: string): DimensionName {
  if (!isDimensionName(name)) throw new QueryError(field, `unknown dimension "${name}"; known: ${Object.keys(DIMENSIONS).join(', ')}`);
  return name;
}

function filterOf(dimension: DimensionName, op: FilterOp, values: readonly (string | number | null)[]): Filter {
  const type = DIMENSIONS[dimension].type;
  const typed = values.map((value) => {
    if (value === null) return null;
    if (type === 'integer') {
      const number = Number(value);
      if (!Number.isInteger(number)) throw new QueryError('where', `dimension "${dimension}" takes whole numbers, got "${value}"`);
      return number;
    }
    return String(value);
  });
  if (op === 'range' && (typed.length !== 2 || (typed[0] === null && typed[1] === null)))
    throw new QueryError('where', `a range on "${dimension}" needs a lower or an upper bound`);
  if (op !== 'range' && (typed.length === 0 || typed.some((v) => v === null || v === '')))
    throw new QueryError('where', `filter on "${dimension}" has an empty value`);
  if (typed.length > 1000) throw new QueryError('where', `filter on "${dimension}" lists more than 1000 values`);
  return { dimension, op, values: typed };
}

function toFilter(item: unknown): Filter {
  if (typeof item === 'string') return parseFilterText(item);
  if (item && typeof item === 'object') {
    const { dimension, op = 'eq', values, value } = item as Record<string, unknown>;
    const ops: FilterOp[] = ['eq', 'in', 'not_in', 'range'];
    if (!ops.includes(op as FilterOp)) throw new QueryError('where', `filter op must be one of ${ops.join(', ')}, got "${String(op)}"`);
    const list = values !== undefined ? values : [value];
    if (!Array.isArray(list)) throw new QueryError('where', 'filter values must be a list');
    return filterOf(
      toDimension(String(dimension), 'where'),
      op as FilterOp,
      list.map((v) => (v === null || v === undefined ? null : typeof v === 'number' ? v : String(v))),
    );
  }
  throw new QueryError('where', 'a filter is a string like "province=广东" or an object { dimension, op, values }');
}

function toFilters(where: unknown): Filter[] {
  if (where === undefined || where === null || where === '') return [];
  if (Array.isArray(where)) return where.map(toFilter);
  if (typeof where === 'string') return [parseFilterText(where)];
  if (typeof where === 'object') {
    // { province: "广东", channel: ["wechat", "app"] } — the short JSON form.
    return Object.entries(where as Record<string, unknown>).map(([name, value]) => {
      const values = Array.isArray(value) ? value : [value];
      return filterOf(
        toDimension(name, 'where'),
        values.length === 1 ? 'eq' : 'in',
        values.map((v) => (typeof v === 'number' ? v : String(v))),
      );
    });
  }
  throw new QueryError('where', 'where must be a list of filters or an object of dimension → value');
}

function toDate(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!isCivilDate(text)) throw new QueryError(field, `${field} must be a date YYYY-MM-DD, got "${text}"`);
  return text;
}

/** Validates a loose query; throws QueryError naming the field at fault. */
export function parseMetricQuery(input: MetricQueryInput): MetricQuery {
  const metricNames = [...listOf(input.metrics), ...listOf(input.metric)];
  if (metricNames.length === 0) throw new QueryError('metric', 'name at least one metric');
  const metrics = [...new Set(metricNames)].map((name) => {
    if (!isMetricName(name)) throw new QueryError('metric', `unknown metric "${name}"`);
    return name;
  });
  const by = [...new Set(listOf(input.by))].map((name) => toDimension(name, 'by'));
  const from = toDate(input.from, 'from');
  const to = toDate(input.to, 'to');
  if (from && to && from > to) throw new QueryError('to', `the period ends (${to}) before it starts (${from})`);
  const compare = input.compare === undefined || input.compare === null || input.compare === '' ? undefined : String(input.compare);
  if (compare !== undefined && compare !== 'previous' && compare !== 'year')
    throw new QueryError('compare', `compare must be "previous" or "year", got "${compare}"`);
  if (compare && (!from || !to)) throw new QueryError('compare', 'a comparison needs a period: give from and to');
  const orderBy = listOf(input.order).map((item) => {
    const [key = '', direction = 'asc'] = item.split(':');
    const known = metrics.includes(key as MetricName) || by.includes(key as DimensionName);
    if (!known) throw new QueryError('order', `order key "${key}" is not one of the query's metrics or dimensions`);
    if (direction !== 'asc' && direction !== 'desc')
      throw new QueryError('order', `order direction must be asc or desc, got "${direction}"`);
    return { key, direction: direction as 'asc' | 'desc' };
  });
  let limit: number | undefined;
  if (input.limit !== undefined && input.limit !== null && input.limit !== '') {
    limit = Number(input.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new QueryError('limit', `limit must be a whole number 1–${MAX_LIMIT}`);
  }
  return { metrics, by, from, to, where: toFilters(input.where), compare: compare as Comparison | undefined, orderBy, limit };
}
