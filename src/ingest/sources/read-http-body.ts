/**
 * The HTTP source: a request body of NDJSON or a JSON array (gzip allowed) becomes raw batches, exactly
 * as a file of the same bytes would, so records sent over HTTP are read by the same parsers and go
 * through the same normalise → validate → merge steps as a batch import.
 */
import { gunzipSync } from 'node:zlib';
import { createJsonArrayParser } from './create-json-array-parser.ts';
import { createNdjsonParser } from './create-ndjson-parser.ts';
import { SourceError, type RawBatch } from './record-source.ts';
import { invalidTextReason } from './text-parser.ts';

export interface HttpBodyOptions {
  /** `Content-Encoding` header; gzip is also recognised by its magic bytes. */
  readonly contentEncoding?: string | undefined;
  /** Largest body after decompression, in bytes. */
  readonly maxDecodedBytes: number;
}

/** The body could not be read as a whole (not a size or format any line could be kept from). */
export class HttpBodyError extends Error {
  override name = 'HttpBodyError';
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** What a request body may be, as a 415 answer says it. */
export const ACCEPTED_BODY_FORMATS =
  'NDJSON (one JSON object per line, application/x-ndjson) or a JSON array of objects (application/json), gzip allowed (Content-Encoding: gzip)';

/** Types a generic client sends for bytes it does not describe: curl's default for --data-binary among them. */
const GENERIC_TYPES = new Set([
  'text/plain',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'application/gzip',
  'application/x-gzip',
]);

/**
 * Whether a Content-Type may announce NDJSON or a JSON array: none at all, any type naming JSON
 * (application/json, application/x-ndjson, application/jsonl, …+json), or a generic one (GENERIC_TYPES).
 * A body declared as another format (text/csv, XML, multipart, Parquet…) is refused rather than
 * rejected line by line as invalid JSON.
 */
export function isAcceptedContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.includes('json')) return true;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === '' || type.includes('json') || GENERIC_TYPES.has(type);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses (when gzip), decodes UTF-8 and parses the body into batches, line numbers 1-based. */
export function readHttpBody(body: Uint8Array, options: HttpBodyOptions): RawBatch[] {
  const encoding = options.contentEncoding?.trim().toLowerCase();
  if (encoding && encoding !== 'identity' && encoding !== 'gzip')
    throw new HttpBodyError(415, `Content-Encoding "${encoding}" is not supported; send identity or gzip`);
  let bytes = body;
  if (encoding === 'gzip' || isGzip(body)) {
    try {
      bytes = gunzipSync(body, { maxOutputLength: options.maxDecodedBytes });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw tooLarge
        ? new HttpBodyError(413, `the body is larger than ${options.maxDecodedBytes} bytes once decompressed`)
        : new HttpBodyError(400, 'the body is not valid gzip');
    }
  }
  if (bytes.length > options.maxDecodedBytes) throw new HttpBodyError(413, `the body is larger than ${options.maxDecodedBytes} bytes`);
  const text = new TextDecoder('utf-8').decode(bytes);
  const start = text.search(/\S/);
  if (start < 0) throw new HttpBodyError(400, 'the body is empty: send NDJSON (one JSON object per line) or a JSON array of objects');
  const reason = () => invalidTextReason('utf-8');
  const parser =
    text[start] === '['
      ? createJsonArrayParser({ path: 'request body', batchSize: 4096, invalidTextReason: reason })
      : createNdjsonParser({ batchSize: 4096, invalidTextReason: reason });
  try {
    parser.push(text);
    const batches: RawBatch[] = [];
    for (let batch = parser.next(); batch; batch = parser.next()) batches.push(batch);
    parser.end();
    for (let batch = parser.next(); batch; batch = parser.next()) batches.push(batch);
    batches.push(...parser.flush());
    return batches;
  } catch (error) {
    if (error instanceof SourceError)
      throw new HttpBodyError(400, `${error.detail}${error.line === undefined ? '' : ` (line ${error.line})`}`);
    throw error;
  }
}
