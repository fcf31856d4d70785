import { describe, expect, it } from 'vitest';
import {
  knownPlaces,
  buildChoropleth,
  buildRankingBars,
  buildRegionRows,
  choroplethTable,
  forecastTarget,
  isAdditive,
  mapPlaces,
  readRankSort,
  sortRows,
  rankingTable,
  regionScope,
  scopeWhere,
  targetParams,
  toFlowMetric,
  type RegionFormat,
  type RegionLabels,
} from './region-model.ts';

const format: RegionFormat = {
  value: (v) => (v === null || v === undefined ? '—' : `${v}`),
  percent: (v) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`),
  change: (v) => (v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${Math.round(v * 1000) / 10}%`),
  number: (v) => (v === null || v === undefined ? '—' : `${Math.round(v)}`),
};
const labels: RegionLabels = {
  region: '地区',
  value: '数值',
  rank: '排名',
  share: '占比',
  growth: '环比',
  yoy: '同比',
  utilisation: '利用率',
  nextForecast: '预测',
  forecastGrowth: '预测变化',
  emerging: '新兴',
  emergingYes: '是',
  noData: '无数据',
  rankOf: '第 {rank} 名 / 共 {total}',
};

describe('the drill-down level', () => {
  it('lists provinces, then the cities of a province, then the venues of a city', () => {
    expect(regionScope({})).toEqual({ level: 'province', venue: undefined });
    expect(regionScope({ province: '广东' })).toMatchObject({ level: 'city', province: '广东' });
    expect(regionScope({ province: '广东', city: '深圳', venue: 'V1' })).toEqual({
      level: 'venue',
      province: '广东',
      city: '深圳',
      venue: 'V1',
    });
    expect(scopeWhere(regionScope({}))).toEqual([]);
    expect(scopeWhere(regionScope({ province: '广东' }))).toEqual(['province=广东']);
    expect(scopeWhere(regionScope({ province: '广东', city: '深圳' }))).toEqual(['province=广东', 'city=深圳']);
  });

  it('forecasts the most specific place chosen', () => {
    expect(forecastTarget({})).toEqual({ level: 'all' });
    expect(forecastTarget({ province: '广东' })).toEqual({ level: 'province', value: '广东' });
    expect(forecastTarget({ province: '广东', city: '深圳' })).toEqual({ level: 'city', value: '深圳' });
    expect(forecastTarget({ province: '广东', city: '深圳', venue: 'V1' })).toEqual({ level: 'venue', value: 'V1' });
    expect(targetParams({ level: 'city', value: '深圳' })).toEqual({ city: '深圳' });
    expect(targetParams({ level: 'all' })).toEqual({});
  });

  it('forecasts visitors for a metric the flow forecasts do not cover', () => {
    expect(toFlowMetric('revenue')).toBe('revenue');
    expect(toFlowMetric('aov')).toBe('visitors');
    expect(toFlowMetric(null)).toBe('visitors');
  });
});

