/** GET /api/v1/places — the catalog's provinces, cities and venues, for pickers (the dashboard's filter bar). */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { listPlaces } from '../../query/list-places.ts';

export function placeRoutes(deps: AppDependencies): Hono {
  return new Hono().get('/places', async (c) => c.json(await listPlaces(deps.store, deps.scopeOf?.(c) ?? {})));
}
