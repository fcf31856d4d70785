/**
 * A metrics query as callers state it (CLI flags, query string, JSON body) and its validated form.
 * Validation is the allow-list: metric and dimension names must be known, values are kept as data
 * and only ever reach SQL as bound parameters.
 */
import { isCivilDate, toDayNumber } from '../../domain/calendar/civil-date.ts';
import { filterValuesOf, WHOLE_NUMBER_RANGES, wholeNumberOutOfRange } from './dimension-values.ts';
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

/**
 * The most rows one answer of the metrics layer holds (the API's and the CLI's): a query that would
 * give more is refused, saying how to narrow it, before its rows are read. `limit` is at most this.
 */
export const MAX_ANSWER_ROWS = 100_000;

/**
 * The days a request may name. From the Unix epoch, before which this product can hold no orders,
 * events or logs (and zone rules turn to local mean time), to 2999-12-31, far past any data or
 * forecast, leaving room for what queries derive from a period (the comparison year, the next period
 * of a forecast, the end of a week or month) to stay a four-digit year, which YYYY-MM-DD needs.
 */
export const SUPPORTED_DAYS = { first: '1970-01-01', last: '2999-12-31' } as const;

/**
 * A whole number given as text (a query parameter, a CLI flag) or a JSON number: plain decimal digits,
 * with a leading minus only where `min` is negative, within [min, max]. Hexadecimal, exponents, signs,
 * spaces and fractions are refused: a QueryError naming `field`. Undefined when absent or empty.
 */
export function parseWholeNumber(
  field: string,
  value: unknown,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { readonly min?: number; readonly max?: number } = {},
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  const pattern = min < 0 ? /^-?\d{1,15}$/ : /^\d{1,15}$/;
  const number = typeof value === 'number' ? value : pattern.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new QueryError(field, `${field} must be a whole number ${range} in decimal digits, got "${text}"`);
  }
  return number;
}

/** A day a request names: a real YYYY-MM-DD date within SUPPORTED_DAYS; undefined when absent or empty. */
function parseDay(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (!isCivilDate(text)) throw new QueryError(field, `${field} must be a date YYYY-MM-DD, got "${text}"`);
  if (text < SUPPORTED_DAYS.first || text > SUPPORTED_DAYS.last)
    throw new QueryError(field, `${field} must be a day from ${SUPPORTED_DAYS.first} to ${SUPPORTED_DAYS.last}, got "${text}"`);
  return text;
}

/** Number of days from `from` to `to`, both included. */
export function periodDays(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from) + 1;
}

/**
 * The one check of a period every endpoint and command taking from/to applies: each day given is a real
 * date within SUPPORTED_DAYS, `to` is not before `from`, and where the answer grows with the period
 * (a row per day…) the period is at most `maxDays` long. Either day may be absent unless `required`
 * (the caller supplies its default, then checks the resolved period again). Throws QueryError naming
 * the parameter at fault.
 */
export function parsePeriod(
  input: { readonly from?: unknown; readonly to?: unknown },
  limits: { readonly maxDays?: number; readonly required?: boolean } = {},
): { from: string | undefined; to: string | undefined } {
  const from = parseDay('from', input.from);
  const to = parseDay('to', input.to);
  if (limits.required)
    for (const [field, day] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (day === undefined) throw new QueryError(field, `${field} is required, a date YYYY-MM-DD`);
  if (from !== undefined && to !== undefined) {
    if (from > to) throw new QueryError('to', `the period ends (${to}) before it starts (${from}): from is after to`);
    const days = periodDays(from, to);
    if (limits.maxDays !== undefined && days > limits.maxDays)
      throw new QueryError('to', `the period ${from} … ${to} has ${days} days; this answer covers at most ${limits.maxDays}`);
  }
  return { from, to };
}

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

/**
 * A filter with its values read as the data holds them (see dimension-values.ts): whole numbers in
 * decimal digits within the dimension's range, words of enumerated dimensions as their canonical
 * value, places in their written and short forms. A value the dimension can never hold, an empty
 * value and a range whose lower bound is above its upper bound are refused.
 */
function filterOf(dimension: DimensionName, op: FilterOp, values: readonly (string | number | null)[]): Filter {
  const type = DIMENSIONS[dimension].type;
  const typed = values.map((value) => {
    if (value === null) return null;
    if (type === 'integer') {
      const range = WHOLE_NUMBER_RANGES[dimension];
      const takes = range ? `whole numbers from ${range.min} to ${range.max}` : 'whole numbers';
      if (typeof value === 'string' ? !/^\d{1,15}$/.test(value) : !Number.isSafeInteger(value))
        throw new QueryError('where', `dimension "${dimension}" takes ${takes} in decimal digits, got "${value}"`);
      const number = Number(value);
      const outside = wholeNumberOutOfRange(dimension, number);
      if (outside) throw new QueryError('where', outside);
      return number;
    }
    return String(value);
  });
  if (op === 'range' && (typed.length !== 2 || (typed[0] === null && typed[1] === null)))
    throw new QueryError('where', `a range on "${dimension}" needs a lower or an upper bound`);
  if (op !== 'range' && (typed.length === 0 || typed.some((v) => v === null || v === '')))
    throw new QueryError('where', `filter on "${dimension}" has an empty value`);
  if (typed.length > 1000) throw new QueryError('where', `filter on "${dimension}" lists more than 1000 values`);
  if (op === 'range') {
    const [low, high] = typed;
    if (low !== null && low !== undefined && high !== null && high !== undefined && low > high)
      throw new QueryError('where', `the range ${low}..${high} on "${dimension}" is empty: its lower bound is above its upper bound`);
    return { dimension, op, values: typed };
  }
  const read = typed.flatMap((value): readonly (string | number)[] => {
    if (typeof value === 'number') return [value];
    const matched = filterValuesOf(dimension, value!);
    if (!matched.ok) throw new QueryError('where', matched.reason);
    return matched.values;
  });
  const distinct = [...new Set(read)];
  return { dimension, op: op === 'eq' && distinct.length > 1 ? 'in' : op, values: distinct };
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

/** Validates a loose query; throws QueryError naming the field at fault. */
export function parseMetricQuery(input: MetricQueryInput): MetricQuery {
  const metricNames = [...listOf(input.metrics), ...listOf(input.metric)];
  if (metricNames.length === 0) throw new QueryError('metric', 'name at least one metric');
  const metrics = [...new Set(metricNames)].map((name) => {
    if (!isMetricName(name)) throw new QueryError('metric', `unknown metric "${name}"`);
    return name;
  });
  const by = [...new Set(listOf(input.by))].map((name) => toDimension(name, 'by'));
  // No longest period: without a time grain the answer does not grow with it, with one it grows only
  // with the data (no row for a bucket without data), as a query without from and to does.
  const { from, to } = parsePeriod(input);
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
  const limit = parseWholeNumber('limit', input.limit, { min: 1, max: MAX_ANSWER_ROWS });
  return { metrics, by, from, to, where: toFilters(input.where), compare: compare as Comparison | undefined, orderBy, limit };
}
