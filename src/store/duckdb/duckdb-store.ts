/**
 * The embedded store: one DuckDB file. Writes are serialised through one connection (DuckDB allows
 * one writing process per file, and one merge at a time keeps transactions from conflicting); each
 * commit is one transaction, so a process killed at any moment leaves either the old or the new state.
 */
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, basename, resolve } from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import { ENTITIES, ENTITY_KINDS, type EntityKind } from '../../domain/entities.ts';
import {
  NotAStoreError,
  StoreLockedError,
  type ApiKeyRecord,
  type CommitEvent,
  type EntityStatus,
  type ImportRecord,
  type MergeCounts,
  type StagedWrite,
  type Store,
  type StoredForecast,
  type ProfileRun,
  type SegmentRecord,
  type StoreStatus,
} from '../store.ts';
import { MIGRATIONS } from './migrations.ts';
import { createIncomingSql, loadChunkSql, mergeStatements } from './merge-sql.ts';
import { buyerPersonaSql, personaSampleSql } from './persona-sql.ts';
import { profileFeatureStatements, profileScoreStatements, profileWriteStatements } from './profile-sql.ts';
import { createChunkedStaging } from './staging-file.ts';
import { createMutex } from '../../util/mutex.ts';
import { DUCKDB_DIALECT } from './duckdb-dialect.ts';
import { ensureRollups, rollupNames, rollupRefreshStatements } from './rollup-maintenance.ts';
import { toCell } from './to-cell.ts';
import { lockDownInstance } from './instance-lockdown.ts';
import { createAnalystSql, type AnalystSql } from './analyst-sql.ts';
import { ROLLUPS } from '../../analysis/metrics/rollups.ts';
import { DEFAULT_TIME_ZONE } from '../../config/config.ts';

export interface DuckDbStoreOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  /** DuckDB memory limit, e.g. `1GB`; DuckDB spills to disk beyond it. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Rows per staging chunk (smaller in tests to exercise chunking). */
  readonly stagingChunkRows?: number;
  /** Zone the metrics rollups cut days and hours in (the configured zone). */
  readonly timeZone?: string;
  /** Called while rollups are (re)built on open, which takes a while on a large store. */
  readonly onRollupProgress?: (name: string, done: number, total: number) => void;
}

/** Commits between foldings of the rollups' delta rows (streaming commits many times a second). */
const COMPACT_EVERY = 32;

/** Connections reading metrics at once; DuckDB runs each query on its own threads too. */
const READERS = 4;

/** The business time that bounds each entity's data, for status. */
const TIME_COLUMN: Record<EntityKind, string | undefined> = {
  users: 'registered_at',
  orders: 'created_at',
  events: 'occurred_at',
  logs: 'logged_at',
  catalog: undefined,
  weather: 'date',
};

function isLockError(error: unknown): error is Error {
  return error instanceof Error && /Could not set lock|Conflicting lock/i.test(error.message);
}

async function applyMigrations(connection: DuckDBConnection): Promise<number> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  );
  const applied = await connection.runAndReadAll('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
  let current = Number(applied.getRowObjects()[0]?.v ?? 0);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      await connection.run(migration.sql);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [migration.version, migration.name]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
    current = migration.version;
  }
  return current;
}

function toImportRecord(row: Record<string, unknown>): ImportRecord {
  const optional = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
  return {
    id: String(row.id),
    kind: row.kind as EntityKind,
    source: String(row.source),
    files: (row.files as string[]) ?? [],
    startedAt: row.started_at as Date,
    finishedAt: row.finished_at as Date,
    status: row.status as ImportRecord['status'],
    read: Number(row.read),
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    rejected: Number(row.rejected),
    rejectsFile: optional(row.rejects_file),
    error: optional(row.error),
  };
}

/** A Date as a TIMESTAMP literal text (UTC, no zone). */
function isoTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Appends a run to the import log; values are bound as parameters (file paths come from users). */
async function logImport(connection: DuckDBConnection, record: ImportRecord): Promise<void> {
  const timestamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
  await connection.run('INSERT INTO imports VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6::TIMESTAMP, $7, $8, $9, $10, $11, $12, $13, $14)', [
    record.id,
    record.kind,
    record.source,
    listValue([...record.files]),
    timestamp(record.startedAt),
    timestamp(record.finishedAt),
    record.status,
    record.read,
    record.inserted,
    record.updated,
    record.unchanged,
    record.rejected,
    record.rejectsFile ?? null,
    record.error ?? null,
  ]);
}

