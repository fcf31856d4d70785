/**
 * /logs — system-log analysis: volume by level over time (daily from the report, hourly from the
 * metrics layer), the error rate, levels, types and sources, the most frequent error message
 * templates and the hours that spiked. Logs have no region: only the period filter applies.
 */
import { useMemo } from 'preact/hooks';
import { useApi, useMetrics, type QueryResult } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ReportDownloads, reportFileName } from '../components/report-downloads.tsx';
import { ChartCard } from '../charts/chart-card.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { ResourceView } from '../components/state-view.tsx';
import { fill } from '../i18n/locale.ts';
import {
  buildBreakdownChart,
  buildErrorRateChart,
  buildLevelMixChart,
  buildLevelVolumeChart,
  dailyLevelSeries,
  HOURLY_DAYS,
  hourlyLevelSeries,
  hourlyPeriod,
  logDownloadLinks,
  logReportParams,
  spikesTable,
  toLogKpiCards,
  topErrorsTable,
} from '../logs/log-report-view.ts';
import { logsText, type LogsText } from '../logs/logs-text.ts';
import type { LogReport } from '../orders/report-types.ts';
import { TableCard } from '../components/table-card.tsx';
import { updateParams, useLocation } from '../url-state.ts';
import '../orders/orders.css';

/** URL parameter of the volume chart's grain (day or hour). */
const GRAIN_PARAM = 'logs_grain';

type Grain = 'day' | 'hour';

function GrainPicker({ grain, t }: { grain: Grain; t: LogsText }) {
  return (
    <span class="segmented" role="group" aria-label={t.grain}>
      {(['day', 'hour'] as const).map((value) => (
        <button
          key={value}
          type="button"
          aria-pressed={grain === value}
          onClick={() => updateParams({ [GRAIN_PARAM]: value === 'day' ? undefined : value }, { replace: true })}
        >
          {t[value]}
        </button>
      ))}
    </span>
  );
}

function VolumeCard({ report, grain, t }: { report: LogReport; grain: Grain; t: LogsText }) {
  const { format, locale, filters } = useAppContext();
  const hours = hourlyPeriod(filters);
  const hourly = useMetrics(
    grain === 'hour' ? { metric: ['log_count'], by: ['hour', 'log_level'], from: hours.from, to: hours.to } : null,
    locale,
  );
  const daily = useMemo(() => buildLevelVolumeChart(dailyLevelSeries(report), format, locale, t), [report, format, locale, t]);
  const hourlyChart = useMemo(
    () => (hourly.data ? buildLevelVolumeChart(hourlyLevelSeries(hourly.data, hours), format, locale, t, report.spikes) : null),
    [hourly.data, hours.from, hours.to, format, locale, t, report.spikes],
  );
  const actions = <GrainPicker grain={grain} t={t} />;
  if (grain === 'day')
    return (
      <ChartCard title={t.volume} subtitle={t.volumeNote} actions={actions} exportName="logs-by-level-daily" {...daily} height={280} />
    );
  return (
    <ResourceView resource={hourly}>
      {() =>
        hourlyChart && (
          <ChartCard
            title={t.volume}
            subtitle={`${t.volumeNote} · ${fill(t.hourLimited, { days: HOURLY_DAYS })}`}
            actions={actions}
            exportName="logs-by-level-hourly"
            {...hourlyChart}
            height={280}
          />
        )
      }
    </ResourceView>
  );
}

function LogReportView({ report, grain, t }: { report: LogReport; grain: Grain; t: LogsText }) {
  const { format, locale, filters } = useAppContext();
  const levels = useMetrics({ metric: ['log_count'], by: ['log_level'], from: filters.from, to: filters.to }, locale);
  const parts = useMemo(
    () => ({
      kpis: toLogKpiCards(report, format, t),
      errorRate: buildErrorRateChart(report, format, t),
      types: buildBreakdownChart(report.byType, 'log_type', format, locale, t),
      sources: buildBreakdownChart(report.bySource, 'log_source', format, locale, t),
      templates: topErrorsTable(report, format, t),
      spikes: spikesTable(report.spikes, format, t),
    }),
    [report, format, locale, t],
  );
  return (
    <>
      <div class="report-kpis">
        {parts.kpis.map((kpi) => (
          <KpiCard key={kpi.id} {...kpi} formatChange={format.change} />
        ))}
      </div>
      <VolumeCard report={report} grain={grain} t={t} />
      <div class="grid grid-3">
        <ChartCard
          class="span-2"
          title={t.errorRate}
          subtitle={fill(t.errorRateNote, { average: format.percent(parts.errorRate.average, 2) })}
          exportName="logs-error-rate"
          option={parts.errorRate.option}
          table={parts.errorRate.table}
          height={240}
        />
        <ResourceView resource={levels} isEmpty={(data: QueryResult) => data.rows.length === 0}>
          {(data) => {
            const chart = buildLevelMixChart(data, format, locale, t);
            return <ChartCard title={t.levels} exportName="logs-levels" {...chart} height={240} />;
          }}
        </ResourceView>
      </div>
      <div class="grid grid-2">
        <ChartCard title={t.byType} subtitle={t.typeNote} exportName="logs-by-type" {...parts.types} height={240} />
        <ChartCard title={t.bySource} subtitle={t.typeNote} exportName="logs-by-source" {...parts.sources} height={240} />
      </div>
      <TableCard
        title={t.topErrors}
        subtitle={t.topErrorsNote}
        table={parts.templates}
        exportName="logs-top-errors"
        emptyMessage={t.noErrors}
      />
      <TableCard title={t.spikes} subtitle={t.spikesNote} table={parts.spikes} exportName="logs-spikes" emptyMessage={t.noSpikes} />
    </>
  );
}

export default function LogsPage() {
  const { locale, format, filters } = useAppContext();
  const { params } = useLocation();
  const t = logsText(locale);
  const grain: Grain = params.get(GRAIN_PARAM) === 'hour' ? 'hour' : 'day';
  const report = useApi<LogReport>('/reports/logs', logReportParams(filters, locale));
  const regional = Boolean(filters.province || filters.city || filters.venue || filters.channel || filters.segment);
  return (
    <div class="page logs-page">
      <div class="report-header">
        <div>
          <h1 class="page-title">{t.title}</h1>
          <p class="page-note">{fill(t.note, { from: format.date(filters.from), to: format.date(filters.to) })}</p>
        </div>
        <ReportDownloads links={logDownloadLinks(filters, locale)} t={t} fileName={reportFileName('logs', filters)} />
      </div>
      <p class={regional ? 'notice notice-strong' : 'notice'} role="note">
        {t.noRegion}
      </p>
      <ResourceView resource={report}>{(loaded) => <LogReportView report={loaded} grain={grain} t={t} />}</ResourceView>
    </div>
  );
}
