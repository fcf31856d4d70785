/**
 * 区域维度: a choropleth of China for any metric, drilling down province → city → venue through the
 * shared filters in the URL (so the filter bar and the map always agree), the ranking of the level
 * with growth, capacity use, forecasts and emerging places, and the forecast of the selected region.
 */
import { useMemo } from 'preact/hooks';
import { useApi, useMetrics, type QueryResult } from '../api.ts';
import { citiesIn, usePlaces } from '../places.ts';
import { useAppContext } from '../app-context.ts';
import { FiltersNotApplied } from '../components/filters-not-applied.tsx';
import { ChartCard } from '../charts/chart-card.tsx';
import { buildForecastChart } from '../charts/forecast-chart.ts';
import { Empty, ErrorMessage, Loading, ResourceView } from '../components/state-view.tsx';
import { daysBetween, toWhere } from '../filters/filters.ts';
import type { CalendarDay, FlowForecast } from '../flow-types.ts';
import { ForecastResourceView } from '../forecast/forecast-resource.tsx';
import { forecastText, methodLabel } from '../forecast/forecast-text.ts';
import { valueFormatFor } from '../forecast/forecast-model.ts';
import { TableCard } from '../components/table-card.tsx';
import { fill } from '../i18n/locale.ts';
import { RankingTable } from '../region/ranking-table.tsx';
import {
  buildChoropleth,
  buildRankingBars,
  buildRegionRows,
  choroplethTable,
  forecastTarget,
  isRegionalMetric,
  knownPlaces,
  levelDimensions,
  mapPlaces,
  RANK_SORT_PARAM,
  rankingTable,
  regionScope,
  scopeWhere,
  targetParams,
  toFlowMetric,
  type HotspotRowLike,
  type MetricInfo,
  type RegionFormat,
  type RegionLabels,
  type RegionRow,
  type RegionScope,
} from '../region/region-model.ts';
import { regionText, type RegionWords } from '../region/region-text.ts';
import { useRegionMap } from '../region/use-region-map.ts';
import { updateParams, useLocation } from '../url-state.ts';
import '../region/region.css';

/** URL parameter of the metric the map shows. */
const METRIC_PARAM = 'map_metric';
const FORECAST_DAYS = 30;
const TOP_BARS = 15;

interface HotspotsAnswer {
  readonly period: { readonly from: string; readonly to: string };
  readonly days: number;
  readonly ranking: { readonly rows: readonly HotspotRowLike[] };
}

