/**
 * The normalise + validate step shared by every source: raw cells under a source header become
 * canonical rows (positional to the entity's fields) or rejects that say which line, field and value
 * failed and why. A bad row never stops the batch.
 */
import type { EntityDef, FieldDef } from '../../domain/entities.ts';
import { vocabularyOf } from '../../domain/entities.ts';
import { toCanonical } from '../../domain/vocabulary.ts';
import { parseBoolean, parseDecimal, parseInteger } from '../../domain/values/parse-number.ts';
import { parseDate, parseTimestamp, type ParseResult, type ZoneResolver } from '../../domain/values/parse-timestamp.ts';
import { checkRecord } from '../../domain/check-record.ts';
import type { RawBatch, RawValue } from '../sources/record-source.ts';
import { resolveHeader, type ColumnMapping, type ResolvedHeader } from './resolve-header.ts';

/** A canonical value: text, number (timestamps as UTC epoch ms), boolean, `YYYY-MM-DD` date, or null. */
export type CanonicalValue = string | number | boolean | null;
export type CanonicalRow = CanonicalValue[];

/** A row that could not be accepted, with where and why. */
export interface RowReject {
  readonly line: number;
  /** JSON arrays only: the 0-based element index. */
  readonly index?: number;
  readonly field?: string;
  readonly value?: string;
  readonly reason: string;
}

export interface NormalisedBatch {
  readonly rows: CanonicalRow[];
  readonly lines: number[];
  /** JSON arrays only: each row's 0-based element index. */
  readonly indexes?: number[];
  readonly rejects: RowReject[];
  /** The batch's columns that fill no field (the header's `ignored`, shared: do not modify). */
  readonly ignored: readonly string[];
}

export interface NormaliserOptions {
  readonly zone: ZoneResolver;
  readonly mapping?: ColumnMapping;
}

export interface Normaliser {
  /** Resolves a header once; callers decide whether its problems end the file. */
  header(columns: readonly string[]): ResolvedHeader;
  normalise(batch: RawBatch): NormalisedBatch;
}

type Converter = (value: RawValue) => ParseResult<CanonicalValue>;

const MAX_SHOWN_VALUE = 200;

