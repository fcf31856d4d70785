/**
 * 预测: the forecast of the place the filters select (venue, city, province, or the whole business)
 * for a metric and horizon in the URL, with its accuracy, decomposition and effects, the holiday
 * forecasts, and the peak-period allocation of a venue.
 */
import { useApi } from '../api.ts';
import { useAppContext } from '../app-context.ts';
import { FiltersNotApplied } from '../components/filters-not-applied.tsx';
import type { FlowForecast } from '../flow-types.ts';
import { FORECAST_PARAMS, HORIZONS, readForecastParams } from '../forecast/forecast-model.ts';
import { ForecastResourceView } from '../forecast/forecast-resource.tsx';
import { ForecastSummary } from '../forecast/forecast-summary.tsx';
import { forecastText } from '../forecast/forecast-text.ts';
import type { HolidayForecast } from '../forecast/forecast-types.ts';
import { HolidayForecasts } from '../forecast/holiday-forecasts.tsx';
import { PeakAllocation } from '../forecast/peak-allocation.tsx';
import { fill } from '../i18n/locale.ts';
import { FLOW_METRICS, forecastTarget, targetParams } from '../region/region-model.ts';
import { updateParams, useLocation } from '../url-state.ts';
import '../forecast/forecast.css';
import { usePlaces, venueName as venueNameOf } from '../places.ts';

export default function ForecastPage() {
  const { locale, filters } = useAppContext();
  const words = forecastText(locale);
  const params = readForecastParams(useLocation().params);
  const target = forecastTarget(filters);
  const query = { ...targetParams(target), metric: params.metric };
  const forecast = useApi<FlowForecast>('/flow/forecast', { ...query, horizon: params.horizon });
  const holidays = useApi<HolidayForecast>('/flow/holidays', query);
  // The venue's name, for the headline (the filters hold its id).
  const places = usePlaces();
  const venueName = target.level === 'venue' ? venueNameOf(places.data, target.value) : undefined;
  const targetLabel =
    target.level === 'all'
      ? words.all
      : target.level === 'venue'
        ? `${words.venue} ${venueName ? String(venueName) : target.value}`
        : `${words[target.level]} ${target.value}`;
  const exportKey = target.level === 'all' ? 'all' : `${target.level}-${target.value}`;

  return (
    <div class="page forecast-page">
      <header class="forecast-header">
        <div>
          <h1 class="page-title">{words.title}</h1>
          <p class="page-note" data-target={exportKey}>
            {words.target}: <strong>{targetLabel}</strong>
          </p>
          <FiltersNotApplied names={['channel', 'segment']} what={locale === 'en' ? 'the forecasts' : '预测'} />
        </div>
        <div class="forecast-pickers">
          <label class="filter">
            <span>{words.metric}</span>
            <select
              name={FORECAST_PARAMS.metric}
              value={params.metric}
              onChange={(event) => updateParams({ [FORECAST_PARAMS.metric]: (event.target as HTMLSelectElement).value }, { replace: true })}
            >
              {FLOW_METRICS.map((metric) => (
                <option key={metric} value={metric}>
                  {words[metric]}
                </option>
              ))}
            </select>
          </label>
          <span class="filter horizon-picker" role="group" aria-label={words.horizon}>
            <span>{words.horizon}</span>
            {HORIZONS.map((days) => (
              <button
                type="button"
                key={days}
                class="chip"
                name={FORECAST_PARAMS.horizon}
                aria-pressed={params.horizon === days}
                onClick={() => updateParams({ [FORECAST_PARAMS.horizon]: String(days) }, { replace: true })}
              >
                {fill(words.days, { n: days })}
              </button>
            ))}
          </span>
        </div>
      </header>

      <ForecastResourceView resource={forecast} loadingLabel={words.computing}>
        {(data) => <ForecastSummary data={data} metric={params.metric} targetLabel={targetLabel} exportKey={exportKey} />}
      </ForecastResourceView>

      <HolidayForecasts resource={holidays} metric={params.metric} exportKey={exportKey} />

      <PeakAllocation params={params} />
    </div>
  );
}
