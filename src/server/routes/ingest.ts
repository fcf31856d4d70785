/**
 * POST /api/v1/ingest/<users|orders|events|logs> — real-time collection. The body (NDJSON or a JSON
 * array, gzip allowed) is read by the HTTP source and normalised by the same steps as a batch import.
 * Valid lines are appended to the fsync'd ingest log — the response, sent once they are durable there,
 * says per line whether it was accepted or why it was rejected — and merged into the store in the
 * background within about a second (see create-ingest-log.ts).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { EntityKind } from '../../domain/entities.ts';
import { ENTITIES } from '../../domain/entities.ts';
import { zoneResolver } from '../../domain/values/parse-timestamp.ts';
import { HttpBodyError, readHttpBody } from '../../ingest/sources/read-http-body.ts';
import type { IngestLog } from '../../ingest/stream/create-ingest-log.ts';
import type { LogMerger } from '../../ingest/stream/create-log-merger.ts';
import type { IngestStats } from '../../ingest/stream/ingest-stats.ts';
import { createNormaliser, type CanonicalRow, type Normaliser, type RowReject } from '../../ingest/steps/normalise-batch.ts';
import { ApiError } from '../api-error.ts';

export const STREAM_KINDS = ['users', 'orders', 'events', 'logs'] as const satisfies readonly EntityKind[];

export interface IngestDependencies {
  /** Write-ahead log: a request is answered once its rows are fsync'd here. */
  readonly log: IngestLog;
  /** Moves logged rows into the store in the background. */
  readonly merger: LogMerger;
  /** Rows acknowledged but not yet stored beyond which requests wait, then get 503. */
  readonly maxBacklogRows?: number;
  readonly stats: IngestStats;
  /** Authenticates the ingest key and applies its rate limit; sets `ingestKey`. */
  readonly requireKey: MiddlewareHandler;
  /** Largest request body as sent, in bytes. */
  readonly maxBodyBytes?: number;
  /** Largest body once decompressed, in bytes. */
  readonly maxDecodedBytes?: number;
}

export interface LineResult {
  readonly line: number;
  readonly status: 'accepted' | 'rejected';
  readonly field?: string | undefined;
  readonly reason?: string | undefined;
}

/**
 * The request body, refused with 413 beyond `maxBytes`. A declared length is checked before anything
 * is read and the body is then read straight from the socket; Hono's bodyLimit goes through the body
 * as a web stream, and building that request object cost a third of a single-record request. A
 * chunked body has no declared length and is counted as it streams; refused, it is not read to its end,
 * so the connection is closed after the answer.
 */
async function readBodyWithin(c: Context, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `the request body is larger than ${maxBytes} bytes; send smaller batches`);
  const declared = c.req.header('content-length');
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
    // Node reads and drops the declared body after the answer, so the connection stays usable.
    if (Number(declared) > maxBytes) throw tooLarge();
    return new Uint8Array(await c.req.arrayBuffer());
  }
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      c.header('Connection', 'close');
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export function ingestRoutes(deps: { ingest: IngestDependencies; timeZone: string }): Hono {
  const { ingest } = deps;
  const zone = zoneResolver(deps.timeZone);
  const normalisers = new Map<EntityKind, Normaliser>();
  const normaliserFor = (kind: EntityKind) =>
    normalisers.get(kind) ?? normalisers.set(kind, createNormaliser(ENTITIES[kind], { zone })).get(kind)!;
  const maxBodyBytes = ingest.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxDecodedBytes = ingest.maxDecodedBytes ?? 64 * 1024 * 1024;
  const maxBacklogRows = ingest.maxBacklogRows ?? 200_000;

  return new Hono().post(
    '/ingest/:entity',
    async (c, next) => {
      // Unknown entities are refused before anything else is read.
      if (!(STREAM_KINDS as readonly string[]).includes(c.req.param('entity'))) {
        throw new ApiError(404, 'not_found', `no ingest endpoint for "${c.req.param('entity')}"; use one of ${STREAM_KINDS.join(', ')}`);
      }
      await next();
    },
    ingest.requireKey,
    async (c) => {
      const kind = c.req.param('entity') as (typeof STREAM_KINDS)[number];
      const key = (c.get('ingestKey' as never) as { name: string } | undefined) ?? { name: 'unknown' };
      let batches;
      try {
        batches = readHttpBody(await readBodyWithin(c, maxBodyBytes), {
          contentEncoding: c.req.header('content-encoding'),
          maxDecodedBytes,
        });
      } catch (error) {
        if (error instanceof HttpBodyError)
          throw new ApiError(
            error.status,
            error.status === 413 ? 'payload_too_large' : error.status === 415 ? 'unsupported_encoding' : 'invalid_body',
            error.message,
          );
        throw error;
      }
      const normaliser = normaliserFor(kind);
      const rows: CanonicalRow[] = [];
      const results: LineResult[] = [];
      const rejects: RowReject[] = [];
      for (const batch of batches) {
        const normalised = normaliser.normalise(batch);
        normalised.rows.forEach((row, i) => {
          rows.push(row);
          results.push({ line: normalised.lines[i]!, status: 'accepted' });
        });
        for (const reject of normalised.rejects) {
          rejects.push(reject);
          results.push({ line: reject.line, status: 'rejected', field: reject.field, reason: reject.reason });
        }
      }
      results.sort((a, b) => a.line - b.line);
      const source = `http:${key.name}`;
      const recordRejects = () => {
        if (rejects.length === 0) return;
        ingest.stats.record({
          source,
          kind,
          accepted: 0,
          inserted: 0,
          updated: 0,
          duplicates: 0,
          rejected: rejects.length,
          reasons: rejects,
          eventTimesMs: [],
        });
      };
      if (rows.length === 0) {
        recordRejects();
        throw new ApiError(422, 'no_valid_records', `none of the ${results.length} records could be accepted`, { lines: results });
      }
      // Back-pressure: when the store is behind the log by too much, wait for it rather than grow.
      for (const started = Date.now(); ingest.merger.backlogRows() > maxBacklogRows;) {
        if (Date.now() - started > 10_000) {
          c.header('Retry-After', '1');
          throw new ApiError(
            503,
            'unavailable',
            `the store is behind by ${ingest.merger.backlogRows()} records; nothing from this request was stored, retry it`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const entry = await ingest.log.append(kind, source, rows);
      ingest.merger.enqueue(entry);
      // Merge counts of the accepted rows are recorded by the merger once they are in the store.
      recordRejects();
      return c.json({ accepted: rows.length, rejected: rejects.length, lines: results });
    },
  );
}
