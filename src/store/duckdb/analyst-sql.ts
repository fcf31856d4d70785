/**
 * The analysts' SQL console: read-only SQL over an allow-list of tables, on its own connection of an
 * instance locked down by instance-lockdown.ts.
 *
 * Two walls:
 *   1. A gate, decided by DuckDB's own parser before anything is bound or run: exactly one
 *      statement, a SELECT (checked on the serialized AST from `json_serialize_sql`, and again on the
 *      prepared statement's type), whose every table reference is an allowed table or a CTE in
 *      scope, whose table functions are on a short allow-list, and which calls no function that
 *      reads files, runs SQL, reveals server state or was defined by a user (a macro, which could
 *      read any table, may even shadow a built-in such as `upper`).
 *   2. The instance itself: external access off and configuration locked, so SQL that slipped past
 *      the gate could touch no file outside the store's scratch directory nor change a setting; and
 *      the query runs in a READ ONLY transaction, so it could not write to the database either.
 * Each query runs under a timeout (the connection is interrupted), a row limit and a byte limit
 * (results are streamed, and reading stops at the first row past either limit: `truncated`).
 */
import type { AnalystFailureCode, AnalystLimits, AnalystResult } from '../store.ts';
export type { AnalystFailureCode, AnalystLimits, AnalystResult };
import {
  DuckDBTypeId,
  StatementType,
  type DuckDBConnection,
  type DuckDBInstance,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import type { Cell, ResultColumn, ResultTable } from '../../analysis/result-table.ts';
import { createMutex } from '../../util/mutex.ts';
import { readLockState } from './instance-lockdown.ts';
import { toCell } from './to-cell.ts';

export interface AnalystSqlOptions extends AnalystLimits {
  /** Tables and views analysts may read; every other table is refused. */
  readonly allowedTables: readonly string[];
  /** Most bytes of a result, about its size as JSON (default MAX_RESULT_BYTES). */
  readonly maxResultBytes?: number;
}

export interface AnalystSql {
  /** Runs one SELECT; refusals, syntax errors, timeouts and query errors are results, not exceptions. */
  run(sql: string, overrides?: AnalystLimits): Promise<AnalystResult>;
  /** Stops a query in flight and closes the console's connection. */
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_ROW_LIMIT = 10_000;
/**
 * Most bytes a result may hold (64 MiB, about its size as JSON): a result any larger would take
 * gigabytes to convert, and a JSON answer or a printout of it may not fit in one JavaScript string.
 */
export const MAX_RESULT_BYTES = 64 * 1024 * 1024;

/** A complete or truncated result, with the limit that cut it short and the limits it ran under. */
export interface AnalystAnswer {
  readonly ok: true;
  readonly table: ResultTable;
  readonly truncated: boolean;
  /** Which limit cut the result short; null when it is complete. */
  readonly truncatedBy: 'rowLimit' | 'byteLimit' | null;
  readonly rowLimit: number;
  readonly byteLimit: number;
  readonly elapsedMs: number;
}

/**
 * The answer the console gives for `result`, run with `rowLimit` (the same in the API and the CLI).
 * Reading checks the row limit before it converts a row and the byte limit after, so a result the
 * byte limit cut holds fewer rows than the row limit.
 */
export function toAnalystAnswer(
  result: Extract<AnalystResult, { ok: true }>,
  rowLimit: number,
  byteLimit = MAX_RESULT_BYTES,
): AnalystAnswer {
  const truncatedBy = !result.truncated ? null : result.table.rows.length < rowLimit ? 'byteLimit' : 'rowLimit';
  return { ok: true, table: result.table, truncated: result.truncated, truncatedBy, rowLimit, byteLimit, elapsedMs: result.elapsedMs };
}

/** Table functions that only compute over their arguments. */
export const ALLOWED_TABLE_FUNCTIONS: readonly string[] = ['range', 'generate_series', 'unnest', 'json_each', 'json_tree'];

const FILES = 'it reads files';
const RUNS_SQL = 'it runs SQL text';
const STATE = 'it reveals server state';
const CHANGES = 'it changes server state';

/** Built-in functions refused by name, with why. */
const DENIED_FUNCTIONS = new Map<string, string>([
  ['glob', FILES],
  ['sniff_csv', FILES],
  ['query', RUNS_SQL],
  ['query_table', RUNS_SQL],
  ['sql_auto_complete', STATE],
  ['current_setting', STATE],
  ['getenv', STATE],
  ['getvariable', STATE],
  ['which_secret', STATE],
  ['get_block_size', STATE],
  ['nextval', CHANGES],
  ['currval', STATE],
  ['setval', CHANGES],
  ['write_log', CHANGES],
  ['checkpoint', CHANGES],
  ['force_checkpoint', CHANGES],
  ['truncate_duckdb_logs', CHANGES],
]);

/** Families of built-in functions refused by prefix (read_csv_auto, parquet_metadata, duckdb_settings…). */
const DENIED_PREFIXES: readonly (readonly [string, string])[] = [
  ['read_', FILES],
  ['parquet_', FILES],
  ['json_execute_', RUNS_SQL],
  ['duckdb_', STATE],
  ['pragma_', STATE],
  ['pg_get_', STATE],
  ['enable_', CHANGES],
  ['disable_', CHANGES],
];

/** Creates the console on `instance` (which must have been locked down with `lockDownInstance`). */
export function createAnalystSql(instance: DuckDBInstance, options: AnalystSqlOptions): AnalystSql {
  const allowedTables = new Set(options.allowedTables.map((name) => name.toLowerCase()));
  const mutex = createMutex();
  let session: Promise<Session> | undefined;
  let connection: DuckDBConnection | undefined;
  let inFlight = false;
  let closed = false;

  const open = async (): Promise<Session> => {
    connection = await instance.connect();
    const state = await readLockState(connection);
    if (state.externalAccess || !state.locked) {
      throw new Error('the SQL console needs a locked-down instance: call lockDownInstance() right after DuckDBInstance.create');
    }
    const [row] = (await connection.runAndReadAll('SELECT current_database() AS name')).getRowObjects();
    return { connection, databaseName: String(row?.name ?? '').toLowerCase() };
  };

  return {
    run(sql, overrides = {}) {
      return mutex.run(async (): Promise<AnalystResult> => {
        if (closed) return failure('error', 'the SQL console is closed');
        const started = performance.now();
        let current: Session;
        try {
          session ??= open();
          current = await session;
        } catch (error) {
          return failure('error', messageOf(error));
        }
        const limits = {
          timeoutMs: positive(overrides.timeoutMs ?? options.timeoutMs, DEFAULT_TIMEOUT_MS),
          rowLimit: Math.floor(positive(overrides.rowLimit ?? options.rowLimit, DEFAULT_ROW_LIMIT)),
          maxBytes: positive(options.maxResultBytes, MAX_RESULT_BYTES),
        };
        inFlight = true;
        try {
          return await runGuarded(current, sql, { allowedTables, limits, started, isClosed: () => closed });
        } catch (error) {
          return failure('error', messageOf(error));
        } finally {
          inFlight = false;
        }
      });
    },
    close() {
      if (closed) return;
      closed = true;
      if (inFlight) connection?.interrupt();
      // Disconnect once the query in flight (if any) has let go of the connection.
      void mutex.run(async () => {
        const opened = await session?.catch(() => undefined);
        opened?.connection.closeSync();
      });
    },
  };
}

interface Session {
  readonly connection: DuckDBConnection;
  /** The store's catalog name: `orders` may be written `<db>.main.orders`. */
  readonly databaseName: string;
}

interface RunContext {
  readonly allowedTables: ReadonlySet<string>;
  readonly limits: { readonly timeoutMs: number; readonly rowLimit: number; readonly maxBytes: number };
  readonly started: number;
  readonly isClosed: () => boolean;
}

async function runGuarded(session: Session, sql: string, context: RunContext): Promise<AnalystResult> {
  const { connection } = session;
  const gate = await checkStatement(session, sql, context.allowedTables);
  if (gate) return gate;
  let extracted: Awaited<ReturnType<DuckDBConnection['extractStatements']>>;
  try {
    // Only now: extraction expands PRAGMA statements, and IMPORT DATABASE reads files while doing so.
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    return classifyError(error);
  }
  if (extracted.count !== 1) return refused(`${SINGLE_SELECT} (got ${extracted.count} statements)`);

  const { timeoutMs, rowLimit, maxBytes } = context.limits;
  let running = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    if (!running) return;
    timedOut = true;
    connection.interrupt();
  }, timeoutMs);
  let prepared: DuckDBPreparedStatement | undefined;
  try {
    // A READ ONLY transaction: should anything that writes get past the gate, DuckDB refuses it.
    await connection.run('BEGIN TRANSACTION READ ONLY');
    running = true;
    prepared = await extracted.prepare(0);
    if (prepared.statementType !== StatementType.SELECT) {
      return refused(`only SELECT statements are allowed (got ${StatementType[prepared.statementType] ?? 'another statement'})`);
    }
    const result = await prepared.stream();
    const names = result.deduplicatedColumnNames();
    const columns: ResultColumn[] = names.map((name, index) => ({ name, type: toColumnType(result.columnTypeId(index)) }));
    const rows: Record<string, Cell>[] = [];
    const nameBytes = names.map((name) => Buffer.byteLength(name) + 4);
    let bytes = 2;
    let truncated = false;
    read: for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      // The timer may fire while JavaScript converts a chunk, when there is nothing to interrupt.
      if (timedOut) return timeoutFailure(timeoutMs);
      for (const values of chunk.getRows()) {
        if (rows.length === rowLimit) {
          truncated = true;
          break read;
        }
        const row: Record<string, Cell> = {};
        let rowBytes = 3;
        values.forEach((value, index) => {
          const cell = toCell(value);
          row[names[index]!] = cell;
          rowBytes += nameBytes[index]! + cellBytes(cell);
        });
        bytes += rowBytes;
        if (bytes > maxBytes) {
          truncated = true;
          break read;
        }
        rows.push(row);
      }
    }
    running = false;
    return { ok: true, table: { columns, rows }, truncated, elapsedMs: Math.round(performance.now() - context.started) };
  } catch (error) {
    if (context.isClosed()) return failure('error', 'the SQL console was closed while the query ran');
    if (timedOut) return timeoutFailure(timeoutMs);
    return classifyError(error);
  } finally {
    running = false;
    clearTimeout(timer);
    prepared?.destroySync();
    // Also ends a streaming result that was not read to the end.
    await connection.run('ROLLBACK').catch(() => undefined);
  }
}

