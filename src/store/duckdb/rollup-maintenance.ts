/**
 * Keeps the metrics rollups (analysis/metrics/rollups.ts) in step with the raw tables. A commit that
 * changes a rollup's table deletes and recomputes exactly the buckets (local days or hours) its old
 * and new rows fall in, inside the commit's own transaction, so readers never see the two disagree.
 * A rollup whose definition or zone changed is rebuilt when the store opens; `rebuild` redoes all.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { rollupSelect } from '../../analysis/metrics/compile-metric-query.ts';
import { DEFAULT_METRICS_SETTINGS, FACTS } from '../../analysis/metrics/facts.ts';
import { ROLLUPS, type RollupDef } from '../../analysis/metrics/rollups.ts';
import type { EntityDef } from '../../domain/entities.ts';
import { DUCKDB_DIALECT } from './duckdb-dialect.ts';
import { INCOMING, OUTCOME } from './merge-sql.ts';

export interface RollupContext {
  readonly timeZone: string;
}

const contextOf = (rollups: RollupContext) => ({ dialect: DUCKDB_DIALECT, timeZone: rollups.timeZone, settings: DEFAULT_METRICS_SETTINGS });

/** Whether a rollup's keys come from catalog lookups (so a catalog change invalidates it). */
function dependsOnCatalog(rollup: RollupDef): boolean {
  return rollup.keys.some((key) => (FACTS[rollup.fact].dimensions[key]?.lookups?.length ?? 0) > 0);
}

function signatureOf(rollup: RollupDef, context: RollupContext): string {
  return createHash('sha1')
    .update(rollupSelect(rollup, contextOf(context)))
    .digest('hex');
}

async function rebuildOne(connection: DuckDBConnection, rollup: RollupDef, context: RollupContext): Promise<number> {
  const select = rollupSelect(rollup, contextOf(context));
  await connection.run(`DROP TABLE IF EXISTS ${rollup.name}`);
  await connection.run(`CREATE TABLE ${rollup.name} AS ${select}`);
  const signature = signatureOf(rollup, context);
  await connection.run('INSERT OR REPLACE INTO rollup_state VALUES ($1, $2, $3, now()::TIMESTAMP)', [
    rollup.name,
    signature,
    context.timeZone,
  ]);
  const [row] = (await connection.runAndReadAll(`SELECT count(*) AS n FROM ${rollup.name}`)).getRowObjectsJS();
  return Number(row?.n ?? 0);
}

/**
 * Creates missing rollups and rebuilds those whose definition changed (or all with `force`). Rollups
 * keep the zone they were built in: a command run with another `--time-zone` reads raw tables rather
 * than rebuilding the store's rollups as a side effect; `force` rebuilds them in `context`'s zone.
 * Returns the zone the rollups are cut in.
 */
