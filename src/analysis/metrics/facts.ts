/**
 * Facts: the row sets metrics count over, each with the time that places a row in a period, the
 * dimensions it can be split by (as SQL over its columns and lookups), and its measures. Every metric
 * is a formula over measures of one or two facts (metrics.ts), so the raw tables and the rollups
 * answer with the same definitions.
 *
 * SQL here is written once for every backend as portable SQL over the canonical tables; only time
 * zone handling and bucketing differ per backend and come from the dialect. Identifiers and literals
 * here are constants of the code; user values only ever arrive as bound parameters.
 */
import type { DimensionName } from './dimensions.ts';

export const FACT_NAMES = ['orders_created', 'orders_paid', 'sales', 'visits', 'active', 'users_registered', 'logs'] as const;
export type FactName = (typeof FACT_NAMES)[number];

/** Lookups a fact row can be joined to. `venues` is the per-venue view of the catalog. */
export type LookupName = 'catalog' | 'venues' | 'users';

/** Which records count as a visit for customer flow (客流). */
export type VisitorRule = 'visit_or_paid' | 'visit' | 'paid';

export interface MetricsSettings {
  readonly visitorRule: VisitorRule;
}

export const DEFAULT_METRICS_SETTINGS: MetricsSettings = { visitorRule: 'visit_or_paid' };

/**
 * A measure of a fact. `additive` measures are aggregates that can be summed across rollup rows;
 * `distinct_users` counts distinct users, `repeat_users` counts users with at least two rows, and
 * `distinct` is another count of distinct users over the fact's rows (its SQL may depend on the
 * settings), so these are answered from the raw rows only.
 */
export type MeasureDef =
  | { readonly kind: 'additive'; readonly sql: string }
  | { readonly kind: 'distinct_users' }
  | { readonly kind: 'repeat_users' }
  | { readonly kind: 'distinct'; sql(settings: MetricsSettings): string };

export interface DimensionSql {
  readonly sql: string;
  readonly lookups?: readonly LookupName[];
}

export interface FactDef {
  readonly name: FactName;
  /** Entity tables the fact reads, so a commit knows which rollups it touches. */
  readonly reads: readonly ('orders' | 'events' | 'users' | 'logs' | 'catalog')[];
  /**
   * The fact's rows as a subquery aliased `f` with the time in column `_t` (stored UTC). `within(col)`
   * renders the time-range predicate on a stored time column, so it can be pushed into each branch.
   */
  from(within: (column: string) => string, settings: MetricsSettings, table?: string): string;
  /** The stored table and time column of facts that rollups are kept for (one table per fact). */
  readonly stored?: { readonly table: 'orders' | 'logs'; readonly time: string };
  /**
   * The additive measure counting the fact's rows: a rollup group whose count is 0 (every row in it
   * moved elsewhere) answers as no group, as the raw rows would.
   */
  readonly rowsMeasure?: string;
  /** Expression of the user a row belongs to, when the fact has users. */
  readonly user?: string;
  readonly dimensions: Partial<Record<DimensionName, DimensionSql>>;
  readonly measures: Readonly<Record<string, MeasureDef>>;
}

export const LOOKUP_JOINS: Readonly<Record<LookupName, { readonly sql: string; readonly needs: readonly LookupName[] }>> = {
  catalog: { sql: 'LEFT JOIN catalog c ON c.product_id = f.product_id', needs: [] },
  venues: { sql: 'LEFT JOIN venues v ON v.venue_id = coalesce(f.venue_id, c.venue_id)', needs: ['catalog'] },
  users: { sql: 'LEFT JOIN users u ON u.user_id = f.user_id', needs: [] },
};

const AGE_BAND = (age: string) =>
  `CASE WHEN ${age} IS NULL THEN NULL WHEN ${age} < 18 THEN '<18' WHEN ${age} < 25 THEN '18-24' WHEN ${age} < 35 THEN '25-34' WHEN ${age} < 45 THEN '35-44' WHEN ${age} < 55 THEN '45-54' WHEN ${age} < 65 THEN '55-64' ELSE '65+' END`;

