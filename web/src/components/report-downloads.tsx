/** A report page's downloads: the report as HTML (opened) and Markdown, its numbers as CSV and XLSX. */

export interface ReportLinks {
  readonly html: string;
  readonly md: string;
  readonly csv: string;
  readonly xlsx: string;
}

export interface ReportDownloadWords {
  readonly downloads: string;
  readonly reportHtml: string;
  readonly reportMd: string;
  readonly metricsCsv: string;
  readonly metricsXlsx: string;
}

/** The files' name without extension: what the report is and its period (`orders-report-2026-01-01-2026-01-31`). */
export function reportFileName(report: string, period: { readonly from: string; readonly to: string }): string {
  return `${report}-report-${period.from}-${period.to}`;
}

export function ReportDownloads({
  links,
  t,
  note,
  fileName,
}: {
  links: ReportLinks;
  t: ReportDownloadWords;
  note?: string | undefined;
  /** The downloads' name without extension (a bare `download` attribute would name them "true"). */
  fileName: string;
}) {
  return (
    <div class="report-tools" aria-label={t.downloads}>
      <span class="tools-label" title={note}>
        {t.downloads}
      </span>
      <a class="link-chip" href={links.html} target="_blank" rel="noopener">
        {t.reportHtml}
      </a>
      <a class="link-chip" href={links.md} download={`${fileName}.md`}>
        {t.reportMd}
      </a>
      <a class="link-chip" href={links.csv} download={`${fileName}.csv`}>
        {t.metricsCsv}
      </a>
      <a class="link-chip" href={links.xlsx} download={`${fileName}.xlsx`}>
        {t.metricsXlsx}
      </a>
    </div>
  );
}