export async function ensureRollups(
  connection: DuckDBConnection,
  context: RollupContext,
  options: { force?: boolean; onRollup?: (name: string, done: number, total: number) => void } = {},
): Promise<{ timeZone: string; rollups: { name: string; rows: number; rebuilt: boolean }[] }> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS rollup_state (name VARCHAR PRIMARY KEY, signature VARCHAR NOT NULL, zone VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL)',
  );
  const rows = (await connection.runAndReadAll('SELECT name, signature, zone FROM rollup_state')).getRowObjectsJS() as {
    name: string;
    signature: string;
    zone: string;
  }[];
  const stored = new Map(rows.map((r) => [r.name, r.signature]));
  const zone = { timeZone: !options.force && rows[0] ? rows[0].zone : context.timeZone };
  const results: { name: string; rows: number; rebuilt: boolean }[] = [];
  for (const [index, rollup] of ROLLUPS.entries()) {
    options.onRollup?.(rollup.name, index, ROLLUPS.length);
    if (!options.force && stored.get(rollup.name) === signatureOf(rollup, zone)) {
      results.push({ name: rollup.name, rows: -1, rebuilt: false });
      continue;
    }
    await connection.run('BEGIN TRANSACTION');
    try {
      const count = await rebuildOne(connection, rollup, zone);
      await connection.run('COMMIT');
      results.push({ name: rollup.name, rows: count, rebuilt: true });
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  options.onRollup?.('', ROLLUPS.length, ROLLUPS.length);
  return { timeZone: zone.timeZone, rollups: results };
}

/** Rollups a commit of `entity` changes. */
function affectedBy(entity: EntityDef): { incremental: RollupDef[]; full: RollupDef[] } {
  if (entity.kind === 'catalog') return { incremental: [], full: ROLLUPS.filter(dependsOnCatalog) };
  return { incremental: ROLLUPS.filter((r) => FACTS[r.fact].stored?.table === entity.kind), full: [] };
}

/** What a merge changed, which decides the maintenance statements it needs. */
export interface MergeShape {
  /** Stored records were replaced by newer states (their old states leave the rollups). */
  readonly replaced: boolean;
  /** Records were inserted or replaced (their new states enter the rollups). */
  readonly written: boolean;
  /** Fold the touched buckets' delta rows into one row per group (done every so many commits). */
  readonly compact: boolean;
}

const OLD = 'fs_old';
const NEW = 'fs_new';
const DELTA = 'fs_delta';
const BUCKETS = 'fs_buckets';

/**
 * Statements run inside a merge transaction. `beforeReplace` (after classification, before stored rows
 * are removed) keeps the old states of the records being replaced and the new states being written;
 * `afterInsert` appends to each rollup the signed difference — the new states' aggregates minus the
 * old states' — so a commit costs in proportion to what it changed, not to the day's volume. Queries
 * sum rollup rows anyway; `compact` folds the touched buckets back to one row per group. A catalog
 * change moves orders between regions, so the rollups keyed by region are rebuilt instead.
 */
export function rollupRefreshStatements(
  entity: EntityDef,
  context: RollupContext,
  shape: MergeShape,
): { beforeReplace: string[]; afterInsert: string[] } {
  const { incremental, full } = affectedBy(entity);
  const afterInsert: string[] = [];
  if (shape.written)
    for (const rollup of full)
      afterInsert.push(`DELETE FROM ${rollup.name}`, `INSERT INTO ${rollup.name} ${rollupSelect(rollup, contextOf(context))}`);
  if (incremental.length === 0 || !shape.written) return { beforeReplace: [], afterInsert };

  const keyMatch = entity.key.map((k) => `o."${k}" IS NOT DISTINCT FROM t."${k}"`).join(' AND ');
  const beforeReplace = [
    `CREATE OR REPLACE TEMP TABLE ${NEW} AS SELECT * FROM ${INCOMING} WHERE _seq IN (SELECT _seq FROM ${OUTCOME} WHERE _seq = final_seq)`,
  ];
  if (shape.replaced) {
    beforeReplace.push(
      `CREATE OR REPLACE TEMP TABLE ${OLD} AS SELECT t.* FROM "${entity.kind}" t WHERE EXISTS (SELECT 1 FROM ${OUTCOME} o WHERE o._seq = o.final_seq AND o.existed AND ${keyMatch})`,
    );
  }
  for (const rollup of incremental) {
    const fact = FACTS[rollup.fact];
    const measures = Object.entries(fact.measures).flatMap(([m, def]) => (def.kind === 'additive' ? [`"${m}"`] : []));
    const keys = ['bucket', ...rollup.keys.map((k) => `"${k}"`)];
    const added = rollupSelect(rollup, contextOf(context), undefined, NEW);
    const removed = shape.replaced
      ? ` UNION ALL SELECT ${[...keys, ...measures.map((m) => `-${m} AS ${m}`)].join(', ')} FROM (${rollupSelect(rollup, contextOf(context), undefined, OLD)}) old`
      : '';
    afterInsert.push(
      `CREATE OR REPLACE TEMP TABLE ${DELTA} AS SELECT * FROM (${added}) new${removed}`,
      `INSERT INTO ${rollup.name} SELECT * FROM ${DELTA}`,
    );
    if (shape.compact) {
      const touched = `bucket IN (SELECT bucket FROM ${BUCKETS})`;
      afterInsert.push(
        `CREATE OR REPLACE TEMP TABLE ${BUCKETS} AS SELECT DISTINCT bucket FROM ${DELTA}`,
        `CREATE OR REPLACE TEMP TABLE ${DELTA} AS SELECT ${[...keys, ...measures.map((m) => `sum(${m}) AS ${m}`)].join(', ')} FROM ${rollup.name} WHERE ${touched} GROUP BY ALL HAVING sum("${fact.rowsMeasure}") <> 0`,
        `DELETE FROM ${rollup.name} WHERE ${touched}`,
        `INSERT INTO ${rollup.name} SELECT * FROM ${DELTA}`,
      );
    }
  }
  afterInsert.push(...[DELTA, BUCKETS, NEW, OLD].map((table) => `DROP TABLE IF EXISTS ${table}`));
  return { beforeReplace, afterInsert };
}

/** Names of the rollups, for the query planner (the store keeps every one of them current). */
export function rollupNames(): string[] {
  return ROLLUPS.map((r) => r.name);
}