/** The one value of a query without `by` (the whole scope), if it has one. */
function scopeTotalValue(result: QueryResult | undefined, metric: string): number | null | undefined {
  if (!result) return undefined;
  const cell = result.rows[0]?.[metric];
  const value = typeof cell === 'string' ? Number(cell) : cell;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function levelName(level: RegionScope['level'], t: RegionWords): string {
  return level === 'province' ? t.province : level === 'city' ? t.city : t.venue;
}

function Breadcrumb({ scope, venueName, t }: { scope: RegionScope; venueName: string | undefined; t: RegionWords }) {
  const steps: { label: string; go?: () => void }[] = [
    { label: t.country, go: () => updateParams({ province: undefined, city: undefined, venue: undefined }) },
  ];
  if (scope.province) steps.push({ label: scope.province, go: () => updateParams({ city: undefined, venue: undefined }) });
  if (scope.city) steps.push({ label: scope.city, go: () => updateParams({ venue: undefined }) });
  if (scope.venue) steps.push({ label: venueName ?? scope.venue });
  return (
    <nav class="breadcrumb" aria-label={t.breadcrumb}>
      {steps.map((step, index) => {
        const last = index === steps.length - 1;
        return (
          <span key={step.label + index}>
            {index > 0 && <span class="breadcrumb-separator">›</span>}
            {last || !step.go ? (
              <span aria-current="location">{step.label}</span>
            ) : (
              <button type="button" class="link-button" onClick={step.go}>
                {step.label}
              </button>
            )}
          </span>
        );
      })}
    </nav>
  );
}

export default function RegionPage() {
  const { locale, format, filters } = useAppContext();
  const t = regionText(locale);
  const ft = forecastText(locale);
  const location = useLocation();
  const scope = regionScope(filters);
  const dims = levelDimensions(scope.level);
  const placeWhere = scopeWhere(scope);
  const otherWhere = toWhere(filters, ['province', 'city', 'venue']);

  const metricsList = useApi<{ metrics: MetricInfo[] }>('/metrics');
  const metrics = (metricsList.data?.metrics ?? []).filter(isRegionalMetric);
  // A metric the server does not have (a mistyped link) falls back to visitors, as other pages do;
  // until the list is known, only visitors is asked for, so no panel fails on an unknown metric.
  const requested = location.params.get(METRIC_PARAM) ?? 'visitors';
  const metricKnown = metricsList.data ? metrics.some((m) => m.name === requested) : undefined;
  const metricName = metricKnown === false ? 'visitors' : requested;
  const metricReady = metricKnown !== undefined || requested === 'visitors';
  const metric: MetricInfo = metrics.find((m) => m.name === metricName) ?? {
    name: metricName,
    zh: metricName === 'visitors' ? '客流 (访客数)' : metricName,
    en: metricName === 'visitors' ? 'Visitors' : metricName,
    unit: 'count',
  };
  const metricLabel = locale === 'en' ? metric.en : metric.zh;

  const regionFormat: RegionFormat = useMemo(
    () => ({
      value: (value) =>
        metric.unit === 'currency' ? format.money(value) : metric.unit === 'ratio' ? format.percent(value) : format.number(value, 0),
      // Capacity use of a few visitors is a small share: keep two decimals there so it does not read 0.0%.
      percent: (value) => format.percent(value, typeof value === 'number' && value !== 0 && Math.abs(value) < 0.01 ? 2 : 1),
      change: (value) => format.change(value),
      number: (value) => format.number(value, 0),
    }),
    [format, metric.unit],
  );
  const labels: RegionLabels = useMemo(
    () => ({
      region: levelName(scope.level, t),
      value: metricLabel,
      rank: t.rank,
      share: t.share,
      growth: t.growth,
      yoy: t.yoy,
      utilisation: t.utilisation,
      nextForecast: t.nextForecast,
      forecastGrowth: t.forecastGrowth,
      emerging: t.emerging,
      emergingYes: t.emergingYes,
      noData: t.noData,
      rankOf: t.rankOf,
    }),
    [scope.level, t, metricLabel],
  );

  // The map of the level: China for provinces, the province for its cities and its cities' venues.
  const mapProvince = scope.level === 'province' ? null : (scope.province ?? '');
  const mapState = useRegionMap(mapProvince);
  // Every place the level knows, ever, so places quiet in this period are listed too.
  const places = usePlaces();
  const known = useMemo(
    () =>
      places.data ? { rows: knownPlaces(places.data, { level: scope.level, province: scope.province, city: scope.city }) } : undefined,
    [places.data, scope.level, scope.province, scope.city],
  );
  const request = {
    metric: [metric.name],
    by: dims,
    from: filters.from,
    to: filters.to,
    where: [...placeWhere, ...otherWhere],
    limit: 10000,
  };
  const current = useMetrics(metricReady ? { ...request, compare: 'previous' } : null, locale);
  const lastYear = useMetrics(metricReady ? { ...request, compare: 'year' } : null, locale);
  // The scope itself (country, province or city) at its own level: distinct users overlap between
  // places, so the whole is asked of the API, never summed from the rows.
  const scopeTotal = useMetrics(
    metricReady ? { metric: [metric.name], from: filters.from, to: filters.to, where: request.where } : null,
    locale,
  );
  const totalValue = scopeTotalValue(scopeTotal.data, metric.name);
  const hotspotDays = Math.min(90, daysBetween(filters.from, filters.to));
  const hotspots = useApi<HotspotsAnswer>('/flow/hotspots', { level: scope.level, days: hotspotDays, limit: 10000 });

  // At the venue level the map draws the province's cities: match them against the province's cities.
  const geo = useMemo(() => {
    if (mapState.status !== 'ok') return undefined;
    const cities = scope.level === 'province' ? [] : citiesIn(places.data, scope.province).map((city) => city.name);
    return mapPlaces(scope.level, scope.province, mapState.map.featureNames, cities);
  }, [mapState, scope.level, scope.province, places.data]);

  const rows = useMemo(() => {
    if (!current.data) return undefined;
    const places = [
      ...(geo?.places ?? []),
      ...(known?.rows ?? []).map((row) => ({
        key: String(row[scope.level] ?? ''),
        label: scope.level === 'venue' ? String(row.venue_name ?? row.venue ?? '') : undefined,
      })),
    ];
    const keys = new Set(places.map((place) => place.key));
    for (const row of current.data.rows) keys.add(String(row[scope.level] ?? ''));
    return buildRegionRows({
      level: scope.level,
      metric,
      places,
      current: current.data.rows,
      lastYear: lastYear.data?.rows,
      hotspots: hotspots.data?.ranking.rows.filter((row) => keys.has(row.key)),
      total: totalValue,
    });
  }, [current.data, lastYear.data, hotspots.data, known, geo, scope.level, metric, totalValue]);

  const drill = (row: { key: string }) => {
    if (scope.level === 'province') updateParams({ province: row.key, city: undefined, venue: undefined });
    else if (scope.level === 'city') updateParams({ city: row.key, venue: undefined });
    else updateParams({ venue: row.key });
  };
  const onMapClick = (params: { name: string }) => {
    const place = geo?.placeOf.get(params.name);
    if (!place) return;
    if (scope.level === 'province') updateParams({ province: place, city: undefined, venue: undefined });
    else updateParams({ city: place, venue: undefined });
  };

  // The map colours the level's rows; at the venue level it shows the province's cities with the city outlined.
  const mapOption = useMemo(() => {
    if (mapState.status !== 'ok' || !rows || !geo) return undefined;
    const cityRows: RegionRow[] =
      scope.level === 'venue' && scope.city
        ? [
            {
              key: scope.city,
              label: scope.city,
              // The city's own value from the API: its venues' visitors overlap, their sum would overstate it.
              value: totalValue ?? null,
              rank: 1,
              share: null,
              growth: null,
              yoy: null,
              utilisation: null,
              forecast: null,
              forecastGrowth: null,
              emerging: false,
            },
          ]
        : rows;
    return buildChoropleth({
      mapName: mapState.map.mapName,
      featureNames: mapState.map.featureNames,
      placeOf: (name) => geo.placeOf.get(name),
      rows: cityRows,
      selected: scope.level === 'venue' ? scope.city : undefined,
      metricLabel,
      labels,
      format: regionFormat,
      showNames: scope.level !== 'province',
    });
  }, [mapState, rows, geo, scope.level, scope.city, totalValue, metricLabel, labels, regionFormat]);

  const venueName =
    scope.venue === undefined
      ? undefined
      : (rows?.find((row) => row.key === scope.venue)?.label ??
        String(known?.rows.find((row) => row.venue === scope.venue)?.venue_name ?? scope.venue));

  const mapTitle =
    scope.level === 'province'
      ? fill(t.mapCountry, { metric: metricLabel })
      : scope.level === 'city'
        ? fill(t.mapProvince, { metric: metricLabel, province: scope.province ?? '' })
        : fill(t.mapCity, { province: scope.province ?? '', city: scope.city ?? '' });
  const level = levelName(scope.level, t);
  const hotspotPeriod = hotspots.data?.period;
  const rankingSubtitle = hotspotPeriod
    ? fill(t.rankingSubtitle, {
        from: format.date(hotspotPeriod.from),
        to: format.date(hotspotPeriod.to),
        days: hotspots.data?.days ?? hotspotDays,
      })
    : t.hotspotsLoading;

  // The forecast of the most specific place chosen, in the map's metric when it is forecast.
  const target = forecastTarget(filters);
  const flowMetric = toFlowMetric(metric.name);
  // A province or city without any data has nothing to forecast from: say so instead of asking.
  const placeHasData = target.level === 'all' || target.level === 'venue' ? true : known ? known.rows.length > 0 : undefined;
  const forecast = useApi<FlowForecast>(placeHasData ? '/flow/forecast' : null, {
    ...targetParams(target),
    metric: flowMetric,
    horizon: FORECAST_DAYS,
  });
  const points = forecast.data?.forecast.points ?? [];
  const calendar = useApi<{ days: CalendarDay[] }>(forecast.data ? '/calendar' : null, {
    from: forecast.data?.recent[0]?.date ?? points[0]?.ds,
    to: points[points.length - 1]?.ds,
  });
  const forecastFormat = useMemo(() => valueFormatFor(flowMetric, format), [flowMetric, format]);
  const forecastChart = useMemo(
    () =>
      forecast.data
        ? buildForecastChart({
            actual: forecast.data.recent,
            forecast: forecast.data.forecast.points,
            calendar: calendar.data?.days ?? [],
            locale,
            valueFormat: forecastFormat,
          })
        : undefined,
    [forecast.data, calendar.data, locale, forecastFormat],
  );
  const targetLabel = target.level === 'all' ? t.country : target.level === 'venue' ? (venueName ?? target.value) : target.value;
  const flowMetricLabel = ft[flowMetric];

  const mapTable = useMemo(() => (rows ? choroplethTable(rows, labels, regionFormat) : undefined), [rows, labels, regionFormat]);
  const ranking = useMemo(() => (rows ? rankingTable(rows, labels, regionFormat) : undefined), [rows, labels, regionFormat]);
  const bars = useMemo(
    () => (rows ? buildRankingBars(rows, TOP_BARS, metricLabel, regionFormat, metric.unit === 'count') : undefined),
    [rows, metricLabel, regionFormat, metric.unit],
  );
  const exportPlace = [scope.province, scope.city].filter(Boolean).join('-');

  return (
    <div class="page region-page">
      <header class="region-header">
        <div>
          <h1 class="page-title">{t.title}</h1>
          <Breadcrumb scope={scope} venueName={venueName} t={t} />
        </div>
        <label class="filter">
          <span>{t.metric}</span>
          <select
            name={METRIC_PARAM}
            value={metric.name}
            onChange={(event) => updateParams({ [METRIC_PARAM]: (event.target as HTMLSelectElement).value }, { replace: true })}
          >
            {metrics.length === 0 && <option value={metric.name}>{metricLabel}</option>}
            {metrics.map((m) => (
              <option key={m.name} value={m.name}>
                {locale === 'en' ? m.en : m.zh}
              </option>
            ))}
          </select>
        </label>
      </header>

      <div class="region-main">
        <div class="region-map">
          {mapState.status === 'error' ? (
            <section class="card">
              <Empty message={fill(t.mapMissing, { province: scope.province ?? scope.city ?? '' })} />
            </section>
          ) : current.status === 'error' ? (
            <section class="card">
              <ErrorMessage error={current.error} onRetry={current.reload} />
            </section>
          ) : mapOption && mapTable ? (
            <ChartCard
              title={mapTitle}
              subtitle={
                scope.level === 'venue'
                  ? fill(t.mapCitySubtitle, { city: scope.city ?? '' })
                  : fill(t.mapSubtitle, { from: format.date(filters.from), to: format.date(filters.to) })
              }
              option={mapOption}
              table={mapTable}
              exportName={`region-map-${metric.name}${exportPlace ? `-${exportPlace}` : ''}`}
              height={440}
              onClick={onMapClick}
            />
          ) : (
            <section class="card">
              <Loading label={mapState.status === 'loading' ? t.mapLoading : undefined} />
            </section>
          )}
        </div>
        <div class="region-ranking">
          {bars && ranking && rows?.some((row) => row.value !== null) ? (
            <ChartCard
              title={fill(t.rankingTop, { level, n: TOP_BARS })}
              subtitle={fill(t.period, { from: format.date(filters.from), to: format.date(filters.to) })}
              option={bars}
              table={ranking}
              exportName={`region-ranking-${scope.level}-${metric.name}`}
              height={440}
              onClick={(params) => {
                const key = (params.data as { key?: string } | undefined)?.key;
                if (key) drill({ key });
              }}
            />
          ) : (
            <section class="card" data-card="region-ranking-empty">
              <ResourceView resource={current} isEmpty={() => true} emptyMessage={t.rankingEmpty}>
                {() => null}
              </ResourceView>
            </section>
          )}
        </div>
      </div>

      {ranking && ranking.rows.length > 0 && (
        <TableCard
          title={fill(t.rankingTable, { level })}
          subtitle={
            <>
              {rankingSubtitle} {t.drillHint}
            </>
          }
          table={ranking}
          exportName={`region-ranking-detail-${scope.level}-${metric.name}`}
        >
          <RankingTable
            table={ranking}
            sortParam={location.params.get(RANK_SORT_PARAM)}
            label={fill(t.rankingTable, { level })}
            selected={scope.level === 'venue' ? scope.venue : undefined}
            openLabel={(name) => fill(t.open, { name })}
            onOpen={drill}
          />
        </TableCard>
      )}

      {placeHasData === false ? (
        <section class="card" data-card="region-forecast-empty">
          <Empty message={fill(t.noHistory, { place: targetLabel })} />
        </section>
      ) : (
        <ForecastResourceView resource={forecast} loadingLabel={t.computing}>
          {(data) =>
            forecastChart ? (
              <ChartCard
                title={fill(t.forecastTitle, { target: targetLabel, metric: flowMetricLabel, days: FORECAST_DAYS })}
                subtitle={
                  <>
                    {fill(t.forecastSubtitle, { method: methodLabel(data.forecast.method, locale) })}
                    {flowMetric !== metric.name && ` ${t.forecastOnlyFlow}`}
                    <FiltersNotApplied names={['channel', 'segment']} what={locale === 'en' ? 'the forecast' : '预测'} inline />
                  </>
                }
                option={forecastChart.option}
                table={forecastChart.table}
                exportName={`region-forecast-${flowMetric}-${target.level === 'all' ? 'all' : target.value}`}
                height={300}
              />
            ) : null
          }
        </ForecastResourceView>
      )}
    </div>
  );
}