describe('region rows', () => {
  const current = [
    { province: '广东', visitors: 40, visitors_change_rate: 0.25 },
    { province: '河南', visitors: 50, visitors_change_rate: -0.5 },
    { province: '江西', visitors: 10, visitors_change_rate: null },
  ];
  const lastYear = [
    { province: '广东', visitors: 40, visitors_change_rate: 1 },
    { province: '河南', visitors: 50, visitors_change_rate: 0.1 },
  ];
  const hotspots = [{ key: '广东', label: '广东', utilisation: 0.3, forecast: 44, forecastGrowth: 0.1, emerging: true }];

  it('lists every place, those with data by value with their share, growth and hot-spot figures, the others last', () => {
    const rows = buildRegionRows({
      level: 'province',
      metric: { name: 'visitors', unit: 'count' },
      places: [{ key: '西藏' }, { key: '广东' }, { key: '河南' }, { key: '台湾' }],
      current,
      lastYear,
      hotspots,
      total: 100,
    });
    expect(rows.map((row) => row.key)).toEqual(['河南', '广东', '江西', '台湾', '西藏']);
    expect(rows[0]).toMatchObject({ value: 50, rank: 1, share: 0.5, growth: -0.5, yoy: 0.1, utilisation: null, emerging: false });
    expect(rows[1]).toMatchObject({ value: 40, rank: 2, share: 0.4, growth: 0.25, yoy: 1, utilisation: 0.3, forecast: 44, emerging: true });
    expect(rows[2]).toMatchObject({ key: '江西', value: 10, rank: 3, growth: null, yoy: null });
    expect(rows[3]).toMatchObject({ key: '台湾', value: null, rank: null, share: null });
  });

  it('gives equal values the same rank', () => {
    const rows = buildRegionRows({
      level: 'city',
      metric: { name: 'orders', unit: 'count' },
      places: [],
      current: [
        { city: 'a', orders: 5 },
        { city: 'b', orders: 5 },
        { city: 'c', orders: 2 },
      ],
    });
    expect(rows.map((row) => row.rank)).toEqual([1, 1, 3]);
  });

  it('gives no share for rates and averages', () => {
    expect(isAdditive({ name: 'conversion_rate', unit: 'ratio' })).toBe(false);
    expect(isAdditive({ name: 'aov', unit: 'currency' })).toBe(false);
    expect(isAdditive({ name: 'revenue', unit: 'currency' })).toBe(true);
    const rows = buildRegionRows({
      level: 'province',
      metric: { name: 'aov', unit: 'currency' },
      places: [],
      current: [{ province: '广东', aov: 120 }],
    });
    expect(rows[0]!.share).toBeNull();
  });

  it('never sums distinct users: their shares are of the total the API gives for the whole', () => {
    // A visitor of two provinces counts once in the country: 40 + 50 + 10 = 100 overstates its 80.
    expect(isAdditive({ name: 'visitors', unit: 'count' })).toBe(false);
    expect(isAdditive({ name: 'buyers', unit: 'count' })).toBe(false);
    expect(isAdditive({ name: 'active_users', unit: 'count' })).toBe(false);
    expect(isAdditive({ name: 'orders', unit: 'count' })).toBe(true);
    const withTotal = buildRegionRows({ level: 'province', metric: { name: 'visitors', unit: 'count' }, places: [], current, total: 80 });
    expect(withTotal.map((row) => row.share)).toEqual([50 / 80, 40 / 80, 10 / 80]);
    const withoutTotal = buildRegionRows({ level: 'province', metric: { name: 'visitors', unit: 'count' }, places: [], current });
    expect(withoutTotal.map((row) => row.share)).toEqual([null, null, null]);
    // Orders do add up: their shares are of the sum until the API's total is there.
    const orders = buildRegionRows({
      level: 'city',
      metric: { name: 'orders', unit: 'count' },
      places: [],
      current: [
        { city: 'a', orders: 3 },
        { city: 'b', orders: 1 },
      ],
    });
    expect(orders.map((row) => row.share)).toEqual([0.75, 0.25]);
  });

  it('labels venues by their catalog name', () => {
    const rows = buildRegionRows({
      level: 'venue',
      metric: { name: 'visitors', unit: 'count' },
      places: [{ key: 'V2', label: '海洋馆' }],
      current: [{ venue: 'V1', venue_name: '动物园', visitors: 3 }],
    });
    expect(rows.map((row) => [row.key, row.label])).toEqual([
      ['V1', '动物园'],
      ['V2', '海洋馆'],
    ]);
  });
});