/** Shortens a value for a reject record so a 10 MB field does not make a 10 MB rejects line. */
export function showValue(value: RawValue): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}… (${text.length} chars)` : text;
}

/** Where a row of the batch is, for its reject: its line, and its element index in a JSON array. */
function placeOf(batch: RawBatch, row: number): { line: number; index?: number } {
  const line = batch.lines[row]!;
  return batch.indexes ? { line, index: batch.indexes[row]! } : { line };
}

function isMissing(value: RawValue): boolean {
  if (value === '' || value === null || value === undefined) return true;
  return typeof value === 'string' && value.charCodeAt(0) <= 32 && value.trim() === '';
}

/**
 * The null markers database exports write into CSV: MySQL's `\N`, and `NULL` (Navicat and most SQL
 * clients). In a number, time, date, yes/no or enumerated field they can only mean "no value"; in a free
 * text field they may be the text itself, so they are kept there.
 */
function isNullMarker(value: RawValue): boolean {
  return typeof value === 'string' && value.length <= 4 && (value === '\\N' || value === 'NULL' || value === 'null');
}

function rangeChecked(field: FieldDef, parse: (value: RawValue) => ParseResult<number>): Converter {
  return (value) => {
    const parsed = parse(value);
    if (!parsed.ok) return parsed;
    if (field.min !== undefined && parsed.value < field.min) return { ok: false, reason: `below minimum ${field.min}` };
    if (field.max !== undefined && parsed.value > field.max) return { ok: false, reason: `above maximum ${field.max}` };
    return parsed;
  };
}

function converterFor(field: FieldDef, zone: ZoneResolver): Converter {
  const vocabulary = vocabularyOf(field);
  if (vocabulary) {
    const allowed = vocabulary.values.join(', ');
    return (value) => {
      const canonical = typeof value === 'string' || typeof value === 'number' ? toCanonical(vocabulary, String(value)) : undefined;
      return canonical === undefined ? { ok: false, reason: `unknown value (expected one of ${allowed})` } : { ok: true, value: canonical };
    };
  }
  switch (field.type) {
    case 'string': {
      const maxLength = field.maxLength ?? 4096;
      return (value) => {
        // Numbers are common as ids and read as their digits; true/false or a structure is no text.
        if (typeof value === 'boolean') return { ok: false, reason: 'expected text, found a boolean' };
        if (typeof value === 'object')
          return { ok: false, reason: Array.isArray(value) ? 'expected text, found an array' : 'expected text, found a nested object' };
        const text = String(value).trim();
        if (text.length > maxLength) return { ok: false, reason: `longer than ${maxLength} characters` };
        if (text.includes('\u0000')) return { ok: false, reason: 'contains a NUL byte' };
        return { ok: true, value: text };
      };
    }
    case 'integer':
      return rangeChecked(field, parseInteger);
    case 'decimal':
      return rangeChecked(field, parseDecimal);
    case 'boolean':
      return parseBoolean;
    case 'date':
      return parseDate;
    case 'timestamp':
      return (value) => parseTimestamp(value, zone);
    default:
      throw new Error(`no converter for field ${field.name}`);
  }
}

/** Creates the normaliser for one entity. */
export function createNormaliser(entity: EntityDef, options: NormaliserOptions): Normaliser {
  const converters = entity.fields.map((field) => converterFor(field, options.zone));
  const isTextField = entity.fields.map((field) => field.type === 'string');
  const headers = new Map<string, ResolvedHeader>();
  const header = (columns: readonly string[]): ResolvedHeader => {
    const cacheKey = columns.join('\u0001');
    let resolved = headers.get(cacheKey);
    if (!resolved) {
      resolved = resolveHeader(entity, columns, options.mapping);
      if (headers.size > 1000) headers.clear();
      headers.set(cacheKey, resolved);
    }
    return resolved;
  };
  const fieldCount = entity.fields.length;

  return {
    header,
    normalise(batch) {
      const resolved = header(batch.columns);
      const { fieldIndexByColumn } = resolved;
      const rows: CanonicalRow[] = [];
      const lines: number[] = [];
      const rejects: RowReject[] = batch.rejects.map((reject) => ({ ...reject }));
      const sourceIndexes = batch.indexes;
      const indexes: number[] | undefined = sourceIndexes ? [] : undefined;
      // Two columns for one field: a CSV file with them is refused by the import as a whole, but JSON
      // records need not share keys, so the record that gives a field under two names is rejected.
      const filledBy = resolved.duplicates.length > 0 ? new Int32Array(fieldCount) : undefined;
      rowLoop: for (let r = 0; r < batch.rows.length; r++) {
        const raw = batch.rows[r]!;
        const line = batch.lines[r]!;
        const row: CanonicalRow = new Array<CanonicalValue>(fieldCount).fill(null);
        filledBy?.fill(-1);
        for (let c = 0; c < fieldIndexByColumn.length; c++) {
          const index = fieldIndexByColumn[c]!;
          if (index < 0) continue;
          const value = raw[c];
          if (isMissing(value) || (!isTextField[index] && isNullMarker(value))) continue;
          if (filledBy) {
            const earlier = filledBy[index]!;
            if (earlier >= 0) {
              const field = entity.fields[index]!.name;
              const reason = `keys "${batch.columns[earlier]!}" and "${batch.columns[c]!}" both map to field ${field}`;
              rejects.push({ ...placeOf(batch, r), field, reason });
              continue rowLoop;
            }
            filledBy[index] = c;
          }
          const converted = converters[index]!(value);
          if (!converted.ok) {
            rejects.push({ ...placeOf(batch, r), field: entity.fields[index]!.name, value: showValue(value), reason: converted.reason });
            continue rowLoop;
          }
          row[index] = converted.value;
        }
        for (let f = 0; f < fieldCount; f++) {
          if (row[f] === null && entity.fields[f]!.required) {
            rejects.push({ ...placeOf(batch, r), field: entity.fields[f]!.name, reason: 'required field is empty' });
            continue rowLoop;
          }
        }
        const problem = checkRecord(entity.kind, row);
        if (problem) {
          rejects.push({ ...placeOf(batch, r), ...problem });
          continue;
        }
        rows.push(row);
        lines.push(line);
        indexes?.push(sourceIndexes![r]!);
      }
      return indexes ? { rows, lines, indexes, rejects, ignored: resolved.ignored } : { rows, lines, rejects, ignored: resolved.ignored };
    },
  };
}
