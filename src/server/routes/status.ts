/** GET /api/v1/status — rows per entity, time covered (ISO instants), last imports. */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { parseWholeNumber, QueryError } from '../../analysis/metrics/metric-query.ts';

export function statusRoutes(deps: AppDependencies): Hono {
  return new Hono().get('/status', async (c) => {
    let lastImports: number;
    try {
      lastImports = parseWholeNumber('imports', c.req.query('imports'), { min: 0, max: 1000 }) ?? 10;
    } catch (error) {
      if (error instanceof QueryError) throw new ApiError(400, 'invalid_parameter', error.message, { field: error.field });
      throw error;
    }
    return c.json(await deps.store.status({ lastImports }));
  });
}