describe('choropleth', () => {
  const rows = buildRegionRows({
    level: 'province',
    metric: { name: 'visitors', unit: 'count' },
    places: [{ key: '广东' }, { key: '河南' }, { key: '西藏' }],
    current: [
      { province: '广东', visitors: 40 },
      { province: '河南', visitors: 50 },
    ],
  });
  const option = buildChoropleth({
    mapName: 'china',
    featureNames: ['广东', '河南', '西藏'],
    placeOf: (name) => name,
    rows,
    metricLabel: '客流',
    labels,
    format,
  }) as {
    series: { map: string; data: { name: string; value?: number }[]; itemStyle: { areaColor: string } }[];
    visualMap: { min: number; max: number };
    tooltip: { formatter: (params: { name: string }) => string };
  };

  it('colours regions with data and leaves the others grey', () => {
    expect(option.series[0]!.map).toBe('china');
    expect(option.series[0]!.data).toEqual([
      { name: '广东', value: 40 },
      { name: '河南', value: 50 },
    ]);
    expect(option.series[0]!.itemStyle.areaColor).toBe('#e5e7eb');
    expect(option.visualMap).toMatchObject({ min: 0, max: 50 });
  });

  it('says value and rank in the tooltip, and "no data" for a grey region', () => {
    expect(option.tooltip.formatter({ name: '广东' })).toBe('广东<br/>客流: <b>40</b><br/>第 2 名 / 共 2');
    expect(option.tooltip.formatter({ name: '西藏' })).toBe('西藏<br/>无数据');
  });

  it('names the city of a district in the tooltip and outlines the chosen city', () => {
    const cityRows = buildRegionRows({
      level: 'city',
      metric: { name: 'visitors', unit: 'count' },
      places: [],
      current: [{ city: '上海', visitors: 16 }],
    });
    const districts = buildChoropleth({
      mapName: 'province:shanghai',
      featureNames: ['黄浦区', '徐汇区'],
      placeOf: () => '上海',
      rows: cityRows,
      selected: '上海',
      metricLabel: '客流',
      labels,
      format,
    }) as typeof option;
    expect(districts.series[0]!.data).toEqual([
      { name: '黄浦区', value: 16, itemStyle: { borderColor: '#f59e0b', borderWidth: 2.5 } },
      { name: '徐汇区', value: 16, itemStyle: { borderColor: '#f59e0b', borderWidth: 2.5 } },
    ]);
    const named = buildChoropleth({
      mapName: 'province:shanghai',
      featureNames: ['黄浦区', '徐汇区'],
      placeOf: (name) => (name === '黄浦区' ? '上海' : undefined),
      rows: cityRows,
      metricLabel: '客流',
      labels,
      format,
      showNames: true,
    }) as typeof option;
    expect(named.series[0]!.data).toEqual([{ name: '黄浦区', value: 16, label: { show: true } }]);
    expect(districts.tooltip.formatter({ name: '黄浦区' })).toContain('上海（黄浦区）');
  });

  it('tables every place with its value or "no data"', () => {
    const table = choroplethTable(rows, labels, format);
    expect(table.rows.map((row) => row.label)).toEqual(['河南', '广东', '西藏']);
    const value = table.columns[1]!;
    expect(value.format!(table.rows[2]!.value, table.rows[2]!)).toBe('无数据');
  });
});

describe('ranking', () => {
  const rows = buildRegionRows({
    level: 'city',
    metric: { name: 'visitors', unit: 'count' },
    places: [{ key: '汕头' }],
    current: [
      { city: '深圳', visitors: 11, visitors_change_rate: 0.1 },
      { city: '东莞', visitors: 19, visitors_change_rate: -0.1 },
    ],
    hotspots: [{ key: '深圳', label: '深圳', utilisation: 0.02, forecast: 12, forecastGrowth: 0.09, emerging: true }],
    total: 30,
  });

  it('draws the largest places on top and marks emerging ones', () => {
    const option = buildRankingBars(rows, 10, '客流', format) as {
      yAxis: { data: string[] };
      series: { data: { value: number; key: string; itemStyle?: unknown }[] }[];
    };
    expect(option.yAxis.data).toEqual(['深圳', '东莞']);
    expect(option.series[0]!.data.map((d) => d.key)).toEqual(['深圳', '东莞']);
    expect(option.series[0]!.data[0]!.itemStyle).toEqual({ color: '#f59e0b' });
  });

  it('ticks count axes in whole numbers, so small counts do not read "0 1 1 2 2"', () => {
    const option = buildRankingBars(rows, 10, '客流', format, true) as { xAxis: { minInterval?: number } };
    expect(option.xAxis.minInterval).toBe(1);
  });

  it('tables every column the ranking shows', () => {
    const table = rankingTable(rows, labels, format);
    expect(table.columns.map((column) => column.key)).toEqual([
      'rank',
      'label',
      'value',
      'share',
      'growth',
      'yoy',
      'utilisation',
      'forecast',
      'forecastGrowth',
      'emerging',
    ]);
    const shenzhen = table.rows.find((row) => row.key === '深圳')!;
    const cell = (key: string) => table.columns.find((column) => column.key === key)!.format!((shenzhen as never)[key], shenzhen);
    expect(cell('share')).toBe('36.7%');
    expect(cell('utilisation')).toBe('2%');
    expect(cell('emerging')).toBe('是');
  });
});

