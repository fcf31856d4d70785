/**
 * Reads a whole RecordSource into memory, flattening its batches. For tests and small previews only:
 * the point of a source is not to do this with real files.
 */
import type { RawBatch, RawValue, RecordSource, SourceReject } from './record-source.ts';

/** Everything a source produced, flattened. */
export interface CollectedRows {
  readonly batches: readonly RawBatch[];
  /** Every row as an object keyed by its batch's columns. */
  readonly records: Record<string, RawValue>[];
  readonly lines: number[];
  readonly rejects: SourceReject[];
  /** The SourceError (or other error) that ended reading, after the batches before it. */
  readonly error: unknown;
}

/** Reads every batch of `source`, keeping the error that ended reading instead of throwing it, then closes it. */
export async function collectBatches(source: RecordSource): Promise<CollectedRows> {
  const batches: RawBatch[] = [];
  const records: Record<string, RawValue>[] = [];
  const lines: number[] = [];
  const rejects: SourceReject[] = [];
  let error: unknown;
  try {
    for await (const batch of source.batches()) {
      batches.push(batch);
      for (const row of batch.rows) {
        records.push(Object.fromEntries(batch.columns.map((column, i) => [column, row[i]])));
      }
      lines.push(...batch.lines);
      rejects.push(...batch.rejects);
    }
  } catch (caught) {
    error = caught;
  } finally {
    await source.close();
  }
  return { batches, records, lines, rejects, error };
}
