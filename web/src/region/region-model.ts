/**
 * The region view's logic, from API answers to rows, chart options and tables: which level the
 * URL's filters put the view at, each place's value, share and growth, its capacity use and
 * forecast from the hot-spot ranking, and the choropleth of a metric. Pure, tested in Node.
 */
import type { QueryCell } from '../api.ts';
import type { ChartOption } from '../charts/echarts-core.ts';
import type { TableData } from '../charts/table-csv.ts';
import type { Filters } from '../filters/filters.ts';
import { assignFeaturesToCities, shortCityName } from '../map/map-names.ts';
import { citiesIn, venuesIn, type PlaceList } from '../places.ts';

/** The places a view lists: provinces of the country, cities of a province, venues of a city. */
export type RegionLevel = 'province' | 'city' | 'venue';

/** Where the drill-down stands, read from the shared filters. */
export interface RegionScope {
  /** What the rows are. */
  readonly level: RegionLevel;
  readonly province?: string | undefined;
  readonly city?: string | undefined;
  /** A venue picked among the city's venues (highlighted; the forecast is the venue's). */
  readonly venue?: string | undefined;
}

/** The level and place the filters select: a city shows its venues, a province its cities. */
export function regionScope(filters: Pick<Filters, 'province' | 'city' | 'venue'>): RegionScope {
  if (filters.city) return { level: 'venue', province: filters.province, city: filters.city, venue: filters.venue };
  if (filters.province) return { level: 'city', province: filters.province, venue: filters.venue };
  return { level: 'province', venue: filters.venue };
}

/** The metrics-API filters that keep the rows inside the scope, before channel and segment. */
export function scopeWhere(scope: RegionScope): string[] {
  const where: string[] = [];
  if (scope.province && scope.level !== 'province') where.push(`province=${scope.province}`);
  if (scope.city && scope.level === 'venue') where.push(`city=${scope.city}`);
  return where;
}

/** The dimensions that name a row of the level (venues also by their name). */
export function levelDimensions(level: RegionLevel): string[] {
  return level === 'venue' ? ['venue', 'venue_name'] : [level];
}

/** What a forecast is for: the most specific place chosen (venue, city, province), else everything. */
export type ForecastTarget = { readonly level: 'all' } | { readonly level: 'province' | 'city' | 'venue'; readonly value: string };

export function forecastTarget(filters: Pick<Filters, 'province' | 'city' | 'venue'>): ForecastTarget {
  if (filters.venue) return { level: 'venue', value: filters.venue };
  if (filters.city) return { level: 'city', value: filters.city };
  if (filters.province) return { level: 'province', value: filters.province };
  return { level: 'all' };
}

/** The target as /flow/forecast query parameters. */
export function targetParams(target: ForecastTarget): Record<string, string> {
  return target.level === 'all' ? {} : { [target.level]: target.value };
}

/** Metrics the flow forecasts cover; any other metric shows the visitors forecast. */
export const FLOW_METRICS = ['visitors', 'orders', 'revenue'] as const;
export type FlowMetric = (typeof FLOW_METRICS)[number];

export function toFlowMetric(metric: string | null | undefined): FlowMetric {
  return (FLOW_METRICS as readonly string[]).includes(metric ?? '') ? (metric as FlowMetric) : 'visitors';
}

/** A metric as GET /api/v1/metrics lists it. */
export interface MetricInfo {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly unit: 'count' | 'currency' | 'ratio' | string;
}

/** Metrics that can be drawn by place: the log metrics have no place. */
export function isRegionalMetric(metric: MetricInfo): boolean {
  return !metric.name.startsWith('log_') && metric.name !== 'error_rate';
}

/**
 * Metrics that count distinct users: a user visiting two places counts once in their region, so the
 * places' values overlap and their sum overstates the whole.
 */
const DISTINCT_USER_METRICS: ReadonlySet<string> = new Set(['visitors', 'buyers', 'active_users']);