describe('map places', () => {
  it('lists every province of the country map', () => {
    const { placeOf, places } = mapPlaces('province', undefined, ['广东', '台湾'], ['广东']);
    expect(placeOf.get('台湾')).toBe('台湾');
    expect(places.map((place) => place.key)).toEqual(['广东', '台湾']);
  });

  it('lists the cities of a province map without data under their short names', () => {
    const { placeOf, places } = mapPlaces('city', '湖北', ['武汉市', '恩施土家族苗族自治州', '宜昌市'], ['恩施']);
    expect(placeOf.get('恩施土家族苗族自治州')).toBe('恩施');
    expect(placeOf.get('武汉市')).toBe('武汉');
    expect(places.map((place) => place.key)).toEqual(['武汉', '宜昌']);
  });

  it('adds no places at the venue level, where the rows are venues', () => {
    const { placeOf, places } = mapPlaces('venue', '上海', ['黄浦区', '徐汇区'], ['上海']);
    expect(placeOf.get('徐汇区')).toBe('上海');
    expect(places).toEqual([]);
  });
});

describe('ranking sort', () => {
  const rows = buildRegionRows({
    level: 'province',
    metric: { name: 'visitors', unit: 'count' },
    places: [{ key: '西藏' }],
    current: [
      { province: '广东', visitors: 40, visitors_change_rate: 0.5 },
      { province: '河南', visitors: 50, visitors_change_rate: -0.5 },
    ],
  });

  it('sorts by value, largest first, unless the URL names a column', () => {
    expect(readRankSort(null, ['value', 'growth'])).toEqual({ key: 'value', ascending: false });
    expect(readRankSort('growth:asc', ['value', 'growth'])).toEqual({ key: 'growth', ascending: true });
    expect(readRankSort('nonsense', ['value', 'growth'])).toEqual({ key: 'value', ascending: false });
  });

  it('keeps places without a value last in either direction', () => {
    expect(sortRows(rows, { key: 'growth', ascending: false }).map((row) => row.key)).toEqual(['广东', '河南', '西藏']);
    expect(sortRows(rows, { key: 'growth', ascending: true }).map((row) => row.key)).toEqual(['河南', '广东', '西藏']);
  });
});

describe('places known to the catalog', () => {
  const list = {
    provinces: [
      { name: '广东', venues: 2 },
      { name: '北京', venues: 1 },
    ],
    cities: [
      { name: '广州', province: '广东', venues: 1 },
      { name: '深圳', province: '广东', venues: 1 },
      { name: '北京', province: '北京', venues: 1 },
    ],
    venues: [
      { id: 'V1', name: '长隆', province: '广东', city: '广州', type: 'scenic_spot' },
      { id: 'V2', name: null, province: '广东', city: '深圳', type: 'store' },
      { id: 'V3', name: '故宫', province: '北京', city: '北京', type: 'museum' },
    ],
  };

  it('lists the provinces, the cities of the province, or the venues of the city, shaped like metrics rows', () => {
    expect(knownPlaces(list, { level: 'province' })).toEqual([{ province: '广东' }, { province: '北京' }]);
    expect(knownPlaces(list, { level: 'city', province: '广东' })).toEqual([{ city: '广州' }, { city: '深圳' }]);
    expect(knownPlaces(list, { level: 'venue', province: '广东', city: '深圳' })).toEqual([{ venue: 'V2', venue_name: 'V2' }]);
  });
});
