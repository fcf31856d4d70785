/**
 * The customer-flow API: GET /api/v1/flow/forecast, /flow/holidays, /flow/peaks, /flow/hotspots and
 * /flow/traffic. Each validates its query string, asks the query layer, and answers JSON.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { parseFilterText, QueryError } from '../../analysis/metrics/metric-query.ts';
import { forecastFlow, parseFlowRequest } from '../../query/flow-forecast.ts';
import { forecastHolidays } from '../../query/flow-holidays.ts';
import { parsePeakRequest, planPeaks } from '../../query/flow-peaks.ts';
import { buildHotspots } from '../../query/flow-hotspots.ts';
import type { HotspotLevel, HotspotSortKey } from '../../analysis/flow/rank-hotspots.ts';
import { buildTraffic } from '../../query/flow-traffic.ts';

/** Runs `work`; a QueryError becomes a 400 naming the parameter at fault. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueryError) throw new ApiError(400, 'invalid_query', error.message, { field: error.field });
    throw error;
  }
}

export function flowRoutes(deps: AppDependencies): Hono {
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
  return new Hono()
    .get('/flow/forecast', async (c) => c.json(await answering(() => forecastFlow(deps.store, flowRequest(c), scopeOf(c), options))))
    .get('/flow/holidays', async (c) =>
      c.json(
        await answering(() => {
          const { metric, target } = flowRequest(c);
          return forecastHolidays(deps.store, { metric, target }, scopeOf(c), options);
        }),
      ),
    )
    .get('/flow/peaks', async (c) =>
      c.json(
        await answering(() =>
          planPeaks(
            deps.store,
            parsePeakRequest({
              venue: c.req.query('venue'),
              days: c.req.query('days'),
              throughput: c.req.query('throughput'),
              target: c.req.query('target'),
            }),
            scopeOf(c),
            options,
          ),
        ),
      ),
    )
    .get('/flow/hotspots', async (c) =>
      c.json(
        await answering(() => {
          // buildHotspots checks level and sortBy against HotspotLevel and HotspotSortKey.
          const level = (c.req.query('level') ?? 'venue') as HotspotLevel;
          const sortBy = c.req.query('sortBy') as HotspotSortKey | undefined;
          const whole = (field: string): number | undefined => {
            const text = c.req.query(field);
            if (text === undefined || text === '') return undefined;
            const value = Number(text);
            if (!Number.isInteger(value)) throw new QueryError(field, `${field} must be a whole number, got "${text}"`);
            return value;
          };
          return buildHotspots(deps.store, { level, sortBy, days: whole('days'), limit: whole('limit') }, scopeOf(c), options);
        }),
      ),
    )
    .get('/flow/traffic', async (c) =>
      c.json(
        await answering(() =>
          buildTraffic(
            deps.store,
            { from: c.req.query('from'), to: c.req.query('to'), where: (c.req.queries('where') ?? []).map(parseFilterText) },
            scopeOf(c),
            options,
          ),
        ),
      ),
    );
}
