/** GET /api/v1/status — rows per entity, time covered, last imports. */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';

export function statusRoutes(deps: AppDependencies): Hono {
  return new Hono().get('/status', async (c) => {
    const raw = c.req.query('imports') ?? '10';
    const lastImports = Number(raw);
    if (!Number.isInteger(lastImports) || lastImports < 0 || lastImports > 1000)
      throw new ApiError(400, 'invalid_parameter', `imports must be a whole number 0–1000, got "${raw}"`);
    return c.json(await deps.store.status({ lastImports }));
  });
}