/**
 * Whether places' values of a metric add up to their region's value, so they may be summed: orders,
 * items and money do; distinct users (visitors, buyers, active users), rates and averages do not.
 */
export function isAdditive(metric: Pick<MetricInfo, 'name' | 'unit'>): boolean {
  return hasShare(metric) && !DISTINCT_USER_METRICS.has(metric.name);
}

/**
 * Whether a place's value is a part of its region's, so a share means something: counts and money
 * are (distinct users too, against the region's own distinct count); rates and averages are not.
 */
export function hasShare(metric: Pick<MetricInfo, 'name' | 'unit'>): boolean {
  return metric.unit !== 'ratio' && metric.name !== 'aov';
}

/** One place of a hot-spot ranking (GET /flow/hotspots), the fields the view reads. */
export interface HotspotRowLike {
  readonly key: string;
  readonly label: string;
  readonly utilisation: number | null;
  readonly forecast: number | null;
  readonly forecastGrowth: number | null;
  readonly emerging: boolean;
}

/** One place of the ranking. */
export interface RegionRow {
  /** Province or city name, or venue id. */
  readonly key: string;
  /** What people read: the name (a venue's name from the catalog). */
  readonly label: string;
  /** The metric over the period; null when the place has no data in it. */
  readonly value: number | null;
  /** 1 for the largest value; equal values share a rank. Null without a value. */
  readonly rank: number | null;
  /** value ÷ the sum over the level's places (additive metrics only). */
  readonly share: number | null;
  /** 环比: against the period before. */
  readonly growth: number | null;
  /** 同比: against the same period last year. */
  readonly yoy: number | null;
  /** Visitor flow ÷ capacity over the hot-spot period. */
  readonly utilisation: number | null;
  /** Forecast visitor flow of the next hot-spot period. */
  readonly forecast: number | null;
  readonly forecastGrowth: number | null;
  readonly emerging: boolean;
}

const numeric = (cell: QueryCell | undefined): number | null =>
  typeof cell === 'number' && Number.isFinite(cell)
    ? cell
    : typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell))
      ? Number(cell)
      : null;

export interface RegionRowsInput {
  readonly level: RegionLevel;
  readonly metric: Pick<MetricInfo, 'name' | 'unit'>;
  /** Every place the level should list (map regions and places with data, ever), with labels. */
  readonly places: readonly { readonly key: string; readonly label?: string | null | undefined }[];
  /** /query rows over the period with compare=previous (value and 环比). */
  readonly current: readonly Readonly<Record<string, QueryCell>>[];
  /** /query rows with compare=year (同比); absent while loading. */
  readonly lastYear?: readonly Readonly<Record<string, QueryCell>>[] | undefined;
  /** /flow/hotspots rows of the level; absent while loading. */
  readonly hotspots?: readonly HotspotRowLike[] | undefined;
  /**
   * The metric over the whole scope (the country, province or city the rows divide), asked of the
   * API at that level: what shares are of. Without it only additive metrics get shares (of the sum).
   */
  readonly total?: number | null | undefined;
}

/**
 * The ranking of the level's places: every place listed once (those without data too, last), ordered
 * by value, largest first, then by name.
 */
