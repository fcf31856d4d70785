/**
 * One forecast explained: the headline (total, method, back-test accuracy against seasonal naive),
 * the chart with its bands, the decomposition into parts, the estimated effects and every candidate
 * method's back-test scores.
 */
import { useMemo } from 'preact/hooks';
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { ChartCard } from '../charts/chart-card.tsx';
import { buildForecastChart } from '../charts/forecast-chart.ts';
import { Empty } from '../components/state-view.tsx';
import type { CalendarDay, FlowForecast } from '../flow-types.ts';
import { fill } from '../i18n/locale.ts';
import type { FlowMetric } from '../region/region-model.ts';
import {
  buildBacktestChart,
  buildComponentsChart,
  buildEffectChart,
  effectEntries,
  summariseAccuracy,
  valueFormatFor,
} from './forecast-model.ts';
import { forecastText, methodLabel, translateNote, type ForecastWords } from './forecast-text.ts';

function Headline({ data, words, valueFormat }: { data: FlowForecast; words: ForecastWords; valueFormat: (v: number | null) => string }) {
  const { locale, format, timeZone } = useAppContext();
  const points = data.forecast.points;
  const total = points.reduce((sum, point) => sum + Math.max(0, point.yhat), 0);
  const accuracy = summariseAccuracy(data.forecast);
  // The server also says which history the forecast rests on (not in the shared FlowForecast type).
  const historyFrom = (data.forecast as { history?: { from?: string } }).history?.from ?? data.recent[0]?.date;
  const smape = (value: number | null | undefined) => (typeof value === 'number' ? `${format.number(value, 1)}%` : '—');
  const combines = data.forecast.combines.map((method) => methodLabel(method, locale)).join(' + ');
  return (
    <div class="grid grid-3 forecast-headline">
      <div class="card kpi" data-kpi="forecast-total">
        <div class="kpi-label">{fill(words.total, { n: points.length })}</div>
        <div class="kpi-value">{valueFormat(total)}</div>
        <ul class="kpi-comparisons">
          <li>{fill(words.perDay, { value: valueFormat(points.length ? total / points.length : null) })}</li>
          <li>{data.historyEnd && fill(words.history, { from: format.date(historyFrom), to: format.date(data.historyEnd) })}</li>
        </ul>
      </div>
      <div class="card kpi" data-kpi="forecast-method">
        <div class="kpi-label">{words.method}</div>
        <div class="kpi-value method-name">{methodLabel(data.forecast.method, locale)}</div>
        <ul class="kpi-comparisons">
          {combines && <li>{fill(words.combines, { methods: combines })}</li>}
          <li>{data.stored ? fill(words.stored, { time: format.dateTime(data.computedAt, timeZone) }) : words.fresh}</li>
        </ul>
      </div>
      <div class="card kpi" data-kpi="forecast-accuracy">
        <div class="kpi-label">{words.accuracy}</div>
        {accuracy ? (
          <>
            <div class="accuracy-scores">
              <span>
                MASE <b>{format.number(accuracy.selected.mase, 2)}</b>
              </span>
              <span>
                sMAPE <b>{smape(accuracy.selected.smape)}</b>
              </span>
            </div>
            <ul class="kpi-comparisons">
              {accuracy.naive && (
                <li>
                  {words.naive}: MASE {format.number(accuracy.naive.mase, 2)} · sMAPE {smape(accuracy.naive.smape)}
                </li>
              )}
              {accuracy.improvement !== null && (
                <li class={accuracy.improvement >= 0 ? 'up' : 'down'} data-improvement>
                  {fill(accuracy.improvement >= 0 ? words.better : words.worse, { p: format.percent(Math.abs(accuracy.improvement)) })}
                </li>
              )}
              <li class="accuracy-note">{words.accuracyNote}</li>
            </ul>
          </>
        ) : (
          <p class="page-note">{words.noBacktest}</p>
        )}
      </div>
    </div>
  );
}

function Notes({ data, words }: { data: FlowForecast; words: ForecastWords }) {
  const { locale } = useAppContext();
  const { fallback, notes = [] } = data.forecast;
  if (!fallback && notes.length === 0) return null;
  return (
    <div class={`forecast-notes ${fallback ? 'fallback' : ''}`} role="note">
      {fallback && (
        <p>
          <strong>{words.fallback}</strong>
          {translateNote(fallback, locale)}
        </p>
      )}
      {notes.length > 0 && (
        <p>
          {words.notes}
          {notes.map((note) => translateNote(note, locale)).join(locale === 'en' ? '; ' : '；')}
        </p>
      )}
    </div>
  );
}

