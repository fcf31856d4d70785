/**
 * Rollups: pre-aggregated tables of a fact's additive measures at day or hour grain by a few keys.
 * The store keeps them in step with the raw tables inside every commit and rebuilds them on demand;
 * the query planner answers from the first rollup that covers a query and from the raw tables
 * otherwise. They are listed smallest first, so the first match is the cheapest.
 */
import type { DimensionName } from './dimensions.ts';
import type { FactName } from './facts.ts';

export interface RollupDef {
  readonly name: string;
  readonly fact: FactName;
  /** Time grain of the `bucket` column (a local date or local hour). */
  readonly grain: 'day' | 'hour';
  /** Dimensions stored as key columns (named as the dimension). */
  readonly keys: readonly DimensionName[];
}

export const ROLLUPS: readonly RollupDef[] = [
  { name: 'rollup_orders_day', fact: 'orders_created', grain: 'day', keys: ['channel', 'order_type', 'status'] },
  { name: 'rollup_paid_day', fact: 'orders_paid', grain: 'day', keys: ['channel', 'order_type', 'status'] },
  { name: 'rollup_orders_hour', fact: 'orders_created', grain: 'hour', keys: ['channel'] },
  { name: 'rollup_paid_hour', fact: 'orders_paid', grain: 'hour', keys: ['channel'] },
  { name: 'rollup_orders_region_day', fact: 'orders_created', grain: 'day', keys: ['province', 'city', 'venue_type'] },
  { name: 'rollup_paid_region_day', fact: 'orders_paid', grain: 'day', keys: ['province', 'city', 'venue_type'] },
  { name: 'rollup_logs_hour', fact: 'logs', grain: 'hour', keys: ['log_level', 'log_type', 'log_source'] },
  { name: 'rollup_orders_venue_day', fact: 'orders_created', grain: 'day', keys: ['venue', 'province', 'city', 'venue_type'] },
  { name: 'rollup_paid_venue_day', fact: 'orders_paid', grain: 'day', keys: ['venue', 'province', 'city', 'venue_type'] },
];

/** Time dimensions a rollup of `grain` can answer. */
export function timeDimensionsOf(grain: 'day' | 'hour'): readonly DimensionName[] {
  const daily: DimensionName[] = ['day', 'week', 'month', 'quarter', 'year', 'weekday'];
  return grain === 'hour' ? [...daily, 'hour', 'hour_of_day'] : daily;
}
