/**
 * The store contract every backend implements (DuckDB embedded now, ClickHouse for scale-out). The
 * ingest path only ever stages canonical rows and commits them; how a backend stages, merges and
 * keeps a record exactly once lives behind this interface, in one place per backend.
 */
import type { EntityKind } from '../domain/entities.ts';
import type { CanonicalRow } from '../ingest/steps/normalise-batch.ts';
import type { CompiledSql } from '../analysis/metrics/compile-metric-query.ts';
import type { SqlDialect } from '../analysis/metrics/sql-dialect.ts';
import type { Cell, ResultTable } from '../analysis/result-table.ts';
import type { PersonaModel } from '../analysis/profiles/cluster-personas.ts';

/** What a commit did with the staged rows of one source. */
export interface MergeCounts {
  /** New records. */
  inserted: number;
  /** Records replaced by a newer state or a changed description. */
  updated: number;
  /** Rows that changed nothing: exact or older copies of what is stored (or staged before them). */
  unchanged: number;
}

/** One collection run as recorded in the store's import log. */
export interface ImportRecord {
  readonly id: string;
  readonly kind: EntityKind;
  /** Where the rows came from: `file`, `http`, `demo`… */
  readonly source: string;
  readonly files: readonly string[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly status: 'completed' | 'failed';
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectsFile?: string | undefined;
  readonly error?: string | undefined;
}

export interface CommitOptions {
  /**
   * Whether the run goes into the import log (default true). Streaming ingestion commits many small
   * batches a second and keeps its own counters instead.
   */
  readonly log?: boolean;
}

/** What a commit changed, told to commit listeners (the live feed) after it is durable. */
export interface CommitEvent {
  readonly kind: EntityKind;
  readonly source: string;
  readonly counts: MergeCounts;
  readonly at: Date;
  /** False for a stream's many small batches (not in the import log), true for an import. */
  readonly logged: boolean;
}

/** An API key as stored: only a hash of its secret is kept. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly scope: string;
  readonly secretHash: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** A forecast computed ahead and kept so the API serves it at once (see query/flow-forecast.ts). */
export interface StoredForecast {
  readonly key: string;
  readonly computedAt: Date;
  /** Last day of the history the forecast was made from (YYYY-MM-DD). */
  readonly historyEnd: string;
  /** The forecast document, JSON. */
  readonly body: string;
}

/**
 * Per-buyer purchase history handed to the prediction step, in weeks (the BG/NBD unit): repeat
 * purchase days x, weeks from the first to the last purchase day, weeks from the first purchase day to
 * the end of the as-of day, and the mean purchase amount.
 */
export interface PurchaseSummaries {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly meanSpend: Float64Array;
}

/** Predictions per buyer, aligned with the summaries, and the fitted model recorded with the run. */
export interface PurchasePredictions {
  readonly pAlive: Float64Array;
  readonly expected30: Float64Array;
  readonly expected90: Float64Array;
  readonly expectedSpend90: Float64Array;
  readonly model: unknown;
}

export interface ProfileRefreshRequest {
  /** Last day included, YYYY-MM-DD, in `timeZone`. */
  readonly asOf: string;
  readonly timeZone: string;
  /** Recompute only users with rows ingested after this time; all users when absent. */
  readonly changedSince?: Date | undefined;
  /**
   * Gives the buyers among the recomputed users the nearest persona of `model` (reading each model field
   * from the profile column `columns[field]`) in the same commit: an incremental run's changed buyers
   * take the personas in use. Without it a recomputed user keeps the persona they had.
   */
  readonly personas?: { readonly model: PersonaModel; readonly columns: Readonly<Record<string, string>> } | undefined;
}

export interface ProfileRun {
  readonly id: string;
  readonly kind: 'full' | 'incremental';
  readonly asOf: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly users: number;
  readonly model: unknown;
}

/** A saved segment: rules over profile fields (see analysis/profiles/segment-rules.ts). */
export interface SegmentRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  /** The rules as JSON. */
  readonly rules: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Rows staged for one atomic commit. Nothing is visible to readers until `commit`. */
export interface StagedWrite {
  readonly kind: EntityKind;
  /** Stages canonical rows that came from the source numbered `sourceIndex` (in staging order). */
  append(sourceIndex: number, rows: readonly CanonicalRow[]): Promise<void>;
  /**
   * Merges everything staged in one transaction, records `record` (its counts filled from the
   * merge) in the import log, and returns the counts per source index.
   */
  commit(
    record: Omit<ImportRecord, 'inserted' | 'updated' | 'unchanged' | 'status' | 'finishedAt'>,
    options?: CommitOptions,
  ): Promise<MergeCounts[]>;
  /** Drops what was staged. */
  discard(): Promise<void>;
}

export interface EntityStatus {
  readonly kind: EntityKind;
  readonly rows: number;
  /** Earliest and latest business time of the entity (created_at, occurred_at…) as ISO UTC instants with Z; weather's as days, YYYY-MM-DD. */
  readonly from: string | null;
  readonly to: string | null;
}

export interface StoreStatus {
  readonly backend: string;
  readonly location: string;
  readonly schemaVersion: number;
  readonly entities: readonly EntityStatus[];
  readonly lastImports: readonly ImportRecord[];
}

/** The metrics rollups a store keeps current, and the zone they cut days in. */
export interface RollupInfo {
  readonly timeZone: string;
  readonly names: readonly string[];
}

export interface AnalystLimits {
  /** Longest a query may run, in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Most rows returned; more set `truncated` (default 10 000). */
  readonly rowLimit?: number;
}

export type AnalystFailureCode = 'refused' | 'syntax' | 'timeout' | 'error';

export type AnalystResult =
  | { readonly ok: true; readonly table: ResultTable; readonly truncated: boolean; readonly elapsedMs: number }
  | { readonly ok: false; readonly code: AnalystFailureCode; readonly message: string };

export interface Store {
  readonly backend: string;
  /** The SQL dialect metrics queries are compiled to for this backend. */
  readonly dialect: SqlDialect;
  /** Runs compiled read-only SQL from the metrics layer, parameters bound; numbers come back as numbers. */
  runQuery(query: CompiledSql): Promise<Record<string, Cell>[]>;
  /** Rollups kept in step with every commit. */
  rollups(): RollupInfo;
  /**
   * Runs analyst SQL on a locked-down, read-only connection: one SELECT over the entity tables, the
   * venues view and the rollups; no file access, no ATTACH/INSTALL/COPY, configuration locked; with a
   * statement timeout and a row limit. Refusals are results, not exceptions.
   */
  analystSql(sql: string, limits?: AnalystLimits): Promise<AnalystResult>;
  /** Recomputes every rollup from the raw tables. */
  rebuildRollups(onProgress?: (name: string, done: number, total: number) => void): Promise<{ name: string; rows: number }[]>;
  /** Opens a staging area for rows of one entity. */
  stage(kind: EntityKind): Promise<StagedWrite>;
  /** Calls `listener` after every commit (in this process); returns a function that stops it. */
  onCommit(listener: (event: CommitEvent) => void): () => void;
  /** Stores a new API key (its secret hashed by the caller). */
  createApiKey(key: Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'>): Promise<void>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Revokes a key; false when no such key exists or it was revoked already. */
  revokeApiKey(id: string, at: Date): Promise<boolean>;
  /** Records when keys were last used (batched by the caller, so requests do not each write). */
  touchApiKeys(lastUsed: ReadonlyMap<string, Date>): Promise<void>;
  /**
   * Recomputes user profiles (all users, or those with new rows) in the store, asking `predict` for
   * the purchase predictions of the buyers among them; the profiles change atomically.
   */
  refreshProfiles(request: ProfileRefreshRequest, predict: (summaries: PurchaseSummaries) => PurchasePredictions): Promise<ProfileRun>;
  /** The latest profile runs, newest first. */
  profileRuns(limit?: number): Promise<ProfileRun[]>;
  /**
   * Buyers' profiles (users with a purchase): how many there are, and the listed profile columns of a
   * pseudo-random sample of at most `limit` of them (the same rows for the same data).
   */
  sampleBuyerProfiles(columns: readonly string[], limit: number): Promise<{ buyers: number; rows: Record<string, Cell>[] }>;
  /**
   * Sets every buyer's persona to the nearest of `model`, reading each model field from the profile
   * column `columns[field]`, and clears everyone else's; resolves with the number of buyers per persona id.
   */
  assignPersonas(model: PersonaModel, columns: Readonly<Record<string, string>>): Promise<number[]>;
  /** Replaces the model recorded with a profile run (personas are added after the run). */
  setProfileRunModel(id: string, model: unknown): Promise<void>;
  listSegments(): Promise<SegmentRecord[]>;
  /** Creates or replaces a segment by id. */
  saveSegment(segment: SegmentRecord): Promise<void>;
  /** Deletes a segment; false when there was none. */
  deleteSegment(id: string): Promise<boolean>;
  /** Stored forecasts with these keys (absent keys are left out). */
  readForecasts(keys: readonly string[]): Promise<Map<string, StoredForecast>>;
  /** Stores forecasts, replacing any with the same keys. */
  saveForecasts(forecasts: readonly StoredForecast[]): Promise<void>;
  /** Records a run that wrote nothing (refused input), so it still shows in the import log. */
  recordFailedImport(record: Omit<ImportRecord, 'status' | 'inserted' | 'updated' | 'unchanged'>): Promise<void>;
  status(options?: { lastImports?: number }): Promise<StoreStatus>;
  /** Number of stored records of an entity. */
  count(kind: EntityKind): Promise<number>;
  /**
   * Stored records of an entity in key order, canonical field names; timestamps as ISO UTC strings,
   * dates as `YYYY-MM-DD`, amounts as numbers.
   */
  listRecords(kind: EntityKind, options?: { limit?: number; offset?: number }): Promise<Record<string, string | number | boolean | null>[]>;
  close(): Promise<void>;
}

/** The embedded database file is held by another process (usually a running `flowsight serve`). */
/** The file at the store's path exists but is not a store (say, a CSV given as --db). */
export class NotAStoreError extends Error {
  constructor(
    readonly location: string,
    detail: string,
  ) {
    super(`${location} is not a Flowsight store (${detail})`);
    this.name = 'NotAStoreError';
  }
}

export class StoreLockedError extends Error {
  constructor(
    readonly location: string,
    detail: string,
  ) {
    super(`${location} is in use by another process (${detail})`);
    this.name = 'StoreLockedError';
  }
}