export function buildRegionRows(input: RegionRowsInput): RegionRow[] {
  const key = input.level;
  const metric = input.metric.name;
  const labels = new Map<string, string>();
  for (const place of input.places) if (place.key !== '' && !labels.has(place.key)) labels.set(place.key, place.label || place.key);
  const current = new Map<string, Readonly<Record<string, QueryCell>>>();
  for (const row of input.current) {
    const place = row[key];
    if (place === null || place === undefined || place === '') continue;
    current.set(String(place), row);
    if (!labels.has(String(place))) labels.set(String(place), String(key === 'venue' ? (row.venue_name ?? place) : place));
  }
  const lastYear = new Map<string, Readonly<Record<string, QueryCell>>>();
  for (const row of input.lastYear ?? []) if (row[key] !== null && row[key] !== undefined) lastYear.set(String(row[key]), row);
  const hotspots = new Map((input.hotspots ?? []).map((row) => [row.key, row]));

  const values = [...labels.keys()].map((place) => ({ place, value: numeric(current.get(place)?.[metric]) }));
  // Distinct users overlap between places: their shares are of the API's total, never of a sum.
  const total = !hasShare(input.metric)
    ? null
    : input.total !== undefined && input.total !== null
      ? input.total
      : isAdditive(input.metric)
        ? values.reduce((sum, { value }) => sum + (value !== null && value > 0 ? value : 0), 0)
        : null;
  const sorted = values
    .map(({ value }) => value)
    .filter((value): value is number => value !== null)
    .sort((a, b) => b - a);
  const rankOf = (value: number | null) => (value === null ? null : sorted.indexOf(value) + 1);

  const rows = values.map(({ place, value }): RegionRow => {
    const hotspot = hotspots.get(place);
    return {
      key: place,
      label: labels.get(place) ?? place,
      value,
      rank: rankOf(value),
      share: total !== null && value !== null && total > 0 ? value / total : null,
      growth: numeric(current.get(place)?.[`${metric}_change_rate`]),
      yoy: numeric(lastYear.get(place)?.[`${metric}_change_rate`]),
      utilisation: hotspot?.utilisation ?? null,
      forecast: hotspot?.forecast ?? null,
      forecastGrowth: hotspot?.forecastGrowth ?? null,
      emerging: hotspot?.emerging ?? false,
    };
  });
  return rows.sort(
    (a, b) =>
      (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (b.value ?? 0) - (a.value ?? 0) || a.label.localeCompare(b.label, 'zh-CN'),
  );
}

/**
 * Which place each region of the drawn map stands for, and the places the map adds to the list.
 * On the country map a region is its province. On a province's map a region is the data's city of
 * the same name (districts of 北京 all being 北京), or, for a city without data, its short name.
 */
export function mapPlaces(
  level: RegionLevel,
  province: string | undefined,
  featureNames: readonly string[],
  dataPlaces: readonly string[],
): { placeOf: Map<string, string>; places: { key: string; label: string }[] } {
  if (level === 'province') {
    return { placeOf: new Map(featureNames.map((name) => [name, name])), places: featureNames.map((name) => ({ key: name, label: name })) };
  }
  const placeOf = assignFeaturesToCities(province ?? '', featureNames, dataPlaces);
  const places: { key: string; label: string }[] = [];
  for (const name of featureNames) {
    if (placeOf.has(name)) continue;
    const short = shortCityName(name);
    placeOf.set(name, short);
    places.push({ key: short, label: short });
  }
  // At the venue level the map shows the province's cities, but the rows are venues.
  return { placeOf, places: level === 'city' ? places : [] };
}

/** Formats of the numbers the view shows. */
export interface RegionFormat {
  /** The metric's values (count, money or share). */
  readonly value: (value: number | null | undefined) => string;
  readonly percent: (value: number | null | undefined) => string;
  readonly change: (value: number | null | undefined) => string;
  readonly number: (value: number | null | undefined) => string;
}

export interface RegionLabels {
  readonly region: string;
  readonly value: string;
  readonly rank: string;
  readonly share: string;
  readonly growth: string;
  readonly yoy: string;
  readonly utilisation: string;
  readonly nextForecast: string;
  readonly forecastGrowth: string;
  readonly emerging: string;
  readonly emergingYes: string;
  readonly noData: string;
  /** `{rank}` and `{total}` are filled in. */
  readonly rankOf: string;
}

export interface ChoroplethInput {
  /** Name the map is registered under with ECharts. */
  readonly mapName: string;
  /** Every region of the map. */
  readonly featureNames: readonly string[];
  /** The place (row key) a region of the map belongs to, if any. */
  readonly placeOf: (featureName: string) => string | undefined;
  readonly rows: readonly RegionRow[];
  /** Row key drawn with an outline (the city picked). */
  readonly selected?: string | undefined;
  readonly metricLabel: string;
  readonly labels: RegionLabels;
  readonly format: RegionFormat;
  /** Names on the regions with data (for a province's cities; the country map is too crowded). */
  readonly showNames?: boolean;
}

/** Grey of regions without data; the colour ramp of those with data. */
export const NO_DATA_COLOUR = '#e5e7eb';
const RAMP = ['#dbeafe', '#93c5fd', '#3b82f6', '#1d4ed8', '#1e3a8a'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A choropleth of the rows over a registered map: every region drawn, grey when it has no data, a
 * colour scale over the values, a tooltip with value and rank.
 */
export function buildChoropleth(input: ChoroplethInput): ChartOption {
  const byKey = new Map(input.rows.map((row) => [row.key, row]));
  const ranked = input.rows.filter((row) => row.value !== null).length;
  const data = input.featureNames.flatMap((name) => {
    const place = input.placeOf(name);
    const row = place === undefined ? undefined : byKey.get(place);
    const outline = place !== undefined && place === input.selected ? { itemStyle: { borderColor: '#f59e0b', borderWidth: 2.5 } } : {};
    // Names go on the regions with data only: small grey neighbours would bury them.
    const named = input.showNames ? { label: { show: true } } : {};
    return row?.value === null || row === undefined
      ? Object.keys(outline).length
        ? [{ name, ...outline, ...named }]
        : []
      : [{ name, value: row.value, ...outline, ...named }];
  });
  const values = input.rows.map((row) => row.value).filter((value): value is number => value !== null);
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(0, ...values) : 0;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: { name: string }) => {
        const place = input.placeOf(params.name);
        const row = place === undefined ? undefined : byKey.get(place);
        const title = escapeHtml(row && row.label !== params.name ? `${row.label}（${params.name}）` : params.name);
        if (!row || row.value === null) return `${title}<br/>${escapeHtml(input.labels.noData)}`;
        const rank = input.labels.rankOf.replace('{rank}', String(row.rank)).replace('{total}', String(ranked));
        return `${title}<br/>${escapeHtml(input.metricLabel)}: <b>${escapeHtml(input.format.value(row.value))}</b><br/>${escapeHtml(rank)}`;
      },
    },
    visualMap: {
      type: 'continuous',
      // A scale with nothing on it says nothing.
      show: values.length > 0,
      min,
      max: max > min ? max : min + 1,
      left: 8,
      bottom: 8,
      itemHeight: 90,
      itemWidth: 10,
      calculable: true,
      inRange: { color: RAMP },
      formatter: (value: number) => input.format.value(value),
      textStyle: { fontSize: 11 },
    },
    series: [
      {
        type: 'map',
        map: input.mapName,
        roam: false,
        selectedMode: false,
        layoutCenter: ['50%', '52%'],
        layoutSize: '100%',
        label: { show: false, fontSize: 10, color: '#111827' },
        itemStyle: { areaColor: NO_DATA_COLOUR, borderColor: '#ffffff', borderWidth: 0.8 },
        emphasis: { label: { show: true, fontSize: 11 }, itemStyle: { areaColor: '#fcd34d' } },
        data,
      },
    ],
  };
}

