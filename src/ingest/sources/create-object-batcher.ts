/**
 * Gathers parsed JSON objects into RawBatches. JSON records need not share keys, so a batch's columns
 * are the union of its objects' keys in order of first appearance, and each row is positional to them
 * (a key an object lacks is undefined).
 */
import { parseJsonRecord } from './parse-json-record.ts';
import type { RawBatch, RawValue, SourceReject } from './record-source.ts';
import { cutText } from './text-parser.ts';

/** Collects objects and rejects; a batch completes when it holds `batchSize` of them together. */
export interface ObjectBatcher {
  /** `index` is the 0-based position of the element in a JSON array; NDJSON records have none. */
  add(object: Readonly<Record<string, unknown>>, line: number, index?: number): void;
  reject(reject: SourceReject): void;
  /** The oldest completed batch, removed from the batcher. */
  next(): RawBatch | undefined;
  /** Every batch still held, including the incomplete last one, removed from the batcher. */
  flush(): RawBatch[];
}

/**
 * Creates an ObjectBatcher of `batchSize` rows and rejects per batch; `indexed` batches carry each
 * row's element index (JSON arrays).
 */
export function createObjectBatcher(batchSize: number, indexed = false): ObjectBatcher {
  let objects: Readonly<Record<string, unknown>>[] = [];
  let lines: number[] = [];
  let indexes: number[] = [];
  let rejects: SourceReject[] = [];
  let ready: RawBatch[] = [];

  const complete = (): void => {
    if (objects.length === 0 && rejects.length === 0) return;
    const columnSet = new Set<string>();
    for (const object of objects) for (const key of Object.keys(object)) columnSet.add(key);
    const columns = [...columnSet];
    const rows = objects.map((object) => columns.map((column) => object[column] as RawValue));
    ready.push(indexed ? { columns, rows, lines, indexes, rejects } : { columns, rows, lines, rejects });
    objects = [];
    lines = [];
    if (indexed) indexes = [];
    rejects = [];
  };
  const maybeComplete = (): void => {
    if (objects.length + rejects.length >= batchSize) complete();
  };

  return {
    add(object, line, index) {
      objects.push(object);
      lines.push(line);
      if (indexed) indexes.push(index ?? -1);
      maybeComplete();
    },
    reject(reject) {
      rejects.push(reject);
      maybeComplete();
    },
    next: () => ready.shift(),
    flush() {
      complete();
      const batches = ready;
      ready = [];
      return batches;
    },
  };
}

/** Sorts a parsed JSON value into an object to keep or the reason it cannot be a record. */
export function checkJsonRecord(value: unknown): { object: Record<string, unknown> } | { reason: string } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return { object: value as Record<string, unknown> };
  }
  const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { reason: `not a JSON object (found ${found})` };
}

/**
 * Parses the text of one JSON record (an NDJSON line or a JSON array element, `index` given for the
 * latter) into the batcher, or rejects it: undecodable bytes, invalid JSON, or a value that is not an
 * object. Integers too long for a double are read exactly (parseJsonRecord).
 */
export function addJsonText(batcher: ObjectBatcher, text: string, line: number, invalidTextReason: () => string, index?: number): void {
  if (text.includes('\uFFFD')) return rejectText(batcher, text, line, index, invalidTextReason());
  let value: unknown;
  try {
    value = parseJsonRecord(text);
  } catch (error) {
    return rejectText(batcher, text, line, index, `invalid JSON: ${(error as Error).message}`);
  }
  const record = checkJsonRecord(value);
  if ('object' in record) batcher.add(record.object, line, index);
  else rejectText(batcher, text, line, index, record.reason);
}

function rejectText(batcher: ObjectBatcher, text: string, line: number, index: number | undefined, reason: string): void {
  batcher.reject(index === undefined ? { line, reason, value: cutText(text) } : { line, index, reason, value: cutText(text) });
}
