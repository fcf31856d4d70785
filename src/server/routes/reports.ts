/** GET /api/v1/reports/:kind — the order or system-log report for a period (days in the server's zone or `timeZone`), as HTML, Markdown or JSON. */
import { Hono } from 'hono';
import type { AppDependencies } from '../app.ts';
import { ApiError } from '../api-error.ts';
import { QueryError } from '../../analysis/metrics/metric-query.ts';
import { buildLogReport, buildOrderReport } from '../../query/build-reports.ts';
import { parseReportRequest } from '../../query/report-request.ts';
import { renderReport } from '../../report/render/render-report.ts';

export function reportRoutes(deps: AppDependencies): Hono {
  return new Hono().get('/reports/:kind', async (c) => {
    let request;
    try {
      request = parseReportRequest(
        {
          kind: c.req.param('kind'),
          from: c.req.query('from'),
          to: c.req.query('to'),
          where: c.req.queries('where'),
          format: c.req.query('format'),
          locale: c.req.query('locale'),
          timeZone: c.req.query('timeZone'),
        },
        deps.timeZone,
      );
    } catch (error) {
      if (error instanceof QueryError)
        throw new ApiError(error.field === 'kind' ? 404 : 400, error.field === 'kind' ? 'not_found' : 'invalid_query', error.message, {
          field: error.field,
        });
      throw error;
    }
    const build = request.kind === 'orders' ? buildOrderReport : buildLogReport;
    const report = await build(
      deps.store,
      { period: request.period, where: request.where, scope: deps.scopeOf?.(c) ?? {}, locale: request.locale },
      { timeZone: request.timeZone, locale: request.locale },
    );
    const { body, contentType } = renderReport(report, request.format, request.locale);
    return c.body(body, 200, { 'content-type': contentType });
  });
}