/** The map card's table: every place with its value and rank. */
export function choroplethTable(rows: readonly RegionRow[], labels: RegionLabels, format: RegionFormat): TableData<RegionRow> {
  return {
    columns: [
      { key: 'label', label: labels.region },
      {
        key: 'value',
        label: labels.value,
        numeric: true,
        format: (value) => (value === null ? labels.noData : format.value(value as number)),
      },
      { key: 'rank', label: labels.rank, numeric: true, format: (value) => (value === null ? '—' : String(value)) },
    ],
    rows,
  };
}

/** The ranking table: value, share, growth, capacity use, forecast and the emerging flag. */
export function rankingTable(rows: readonly RegionRow[], labels: RegionLabels, format: RegionFormat): TableData<RegionRow> {
  return {
    columns: [
      { key: 'rank', label: labels.rank, numeric: true, format: (value) => (value === null ? '—' : String(value)) },
      { key: 'label', label: labels.region },
      {
        key: 'value',
        label: labels.value,
        numeric: true,
        format: (value) => (value === null ? labels.noData : format.value(value as number)),
      },
      { key: 'share', label: labels.share, numeric: true, format: (value) => format.percent(value as number | null) },
      { key: 'growth', label: labels.growth, numeric: true, format: (value) => format.change(value as number | null) },
      { key: 'yoy', label: labels.yoy, numeric: true, format: (value) => format.change(value as number | null) },
      { key: 'utilisation', label: labels.utilisation, numeric: true, format: (value) => format.percent(value as number | null) },
      { key: 'forecast', label: labels.nextForecast, numeric: true, format: (value) => format.number(value as number | null) },
      { key: 'forecastGrowth', label: labels.forecastGrowth, numeric: true, format: (value) => format.change(value as number | null) },
      { key: 'emerging', label: labels.emerging, format: (value) => (value ? labels.emergingYes : '') },
    ],
    rows,
  };
}

