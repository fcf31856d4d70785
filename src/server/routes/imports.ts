/**
 * POST /api/v1/imports — runs a batch import of files on this machine, for the CLI while the server
 * holds the database. Local administrative call: needs the token the server advertises beside the
 * database. The response is NDJSON: progress lines, then one line with the outcome.
 */
import { isAbsolute } from 'node:path';
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { parseEntityKind } from '../../domain/entities.ts';
import { runImportRequest, type ImportRequest } from '../../ingest/import-request.ts';
import { isValidTimeZone } from '../../domain/values/parse-timestamp.ts';
import { createMutex } from '../../util/mutex.ts';
import { hasBearerToken } from '../bearer-token.ts';

function parseRequest(body: unknown, defaultZone: string): ImportRequest {
  if (typeof body !== 'object' || body === null) throw new ApiError(400, 'invalid_body', 'expected a JSON object');
  const input = body as Record<string, unknown>;
  const kind = typeof input.kind === 'string' ? parseEntityKind(input.kind) : undefined;
  if (!kind)
    throw new ApiError(
      400,
      'invalid_body',
      `kind must be one of users, orders, events, logs, catalog, weather; got ${JSON.stringify(input.kind)}`,
    );
  const files = input.files;
  if (!Array.isArray(files) || files.length === 0 || !files.every((f): f is string => typeof f === 'string' && isAbsolute(f))) {
    throw new ApiError(400, 'invalid_body', 'files must be a non-empty array of absolute paths');
  }
  const timeZone = typeof input.timeZone === 'string' ? input.timeZone : defaultZone;
  if (!isValidTimeZone(timeZone)) throw new ApiError(400, 'invalid_body', `unknown time zone ${timeZone}`);
  const maxRejectRate = typeof input.maxRejectRate === 'number' ? input.maxRejectRate : 0.05;
  if (!(maxRejectRate >= 0 && maxRejectRate <= 1)) throw new ApiError(400, 'invalid_body', 'maxRejectRate must be between 0 and 1');
  return { ...(input as Partial<ImportRequest>), kind, files, timeZone, maxRejectRate };
}

export function importRoutes(deps: AppDependencies): Hono {
  // One import at a time: a second request waits its turn rather than competing for the writer.
  const queue = createMutex();
  return new Hono().post('/imports', async (c) => {
    if (!hasBearerToken(c.req.header('authorization'), deps.adminToken))
      throw new ApiError(401, 'unauthorized', 'missing or wrong administrative token');
    const request = parseRequest(await c.req.json().catch(() => undefined), deps.timeZone);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        try {
          const outcome = await queue.run(() =>
            runImportRequest(deps.store, request, deps.rejectsDir, (progress) => send({ type: 'progress', progress })),
          );
          send({ type: 'outcome', outcome });
        } catch (error) {
          deps.log?.(`import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
        }
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
  });
}
