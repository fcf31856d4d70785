/**
 * The DuckDB SQL that stages rows and applies them to an entity table exactly once.
 *
 * Staging: JavaScript writes canonical rows as CSV chunks; each chunk is loaded into a connection-local
 * temp table (with the row's version and content hash computed on the way in) while the next chunk is
 * being parsed, so DuckDB works on one core while JavaScript works on the other.
 *
 * Merge: each staged row is classified as if rows were applied one by one in staging order, against
 * what is stored:
 *   - the first row of a key not stored yet is `inserted`;
 *   - a later row is a candidate when its version is newer than every version before it (stored or
 *     staged) — strictly newer for `versioned` entities, not older for `latest` ones, never for
 *     `immutable` ones — and it is `updated` when its content differs from the state before it;
 *   - every other row is `unchanged`.
 * The table then receives, per key, the last row that was inserted or updated. Windows run over narrow
 * columns only (keys, sequence, version, hash); the wide rows are joined back for the final insert.
 * Identifiers here come from the entity definitions, never from input.
 */
import type { EntityDef, FieldDef } from '../../domain/entities.ts';
import { ORDER_STATUS_RANK } from '../../domain/vocabulary.ts';

export const INCOMING = 'fs_incoming';
export const OUTCOME = 'fs_outcome';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Escapes a string literal for DuckDB. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The DuckDB type a staged cell is read as (timestamps arrive as epoch seconds, see staging-file.ts). */
function stagedType(field: FieldDef): string {
  switch (field.type) {
    case 'timestamp':
      return 'DOUBLE';
    case 'integer':
      return 'BIGINT';
    case 'decimal':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    default:
      return 'VARCHAR';
  }
}

/** Converts a staged column to the stored type. */
function fromStaged(field: FieldDef): string {
  const column = quoteIdent(field.name);
  if (field.type === 'timestamp') return `make_timestamp(CAST(round(${column} * 1000) AS BIGINT) * 1000) AS ${column}`;
  return column;
}

function epochMs(column: string): string {
  return `epoch_ms(${quoteIdent(column)})`;
}

/** What "newer" means for each entity, as one sortable BIGINT. */
export function versionExpression(entity: EntityDef): string {
  switch (entity.kind) {
    case 'orders': {
      const rank = Object.entries(ORDER_STATUS_RANK)
        .map(([status, value]) => `WHEN '${status}' THEN ${value}`)
        .join(' ');
      // updated_at decides when present; the state order breaks ties and decides without it.
      return `coalesce(${epochMs('updated_at')}, 0) * 8 + (CASE "status" ${rank} ELSE 0 END)`;
    }
    case 'users':
      return `coalesce(${epochMs('updated_at')}, ${epochMs('last_login_at')}, 0)`;
    case 'catalog':
      return `coalesce(${epochMs('updated_at')}, 0)`;
    default:
      return '0';
  }
}

function keyJoin(entity: EntityDef, left: string, right: string): string {
  return entity.key.map((k) => `${left}.${quoteIdent(k)} IS NOT DISTINCT FROM ${right}.${quoteIdent(k)}`).join(' AND ');
}

/** Creates the connection-local table staged rows are loaded into. */
export function createIncomingSql(entity: EntityDef): string {
  return `CREATE OR REPLACE TEMP TABLE ${INCOMING} AS SELECT 0::BIGINT AS _seq, 0::INTEGER AS _source, ${entity.fields.map((f) => quoteIdent(f.name)).join(', ')}, 0::BIGINT AS _version, 0::UBIGINT AS _hash FROM ${quoteIdent(entity.kind)} LIMIT 0`;
}

