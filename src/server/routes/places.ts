/** GET /api/v1/places — the catalog's provinces, cities and venues, for pickers (the dashboard's filter bar). */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { listPlaces } from '../../query/list-places.ts';
import type { CommitCache } from '../commit-cache.ts';

/** Every page's filter bar asks for the places: kept in `cache` until the data (the catalog) changes. */
export function placeRoutes(deps: AppDependencies, cache: CommitCache): Hono {
  return new Hono().get('/places', async (c) => {
    const scope = deps.scopeOf?.(c) ?? {};
    return c.json(await cache.get(JSON.stringify(['places', scope]), () => listPlaces(deps.store, scope)));
  });
}
