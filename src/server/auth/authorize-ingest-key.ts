/**
 * Middleware for the ingest endpoints: a live `ingest` API key in `Authorization: Bearer <key>`, within
 * its rate. Refusals go through the app's one error handler, so they have the API's one JSON shape.
 */
import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../api-error.ts';
import type { KeyVerifier, VerifiedKey } from './create-key-verifier.ts';
import type { RateLimiter } from './create-rate-limiter.ts';

/** The Hono variables this middleware sets: `c.get('ingestKey')` in the handlers after it. */
export type IngestKeyVariables = { Variables: { ingestKey: VerifiedKey } };

export interface RequireIngestKeyOptions {
  readonly verifier: Pick<KeyVerifier, 'verify'>;
  readonly limiter: RateLimiter;
}

/**
 * Refuses requests without a live ingest key (401, with `WWW-Authenticate: Bearer`) or over the key's
 * rate (429, with `Retry-After` in whole seconds).
 *
 * @example
 * app.post('/ingest/:kind', requireIngestKey({ verifier, limiter }), async (c) => { c.get('ingestKey').id; … });
 */
export function requireIngestKey(options: RequireIngestKeyOptions): MiddlewareHandler<IngestKeyVariables> {
  return createMiddleware<IngestKeyVariables>(async (c, next) => {
    const check = await options.verifier.verify(c.req.header('authorization'), 'ingest');
    if (!check.ok) {
      // Headers set on the context survive into the response the error handler builds.
      c.header('WWW-Authenticate', 'Bearer realm="flowsight"');
      throw new ApiError(401, 'unauthorized', check.reason);
    }
    const rate = options.limiter.take(check.key.id);
    if (!rate.ok) {
      c.header('Retry-After', String(rate.retryAfterSeconds));
      throw new ApiError(429, 'rate_limited', `too many requests with API key ${check.key.id}; retry in ${rate.retryAfterSeconds} s`);
    }
    c.set('ingestKey', check.key);
    await next();
  });
}
