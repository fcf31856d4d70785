/**
 * Holiday forecasts: each public holiday in the next 90 days, day by day against the same day of
 * last year's holiday, with its uplift over a normal week and over last year.
 */
import { useMemo } from 'preact/hooks';
import type { Resource } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { fill } from '../i18n/locale.ts';
import type { FlowMetric } from '../region/region-model.ts';
import { buildHolidayChart, valueFormatFor } from './forecast-model.ts';
import { ForecastResourceView } from './forecast-resource.tsx';
import { forecastText } from './forecast-text.ts';
import type { HolidayForecast, HolidayForecastPeriod } from './forecast-types.ts';

function HolidayPeriod({ period, metric, exportKey }: { period: HolidayForecastPeriod; metric: FlowMetric; exportKey: string }) {
  const { locale, format } = useAppContext();
  const words = forecastText(locale);
  const valueFormat = useMemo(() => valueFormatFor(metric, format), [metric, format]);
  const chart = useMemo(
    () => buildHolidayChart({ period, words, locale, valueFormat, shortDate: (day) => format.shortDate(day) }),
    [period, words, locale, valueFormat, format],
  );
  const name = locale === 'en' ? period.label.en : period.label.zh;
  const tone = (value: number | null) => (value === null ? 'flat' : value >= 0 ? 'up' : 'down');
  return (
    <ChartCard
      title={`${name} · ${format.date(period.start)} – ${format.date(period.end)}`}
      subtitle={
        <span class="holiday-summary">
          <span class={tone(period.upliftOverNormal)}>{fill(words.overNormal, { p: format.change(period.upliftOverNormal) })}</span>
          {' · '}
          <span class={tone(period.upliftOverLastYear)}>{fill(words.overLastYear, { p: format.change(period.upliftOverLastYear) })}</span>
          {' · '}
          {fill(words.periodTotal, { total: valueFormat(period.total), lastYear: valueFormat(period.lastYearTotal) })}
          {period.normalDay !== null && ` · ${fill(words.normalDay, { value: valueFormat(period.normalDay) })}`}
          {period.makeupWorkdays.length > 0 &&
            ` · ${fill(words.makeup, { days: period.makeupWorkdays.map((day) => format.shortDate(day)).join('、') })}`}
          {period.provisional && ` · ${words.provisional}`}
        </span>
      }
      option={chart.option}
      table={chart.table}
      exportName={`holiday-forecast-${period.holiday}-${period.start}-${metric}-${exportKey}`}
      height={240}
      class="holiday-period"
    />
  );
}

export function HolidayForecasts(props: {
  resource: Resource<HolidayForecast> & { reload: () => void };
  metric: FlowMetric;
  exportKey: string;
}) {
  const words = forecastText(useAppContext().locale);
  return (
    <section class="forecast-section" aria-label={words.holidays} data-section="holidays">
      <h2 class="section-title">{words.holidays}</h2>
      <p class="page-note">{words.holidaysSubtitle}</p>
      <ForecastResourceView
        resource={props.resource}
        loadingLabel={words.computing}
        isEmpty={(data) => data.periods.length === 0}
        emptyMessage={words.noHolidays}
      >
        {(data) => (
          <div class="grid grid-2">
            {data.periods.map((period) => (
              <HolidayPeriod key={period.holiday + period.start} period={period} metric={props.metric} exportKey={props.exportKey} />
            ))}
          </div>
        )}
      </ForecastResourceView>
    </section>
  );
}
