/** Test helper: builds a canonical row from named values, in the entity's field order. */
import { ENTITIES, type EntityKind } from '../../src/domain/entities.ts';
import type { CanonicalRow, CanonicalValue } from '../../src/ingest/steps/normalise-batch.ts';

export function canonicalRow(kind: EntityKind, values: Record<string, CanonicalValue>): CanonicalRow {
  const fields = ENTITIES[kind].fields;
  for (const name of Object.keys(values)) {
    if (!fields.some((field) => field.name === name)) throw new Error(`${kind} has no field ${name}`);
  }
  return fields.map((field) => values[field.name] ?? null);
}

/** UTC epoch milliseconds of an ISO time, as canonical rows carry timestamps. */
export const at = (iso: string): number => Date.parse(iso);
