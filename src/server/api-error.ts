/**
 * The one error type of the HTTP API and its one JSON shape:
 * `{ "error": { "code": "not_found", "message": "…", "details"?: … } }`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { QueryError } from '../analysis/metrics/metric-query.ts';
import { SegmentRuleError } from '../analysis/profiles/segment-rules.ts';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer needs (`Retry-After`, `WWW-Authenticate`…). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** The status, body and headers of the answer to a thrown value; unexpected errors are logged, not leaked. */
export function errorAnswer(
  error: unknown,
  where: string,
  log: (message: string) => void = console.error,
): { status: ContentfulStatusCode; body: ErrorBody; headers: Readonly<Record<string, string>> } {
  // Requests the query layer cannot answer as asked are the caller's mistake, named by the part at fault.
  if (error instanceof QueryError) error = new ApiError(400, 'invalid_query', error.message, { field: error.field });
  else if (error instanceof SegmentRuleError)
    error = new ApiError(400, 'invalid_rules', error.message, { field: 'rules', rule: error.rule });
  if (error instanceof ApiError) {
    const body: ErrorBody = {
      error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
    };
    return { status: error.status, body, headers: error.headers ?? {} };
  }
  log(`unexpected error on ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { error: { code: 'internal', message: 'internal error; see the server log' } }, headers: {} };
}

/** Turns any thrown value into the API's error response. */
export function respondWithError(error: unknown, c: Context, log: (message: string) => void = console.error) {
  const answer = errorAnswer(error, `${c.req.method} ${c.req.path}`, log);
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  return c.json(answer.body, answer.status);
}
