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

export function ReportDownloads({ links, t, note }: { links: ReportLinks; t: ReportDownloadWords; note?: string | undefined }) {
  return (
    <div class="report-tools" aria-label={t.downloads}>
      <span class="tools-label" title={note}>
        {t.downloads}
      </span>
      <a class="link-chip" href={links.html} target="_blank" rel="noopener">
        {t.reportHtml}
      </a>
      <a class="link-chip" href={links.md} download>
        {t.reportMd}
      </a>
      <a class="link-chip" href={links.csv} download>
        {t.metricsCsv}
      </a>
      <a class="link-chip" href={links.xlsx} download>
        {t.metricsXlsx}
      </a>
    </div>
  );
}