/** The gate: a refusal (or syntax error) for `sql`, or undefined when it may run. */
async function checkStatement(session: Session, sql: string, allowedTables: ReadonlySet<string>): Promise<AnalystResult | undefined> {
  const { connection } = session;
  // The parser alone (no binding, no PRAGMA expansion, no file access); the text is a bound value.
  const serialized = await connection.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR) AS ast', [sql]);
  const ast = JSON.parse(String(serialized.getRowObjects()[0]?.ast)) as Ast;
  if (!isObject(ast)) return failure('error', 'DuckDB returned no syntax tree for the query');
  if (ast.error === true) {
    if (ast.error_type === 'parser') return failure('syntax', `syntax error: ${String(ast.error_message)}`);
    // json_serialize_sql serializes SELECT statements only: some statement in the text is not one.
    const keyword = leadingKeyword(sql);
    if (keyword && !QUERY_KEYWORDS.has(keyword)) return refused(`only SELECT statements are allowed (got ${keyword})`);
    return refused(`${SINGLE_SELECT} (the text holds a statement that is not a SELECT)`);
  }
  const statements = Array.isArray(ast.statements) ? ast.statements : [];
  const statement = statements[0];
  if (statements.length === 0 || !isObject(statement)) return refused('the query is empty');
  if (statements.length > 1) return refused(`${SINGLE_SELECT} (got ${statements.length} statements)`);
  const userFunctions = new Set(
    (await connection.runAndReadAll('SELECT DISTINCT lower(function_name) AS name FROM duckdb_functions() WHERE NOT internal'))
      .getRowObjects()
      .map((row) => String(row.name)),
  );
  const reason = findRefusal(statement.node ?? null, new Set(), { allowedTables, userFunctions, databaseName: session.databaseName });
  return reason === undefined ? undefined : refused(reason);
}

