/**
 * POST /api/v1/sql — the analyst SQL console: one read-only SELECT on the store's locked-down
 * connection, as JSON or a CSV/XLSX download. Needs the administrative token until roles exist.
 * Every answer says whether a limit cut it short: `truncated` and `truncatedBy` in JSON, and the
 * `X-Flowsight-Truncated` headers in every format (a download has no room for a flag).
 */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { hasBearerToken } from '../bearer-token.ts';
import { exportTable } from '../../report/export/export-table.ts';
import { DEFAULT_ROW_LIMIT, toAnalystAnswer } from '../../store/duckdb/analyst-sql.ts';

/** The console's limits through the API (the shared server holds one console connection). */
export const SQL_API_LIMITS = { maxTimeoutMs: 60_000, maxRows: 100_000, defaultRows: DEFAULT_ROW_LIMIT };

const FORMATS = ['json', 'csv', 'xlsx'] as const;

export function sqlRoutes(deps: AppDependencies): Hono {
  return new Hono().post('/sql', async (c) => {
    if (!hasBearerToken(c.req.header('authorization'), deps.adminToken))
      throw new ApiError(401, 'unauthorized', 'the SQL console needs the administrative bearer token');
    const body = (await c.req.json().catch(() => undefined)) as
      { sql?: unknown; format?: unknown; timeoutMs?: unknown; rowLimit?: unknown } | undefined;
    if (!body || typeof body.sql !== 'string' || body.sql.trim() === '')
      throw new ApiError(400, 'invalid_body', 'expected { "sql": "SELECT …" }', { field: 'sql' });
    const format = body.format === undefined ? 'json' : String(body.format);
    if (!(FORMATS as readonly string[]).includes(format))
      throw new ApiError(400, 'invalid_body', `format must be json, csv or xlsx; got "${format}"`, { field: 'format' });
    const number = (value: unknown, max: number, field: string) => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > max)
        throw new ApiError(400, 'invalid_body', `${field} must be a whole number 1–${max}`, { field, max });
      return n;
    };
    const timeoutMs = number(body.timeoutMs, SQL_API_LIMITS.maxTimeoutMs, 'timeoutMs');
    const rowLimit = number(body.rowLimit, SQL_API_LIMITS.maxRows, 'rowLimit') ?? SQL_API_LIMITS.defaultRows;
    const result = await deps.store.analystSql(body.sql, { timeoutMs, rowLimit });
    if (!result.ok) {
      const status = result.code === 'timeout' ? 408 : result.code === 'error' ? 422 : 400;
      throw new ApiError(status, `sql_${result.code}`, result.message);
    }
    const answer = toAnalystAnswer(result, rowLimit);
    const headers: Record<string, string> = {
      'x-flowsight-truncated': String(answer.truncated),
      ...(answer.truncatedBy ? { 'x-flowsight-truncated-by': answer.truncatedBy } : {}),
      'x-flowsight-row-limit': String(answer.rowLimit),
      'x-flowsight-byte-limit': String(answer.byteLimit),
    };
    if (format === 'json') return c.json(answer, 200, headers);
    const file = exportTable(result.table, format === 'csv' ? 'csv' : 'xlsx');
    return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
      ...headers,
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="flowsight-sql.${file.extension}"`,
    });
  });
}