/** User dimensions read through the users lookup (`u`) or, for the users fact itself, from `f`. */
function userDimensions(alias: 'u' | 'f'): Partial<Record<DimensionName, DimensionSql>> {
  const lookups: readonly LookupName[] = alias === 'u' ? ['users'] : [];
  const column = (name: string): DimensionSql => ({ sql: `${alias}.${name}`, lookups });
  return {
    age: column('age'),
    age_band: { sql: AGE_BAND(`${alias}.age`), lookups },
    gender: column('gender'),
    marital_status: column('marital_status'),
    occupation: column('occupation'),
    industry: column('industry'),
    user_province: column('province'),
    user_city: column('city'),
    // Filter only: the compiler turns a segment filter into a subquery on the profiles.
    segment: { sql: 'f.user_id', lookups: [] },
  };
}

/**
 * Place dimensions of facts that happen at a venue: the venue's region from the catalog first, else
 * the region the row reports itself (events carry province and city).
 */
function placeDimensions(ownRegion: boolean): Partial<Record<DimensionName, DimensionSql>> {
  const region = (column: string): DimensionSql =>
    ownRegion ? { sql: `coalesce(v.${column}, f.${column})`, lookups: ['venues'] } : { sql: `v.${column}`, lookups: ['venues'] };
  return {
    province: region('province'),
    city: region('city'),
    venue: { sql: 'coalesce(f.venue_id, c.venue_id)', lookups: ['catalog'] },
    venue_name: { sql: 'v.venue_name', lookups: ['venues'] },
    venue_type: { sql: 'v.venue_type', lookups: ['venues'] },
    product: { sql: 'f.product_id' },
    product_name: { sql: 'c.name', lookups: ['catalog'] },
    category: { sql: 'c.category', lookups: ['catalog'] },
    channel: { sql: 'f.channel' },
  };
}

const ORDER_DIMENSIONS: Partial<Record<DimensionName, DimensionSql>> = {
  ...placeDimensions(false),
  order_type: { sql: 'f.order_type' },
  status: { sql: 'f.status' },
  ...userDimensions('u'),
};

/** Paid orders that still count as sales: not cancelled and not refunded. */
export const SALE_STATUS_EXCLUDED = `('cancelled', 'refunded')`;

/** A paid order (row of `orders`) that still counts as a sale: what revenue sums and buyers bought. */
const IS_SALE = `status NOT IN ${SALE_STATUS_EXCLUDED}`;

