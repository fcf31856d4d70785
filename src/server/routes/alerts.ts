/**
 * GET /api/v1/alerts/active?province=&city=&venue= — what needs attention now (unusual days, error
 * rate, emerging hot spots, capacity, rejects), for the overview and the /alerts page. The place is
 * read as the catalog names it; one the catalog does not hold is a 400 naming it.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import type { CommitCache } from '../commit-cache.ts';
import { findActiveAlerts, resolveAlertPlace } from '../../query/active-alerts.ts';
import { normaliseLiveFilter } from '../../query/live-snapshot.ts';
import { cachedHotspots } from './flow.ts';

export function alertRoutes(deps: AppDependencies, cache: CommitCache): Hono {
  return new Hono().get('/alerts/active', async (c: Context) => {
    const given = normaliseLiveFilter({ province: c.req.query('province'), city: c.req.query('city'), venue: c.req.query('venue') });
    const scope = deps.scopeOf?.(c) ?? {};
    // The place as the catalog names it (江西省 → 江西); a place it does not hold is a 400 naming it.
    const filter = await resolveAlertPlace(deps.store, given, scope);
    // Streamed records that are all rejected commit nothing, so the store's commits would not make the
    // answer stale: the count of rejects streamed so far is part of the key.
    const stream = deps.ingest?.stats.snapshot();
    const key = JSON.stringify(['alerts', filter, scope, stream?.totals.rejected ?? 0]);
    const result = await cache.get(key, () =>
      findActiveAlerts(deps.store, filter, scope, {
        timeZone: deps.timeZone,
        forecaster: deps.forecaster,
        stream,
        hotspots: (request, where) => cachedHotspots(deps, cache, request, where),
      }),
    );
    return c.json(result);
  });
}
