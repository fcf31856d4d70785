/**
 * GET|POST /api/v1/query — the metrics layer over HTTP: the same query as `flowsight query`, answered
 * as JSON `{ rows, columns, … }` or, with `format=csv|xlsx|md`, as a download; `timeZone` cuts days
 * in another zone than the server's, as `flowsight query --time-zone` does. At most MAX_ANSWER_ROWS rows.
 * GET /api/v1/metrics — the catalog of metrics and dimensions with their definitions.
 */
import { Hono, type Context } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { MAX_ANSWER_ROWS, parseMetricQuery, type MetricQueryInput } from '../../analysis/metrics/metric-query.ts';
import { isValidTimeZone } from '../../domain/values/parse-timestamp.ts';
import { METRICS } from '../../analysis/metrics/metrics.ts';
import { DIMENSIONS } from '../../analysis/metrics/dimensions.ts';
import { queryMetrics } from '../../query/query-metrics.ts';
import { exportTable, isExportFormat } from '../../report/export/export-table.ts';

type QueryRequest = MetricQueryInput & { format?: unknown; raw?: unknown; locale?: unknown; timeZone?: unknown };

/** The zone a request cuts days and hours in: `timeZone` when given (an IANA zone), else the server's. */
function zoneOf(deps: AppDependencies, value: unknown): string {
  if (value === undefined || value === null || value === '') return deps.timeZone;
  const zone = String(value);
  if (!isValidTimeZone(zone))
    throw new ApiError(400, 'invalid_parameter', `timeZone must be an IANA zone such as Asia/Shanghai, got "${zone}"`, {
      field: 'timeZone',
    });
  return zone;
}

/** Runs a parsed request, turning a query the metrics layer refuses into a 400 naming the field. */
async function answer(c: Context, deps: AppDependencies, input: QueryRequest) {
  const format = input.format === undefined || input.format === '' ? 'json' : String(input.format);
  if (format !== 'json' && !isExportFormat(format))
    throw new ApiError(400, 'invalid_parameter', `format must be json, csv, xlsx or md; got "${format}"`, { field: 'format' });
  const locale = input.locale === 'en' ? 'en' : 'zh-CN';
  // A QueryError becomes a 400 naming the field at fault, in the app's one error handler.
  const result = await queryMetrics(deps.store, parseMetricQuery(input), deps.scopeOf?.(c) ?? {}, {
    timeZone: zoneOf(deps, input.timeZone),
    rawOnly: input.raw === true || input.raw === 'true',
    locale,
    maxRows: MAX_ANSWER_ROWS,
  });
  if (format === 'json') return c.json(result);
  const file = exportTable(result, format, { header: 'name' });
  const stamp = `${result.period.from ?? 'all'}_${result.period.to ?? 'all'}`;
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="flowsight-query-${stamp}.${file.extension}"`,
  });
}

export function queryRoutes(deps: AppDependencies): Hono {
  return new Hono()
    .get('/query', (c) => {
      const all = c.req.queries();
      const one = (name: string) => c.req.query(name);
      return answer(c, deps, {
        metric: all.metric ?? all.metrics,
        by: all.by,
        from: one('from'),
        to: one('to'),
        where: all.where,
        compare: one('compare'),
        order: all.order,
        limit: one('limit'),
        format: one('format'),
        raw: one('raw'),
        locale: one('locale'),
        timeZone: one('timeZone'),
      });
    })
    .post('/query', async (c) => {
      const body = await c.req.json().catch(() => {
        throw new ApiError(400, 'invalid_body', 'expected a JSON object');
      });
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new ApiError(400, 'invalid_body', 'expected a JSON object');
      return answer(c, deps, body as QueryRequest);
    })
    .get('/metrics', (c) =>
      c.json({
        metrics: Object.values(METRICS).map(({ name, zh, en, unit, description }) => ({ name, zh, en, unit, description })),
        dimensions: Object.values(DIMENSIONS),
        timeZone: deps.timeZone,
      }),
    );
}