/** Opens (creating and migrating as needed) the DuckDB store at `options.path`. */
/**
 * Refuses an existing, non-empty file that is not a DuckDB database, before DuckDB sees it: DuckDB
 * fails on most such files with an internal error, and some (a CSV) it would open as something else.
 * A DuckDB file carries "DUCK" at byte 8 of its header.
 */
async function checkIsDuckDbFile(location: string): Promise<void> {
  const info = await stat(location).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!info || info.size === 0) return;
  if (!info.isFile()) throw new NotAStoreError(location, 'it is not a file');
  const handle = await open(location, 'r');
  try {
    const header = Buffer.alloc(12);
    const { bytesRead } = await handle.read(header, 0, 12, 0);
    if (bytesRead < 12 || header.toString('latin1', 8, 12) !== 'DUCK') throw new NotAStoreError(location, 'not a DuckDB database file');
  } finally {
    await handle.close();
  }
}

export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<Store> {
  const location = options.path === ':memory:' ? ':memory:' : resolve(options.path);
  const scratch =
    location === ':memory:' ? join(tmpdir(), `flowsight-${randomUUID()}`) : join(dirname(location), `.${basename(location)}.tmp`);
  if (location !== ':memory:') {
    await mkdir(dirname(location), { recursive: true });
    await checkIsDuckDbFile(location);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(location, {
      memory_limit: options.memoryLimit ?? '768MB',
      temp_directory: join(scratch, 'spill'),
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
  } catch (error) {
    if (isLockError(error)) throw new StoreLockedError(location, error.message.split('\n')[0] ?? '');
    throw error;
  }
  // Holding the lock now, this process alone may write the store: staging files left by an import
  // that was killed are orphans.
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const connection = await instance.connect();
  // External access off (but for the scratch directory the import stages in) and configuration
  // locked for the whole instance, so nothing reached through any connection can read files.
  await lockDownInstance(connection, { allowedDirectories: [scratch] });
  await connection.run("SET TimeZone = 'UTC'");
  const schemaVersion = await applyMigrations(connection);
  const rollupContext = {
    timeZone: (await ensureRollups(connection, { timeZone: options.timeZone ?? DEFAULT_TIME_ZONE }, { onRollup: options.onRollupProgress }))
      .timeZone,
  };
  const writeLock = createMutex();
  let analyst: AnalystSql | undefined;
  const commitListeners = new Set<(event: CommitEvent) => void>();
  let commitsSinceCompaction = 0;
  const readers: DuckDBConnection[] = [];
  const idleReaders: DuckDBConnection[] = [];
  const waitingForReader: ((connection: DuckDBConnection) => void)[] = [];
  // Reads in flight when the store closes finish first: a connection closed under a running query
  // can leave its promise unsettled and the process unable to exit.
  let closing = false;
  let reading = 0;
  let readsDone: (() => void) | undefined;
  const withReader = async <T>(work: (reader: DuckDBConnection) => Promise<T>): Promise<T> => {
    if (closing) throw new Error('the store is closed');
    reading++;
    try {
      let reader = idleReaders.pop();
      if (!reader && readers.length < READERS) {
        reader = await instance.connect();
        await reader.run("SET TimeZone = 'UTC'");
        readers.push(reader);
      }
      if (!reader) reader = await new Promise<DuckDBConnection>((resolve) => waitingForReader.push(resolve));
      try {
        return await work(reader);
      } finally {
        const next = waitingForReader.shift();
        if (next) next(reader);
        else idleReaders.push(reader);
      }
    } finally {
      reading--;
      if (reading === 0) readsDone?.();
    }
  };

  const rows = async <T = Record<string, unknown>>(sql: string): Promise<T[]> =>
    (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];

  const store: Store = {
    backend: 'duckdb',
    dialect: DUCKDB_DIALECT,

    async runQuery(query) {
      return withReader(async (reader) => {
        const result = await reader.runAndReadAll(query.sql, [...query.params]);
        // Read by column: the row reader builds every row twice (values, then objects) and takes twice as long.
        const names = result.columnNames();
        const columns = result.getColumns().map((column) => column.map(toCell));
        return Array.from({ length: result.currentRowCount }, (_, r) => {
          const cells: Record<string, ReturnType<typeof toCell>> = {};
          for (let c = 0; c < names.length; c++) cells[names[c]!] = columns[c]![r]!;
          return cells;
        });
      });
    },

    async analystSql(sql, limits) {
      analyst ??= createAnalystSql(instance, { allowedTables: [...ENTITY_KINDS, 'venues', ...ROLLUPS.map((r) => r.name)] });
      return analyst.run(sql, limits);
    },

    rollups() {
      return { timeZone: rollupContext.timeZone, names: rollupNames() };
    },

    async rebuildRollups(onProgress) {
      return writeLock.run(async () => {
        // An explicit rebuild cuts days in the zone this store was opened with.
        const rebuilt = await ensureRollups(
          connection,
          { timeZone: options.timeZone ?? DEFAULT_TIME_ZONE },
          { force: true, onRollup: onProgress },
        );
        rollupContext.timeZone = rebuilt.timeZone;
        return rebuilt.rollups.map(({ name, rows }) => ({ name, rows }));
      });
    },

    async stage(kind) {
      const entity = ENTITIES[kind];
      // Each staged write has its own connection: its temp table is private, and loading it does not
      // wait for (or block) other writers until the merge itself.
      const staging = await instance.connect();
      // The session zone is UTC for every connection (set globally by the lockdown).
      await staging.run(createIncomingSql(entity));
      const chunks = createChunkedStaging({
        dir: scratch,
        name: `stage-${kind}-${randomUUID()}`,
        chunkRows: options.stagingChunkRows ?? 500_000,
        timestampColumns: entity.fields.map((field) => field.type === 'timestamp'),
        load: async (path) => {
          await staging.run(loadChunkSql(entity, path));
        },
      });
      let sources = 0;
      let closed = false;
      const release = async () => {
        if (closed) return;
        closed = true;
        await staging.run(mergeStatements(entity, '').cleanup).catch(() => undefined);
        staging.closeSync();
      };
      const staged: StagedWrite = {
        kind,
        async append(sourceIndex, batch) {
          sources = Math.max(sources, sourceIndex + 1);
          await chunks.append(sourceIndex, batch);
        },
        async commit(record, commitOptions = {}) {
          const counts: MergeCounts[] = Array.from({ length: Math.max(sources, record.files.length) }, () => ({
            inserted: 0,
            updated: 0,
            unchanged: 0,
          }));
          let committed: CommitEvent | undefined;
          try {
            await chunks.finish();
            await writeLock.run(async () => {
              const statements = mergeStatements(entity, record.id);
              await staging.run('BEGIN TRANSACTION');
              let rollupRefresh: ReturnType<typeof rollupRefreshStatements> | undefined;
              try {
                if (chunks.rows > 0) {
                  await staging.run(statements.classify);
                  const result = await staging.runAndReadAll(statements.counts);
                  for (const row of result.getRowObjectsJS() as { _source: number; outcome: keyof MergeCounts; n: bigint }[]) {
                    counts[row._source]![row.outcome] = Number(row.n);
                  }
                  const changed = counts.reduce((sum, c) => ({ inserted: sum.inserted + c.inserted, updated: sum.updated + c.updated }), {
                    inserted: 0,
                    updated: 0,
                  });
                  const compact = ++commitsSinceCompaction >= COMPACT_EVERY;
                  if (compact) commitsSinceCompaction = 0;
                  rollupRefresh = rollupRefreshStatements(entity, rollupContext, {
                    replaced: changed.updated > 0,
                    written: changed.inserted + changed.updated > 0,
                    compact,
                  });
                  for (const sql of rollupRefresh.beforeReplace) await staging.run(sql);
                  await staging.run(statements.remove);
                  await staging.run(statements.insert);
                  for (const sql of rollupRefresh?.afterInsert ?? []) await staging.run(sql);
                }
                const total = counts.reduce(
                  (sum, c) => ({
                    inserted: sum.inserted + c.inserted,
                    updated: sum.updated + c.updated,
                    unchanged: sum.unchanged + c.unchanged,
                  }),
                  { inserted: 0, updated: 0, unchanged: 0 },
                );
                if (commitOptions.log !== false)
                  await logImport(staging, { ...record, ...total, status: 'completed', finishedAt: new Date() });
                await staging.run('COMMIT');
                committed = { kind, source: record.source, counts: total, at: new Date(), logged: commitOptions.log !== false };
              } catch (error) {
                await staging.run('ROLLBACK').catch(() => undefined);
                throw error;
              }
            });
          } finally {
            await chunks.abort();
            await release();
          }
          if (committed) for (const listener of commitListeners) listener(committed);
          return counts;
        },
        async discard() {
          await chunks.abort();
          await release();
        },
      };
      return staged;
    },

    onCommit(listener) {
      commitListeners.add(listener);
      return () => commitListeners.delete(listener);
    },

    async createApiKey(key) {
      await writeLock.run(() =>
        connection.run('INSERT INTO api_keys (id, name, scope, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5::TIMESTAMP)', [
          key.id,
          key.name,
          key.scope,
          key.secretHash,
          isoTimestamp(key.createdAt),
        ]),
      );
    },

    async listApiKeys() {
      const found = await rows<Record<string, unknown>>('SELECT * FROM api_keys ORDER BY created_at, id');
      return found.map((row): ApiKeyRecord => ({
        id: String(row.id),
        name: String(row.name),
        scope: String(row.scope),
        secretHash: String(row.secret_hash),
        createdAt: row.created_at as Date,
        lastUsedAt: (row.last_used_at as Date | null) ?? null,
        revokedAt: (row.revoked_at as Date | null) ?? null,
      }));
    },

    async revokeApiKey(id, at) {
      return writeLock.run(async () => {
        const result = await connection.runAndReadAll(
          'UPDATE api_keys SET revoked_at = $2::TIMESTAMP WHERE id = $1 AND revoked_at IS NULL RETURNING id',
          [id, isoTimestamp(at)],
        );
        return result.getRowObjects().length > 0;
      });
    },

    async touchApiKeys(lastUsed) {
      if (lastUsed.size === 0) return;
      await writeLock.run(async () => {
        for (const [id, at] of lastUsed) {
          await connection.run(
            'UPDATE api_keys SET last_used_at = greatest(coalesce(last_used_at, $2::TIMESTAMP), $2::TIMESTAMP) WHERE id = $1',
            [id, isoTimestamp(at)],
          );
        }
      });
    },

    async refreshProfiles(request, predict) {
      return writeLock.run(async () => {
        const startedAt = new Date();
        const full = request.changedSince === undefined;
        const changedSince = request.changedSince ? isoTimestamp(request.changedSince) : undefined;
        for (const sql of profileFeatureStatements({ asOf: request.asOf, timeZone: request.timeZone, changedSince }))
          await connection.run(sql);
        for (const sql of profileScoreStatements(full)) await connection.run(sql);
        // Buyers' purchase summaries, numbered so the predictions can come back without user ids.
        await connection.run(`CREATE OR REPLACE TEMP TABLE p_buyers AS
          SELECT row_number() OVER (ORDER BY user_id) - 1 AS n, user_id,
            purchase_days - 1 AS x,
            date_diff('day', first_purchase, last_purchase) / 7.0 AS tx,
            (date_diff('day', first_purchase, as_of) + 1) / 7.0 AS t,
            monetary / frequency AS spend
          FROM profile_features WHERE frequency > 0`);
        const columns = (await connection.runAndReadAll('SELECT x, tx, t, spend FROM p_buyers ORDER BY n')).getColumnsJS();
        const toArray = (values: unknown[] | undefined) => Float64Array.from(values ?? [], (v) => Number(v));
        const predictions = predict({
          x: toArray(columns[0]),
          tx: toArray(columns[1]),
          T: toArray(columns[2]),
          meanSpend: toArray(columns[3]),
        });
        await connection.run(
          'CREATE OR REPLACE TEMP TABLE p_predictions (n BIGINT, p_alive DOUBLE, e30 DOUBLE, e90 DOUBLE, spend90 DOUBLE)',
        );
        const appender = await connection.createAppender('p_predictions', 'main', 'temp');
        const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
        for (let i = 0; i < predictions.pAlive.length; i++) {
          appender.appendBigInt(BigInt(i));
          for (const v of [predictions.pAlive[i], predictions.expected30[i], predictions.expected90[i], predictions.expectedSpend90[i]]) {
            const value = finite(v);
            if (value === null) appender.appendNull();
            else appender.appendDouble(value);
          }
          appender.endRow();
        }
        appender.closeSync();
        const users = Number((await connection.runAndReadAll('SELECT count(*) AS n FROM profile_features')).getColumnsJS()[0]?.[0] ?? 0);
        const run: ProfileRun = {
          id: randomUUID(),
          kind: full ? 'full' : 'incremental',
          asOf: request.asOf,
          startedAt,
          finishedAt: new Date(),
          users,
          model: predictions.model,
        };
        await connection.run('BEGIN TRANSACTION');
        try {
          for (const sql of profileWriteStatements(full)) await connection.run(sql);
          if (request.personas) {
            const persona = buyerPersonaSql(request.personas.model, request.personas.columns);
            await connection.run(`UPDATE profiles SET persona = ${persona} WHERE user_id IN (SELECT user_id FROM profile_features)`);
          }
          await connection.run('INSERT INTO profile_runs VALUES ($1, $2, $3::DATE, $4::TIMESTAMP, $5::TIMESTAMP, $6, $7)', [
            run.id,
            run.kind,
            run.asOf,
            isoTimestamp(run.startedAt),
            isoTimestamp(run.finishedAt),
            run.users,
            JSON.stringify(run.model ?? null),
          ]);
          await connection.run('COMMIT');
        } catch (error) {
          await connection.run('ROLLBACK');
          throw error;
        } finally {
          for (const table of [
            'profile_features',
            'p_buyers',
            'p_predictions',
            'p_purchase',
            'p_active',
            'p_tops',
            'p_users',
            'p_changed',
            'p_catalog',
            'p_purchase_days',
            'p_preferred',
            'p_hours',
            'p_kept',
          ]) {
            await connection.run(`DROP TABLE IF EXISTS ${table}`);
          }
        }
        return run;
      });
    },

    async profileRuns(limit = 10) {
      const found = await rows<Record<string, unknown>>(
        `SELECT id, kind, strftime(as_of, '%Y-%m-%d') AS as_of, started_at, finished_at, users, model FROM profile_runs ORDER BY finished_at DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      );
      return found.map((row): ProfileRun => ({
        id: String(row.id),
        kind: row.kind === 'incremental' ? 'incremental' : 'full',
        asOf: String(row.as_of),
        startedAt: row.started_at as Date,
        finishedAt: row.finished_at as Date,
        users: Number(row.users),
        model: JSON.parse(String(row.model)) as unknown,
      }));
    },

    async sampleBuyerProfiles(columns, limit) {
      const sample = await store.runQuery({ sql: personaSampleSql(columns, limit), params: [] });
      const [count] = await store.runQuery({ sql: 'SELECT count(*) AS buyers FROM profiles WHERE frequency > 0', params: [] });
      return { buyers: Number(count?.buyers ?? 0), rows: sample };
    },

    async assignPersonas(model, columns) {
      const assigned = buyerPersonaSql(model, columns);
      return writeLock.run(async () => {
        // One statement: every buyer gets the nearest persona and everyone else none, atomically; only
        // the rows whose persona changes are written.
        await connection.run(`UPDATE profiles SET persona = ${assigned} WHERE persona IS DISTINCT FROM ${assigned}`);
        const sizes = new Array<number>(model.centroids.length).fill(0);
        for (const row of await rows<{ persona: number; n: bigint }>(
          'SELECT persona, count(*) AS n FROM profiles WHERE persona IS NOT NULL GROUP BY persona',
        ))
          sizes[Number(row.persona)] = Number(row.n);
        return sizes;
      });
    },

    async setProfileRunModel(id, model) {
      await writeLock.run(() => connection.run('UPDATE profile_runs SET model = $2 WHERE id = $1', [id, JSON.stringify(model ?? null)]));
    },

    async listSegments() {
      const found = await rows<Record<string, unknown>>('SELECT * FROM segments ORDER BY name, id');
      return found.map((row): SegmentRecord => ({
        id: String(row.id),
        name: String(row.name),
        description: row.description == null ? null : String(row.description),
        rules: String(row.rules),
        createdAt: row.created_at as Date,
        updatedAt: row.updated_at as Date,
      }));
    },

    async saveSegment(segment) {
      await writeLock.run(() =>
        connection.run('INSERT OR REPLACE INTO segments VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6::TIMESTAMP)', [
          segment.id,
          segment.name,
          segment.description,
          segment.rules,
          isoTimestamp(segment.createdAt),
          isoTimestamp(segment.updatedAt),
        ]),
      );
    },

    async deleteSegment(id) {
      return writeLock.run(
        async () => (await connection.runAndReadAll('DELETE FROM segments WHERE id = $1 RETURNING id', [id])).getRowObjects().length > 0,
      );
    },

    async readForecasts(keys) {
      const found = new Map<string, StoredForecast>();
      if (keys.length === 0) return found;
      const result = await withReader((reader) =>
        reader.runAndReadAll(
          `SELECT key, computed_at, strftime(history_end, '%Y-%m-%d') AS history_end, body FROM forecasts WHERE key IN (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
          [...keys],
        ),
      );
      for (const row of result.getRowObjectsJS()) {
        const key = String(row.key);
        found.set(key, { key, computedAt: row.computed_at as Date, historyEnd: String(row.history_end), body: String(row.body) });
      }
      return found;
    },

    async saveForecasts(forecasts) {
      const CHUNK = 200;
      await writeLock.run(async () => {
        for (let at = 0; at < forecasts.length; at += CHUNK) {
          const chunk = forecasts.slice(at, at + CHUNK);
          const values = chunk.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}::TIMESTAMP, $${4 * i + 3}::DATE, $${4 * i + 4})`).join(', ');
          await connection.run(
            `INSERT OR REPLACE INTO forecasts (key, computed_at, history_end, body) VALUES ${values}`,
            chunk.flatMap((f) => [f.key, isoTimestamp(f.computedAt), f.historyEnd, f.body]),
          );
        }
      });
    },

    async recordFailedImport(record) {
      await writeLock.run(() => logImport(connection, { ...record, inserted: 0, updated: 0, unchanged: 0, status: 'failed' }));
    },

    async count(kind) {
      const [row] = await rows<{ n: number }>(`SELECT count(*) AS n FROM "${kind}"`);
      return Number(row?.n ?? 0);
    },

    async listRecords(kind, options = {}) {
      const entity = ENTITIES[kind];
      const columns = entity.fields.map((field) => {
        const name = `"${field.name}"`;
        if (field.type === 'timestamp') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${name}`;
        if (field.type === 'date') return `${name}::VARCHAR AS ${name}`;
        if (field.type === 'decimal') return `${name}::DOUBLE AS ${name}`;
        return name;
      });
      const limit = Math.max(0, Math.floor(options.limit ?? 1000));
      const offset = Math.max(0, Math.floor(options.offset ?? 0));
      const order = entity.key.map((key) => `"${key}" NULLS FIRST`).join(', ');
      return rows(`SELECT ${columns.join(', ')} FROM "${kind}" ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`);
    },

    async status(options = {}) {
      const entities: EntityStatus[] = [];
      for (const kind of ENTITY_KINDS) {
        const time = TIME_COLUMN[kind];
        // Stored times are UTC instants, answered as ISO with Z; weather's day is a day (YYYY-MM-DD).
        const text = (value: string) => (kind === 'weather' ? `${value}::VARCHAR` : `strftime(${value}, '%Y-%m-%dT%H:%M:%S.%gZ')`);
        const range = time ? `${text(`min("${time}")`)} AS "from", ${text(`max("${time}")`)} AS "to"` : 'NULL AS "from", NULL AS "to"';
        const [row] = await rows<{ n: number; from: string | null; to: string | null }>(`SELECT count(*) AS n, ${range} FROM "${kind}"`);
        entities.push({ kind, rows: Number(row?.n ?? 0), from: row?.from ?? null, to: row?.to ?? null });
      }
      const lastImports = (
        await rows(`SELECT * FROM imports ORDER BY finished_at DESC, id LIMIT ${Math.max(0, Math.floor(options.lastImports ?? 10))}`)
      ).map(toImportRecord);
      return { backend: 'duckdb', location, schemaVersion, entities, lastImports } satisfies StoreStatus;
    },

    async close() {
      closing = true;
      if (reading > 0) await new Promise<void>((done) => (readsDone = done));
      await writeLock.run(async () => {
        analyst?.close();
        for (const reader of readers) reader.closeSync();
        connection.closeSync();
        instance.closeSync();
      });
      await rm(scratch, { recursive: true, force: true });
    },
  };
  return store;
}
