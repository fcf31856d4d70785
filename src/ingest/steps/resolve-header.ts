/**
 * Maps a source's column names to an entity's canonical fields: canonical English names, the design
 * doc's Chinese names, and a user's mapping file, forgiving case, spacing and unit suffixes such as
 * `订单金额(元)`.
 */
import type { EntityDef } from '../../domain/entities.ts';

/** A user's column → canonical field map (from `--mapping FILE`). */
export type ColumnMapping = Readonly<Record<string, string>>;

export interface ResolvedHeader {
  /** For each source column, the index of the canonical field it fills, or -1 when ignored. */
  readonly fieldIndexByColumn: readonly number[];
  /** Required canonical fields no column fills. */
  readonly missingRequired: readonly string[];
  /** Canonical fields filled by more than one column. */
  readonly duplicates: readonly { field: string; columns: readonly string[] }[];
  /** Source columns that match no field. */
  readonly ignored: readonly string[];
}

/** Lower-cases and strips spacing, separators and bracketed units so `Order ID` meets `order_id`. */
export function toColumnKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]\s*$/u, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}

const lookupCache = new WeakMap<EntityDef, Map<string, number>>();

function fieldLookup(entity: EntityDef): Map<string, number> {
  let lookup = lookupCache.get(entity);
  if (!lookup) {
    lookup = new Map();
    entity.fields.forEach((field, index) => {
      for (const name of [field.name, ...(field.aliases ?? [])]) {
        const key = toColumnKey(name);
        if (!lookup!.has(key)) lookup!.set(key, index);
      }
    });
    lookupCache.set(entity, lookup);
  }
  return lookup;
}

/** Resolves source columns against an entity, applying the user's mapping first. */
export function resolveHeader(entity: EntityDef, columns: readonly string[], mapping: ColumnMapping = {}): ResolvedHeader {
  const lookup = fieldLookup(entity);
  const mapped = new Map(Object.entries(mapping).map(([from, to]) => [toColumnKey(from), to]));
  const fieldIndexByColumn = columns.map((column) => {
    const target = mapped.get(toColumnKey(column));
    if (target !== undefined) return entity.fields.findIndex((field) => field.name === target);
    return lookup.get(toColumnKey(column)) ?? -1;
  });
  const columnsByField = new Map<number, string[]>();
  fieldIndexByColumn.forEach((index, column) => {
    if (index < 0) return;
    columnsByField.set(index, [...(columnsByField.get(index) ?? []), columns[column]!]);
  });
  return {
    fieldIndexByColumn,
    missingRequired: entity.fields.filter((field, index) => field.required && !columnsByField.has(index)).map((field) => field.name),
    duplicates: [...columnsByField]
      .filter(([, names]) => names.length > 1)
      .map(([index, names]) => ({ field: entity.fields[index]!.name, columns: names })),
    ignored: columns.filter((_, column) => fieldIndexByColumn[column] === -1),
  };
}

/** Checks a mapping file's targets against the entity; returns the unknown targets. */
export function unknownMappingTargets(entity: EntityDef, mapping: ColumnMapping): string[] {
  const names = new Set(entity.fields.map((field) => field.name));
  return Object.values(mapping).filter((target) => !names.has(target));
}
