/** GET /api/v1/ingest/rejects — file, line, field and reason of rows rejected by recent batch imports. */
import { Hono } from 'hono';
import { readImportRejects } from '../../query/import-rejects.ts';
import type { Store } from '../../store/store.ts';
import { ApiError } from '../api-error.ts';

/** Import-log runs looked at for rejects files. */
const IMPORTS_READ = 200;

export function importRejectsRoutes(deps: { readonly store: Store }): Hono {
  return new Hono().get('/ingest/rejects', async (c) => {
    const raw = c.req.query('limit') ?? '100';
    const limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new ApiError(400, 'invalid_parameter', `limit must be a whole number 1–1000, got "${raw}"`);
    const status = await deps.store.status({ lastImports: IMPORTS_READ });
    return c.json({ rejects: await readImportRejects(status.lastImports, { limit }) });
  });
}
