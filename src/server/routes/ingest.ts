/**
 * POST /api/v1/ingest/<users|orders|events|logs> — real-time collection. The body (NDJSON or a JSON
 * array, gzip allowed) is read by the HTTP source and normalised by the same steps as a batch import.
 * Valid lines are appended to the fsync'd ingest log — the response, sent once they are durable there,
 * says per line whether it was accepted or why it was rejected — and merged into the store in the
 * background within about a second (see create-ingest-log.ts).
 *
 * The endpoint is served straight from node:http, in front of the Hono app (startServer's `front`):
 * it is the one endpoint clients call thousands of times a second, and going through the app's
 * router, context and web Request/Response objects cost a quarter of a single-record request's CPU
 * (110 against 145 µs on the main thread at 5,000 requests a second). Errors keep the API's one shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityKind } from '../../domain/entities.ts';
import { ENTITIES } from '../../domain/entities.ts';
import { zoneResolver } from '../../domain/values/parse-timestamp.ts';
import { ACCEPTED_BODY_FORMATS, HttpBodyError, isAcceptedContentType, readHttpBody } from '../../ingest/sources/read-http-body.ts';
import type { IngestLog } from '../../ingest/stream/create-ingest-log.ts';
import type { LogMerger } from '../../ingest/stream/create-log-merger.ts';
import type { IngestStats } from '../../ingest/stream/ingest-stats.ts';
import { createNormaliser, type CanonicalRow, type Normaliser, type RowReject } from '../../ingest/steps/normalise-batch.ts';
import { ApiError, errorAnswer } from '../api-error.ts';
import type { IngestKeyCheck } from '../auth/authorize-ingest-key.ts';
import type { FrontListener } from '../start-server.ts';

export const STREAM_KINDS = ['users', 'orders', 'events', 'logs'] as const satisfies readonly EntityKind[];

const PATH_PREFIX = '/api/v1/ingest/';

export interface IngestDependencies {
  /** Write-ahead log: a request is answered once its rows are fsync'd here. */
  readonly log: IngestLog;
  /** Moves logged rows into the store in the background. */
  readonly merger: LogMerger;
  /** Rows acknowledged but not yet stored beyond which requests wait, then get 503. */
  readonly maxBacklogRows?: number;
  readonly stats: IngestStats;
  /** Authenticates the ingest key and applies its rate limit. */
  readonly authorize: IngestKeyCheck;
  /** Largest request body as sent, in bytes. */
  readonly maxBodyBytes?: number;
  /** Largest body once decompressed, in bytes. */
  readonly maxDecodedBytes?: number;
}

/**
 * What happened to one record: `line` is where it starts in the body; a JSON array's element also has
 * its 0-based `index`, which names it where the line cannot (a minified array is all on line 1).
 */
export interface LineResult {
  readonly line: number;
  readonly index?: number;
  readonly status: 'accepted' | 'rejected';
  readonly field?: string | undefined;
  readonly reason?: string | undefined;
}

/** The client closed the connection before its whole body arrived: nothing to answer, nothing stored. */
class BodyCutOff extends Error {
  override name = 'BodyCutOff';
  constructor(readonly receivedBytes: number) {
    super(`the client closed the connection after ${receivedBytes} bytes of the body`);
  }
}

/** Shared by every answer without an unknown field, so the common request allocates none. */
const NONE_IGNORED: readonly string[] = Object.freeze([]);

/**
 * The request body, refused with 413 beyond `maxBytes`. A declared length is checked before anything
 * is read; node reads and drops a refused body after the answer, so the connection stays usable. A
 * chunked body has no declared length and is counted as it streams; refused, it is not read to its
 * end, so the connection is closed after the answer.
 */