/** A parsed statement as `json_serialize_sql` gives it. */
type Ast = null | boolean | number | string | readonly Ast[] | { readonly [key: string]: Ast };
type AstObject = { readonly [key: string]: Ast };

interface GateContext {
  readonly allowedTables: ReadonlySet<string>;
  /** Functions and macros created in the database (a macro's body could read any table). */
  readonly userFunctions: ReadonlySet<string>;
  readonly databaseName: string;
}

const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);
const PLAIN_TABLE_REFS = new Set(['JOIN', 'SUBQUERY', 'EXPRESSION_LIST', 'EMPTY', 'PIVOT']);

function isObject(node: Ast | undefined): node is AstObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

function text(node: Ast | undefined): string {
  return typeof node === 'string' ? node : '';
}

/**
 * Walks the whole tree: query nodes (bringing their CTE names into scope), table references and
 * function calls are checked; everything else is only descended into. `scope` holds the CTE names
 * visible at this point, lower-cased.
 */
function findRefusal(node: Ast | undefined, scope: ReadonlySet<string>, context: GateContext): string | undefined {
  if (Array.isArray(node)) return findRefusalIn(node, scope, context);
  if (!isObject(node)) return undefined;
  if (isObject(node.cte_map)) return refuseQueryNode(node, scope, context);
  if (typeof node.class === 'string') {
    if (typeof node.function_name === 'string') {
      const reason = refuseFunction(node.function_name, context);
      if (reason) return reason;
    }
    return findRefusalIn(Object.values(node), scope, context);
  }
  // Table references carry `sample`; query nodes (which do too) were handled above.
  if ('sample' in node && typeof node.type === 'string') return refuseTableRef(node, scope, context);
  return findRefusalIn(Object.values(node), scope, context);
}

