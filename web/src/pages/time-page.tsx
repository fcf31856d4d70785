/**
 * 时间维度视图: one metric over the filter period at hour, day, week or month grain, against the
 * previous period (环比) and last year (同比), with the forecast and holidays at day grain; the
 * weekday × hour heatmap; peak hours on workdays, weekends and holidays; the period's totals.
 * Metric and grain sit in the URL (`metric`, `grain`).
 */
import { useMemo } from 'preact/hooks';
import { useApi, useMetrics, type Resource } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { describeError } from '../components/error-text.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { DataTable } from '../components/data-table.tsx';
import { KpiCard } from '../components/kpi-card.tsx';
import { Empty, ResourceView } from '../components/state-view.tsx';
import { addDays, toWhere } from '../filters/filters.ts';
import type { CalendarDay, FlowForecast } from '../flow-types.ts';
import { fill } from '../i18n/locale.ts';
import { forecastTarget } from '../overview/forecast-target.ts';
import {
  formatterFor,
  isAverage,
  isVolume,
  metricLabel,
  timeViewMetrics,
  type MetricInfo,
  type MetricsCatalogue,
} from '../time/metric-info.ts';
import { buildPeakChart, formatWindows, hourlyProfiles, summarisePeaks, type PeakSummary } from '../time/peak-periods.ts';
import { timeText } from '../time/time-text.ts';
import { bucketsOf, buildTrendChart, GRAINS, type Grain } from '../time/trend-chart.ts';
import { buildWeekdayHourHeatmap, hourLabel } from '../time/weekday-hour-heatmap.ts';
import { updateParams, useLocation } from '../url-state.ts';
import '../time/time.css';

const FORECAST_METRICS = ['visitors', 'orders', 'revenue'];
const SUMMARY_METRICS = ['visitors', 'orders', 'revenue', 'conversion_rate'];
const FORECAST_HORIZON = 14;
const DEFAULT_METRIC = 'visitors';

function Pickers({ metrics, metric, grain }: { metrics: readonly MetricInfo[]; metric: string; grain: Grain }) {
  const { locale } = useAppContext();
  const t = timeText(locale);
  return (
    <div class="time-pickers">
      <label class="filter">
        <span>{t.metric}</span>
        <select name="metric" value={metric} onChange={(e) => updateParams({ metric: (e.target as HTMLSelectElement).value })}>
          {metrics.map((m) => (
            <option key={m.name} value={m.name} title={m.description}>
              {metricLabel(m, locale)}
            </option>
          ))}
        </select>
      </label>
      <div class="filter" role="group" aria-label={t.grain}>
        <span>{t.grain}</span>
        {GRAINS.map((g) => (
          <button
            key={g}
            type="button"
            class="chip"
            name="grain"
            value={g}
            aria-pressed={g === grain}
            onClick={() => updateParams({ grain: g })}
          >
            {t[g]}
          </button>
        ))}
      </div>
    </div>
  );
}

function Summary({ metrics, catalogue }: { metrics: readonly string[]; catalogue: readonly MetricInfo[] }) {
  const { locale, format, filters } = useAppContext();
  const t = timeText(locale);
  const request = { metric: metrics, from: filters.from, to: filters.to, where: toWhere(filters) };
  const previous = useMetrics({ ...request, compare: 'previous' }, locale);
  const year = useMetrics({ ...request, compare: 'year' }, locale);
  return (
    <ResourceView resource={previous}>
      {(data) => {
        const row = data.rows[0] ?? {};
        const yearRow = year.data?.rows[0] ?? {};
        const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
        return (
          <div class="summary-grid" data-card="time-summary">
            {metrics.map((name) => {
              const info = catalogue.find((m) => m.name === name);
              const valueFormat = formatterFor(info?.unit, format);
              return (
                <KpiCard
                  key={name}
                  id={name}
                  label={metricLabel(info, locale, name)}
                  value={valueFormat(number(row[name]))}
                  formatChange={(change) => format.change(change)}
                  comparisons={[
                    {
                      label: t.previous,
                      change: number(row[`${name}_change_rate`]),
                      reference: valueFormat(number(row[`${name}_compare`])),
                    },
                    {
                      label: t.lastYear,
                      change: year.data ? number(yearRow[`${name}_change_rate`]) : null,
                      reference: year.data ? valueFormat(number(yearRow[`${name}_compare`])) : '…',
                    },
                  ]}
                />
              );
            })}
          </div>
        );
      }}
    </ResourceView>
  );
}

