/**
 * POST|GET /api/v1/keys, DELETE /api/v1/keys/:id — manage API keys. Needs the administrative token
 * (the one `flowsight keys` uses through a running server). A created key is in the answer once;
 * lists never carry the hash.
 */
import { Hono, type Context } from 'hono';
import type { Store } from '../../store/store.ts';
import { ApiError } from '../api-error.ts';
import { hasBearerToken } from '../bearer-token.ts';
import { issueApiKey, parseKeyRequest, revokeStoredKey, toApiKeyView, toKeyId } from '../auth/api-keys.ts';

export interface KeyRouteDependencies {
  readonly store: Store;
  /** Bearer token for administrative calls; undefined disables these routes (401). */
  readonly adminToken?: string | undefined;
  /** Told after a key is revoked, so a key verifier can drop its cache at once. */
  readonly onRevoke?: (id: string) => void;
}

export function keyRoutes(deps: KeyRouteDependencies): Hono {
  // Checked per route: a `use('*')` here would guard every route mounted beside these under /api/v1.
  const requireAdmin = (c: Context) => {
    if (!hasBearerToken(c.req.header('authorization'), deps.adminToken))
      throw new ApiError(401, 'unauthorized', 'managing API keys needs the administrative bearer token');
  };
  return new Hono()
    .post('/keys', async (c) => {
      requireAdmin(c);
      const body = (await c.req.json().catch(() => undefined)) as { scope?: unknown; name?: unknown } | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new ApiError(400, 'invalid_body', 'expected { "scope": "ingest", "name"?: "…" }');
      const request = parseKeyRequest(body);
      if (!request.ok) throw new ApiError(400, 'invalid_body', `${request.field} ${request.problem}`);
      return c.json(await issueApiKey(deps.store, request), 201);
    })
    .get('/keys', async (c) => {
      requireAdmin(c);
      return c.json({ keys: (await deps.store.listApiKeys()).map(toApiKeyView) });
    })
    .delete('/keys/:id', async (c) => {
      requireAdmin(c);
      const id = toKeyId(c.req.param('id'));
      if (!id) throw new ApiError(404, 'not_found', 'no such API key: an id is 12 hex digits, as `GET /api/v1/keys` lists them');
      if ((await revokeStoredKey(deps.store, id)) === 'not_found') throw new ApiError(404, 'not_found', `no API key ${id}`);
      deps.onRevoke?.(id);
      return c.json({ id, revoked: true });
    });
}