function findRefusalIn(nodes: readonly (Ast | undefined)[], scope: ReadonlySet<string>, context: GateContext): string | undefined {
  for (const child of nodes) {
    const reason = findRefusal(child, scope, context);
    if (reason) return reason;
  }
  return undefined;
}

function refuseQueryNode(node: AstObject, scope: ReadonlySet<string>, context: GateContext): string | undefined {
  if (!QUERY_NODES.has(text(node.type))) return `unsupported query form (${text(node.type) || 'unknown'})`;
  const cteMap = node.cte_map as AstObject;
  const entries = Array.isArray(cteMap.map) ? cteMap.map : [];
  // A CTE sees the CTEs defined before it, not itself (that name means the table) nor later ones.
  let visible = new Set(scope);
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const reason = findRefusal(entry.value, visible, context);
    if (reason) return reason;
    visible = new Set(visible).add(text(entry.key).toLowerCase());
  }
  const rest = Object.entries(node).filter(([key]) => key !== 'cte_map');
  if (node.type === 'RECURSIVE_CTE_NODE') {
    // The recursive part of a recursive CTE reads the CTE itself.
    const self = new Set(visible).add(text(node.cte_name).toLowerCase());
    return (
      findRefusal(node.right, self, context) ??
      findRefusalIn(
        rest.filter(([key]) => key !== 'right').map(([, value]) => value),
        visible,
        context,
      )
    );
  }
  return findRefusalIn(
    rest.map(([, value]) => value),
    visible,
    context,
  );
}

