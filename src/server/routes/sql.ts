/**
 * POST /api/v1/sql — the analyst SQL console: one read-only SELECT on the store's locked-down
 * connection, as JSON or a CSV/XLSX download. Needs the administrative token until roles exist.
 */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { hasBearerToken } from '../bearer-token.ts';
import { exportTable } from '../../report/export/export-table.ts';

const LIMITS = { maxTimeoutMs: 60_000, maxRows: 100_000 };

export function sqlRoutes(deps: AppDependencies): Hono {
  return new Hono().post('/sql', async (c) => {
    if (!hasBearerToken(c.req.header('authorization'), deps.adminToken))
      throw new ApiError(401, 'unauthorized', 'the SQL console needs the administrative bearer token');
    const body = (await c.req.json().catch(() => undefined)) as
      { sql?: unknown; format?: unknown; timeoutMs?: unknown; rowLimit?: unknown } | undefined;
    if (!body || typeof body.sql !== 'string' || body.sql.trim() === '')
      throw new ApiError(400, 'invalid_body', 'expected { "sql": "SELECT …" }');
    const format = body.format === undefined ? 'json' : String(body.format);
    if (format !== 'json' && format !== 'csv' && format !== 'xlsx')
      throw new ApiError(400, 'invalid_body', `format must be json, csv or xlsx; got "${format}"`);
    const number = (value: unknown, max: number, name: string) => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > max) throw new ApiError(400, 'invalid_body', `${name} must be a whole number 1–${max}`);
      return n;
    };
    const result = await deps.store.analystSql(body.sql, {
      timeoutMs: number(body.timeoutMs, LIMITS.maxTimeoutMs, 'timeoutMs'),
      rowLimit: number(body.rowLimit, LIMITS.maxRows, 'rowLimit'),
    });
    if (!result.ok) {
      const status = result.code === 'timeout' ? 408 : result.code === 'error' ? 422 : 400;
      throw new ApiError(status, `sql_${result.code}`, result.message);
    }
    if (format === 'json') return c.json(result);
    const file = exportTable(result.table, format);
    return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="flowsight-sql.${file.extension}"`,
    });
  });
}