function Trend({ info, grain, calendar }: { info: MetricInfo; grain: Grain; calendar: Resource<{ days: CalendarDay[] }> }) {
  const { locale, format, filters, today } = useAppContext();
  const t = timeText(locale);
  const metric = info.name;
  const request = { metric: [metric], by: [grain], from: filters.from, to: filters.to, where: toWhere(filters) };
  const previous = useMetrics({ ...request, compare: 'previous' }, locale);
  const year = useMetrics({ ...request, compare: 'year' }, locale);
  // The forecast continues the series only when the period reaches the last complete day.
  const withForecast = grain === 'day' && FORECAST_METRICS.includes(metric) && filters.to >= addDays(today, -1);
  const forecast = useApi<FlowForecast>(withForecast ? '/flow/forecast' : null, {
    metric,
    horizon: FORECAST_HORIZON,
    ...forecastTarget(filters),
  });
  const valueFormat = useMemo(() => formatterFor(info.unit, format), [info.unit, format]);
  const chart = useMemo(
    () =>
      previous.data
        ? buildTrendChart({
            grain,
            metric,
            from: filters.from,
            to: filters.to,
            previousRows: previous.data.rows,
            yearRows: year.data?.rows ?? [],
            zeroWhenMissing: isVolume(info),
            zeroIsUnknown: isAverage(info),
            forecast: withForecast ? forecast.data?.forecast.points : undefined,
            partialDay: today,
            calendar: grain === 'day' ? calendar.data?.days : undefined,
            locale,
            valueFormat,
            changeFormat: format.change,
          })
        : null,
    [
      previous.data,
      year.data,
      forecast.data,
      calendar.data,
      grain,
      metric,
      filters.from,
      filters.to,
      withForecast,
      today,
      info,
      locale,
      format,
      valueFormat,
    ],
  );
  const name = metricLabel(info, locale);
  const forecastNote = !withForecast
    ? ''
    : forecast.status === 'loading'
      ? t.forecastLoading
      : forecast.status === 'error'
        ? fill(t.forecastFailed, { error: describeError(forecast.error, locale) })
        : t.trendForecastNote;
  const notes = [t.trendNote, forecastNote, grain === 'day' ? t.trendHolidayNote : ''].filter(Boolean).join(' ');
  return (
    <ResourceView resource={previous} isEmpty={(data) => data.rows.length === 0}>
      {() =>
        chart && (
          <ChartCard
            title={fill(t.trend, { metric: name })}
            subtitle={notes}
            option={chart.option}
            table={chart.table}
            exportName={`trend-${metric}-${grain}-${filters.from}-${filters.to}`}
            height={320}
          />
        )
      }
    </ResourceView>
  );
}

function Heatmap({ info }: { info: MetricInfo }) {
  const { locale, format, filters } = useAppContext();
  const t = timeText(locale);
  const metric = info.name;
  const resource = useMetrics(
    { metric: [metric], by: ['weekday', 'hour_of_day'], from: filters.from, to: filters.to, where: toWhere(filters) },
    locale,
  );
  const name = metricLabel(info, locale);
  return (
    <ResourceView resource={resource} isEmpty={(data) => data.rows.length === 0}>
      {(data) => {
        const chart = buildWeekdayHourHeatmap({
          rows: data.rows,
          metric,
          metricName: name,
          zeroWhenMissing: isVolume(info),
          locale,
          valueFormat: formatterFor(info.unit, format),
        });
        return (
          <ChartCard
            title={t.heatmap}
            subtitle={fill(t.heatmapNote, { metric: name })}
            option={chart.option}
            table={chart.table}
            exportName={`heatmap-${metric}-${filters.from}-${filters.to}`}
            height={300}
          />
        );
      }}
    </ResourceView>
  );
}

