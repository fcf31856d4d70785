/** Renders any report document in the asked format: JSON as is, HTML (self-contained) or Markdown. */
import type { LogReport, OrderReport } from '../../analysis/reports/report-model.ts';
import { renderLogReportHtml } from './render-log-report-html.ts';
import { renderLogReportMarkdown } from './render-log-report-md.ts';
import { renderOrderReportHtml } from './render-order-report-html.ts';
import { renderOrderReportMarkdown } from './render-order-report-md.ts';

export const REPORT_FORMATS = ['html', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report as text with its content type. */
export function renderReport(
  report: OrderReport | LogReport,
  format: ReportFormat,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): { body: string; contentType: string } {
  if (format === 'json') return { body: `${JSON.stringify(report, null, 2)}\n`, contentType: 'application/json; charset=utf-8' };
  if (format === 'html') {
    const body = report.kind === 'orders' ? renderOrderReportHtml(report, { locale }) : renderLogReportHtml(report, { locale });
    return { body, contentType: 'text/html; charset=utf-8' };
  }
  const body = report.kind === 'orders' ? renderOrderReportMarkdown(report, { locale }) : renderLogReportMarkdown(report, { locale });
  return { body: body.endsWith('\n') ? body : `${body}\n`, contentType: 'text/markdown; charset=utf-8' };
}
