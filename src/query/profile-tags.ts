/**
 * One user's tags (`lifecycle:at_risk`, `rfm:champions`, `category:门票`…), computed by the same SQL
 * that `tag=…` segment rules select with, so the tags a profile card shows are the ones a segment finds.
 */
import type { QueryScope } from '../analysis/metrics/metric-query.ts';
import { TAGS_SQL } from '../analysis/profiles/profile-fields.ts';
import { compileSegmentWhere } from '../analysis/profiles/segment-rules.ts';
import type { Store } from '../store/store.ts';

/** The user's tags in the caller's scope, or null when there is no such profile. */
export async function profileTags(store: Store, userId: string, scope: QueryScope): Promise<string[] | null> {
  const where = compileSegmentWhere([], scope, 2);
  const [row] = await store.runQuery({
    sql: `SELECT ${TAGS_SQL} AS tags FROM profiles WHERE user_id = $1 AND ${where.sql}`,
    params: [userId, ...where.params],
  });
  if (!row) return null;
  // Lists come back from the store as JSON text.
  const tags: unknown = typeof row.tags === 'string' ? JSON.parse(row.tags) : row.tags;
  return Array.isArray(tags) ? tags.map(String) : [];
}