export function ForecastSummary(props: { data: FlowForecast; metric: FlowMetric; targetLabel: string; exportKey: string }) {
  const { locale, format } = useAppContext();
  const words = forecastText(locale);
  const { data } = props;
  const points = data.forecast.points;
  const valueFormat = useMemo(() => valueFormatFor(props.metric, format), [props.metric, format]);
  const calendar = useApi<{ days: CalendarDay[] }>('/calendar', {
    from: data.recent[0]?.date ?? points[0]?.ds,
    to: points[points.length - 1]?.ds,
  });
  const chart = useMemo(
    () => buildForecastChart({ actual: data.recent, forecast: points, calendar: calendar.data?.days ?? [], locale, valueFormat }),
    [data, points, calendar.data, locale, valueFormat],
  );
  const components = useMemo(() => buildComponentsChart({ points, words, valueFormat }), [points, words, valueFormat]);
  const effectCharts = useMemo(() => {
    if (!data.forecast.effects) return null;
    const effects = effectEntries(data.forecast.effects, locale);
    return {
      holidays: buildEffectChart({ entries: effects.holidays, words, format }),
      weekdays: buildEffectChart({ entries: effects.weekdays, words, format }),
      weather: buildEffectChart({ entries: effects.weather, words, format }),
    };
  }, [data, locale, words, format]);
  const backtest = data.forecast.backtest;
  const backtestChart = useMemo(
    () => (backtest ? buildBacktestChart({ backtest, locale, words, format }) : null),
    [backtest, locale, words, format],
  );
  const metricLabel = words[props.metric];

  return (
    <>
      <Headline data={data} words={words} valueFormat={valueFormat} />
      <Notes data={data} words={words} />
      <ChartCard
        title={fill(words.forecastTitle, { target: props.targetLabel, metric: metricLabel })}
        subtitle={fill(words.forecastSubtitle, { recent: data.recent.length, days: points.length })}
        option={chart.option}
        table={chart.table}
        exportName={`forecast-${props.metric}-${props.exportKey}`}
        height={320}
      />
      <ChartCard
        title={words.decomposition}
        subtitle={fill(words.decompositionSubtitle, { days: points.length })}
        option={components.option}
        table={components.table}
        exportName={`forecast-components-${props.metric}-${props.exportKey}`}
        height={280}
      />
      <h2 class="section-title">{words.effects}</h2>
      {effectCharts ? (
        <div class="grid grid-3">
          {(
            [
              ['holidays', words.holidayEffects, words.effectSubtitle, words.noHolidayEffects],
              ['weekdays', words.weekdayEffects, words.effectSubtitle, words.noEffects],
              ['weather', words.weatherEffects, words.weatherSubtitle, words.noWeather],
            ] as const
          ).map(([key, title, subtitle, empty]) =>
            effectCharts[key].table.rows.length > 0 ? (
              <ChartCard
                key={key}
                title={title}
                subtitle={subtitle}
                option={effectCharts[key].option}
                table={effectCharts[key].table}
                exportName={`forecast-effects-${key}-${props.metric}-${props.exportKey}`}
                height={220}
              />
            ) : (
              <section key={key} class="card" data-card={`forecast-effects-${key}`}>
                <header class="card-header">
                  <h2>{title}</h2>
                </header>
                <Empty message={empty} />
              </section>
            ),
          )}
        </div>
      ) : (
        <section class="card">
          <Empty message={words.noEffects} />
        </section>
      )}
      {backtest && backtestChart ? (
        <ChartCard
          title={words.backtest}
          subtitle={fill(words.backtestSubtitle, { windows: backtest.windows, h: backtest.horizon })}
          option={backtestChart.option}
          table={backtestChart.table}
          exportName={`forecast-backtest-${props.metric}-${props.exportKey}`}
          height={40 + backtestChart.table.rows.length * 34}
        />
      ) : (
        <section class="card" data-card="forecast-backtest">
          <header class="card-header">
            <h2>{words.backtest}</h2>
          </header>
          <Empty message={words.noBacktest} />
        </section>
      )}
    </>
  );
}