function refuseTableRef(node: AstObject, scope: ReadonlySet<string>, context: GateContext): string | undefined {
  switch (node.type) {
    case 'BASE_TABLE':
      return refuseTable(node, scope, context) ?? findRefusal(node.at_clause, scope, context);
    case 'TABLE_FUNCTION': {
      const call = isObject(node.function) ? node.function : {};
      const name = text(call.function_name).toLowerCase();
      if (!ALLOWED_TABLE_FUNCTIONS.includes(name)) {
        const why = deniedBecause(name);
        return why
          ? `table function ${name}() is not allowed (${why})`
          : `table function ${name}() is not allowed (allowed: ${ALLOWED_TABLE_FUNCTIONS.join(', ')})`;
      }
      return findRefusal(call, scope, context);
    }
    case 'SHOW_REF':
      // DESCRIBE/SUMMARIZE of a query or table carry the query; SHOW TABLES and friends list the catalog.
      if (!isObject(node.query)) return 'listing the catalog is not allowed (SHOW TABLES, DESCRIBE without a table)';
      return findRefusal(node.query, scope, context);
    default:
      if (PLAIN_TABLE_REFS.has(text(node.type))) return findRefusalIn(Object.values(node), scope, context);
      return `unsupported table reference (${text(node.type)})`;
  }
}

function refuseTable(node: AstObject, scope: ReadonlySet<string>, context: GateContext): string | undefined {
  const table = text(node.table_name).toLowerCase();
  const schema = text(node.schema_name).toLowerCase();
  const catalog = text(node.catalog_name).toLowerCase();
  if (!schema && !catalog && scope.has(table)) return undefined;
  const inStore = (schema === '' || schema === 'main') && (catalog === '' || catalog === context.databaseName);
  if (inStore && context.allowedTables.has(table)) return undefined;
  const written = [node.catalog_name, node.schema_name, node.table_name].map(text).filter(Boolean).join('.');
  // DuckDB reads `FROM 'file.csv'` as a file (a replacement scan).
  if (/[/\\:.]/.test(text(node.table_name))) return `reading files is not allowed (FROM '${written}')`;
  const available = [...context.allowedTables].sort().join(', ');
  return `table ${written} is not available in the SQL console (available: ${available || 'none'})`;
}

function refuseFunction(functionName: string, context: GateContext): string | undefined {
  const name = functionName.toLowerCase();
  const why = deniedBecause(name);
  if (why) return `function ${name}() is not allowed (${why})`;
  if (context.userFunctions.has(name))
    return `function ${name}() is not allowed (user-defined functions and macros are not available in the SQL console)`;
  return undefined;
}

function deniedBecause(name: string): string | undefined {
  return DENIED_FUNCTIONS.get(name) ?? DENIED_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
}

const SINGLE_SELECT = 'only one statement per query is allowed, a SELECT';

/** Words a query may start with: a refusal then cannot name the statement that is not a SELECT. */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE']);

/** The text's leading keyword, for messages only (the decision is DuckDB's parser's). */
function leadingKeyword(sql: string): string | undefined {
  return /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();
}

function refused(reason: string): AnalystResult {
  return failure('refused', `refused: ${reason}`);
}

function timeoutFailure(timeoutMs: number): AnalystResult {
  return failure('timeout', `timeout: the query ran longer than the ${timeoutMs} ms limit and was stopped`);
}

function failure(code: AnalystFailureCode, message: string): AnalystResult {
  return { ok: false, code, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function classifyError(error: unknown): AnalystResult {
  const message = messageOf(error).replace(/^Failed to extract statements: /, '');
  if (/^Parser Error/.test(message)) return failure('syntax', message);
  // The instance's own wall: whatever reached it was refused by DuckDB.
  if (/^Permission Error|configuration has been locked|launched in read-only mode/.test(message)) return refused(message);
  return failure('error', message);
}

/** A cell's bytes in a JSON answer (quotes and escapes aside). */
function cellBytes(cell: Cell): number {
  if (typeof cell === 'string') return Buffer.byteLength(cell) + 2;
  return cell === null ? 4 : String(cell).length;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** How a column's cells are to be read. */
function toColumnType(typeId: DuckDBTypeId): ResultColumn['type'] {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'number';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    default:
      return 'string';
  }
}