/** Loads one staged CSV chunk into the incoming table. */
export function loadChunkSql(entity: EntityDef, chunkPath: string): string {
  const fields = entity.fields.map((f) => quoteIdent(f.name));
  const columns = [`'_seq': 'BIGINT'`, `'_source': 'INTEGER'`, ...entity.fields.map((f) => `${sqlString(f.name)}: '${stagedType(f)}'`)];
  const read = `read_csv(${sqlString(chunkPath)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, max_line_size = 4194304, columns = {${columns.join(', ')}})`;
  return `
INSERT INTO ${INCOMING}
SELECT *, ${versionExpression(entity)} AS _version, hash(${fields.join(', ')}) AS _hash
FROM (SELECT _seq, _source, ${entity.fields.map(fromStaged).join(', ')} FROM ${read})`;
}

export interface MergeStatements {
  /** Classifies every staged row (narrow columns) into a temp table. */
  readonly classify: string;
  /** Counts outcomes per source index. */
  readonly counts: string;
  /** Removes stored rows that are being replaced. */
  readonly remove: string;
  /** Inserts the new state of every inserted or updated key. */
  readonly insert: string;
  readonly cleanup: string;
}

/** Builds the statements that merge the incoming table into the entity's table for import `importId`. */
export function mergeStatements(entity: EntityDef, importId: string): MergeStatements {
  const table = quoteIdent(entity.kind);
  const fields = entity.fields.map((field) => quoteIdent(field.name));
  const keys = entity.key.map(quoteIdent).join(', ');
  const iKeys = entity.key.map((k) => `i.${quoteIdent(k)}`).join(', ');
  const previous = `PARTITION BY ${keys} ORDER BY _seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING`;
  const newer = entity.merge === 'versioned' ? '>' : '>=';
  const candidate = entity.merge === 'immutable' ? 'false' : `_version ${newer} greatest(prior_version, stored_version)`;
  return {
    classify: `
CREATE OR REPLACE TEMP TABLE ${OUTCOME} AS
WITH joined AS (
  SELECT i._seq, i._source, ${iKeys}, i._version, i._hash, s._version AS stored_version, s._hash AS stored_hash, s._present IS NOT NULL AS existed
  FROM ${INCOMING} i LEFT JOIN (SELECT ${keys}, _version, _hash, true AS _present FROM ${table}) s ON ${keyJoin(entity, 'i', 's')}
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY ${keys} ORDER BY _seq) AS rn, max(_version) OVER (${previous}) AS prior_version
  FROM joined
), flagged AS (
  SELECT *, CASE WHEN rn = 1 AND NOT existed THEN true ELSE coalesce(${candidate}, false) END AS candidate FROM ranked
), effective AS (
  SELECT *, coalesce(last_value(CASE WHEN candidate THEN _hash END IGNORE NULLS) OVER (${previous}), stored_hash) AS prior_hash
  FROM flagged
), classified AS (
  SELECT _seq, _source, ${keys}, existed, CASE
      WHEN rn = 1 AND NOT existed THEN 'inserted'
      WHEN candidate AND _hash IS DISTINCT FROM prior_hash THEN 'updated'
      ELSE 'unchanged' END AS outcome
  FROM effective
)
SELECT *, max(CASE WHEN outcome <> 'unchanged' THEN _seq END) OVER (PARTITION BY ${keys}) AS final_seq FROM classified`,
    counts: `SELECT _source, outcome, count(*) AS n FROM ${OUTCOME} GROUP BY ALL`,
    remove: `DELETE FROM ${table} t USING (SELECT ${keys} FROM ${OUTCOME} WHERE _seq = final_seq AND existed) r WHERE ${keyJoin(entity, 't', 'r')}`,
    insert: `
INSERT INTO ${table} (${fields.join(', ')}, _version, _hash, _import_id, _ingested_at)
SELECT ${fields.join(', ')}, _version, _hash, ${sqlString(importId)}, now()::TIMESTAMP
FROM ${INCOMING}
WHERE _seq IN (SELECT _seq FROM ${OUTCOME} WHERE _seq = final_seq)`,
    cleanup: `DROP TABLE IF EXISTS ${OUTCOME}; DROP TABLE IF EXISTS ${INCOMING}`,
  };
}