/** Horizontal bars of the largest `limit` places, largest on top; bars carry the row key for clicks. */
export function buildRankingBars(
  rows: readonly RegionRow[],
  limit: number,
  metricLabel: string,
  format: RegionFormat,
  /** Whether the values are counts: whole ticks only, or small counts read "0 1 1 2 2". */
  counts = false,
): ChartOption {
  const top = rows
    .filter((row) => row.value !== null)
    .slice(0, limit)
    .reverse();
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value: unknown) => format.value(value as number) },
    xAxis: { type: 'value', minInterval: counts ? 1 : undefined, axisLabel: { formatter: (value: number) => format.value(value) } },
    yAxis: {
      type: 'category',
      data: top.map((row) => row.label),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        name: metricLabel,
        type: 'bar',
        data: top.map((row) => ({ value: row.value, key: row.key, itemStyle: row.emerging ? { color: '#f59e0b' } : undefined })),
        label: { show: true, position: 'right', formatter: (params: { value: number }) => format.value(params.value), fontSize: 11 },
        barMaxWidth: 18,
      },
    ],
  };
}

/** URL parameter of the ranking table's sort: `column` (largest first) or `column:asc`. */
export const RANK_SORT_PARAM = 'rank_by';

/** The ranking's sort from the URL; by value, largest first, when absent or unknown. */
export function readRankSort(text: string | null, columns: readonly string[]): { key: string; ascending: boolean } {
  const [key = '', direction] = (text ?? '').split(':');
  return columns.includes(key) && key !== 'label' ? { key, ascending: direction === 'asc' } : { key: 'value', ascending: false };
}

/** Rows sorted by a column, missing values last whatever the direction, ties kept in ranking order. */
export function sortRows(rows: readonly RegionRow[], sort: { key: string; ascending: boolean }): RegionRow[] {
  const value = (row: RegionRow) => {
    const cell = (row as unknown as Record<string, unknown>)[sort.key];
    return typeof cell === 'number' ? cell : typeof cell === 'boolean' ? Number(cell) : null;
  };
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sort.ascending ? x - y : y - x;
  });
}

/**
 * Every place of the level within the scope, from the catalog, as rows shaped like the metrics
 * layer's (`province`, `city`, or `venue` and `venue_name`), so places quiet in the period are listed too.
 */
export function knownPlaces(list: PlaceList, scope: RegionScope): Record<string, string>[] {
  if (scope.level === 'province') return list.provinces.map((province) => ({ province: province.name }));
  if (scope.level === 'city') return citiesIn(list, scope.province).map((city) => ({ city: city.name }));
  return venuesIn(list, scope.province, scope.city).map((venue) => ({ venue: venue.id, venue_name: venue.name ?? venue.id }));
}
