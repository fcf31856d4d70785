/**
 * POST /api/v1/ingest/<users|orders|events|logs> — real-time collection. The body (NDJSON or a JSON
 * array, gzip allowed) is read by the HTTP source and normalised by the same steps as a batch import;
 * valid lines are committed (grouped with concurrent requests) and the response, sent only once they
 * are durable, says per line whether it was accepted or why it was rejected.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EntityKind } from '../../domain/entities.ts';
import { ENTITIES } from '../../domain/entities.ts';
import { zoneResolver } from '../../domain/values/parse-timestamp.ts';
import { HttpBodyError, readHttpBody } from '../../ingest/sources/read-http-body.ts';
import { BackpressureError, BatcherClosedError, type IngestBatcher } from '../../ingest/stream/create-ingest-batcher.ts';
import type { IngestStats } from '../../ingest/stream/ingest-stats.ts';
import { createNormaliser, type CanonicalRow, type Normaliser, type RowReject } from '../../ingest/steps/normalise-batch.ts';
import { ApiError } from '../api-error.ts';

export const STREAM_KINDS = ['users', 'orders', 'events', 'logs'] as const satisfies readonly EntityKind[];

export interface IngestDependencies {
  readonly batcher: IngestBatcher;
  readonly stats: IngestStats;
  /** Authenticates the ingest key and applies its rate limit; sets `ingestKey`. */
  readonly requireKey: MiddlewareHandler;
  /** Largest request body as sent, in bytes. */
  readonly maxBodyBytes?: number;
  /** Largest body once decompressed, in bytes. */
  readonly maxDecodedBytes?: number;
}

/** Field holding each entity's business time, for ingestion lag. */
const EVENT_TIME: Record<(typeof STREAM_KINDS)[number], string> = {
  users: 'registered_at',
  orders: 'created_at',
  events: 'occurred_at',
  logs: 'logged_at',
};

export interface LineResult {
  readonly line: number;
  readonly status: 'accepted' | 'rejected';
  readonly field?: string | undefined;
  readonly reason?: string | undefined;
}

export function ingestRoutes(deps: { ingest: IngestDependencies; timeZone: string }): Hono {
  const { ingest } = deps;
  const zone = zoneResolver(deps.timeZone);
  const normalisers = new Map<EntityKind, Normaliser>();
  const normaliserFor = (kind: EntityKind) =>
    normalisers.get(kind) ?? normalisers.set(kind, createNormaliser(ENTITIES[kind], { zone })).get(kind)!;
  const maxBodyBytes = ingest.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxDecodedBytes = ingest.maxDecodedBytes ?? 64 * 1024 * 1024;

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
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `the request body is larger than ${maxBodyBytes} bytes; send smaller batches`);
      },
    }),
    async (c) => {
      const kind = c.req.param('entity') as (typeof STREAM_KINDS)[number];
      const key = (c.get('ingestKey' as never) as { name: string } | undefined) ?? { name: 'unknown' };
      let batches;
      try {
        batches = readHttpBody(new Uint8Array(await c.req.arrayBuffer()), {
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
      const timeIndex = ENTITIES[kind].fields.findIndex((f) => f.name === EVENT_TIME[kind]);
      const eventTimes: number[] = [];
      for (const batch of batches) {
        const normalised = normaliser.normalise(batch);
        normalised.rows.forEach((row, i) => {
          rows.push(row);
          results.push({ line: normalised.lines[i]!, status: 'accepted' });
          const time = row[timeIndex];
          if (typeof time === 'number') eventTimes.push(time);
        });
        for (const reject of normalised.rejects) {
          rejects.push(reject);
          results.push({ line: reject.line, status: 'rejected', field: reject.field, reason: reject.reason });
        }
      }
      results.sort((a, b) => a.line - b.line);
      const source = `http:${key.name}`;
      if (rows.length === 0) {
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
        throw new ApiError(422, 'no_valid_records', `none of the ${results.length} records could be accepted`, { lines: results });
      }
      let counts;
      try {
        counts = await ingest.batcher.submit(kind, rows);
      } catch (error) {
        if (error instanceof BackpressureError || error instanceof BatcherClosedError) {
          c.header('Retry-After', '1');
          throw new ApiError(503, 'unavailable', `${error.message}; nothing from this request was stored, retry it`);
        }
        throw error;
      }
      ingest.stats.record({
        source,
        kind,
        accepted: rows.length,
        inserted: counts.inserted,
        updated: counts.updated,
        duplicates: counts.unchanged,
        rejected: rejects.length,
        reasons: rejects,
        eventTimesMs: eventTimes,
      });
      return c.json({
        accepted: rows.length,
        rejected: rejects.length,
        inserted: counts.inserted,
        updated: counts.updated,
        duplicates: counts.unchanged,
        lines: results,
      });
    },
  );
}
