/**
 * The ingest endpoints' gate: a live `ingest` API key in `Authorization: Bearer <key>`, within its rate.
 * Framework-free, because the ingest endpoint is served straight from node:http (see routes/ingest.ts);
 * a refusal is an ApiError carrying the headers it needs, so it has the API's one JSON shape.
 */
import { ApiError } from '../api-error.ts';
import type { KeyVerifier, VerifiedKey } from './create-key-verifier.ts';
import type { RateLimiter } from './create-rate-limiter.ts';

export interface AuthorizeIngestKeyOptions {
  readonly verifier: Pick<KeyVerifier, 'verify'>;
  readonly limiter: RateLimiter;
}

/** Checks an `Authorization` header; resolves with the caller's key or throws the refusal. */
export type IngestKeyCheck = (authorizationHeader: string | undefined) => Promise<VerifiedKey>;

/**
 * Refuses requests without a live ingest key (401, with `WWW-Authenticate: Bearer`) or over the key's
 * rate (429, with `Retry-After` in whole seconds).
 *
 * @example
 * const authorize = authorizeIngestKey({ verifier, limiter });
 * const key = await authorize(request.headers.authorization); // key.id, key.name
 */
export function authorizeIngestKey(options: AuthorizeIngestKeyOptions): IngestKeyCheck {
  return async (authorizationHeader) => {
    const check = await options.verifier.verify(authorizationHeader, 'ingest');
    if (!check.ok) {
      throw new ApiError(401, 'unauthorized', check.reason, undefined, { 'WWW-Authenticate': 'Bearer realm="flowsight"' });
    }
    const rate = options.limiter.take(check.key.id);
    if (!rate.ok) {
      throw new ApiError(
        429,
        'rate_limited',
        `too many requests with API key ${check.key.id}; retry in ${rate.retryAfterSeconds} s`,
        undefined,
        {
          'Retry-After': String(rate.retryAfterSeconds),
        },
      );
    }
    return check.key;
  };
}