function Peaks({ info, chosen, calendar }: { info: MetricInfo; chosen: MetricInfo; calendar: Resource<{ days: CalendarDay[] }> }) {
  const { locale, format, filters, today } = useAppContext();
  const t = timeText(locale);
  const metric = info.name;
  // Today is incomplete and would pull its hours down: peaks are averaged over complete days only.
  const to = filters.to < today ? filters.to : addDays(today, -1);
  const hasDays = filters.from <= to;
  const resource = useMetrics(
    hasDays ? { metric: [metric], by: ['day', 'hour_of_day'], from: filters.from, to, where: toWhere(filters) } : null,
    locale,
  );
  const name = metricLabel(info, locale);
  const valueFormat = (value: number | null | undefined) => (info.unit === 'currency' ? format.money(value) : format.number(value, 1));
  if (!hasDays) return <Empty message={t.noPeakData} />;
  return (
    <ResourceView resource={calendar}>
      {(holidays: { days: CalendarDay[] }) => (
        <ResourceView resource={resource}>
          {(data) => {
            const profiles = hourlyProfiles(data.rows, metric, bucketsOf('day', filters.from, to), holidays.days);
            const chart = buildPeakChart(profiles, locale, valueFormat);
            const summaries = profiles.map(summarisePeaks);
            const fallback = chosen.name !== info.name ? ` ${fill(t.peaksFallback, { chosen: metricLabel(chosen, locale) })}` : '';
            return (
              <div class="peaks-stack">
                <ChartCard
                  title={t.peaks}
                  subtitle={`${fill(t.peaksNote, { metric: name })}${fallback}`}
                  option={chart.option}
                  table={chart.table}
                  exportName={`peaks-${metric}-${filters.from}-${to}`}
                  height={280}
                />
                <PeakSummaryCard summaries={summaries} />
              </div>
            );
          }}
        </ResourceView>
      )}
    </ResourceView>
  );
}

function PeakSummaryCard({ summaries }: { summaries: readonly PeakSummary[] }) {
  const { locale, format } = useAppContext();
  const t = timeText(locale);
  return (
    <section class="card" data-card="peak-summary">
      <header class="card-header">
        <div>
          <h2>{t.peakSummary}</h2>
          <p class="card-subtitle">{t.peakSummaryNote}</p>
        </div>
      </header>
      <DataTable
        label={t.peakSummary}
        table={{
          columns: [
            { key: 'dayType', label: t.dayType, format: (v) => t[v as PeakSummary['dayType']] },
            { key: 'days', label: t.days, numeric: true, format: (v) => format.number(v as number) },
            { key: 'busiestHour', label: t.busiestHour, format: (v) => (v === null ? '—' : hourLabel(v as number)) },
            {
              key: 'windows',
              label: t.peakHours,
              format: (v, row) => (row.days === 0 ? t.noDays : formatWindows(v as PeakSummary['windows']) || '—'),
            },
            { key: 'peakShare', label: t.peakShare, numeric: true, format: (v) => format.percent(v as number | null) },
          ],
          rows: summaries,
        }}
      />
    </section>
  );
}

export default function TimePage() {
  const { locale, format, filters, today } = useAppContext();
  const { params } = useLocation();
  const t = timeText(locale);
  const catalogue = useApi<MetricsCatalogue>('/metrics');
  const grainParam = params.get('grain');
  const grain: Grain = (GRAINS as readonly string[]).includes(grainParam ?? '') ? (grainParam as Grain) : 'day';
  // Holidays of the period (and of the forecast days after it) for shading and for typing days.
  const calendar = useApi<{ days: CalendarDay[] }>('/calendar', {
    from: filters.from,
    to: addDays(filters.to > today ? filters.to : today, FORECAST_HORIZON),
  });

  return (
    <div class="page time-page">
      <h1 class="page-title">{t.title}</h1>
      <p class="page-note">{fill(t.note, { from: format.date(filters.from), to: format.date(filters.to) })}</p>
      <ResourceView resource={catalogue}>
        {(data) => {
          const metrics = timeViewMetrics(data.metrics);
          const info = metrics.find((m) => m.name === params.get('metric')) ?? metrics.find((m) => m.name === DEFAULT_METRIC) ?? metrics[0];
          if (!info) return <Empty />;
          // Peaks are about volume; for a rate or an average they are shown for visitors.
          const peakInfo = isVolume(info) ? info : (metrics.find((m) => m.name === DEFAULT_METRIC) ?? info);
          const summary = [...new Set([info.name, ...SUMMARY_METRICS])];
          return (
            <>
              <Pickers metrics={metrics} metric={info.name} grain={grain} />
              <Summary metrics={summary} catalogue={metrics} />
              <Trend info={info} grain={grain} calendar={calendar} />
              <div class="grid grid-2 time-lower">
                <Heatmap info={info} />
                <Peaks info={peakInfo} chosen={info} calendar={calendar} />
              </div>
            </>
          );
        }}
      </ResourceView>
    </div>
  );
}
