/**
 * Profile distributions for charts: like profileDistribution, except that a number field holding a
 * few whole values (scores and tiers 1–5, the persona number, purchase counts of a small store) is
 * counted per value rather than cut into ten bins of fractional width, which would read "1–1.4".
 */
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import { profileField } from '../analysis/profiles/profile-fields.ts';
import { compileSegmentWhere, type SegmentRule } from '../analysis/profiles/segment-rules.ts';
import type { Store } from '../store/store.ts';
import { profileDistribution, type Distribution } from './profiles.ts';

/** Most distinct whole values counted one by one. */
export const MAX_DISCRETE_VALUES = 24;

export interface ValueDistribution extends Distribution {
  /** Buckets are single whole values (of a number field). */
  readonly discrete: boolean;
}

export async function profileValueDistribution(
  store: Store,
  request: { field: string; rules?: readonly SegmentRule[] },
  scope: QueryScope,
): Promise<ValueDistribution> {
  const field = profileField(request.field);
  if (field?.kind === 'number') {
    const where = compileSegmentWhere(request.rules ?? [], scope);
    const rows = await store.runQuery({
      sql: `SELECT v, count(*) AS n FROM (SELECT ${field.sql} AS v FROM profiles WHERE ${where.sql})
        GROUP BY v ORDER BY v NULLS LAST LIMIT ${MAX_DISCRETE_VALUES + 2}`,
      params: where.params,
    });
    const values = rows.filter((r) => r.v !== null);
    if (values.length <= MAX_DISCRETE_VALUES && values.every((r) => Number.isInteger(Number(r.v)))) {
      const users = rows.reduce((sum, r) => sum + Number(r.n), 0);
      const missing = Number(rows.find((r) => r.v === null)?.n ?? 0);
      return {
        field: field.name,
        kind: field.kind,
        users,
        missing,
        discrete: true,
        buckets: values.map((r) => ({
          value: String(Number(r.v)),
          from: Number(r.v),
          to: Number(r.v),
          users: Number(r.n),
          share: users > 0 ? Number(r.n) / users : 0,
        })),
      };
    }
  }
  return { ...(await profileDistribution(store, request, scope)), discrete: false };
}