export const FACTS: Readonly<Record<FactName, FactDef>> = {
  orders_created: {
    name: 'orders_created',
    reads: ['orders', 'catalog'],
    stored: { table: 'orders', time: 'created_at' },
    rowsMeasure: 'orders',
    from: (within, _settings, table = 'orders') => `(SELECT created_at AS _t, * FROM ${table} WHERE ${within('created_at')}) f`,
    user: 'f.user_id',
    dimensions: ORDER_DIMENSIONS,
    measures: {
      orders: { kind: 'additive', sql: 'count(*)' },
      amount: { kind: 'additive', sql: 'sum(f.amount)' },
      items: { kind: 'additive', sql: 'sum(f.quantity)' },
      paid: { kind: 'additive', sql: 'count(f.paid_at)' },
      cancelled: { kind: 'additive', sql: `count(*) FILTER (WHERE f.status = 'cancelled')` },
      completed: { kind: 'additive', sql: `count(*) FILTER (WHERE f.status = 'completed')` },
      refunded: { kind: 'additive', sql: `count(*) FILTER (WHERE f.status = 'refunded')` },
    },
  },
  orders_paid: {
    name: 'orders_paid',
    reads: ['orders', 'catalog'],
    stored: { table: 'orders', time: 'paid_at' },
    rowsMeasure: 'paid',
    from: (within, _settings, table = 'orders') =>
      `(SELECT paid_at AS _t, * FROM ${table} WHERE paid_at IS NOT NULL AND ${within('paid_at')}) f`,
    user: 'f.user_id',
    dimensions: ORDER_DIMENSIONS,
    measures: {
      // Every order paid in the period, including ones cancelled or refunded since: they were paid.
      paid: { kind: 'additive', sql: 'count(*)' },
      // The paid orders that still count as sales: the orders revenue sums, so AOV divides by them.
      sales: { kind: 'additive', sql: `count(*) FILTER (WHERE f.${IS_SALE})` },
      revenue: { kind: 'additive', sql: `coalesce(sum(f.amount) FILTER (WHERE f.${IS_SALE}), 0)` },
      refunded: { kind: 'additive', sql: `count(*) FILTER (WHERE f.status = 'refunded')` },
    },
  },
  /**
   * Sales: orders paid in the period that are not cancelled or refunded — the orders revenue counts.
   * Buyers and repeat buyers count the users of these rows, so every buyer is also a visitor (a sale is
   * a visit under the visitor rules that count paid orders) and conversion cannot exceed 1.
   */
  sales: {
    name: 'sales',
    reads: ['orders', 'catalog'],
    from: (within, _settings, table = 'orders') =>
      `(SELECT paid_at AS _t, * FROM ${table} WHERE paid_at IS NOT NULL AND ${IS_SALE} AND ${within('paid_at')}) f`,
    user: 'f.user_id',
    dimensions: ORDER_DIMENSIONS,
    measures: {
      buyers: { kind: 'distinct_users' },
      repeat_buyers: { kind: 'repeat_users' },
    },
  },
  /**
   * Visits (客流): visit events and sales, each row marked with the user it makes a visitor under the
   * visitor rule (`_visitor`) and, for sales, the user who bought (`_buyer`). Sales are rows under
   * every rule, so conversion counts the visitors who bought with the same rows and dimensions.
   */
  visits: {
    name: 'visits',
    reads: ['events', 'orders', 'catalog'],
    from: (within, settings) => {
      const salesVisit = settings.visitorRule === 'visit' ? 'NULL' : 'user_id';
      const visitEvents = `SELECT occurred_at AS _t, user_id, user_id AS _visitor, NULL AS _buyer, venue_id, product_id, channel, province, city FROM events WHERE event_type = 'visit' AND user_id IS NOT NULL AND ${within('occurred_at')}`;
      const sales = `SELECT paid_at AS _t, user_id, ${salesVisit} AS _visitor, user_id AS _buyer, venue_id, product_id, channel, NULL AS province, NULL AS city FROM orders WHERE paid_at IS NOT NULL AND ${IS_SALE} AND ${within('paid_at')}`;
      return `(${(settings.visitorRule === 'paid' ? [sales] : [visitEvents, sales]).join(' UNION ALL ')}) f`;
    },
    user: 'f.user_id',
    dimensions: { ...placeDimensions(true), ...userDimensions('u') },
    measures: {
      visitors: { kind: 'distinct', sql: () => 'count(DISTINCT f._visitor)' },
      // Visitors who bought. Where every sale is a visit (visit_or_paid, paid) these are the buyers;
      // under the `visit` rule, the users both sets hold: |visitors| + |buyers| − |either|.
      converted: {
        kind: 'distinct',
        sql: (settings) =>
          settings.visitorRule === 'visit'
            ? 'count(DISTINCT f._visitor) + count(DISTINCT f._buyer) - count(DISTINCT f.user_id)'
            : 'count(DISTINCT f._buyer)',
      },
    },
  },
  active: {
    name: 'active',
    reads: ['events', 'orders', 'catalog'],
    from: (within) =>
      `(SELECT occurred_at AS _t, user_id, venue_id, product_id, channel, province, city FROM events WHERE user_id IS NOT NULL AND ${within('occurred_at')}` +
      ` UNION ALL SELECT created_at, user_id, venue_id, product_id, channel, NULL, NULL FROM orders WHERE ${within('created_at')}) f`,
    user: 'f.user_id',
    dimensions: { ...placeDimensions(true), ...userDimensions('u') },
    measures: { active_users: { kind: 'distinct_users' } },
  },
  users_registered: {
    name: 'users_registered',
    reads: ['users'],
    from: (within) => `(SELECT registered_at AS _t, * FROM users WHERE ${within('registered_at')}) f`,
    user: 'f.user_id',
    dimensions: { ...userDimensions('f'), province: { sql: 'f.province' }, city: { sql: 'f.city' } },
    measures: { new_users: { kind: 'additive', sql: 'count(*)' } },
  },
  logs: {
    name: 'logs',
    reads: ['logs'],
    stored: { table: 'logs', time: 'logged_at' },
    rowsMeasure: 'logs',
    from: (within, _settings, table = 'logs') => `(SELECT logged_at AS _t, * FROM ${table} WHERE ${within('logged_at')}) f`,
    dimensions: { log_level: { sql: 'f.level' }, log_type: { sql: 'f.log_type' }, log_source: { sql: 'f.source' } },
    measures: {
      logs: { kind: 'additive', sql: 'count(*)' },
      errors: { kind: 'additive', sql: `count(*) FILTER (WHERE f.level IN ('ERROR', 'FATAL'))` },
    },
  },
};
