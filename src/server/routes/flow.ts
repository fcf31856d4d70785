/**
 * The customer-flow API: GET /api/v1/flow/forecast, /flow/holidays, /flow/peaks, /flow/hotspots and
 * /flow/traffic. Each validates its query string, asks the query layer, and answers JSON.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import { parseFilterText, parseWholeNumber } from '../../analysis/metrics/metric-query.ts';
import { forecastFlow, parseFlowRequest, STORED_HORIZON } from '../../query/flow-forecast.ts';
import { forecastHolidays } from '../../query/flow-holidays.ts';
import { parsePeakRequest, planPeaks } from '../../query/flow-peaks.ts';
import {
  buildHotspots,
  checkHotspotsRequest,
  MAX_LIMIT,
  rerankHotspots,
  type HotspotsRequest,
  type HotspotsResult,
} from '../../query/flow-hotspots.ts';
import type { QueryScope } from '../../analysis/metrics/metric-query.ts';
import type { HotspotLevel, HotspotSortKey } from '../../analysis/flow/rank-hotspots.ts';
import { buildTraffic } from '../../query/flow-traffic.ts';
import type { CommitCache } from '../commit-cache.ts';

/**
 * The hot-spot ranking of a level and period, computed once for every place and kept in `cache` until
 * the data changes (the overview, the region view and the alerts all ask for it), then ordered and cut
 * as asked.
 */
export async function cachedHotspots(
  deps: Pick<AppDependencies, 'store' | 'timeZone' | 'forecaster'>,
  cache: CommitCache,
  request: HotspotsRequest,
  scope: QueryScope,
): Promise<HotspotsResult> {
  const { days, sortBy, limit } = checkHotspotsRequest(request);
  const full = await cache.get(JSON.stringify(['hotspots', request.level, days, scope]), () =>
    buildHotspots(deps.store, { level: request.level, days, limit: MAX_LIMIT }, scope, {
      timeZone: deps.timeZone,
      forecaster: deps.forecaster,
    }),
  );
  return rerankHotspots(full, sortBy, limit);
}

/** Hot spots come from `cache` (see cachedHotspots). */
export function flowRoutes(deps: AppDependencies, cache: CommitCache): Hono {
  const options = { timeZone: deps.timeZone, forecaster: deps.forecaster };
  const scopeOf = (c: Context) => deps.scopeOf?.(c) ?? {};
  const flowRequest = (c: Context) =>
    parseFlowRequest({
      metric: c.req.query('metric'),
      venue: c.req.query('venue'),
      province: c.req.query('province'),
      city: c.req.query('city'),
      horizon: c.req.query('horizon'),
    });
  // A QueryError thrown here becomes a 400 naming the parameter, in the app's one error handler.
  return new Hono()
    .get('/flow/forecast', async (c) => c.json(await forecastFlow(deps.store, flowRequest(c), scopeOf(c), options)))
    .get('/flow/holidays', async (c) => {
      const { metric, target } = flowRequest(c);
      return c.json(await forecastHolidays(deps.store, { metric, target }, scopeOf(c), options));
    })
    .get('/flow/peaks', async (c) => {
      const request = parsePeakRequest({
        venue: c.req.query('venue'),
        days: c.req.query('days'),
        throughput: c.req.query('throughput'),
        target: c.req.query('target'),
      });
      return c.json(await planPeaks(deps.store, request, scopeOf(c), options));
    })
    .get('/flow/hotspots', async (c) => {
      // buildHotspots checks level and sortBy against HotspotLevel and HotspotSortKey.
      const level = (c.req.query('level') ?? 'venue') as HotspotLevel;
      const sortBy = c.req.query('sortBy') as HotspotSortKey | undefined;
      const days = parseWholeNumber('days', c.req.query('days'), { min: 1, max: STORED_HORIZON });
      const request = { level, sortBy, days, limit: parseWholeNumber('limit', c.req.query('limit'), { min: 1, max: MAX_LIMIT }) };
      return c.json(await cachedHotspots(deps, cache, request, scopeOf(c)));
    })
    .get('/flow/traffic', async (c) => {
      const where = (c.req.queries('where') ?? []).map(parseFilterText);
      return c.json(await buildTraffic(deps.store, { from: c.req.query('from'), to: c.req.query('to'), where }, scopeOf(c), options));
    });
}
