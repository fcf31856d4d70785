/**
 * Rules that span fields of one record, applied after each field is valid on its own. Some fill in
 * what the record implies (an order whose status is 已取消 is cancelled) rather than refuse it.
 */
import { ENTITIES, type EntityKind } from './entities.ts';

type Row = (string | number | boolean | null)[];

/** Index of a canonical field within its entity's rows. */
export function fieldIndex(kind: EntityKind, name: string): number {
  const index = ENTITIES[kind].fields.findIndex((field) => field.name === name);
  if (index < 0) throw new Error(`${kind} has no field ${name}`);
  return index;
}

// Payment systems and order databases disagree by a few minutes at times; only refuse clear nonsense.
const CLOCK_SKEW_MS = 10 * 60_000;

const order = {
  createdAt: fieldIndex('orders', 'created_at'),
  paidAt: fieldIndex('orders', 'paid_at'),
  status: fieldIndex('orders', 'status'),
  cancelled: fieldIndex('orders', 'cancelled'),
};
const weather = { max: fieldIndex('weather', 'temp_max'), min: fieldIndex('weather', 'temp_min') };
const user = { registered: fieldIndex('users', 'registered_at'), activated: fieldIndex('users', 'activated_at') };

export interface RecordProblem {
  readonly field: string;
  readonly value?: string;
  readonly reason: string;
}

/** Checks (and completes, in place) one canonical row; returns the problem or undefined. */
export function checkRecord(kind: EntityKind, row: Row): RecordProblem | undefined {
  switch (kind) {
    case 'orders': {
      const created = row[order.createdAt] as number;
      const paid = row[order.paidAt] as number | null;
      if (paid !== null && paid < created - CLOCK_SKEW_MS) {
        return { field: 'paid_at', value: new Date(paid).toISOString(), reason: 'paid before the order was created' };
      }
      const status = row[order.status] as string;
      if (row[order.cancelled] === null) row[order.cancelled] = status === 'cancelled';
      else if (row[order.cancelled] === false && status === 'cancelled') {
        return { field: 'cancelled', value: 'false', reason: 'contradicts status cancelled' };
      } else if (row[order.cancelled] === true && status !== 'cancelled' && status !== 'refunded') {
        return { field: 'cancelled', value: 'true', reason: `contradicts status ${status}` };
      }
      return undefined;
    }
    case 'weather': {
      const max = row[weather.max];
      const min = row[weather.min];
      if (typeof max === 'number' && typeof min === 'number' && min > max) {
        return { field: 'temp_min', value: String(min), reason: `above temp_max ${max}` };
      }
      return undefined;
    }
    case 'users': {
      const registered = row[user.registered];
      const activated = row[user.activated];
      if (typeof registered === 'number' && typeof activated === 'number' && activated < registered - CLOCK_SKEW_MS) {
        return { field: 'activated_at', value: new Date(activated).toISOString(), reason: 'activated before registration' };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
