/**
 * Holds order rows of later states until the day they happen, so they are written after every row
 * of the days before: the rule that puts an order's updates further down the file.
 */
import type { DeferredRow } from './create-demo-simulation.ts';

export interface DeferredQueue {
  add(rows: readonly DeferredRow[]): void;
  /** Removes and returns the rows due on `day` (and any overdue), in the order they were added. */
  take(day: number): Uint8Array[];
}

/** Creates a queue for a window of `days` days. */
export function createDeferredQueue(days: number): DeferredQueue {
  const byDay: (Uint8Array[] | undefined)[] = new Array(days);
  let next = 0;
  return {
    add(rows) {
      for (const { due, row } of rows) {
        const slot = Math.max(next, Math.min(days - 1, due));
        (byDay[slot] ??= []).push(row);
      }
    },
    take(day) {
      const out: Uint8Array[] = [];
      for (; next <= day && next < days; next++) {
        const rows = byDay[next];
        if (rows) for (const row of rows) out.push(row);
        byDay[next] = undefined;
      }
      return out;
    },
  };
}