function readBodyWithin(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = (headers?: Record<string, string>) =>
    new ApiError(413, 'payload_too_large', `the request body is larger than ${maxBytes} bytes; send smaller batches`, undefined, headers);
  const declared = request.headers['content-length'];
  if (declared !== undefined && request.headers['transfer-encoding'] === undefined && Number(declared) > maxBytes)
    return Promise.reject(tooLarge());
  // Cut off while the key was checked: the stream ends without an 'end', so nothing below would settle.
  if (request.readableAborted) return Promise.reject(new BodyCutOff(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        reject(tooLarge({ Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    // A client gone mid-body ('aborted', ECONNRESET: node emits it because there is a listener) is no
    // server fault.
    request.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ECONNRESET' ? new BodyCutOff(size) : error));
  });
}

/** The answer to one ingest request, before it is written. */
interface IngestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The ingest endpoint as a front listener for startServer: it answers `POST /api/v1/ingest/…` and
 * leaves every other request to the app.
 */
export function ingestEndpoint(deps: { ingest: IngestDependencies; timeZone: string; log?: (message: string) => void }): FrontListener {
  const { ingest } = deps;
  const log = deps.log ?? console.error;
  const zone = zoneResolver(deps.timeZone);
  const normalisers = new Map<EntityKind, Normaliser>();
  const normaliserFor = (kind: EntityKind) =>
    normalisers.get(kind) ?? normalisers.set(kind, createNormaliser(ENTITIES[kind], { zone })).get(kind)!;
  const maxBodyBytes = ingest.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxDecodedBytes = ingest.maxDecodedBytes ?? 64 * 1024 * 1024;
  const maxBacklogRows = ingest.maxBacklogRows ?? 200_000;

  const handle = async (request: IncomingMessage, path: string): Promise<IngestAnswer> => {
    let entity: string;
    try {
      entity = decodeURIComponent(path);
    } catch {
      entity = path;
    }
    // Unknown entities are refused before anything else is read.
    if (!(STREAM_KINDS as readonly string[]).includes(entity)) {
      throw new ApiError(404, 'not_found', `no ingest endpoint for "${entity}"; use one of ${STREAM_KINDS.join(', ')}`);
    }
    const kind = entity as (typeof STREAM_KINDS)[number];
    const key = await ingest.authorize(request.headers.authorization);
    const contentType = request.headers['content-type'];
    if (!isAcceptedContentType(contentType))
      throw new ApiError(415, 'unsupported_media_type', `Content-Type "${contentType}" is not accepted; send ${ACCEPTED_BODY_FORMATS}`);
    let batches;
    try {
      batches = readHttpBody(await readBodyWithin(request, maxBodyBytes), {
        contentEncoding: request.headers['content-encoding'],
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
    let ignored: string[] | undefined;
    for (const batch of batches) {
      const normalised = normaliser.normalise(batch);
      const { indexes } = normalised;
      for (let i = 0; i < normalised.rows.length; i++) {
        rows.push(normalised.rows[i]!);
        results.push(
          indexes
            ? { line: normalised.lines[i]!, index: indexes[i]!, status: 'accepted' }
            : { line: normalised.lines[i]!, status: 'accepted' },
        );
      }
      for (const reject of normalised.rejects) {
        rejects.push(reject);
        const { line, index, field, reason } = reject;
        results.push(
          index === undefined ? { line, status: 'rejected', field, reason } : { line, index, status: 'rejected', field, reason },
        );
      }
      // Unknown keys are listed once per request, not per record, to keep the answer small.
      for (const name of normalised.ignored) if (!(ignored ??= []).includes(name)) ignored.push(name);
    }
    // Records in the order sent: by element for a JSON array (all of a minified one is on line 1).
    if (rejects.length > 0) results.sort((a, b) => (a.index ?? a.line) - (b.index ?? b.line) || a.line - b.line);
    // `[]` is an empty flush, not a failed one.
    if (results.length === 0) return { status: 200, body: { accepted: 0, rejected: 0, ignored: NONE_IGNORED, lines: results } };
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
      throw new ApiError(422, 'no_valid_records', `none of the ${results.length} records could be accepted`, {
        ignored: ignored ?? NONE_IGNORED,
        lines: results,
      });
    }
    // Back-pressure: when the store is behind the log by too much, wait for it rather than grow.
    for (const started = Date.now(); ingest.merger.backlogRows() > maxBacklogRows;) {
      if (Date.now() - started > 10_000) {
        throw new ApiError(
          503,
          'unavailable',
          `the store is behind by ${ingest.merger.backlogRows()} records; nothing from this request was stored, retry it`,
          undefined,
          { 'Retry-After': '1' },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const entry = await ingest.log.append(kind, source, rows);
    ingest.merger.enqueue(entry);
    // Merge counts of the accepted rows are recorded by the merger once they are in the store.
    recordRejects();
    return { status: 200, body: { accepted: rows.length, rejected: rejects.length, ignored: ignored ?? NONE_IGNORED, lines: results } };
  };

  const send = (response: ServerResponse, answer: IngestAnswer) => {
    const text = JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      ...answer.headers,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    response.end(text);
  };

  return (request, response) => {
    if (request.method !== 'POST' || !request.url?.startsWith(PATH_PREFIX)) return false;
    const query = request.url.indexOf('?');
    handle(request, request.url.slice(PATH_PREFIX.length, query < 0 ? undefined : query)).then(
      (answer) => send(response, answer),
      (error: unknown) => {
        if (error instanceof BodyCutOff) {
          // Nothing was read whole, so nothing was logged or acknowledged; there is no one to answer.
          log(`POST ${request.url}: ${error.message}; nothing stored`);
          response.destroy();
          return;
        }
        send(response, errorAnswer(error, `POST ${request.url}`, log));
      },
    );
    return true;
  };
}
