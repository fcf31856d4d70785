// Hand-built report documents for the renderer tests: a month of orders and a week of logs shaped like
// what build-reports.ts produces (same columns, labels and metric names), with deterministic numbers,
// a hostile product name, and variants for empty and oversized reports.
import type {
  Anomaly,
  Kpi,
  LogReport,
  LogTemplateRow,
  OrderReport,
  ReportTable,
  SeriesPoint,
} from '../../analysis/reports/report-model.ts';
import type { Cell } from '../../analysis/result-table.ts';
import { addDays, isoWeekday } from '../../domain/calendar/civil-date.ts';

/** A product name that tries to run script in the HTML and to inject a tag into the Markdown. */
export const HOSTILE_NAME = '<script>alert(1)</script>';

/** A KPI with both change rates worked out from the values, as the metrics layer reports them. */
export function kpi(
  metric: string,
  label: string,
  unit: Kpi['unit'],
  value: number | null,
  previous: number | null,
  lastYear: number | null,
): Kpi {
  const rate = (base: number | null) => (value === null || base === null || base === 0 ? null : value / base - 1);
  return { metric, label, unit, value, previous, previousChangeRate: rate(previous), lastYear, lastYearChangeRate: rate(lastYear) };
}

/** The days from `from`, `count` of them. */
export function daysFrom(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// Weekends sell more, as they do at scenic spots; index 0 is Monday.
const WEEKDAY_ORDERS = [380, 360, 370, 390, 450, 620, 580];

const DAYS = daysFrom('2024-06-01', 30);
const EXPECTED_ORDERS = DAYS.map((d) => WEEKDAY_ORDERS[isoWeekday(d) - 1] ?? 400);
const ORDER_VALUES = DAYS.map((d, i) => {
  const base = (EXPECTED_ORDERS[i] ?? 400) + ((i * 37) % 25) - 12;
  if (d === '2024-06-12') return Math.round(base * 1.6);
  if (d === '2024-06-25') return Math.round(base * 0.5);
  return base;
});
const PRICE = DAYS.map((_, i) => 128.5 + (i % 5) * 3.17);
const REVENUE_VALUES = DAYS.map((d, i) => round2((ORDER_VALUES[i] ?? 0) * (PRICE[i] ?? 0) * (d === '2024-06-18' ? 2.1 : 1)));

function series(values: readonly number[], expected: readonly number[]): SeriesPoint[] {
  return DAYS.map((at, i) => {
    const e = expected[i] ?? 0;
    return { at, value: values[i] ?? 0, expected: e, lower: round2(e * 0.85), upper: round2(e * 1.15) };
  });
}

function anomalyAt(points: readonly SeriesPoint[], at: string, metric: string): Anomaly {
  const p = points.find((x) => x.at === at);
  if (!p || p.value === null || p.expected == null || p.lower == null || p.upper == null) throw new Error(`no point at ${at}`);
  const deviation = round2(p.value - p.expected);
  return {
    at,
    metric,
    value: p.value,
    expected: p.expected,
    lower: p.lower,
    upper: p.upper,
    direction: p.value > p.expected ? 'high' : 'low',
    deviation,
    relative: deviation / p.expected,
  };
}

const COUNTS: ReportTable['columns'] = [
  { name: 'orders', label: '订单数', unit: 'count' },
  { name: 'revenue', label: '销售额', unit: 'currency' },
];

function withShare(rows: ReadonlyArray<Record<string, Cell>>): Record<string, Cell>[] {
  const total = rows.reduce((sum, r) => sum + Number(r.orders ?? 0), 0);
  return rows.map((r) => ({ ...r, share: total > 0 ? Number(r.orders ?? 0) / total : null }));
}

const PRODUCT_NAMES = [
  '故宫博物院成人票',
  '八达岭长城门票',
  HOSTILE_NAME,
  '颐和园联票',
  '天坛公园门票',
  '恭王府门票',
  '景山公园门票',
  '北海公园门票',
];

/** `count` top products, best-selling first; the third is the hostile name. */
export function productRows(count: number): Record<string, Cell>[] {
  return Array.from({ length: count }, (_, i) => ({
    product: `P${String(1001 + i)}`,
    product_name: PRODUCT_NAMES[i] ?? `文创商品 第${i + 1}款 限定版纪念礼盒装（含明信片、书签与冰箱贴）`,
    orders: 2000 - i * 35,
    revenue: round2(256789.12 - i * 4321.5),
  }));
}

function productsTable(count: number): ReportTable {
  return {
    title: '热销商品',
    columns: [{ name: 'product', label: '商品ID', unit: 'text' }, { name: 'product_name', label: '商品名称', unit: 'text' }, ...COUNTS],
    rows: productRows(count),
  };
}

function heatmapValues(): number[][] {
  return Array.from({ length: 7 }, (_, r) =>
    Array.from({ length: 24 }, (_, h) => {
      const open = h >= 8 && h <= 21 ? 1 : 0.05;
      const midday = h >= 11 && h <= 15 ? 1.6 : 1;
      const weekend = r >= 5 ? 1.5 : 1;
      // Saturday 14:00 is the busiest slot.
      return Math.round(20 * open * midday * weekend + (r === 5 && h === 14 ? 25 : 0));
    }),
  );
}

/** A realistic June 2024 order report for a Beijing ticketing business. */
export function orderReportFixture(overrides: Partial<OrderReport> = {}): OrderReport {
  const orders = series(ORDER_VALUES, EXPECTED_ORDERS);
  const revenue = series(
    REVENUE_VALUES,
    EXPECTED_ORDERS.map((e, i) => round2(e * (PRICE[i] ?? 0))),
  );
  const nextDays = daysFrom('2024-07-01', 30);
  return {
    kind: 'orders',
    title: '订单分析报告',
    generatedAt: '2024-07-01T01:30:00.000Z',
    timeZone: 'Asia/Shanghai',
    period: { from: '2024-06-01', to: '2024-06-30' },
    previousPeriod: { from: '2024-05-02', to: '2024-05-31' },
    lastYearPeriod: { from: '2023-06-01', to: '2023-06-30' },
    filters: ['channel=wechat,app'],
    kpis: [
      kpi('orders', '订单数', 'count', 14321, 12752, 14779),
      kpi('paid_orders', '支付订单数', 'count', 13102, 11640, 13500),
      kpi('gmv', '下单金额 (GMV)', 'currency', 1456789.01, 1300000, 1500000),
      kpi('revenue', '销售额', 'currency', 1234567.89, 1100000, 1274000.5),
      kpi('aov', '客单价', 'currency', 94.23, 94.5, 94.37),
      kpi('buyers', '购买用户数', 'count', 10876, 9800, null),
      kpi('visitors', '客流 (访客数)', 'count', 52340, 50000, 51000),
      kpi('conversion_rate', '转化率', 'ratio', 0.2078, 0.196, 0.21),
      kpi('pay_rate', '支付率', 'ratio', 0.9149, 0.9128, 0.9135),
      kpi('cancel_rate', '取消率', 'ratio', 0.0512, 0.0533, 0.05),
      kpi('refund_rate', '退款率', 'ratio', 0.0213, 0.0198, 0.0213),
      kpi('repurchase_rate', '复购率', 'ratio', 0.1345, 0.1302, 0.128),
    ],
    funnel: { created: 14321, paid: 13102, completed: 12640, cancelled: 733, refunded: 305 },
    daily: { orders, revenue },
    channelMix: {
      title: '渠道构成',
      columns: [{ name: 'channel', label: '渠道', unit: 'text' }, ...COUNTS, { name: 'share', label: '占比', unit: 'ratio' }],
      rows: withShare([
        { channel: 'wechat', orders: 7120, revenue: 613456.78 },
        { channel: 'app', orders: 4310, revenue: 372100.11 },
        { channel: 'mobile', orders: 2011, revenue: 170000 },
        { channel: 'pc', orders: 880, revenue: 79011 },
      ]),
    },
    orderTypeMix: {
      title: '下单类型构成',
      columns: [{ name: 'order_type', label: '下单类型', unit: 'text' }, ...COUNTS, { name: 'share', label: '占比', unit: 'ratio' }],
      rows: withShare([
        { order_type: 'online', orders: 11800, revenue: 1010000.5 },
        { order_type: 'pickup', orders: 1900, revenue: 170000.39 },
        { order_type: 'phone', orders: 621, revenue: 54567 },
      ]),
    },
    topProducts: productsTable(8),
    topVenues: {
      title: '热门场所',
      columns: [
        { name: 'venue_name', label: '场所', unit: 'text' },
        { name: 'province', label: '省份', unit: 'text' },
        { name: 'city', label: '城市', unit: 'text' },
        ...COUNTS,
        { name: 'visitors', label: '客流', unit: 'count' },
      ],
      rows: [
        { venue: 'V01', venue_name: '故宫博物院', province: '北京', city: '北京', orders: 4100, revenue: 352000.5, visitors: 15020 },
        { venue: 'V02', venue_name: '八达岭长城', province: '北京', city: '北京', orders: 3020, revenue: 259000, visitors: 11230 },
        { venue: 'V03', venue_name: '颐和园', province: '北京', city: '北京', orders: 2100, revenue: 180100.25, visitors: 9100 },
        { venue: 'V04', venue_name: '西湖景区', province: '浙江', city: '杭州', orders: 1500, revenue: 120000, visitors: 8000 },
        { venue: 'V05', venue_name: '外滩观光隧道', province: '上海', city: '上海', orders: 980, revenue: 88000, visitors: 5100 },
      ],
    },
    provinces: {
      title: '省份分布',
      columns: [
        { name: 'province', label: '省份', unit: 'text' },
        ...COUNTS,
        { name: 'orders_change_rate', label: '订单环比', unit: 'change_rate' },
        { name: 'revenue_change_rate', label: '销售额环比', unit: 'change_rate' },
      ],
      rows: [
        { province: '北京', orders: 9220, revenue: 791100.75, orders_change_rate: 0.1523, revenue_change_rate: 0.1342 },
        { province: '浙江', orders: 2100, revenue: 180000, orders_change_rate: -0.0421, revenue_change_rate: -0.0315 },
        { province: '上海', orders: 1600, revenue: 140000.14, orders_change_rate: 0.08, revenue_change_rate: 0.0912 },
        { province: '广东', orders: 900, revenue: 80000, orders_change_rate: null, revenue_change_rate: null },
        { province: '四川', orders: 501, revenue: 43467, orders_change_rate: 0, revenue_change_rate: 0.002 },
      ],
    },
    cities: {
      title: '城市排行',
      columns: [{ name: 'province', label: '省份', unit: 'text' }, { name: 'city', label: '城市', unit: 'text' }, ...COUNTS],
      rows: [
        { province: '北京', city: '北京', orders: 9220, revenue: 791100.75 },
        { province: '浙江', city: '杭州', orders: 1700, revenue: 150000 },
        { province: '上海', city: '上海', orders: 1600, revenue: 140000.14 },
      ],
    },
    heatmap: { weekdays: [1, 2, 3, 4, 5, 6, 7], hours: Array.from({ length: 24 }, (_, h) => h), values: heatmapValues() },
    anomalies: [
      anomalyAt(orders, '2024-06-12', 'orders'),
      anomalyAt(revenue, '2024-06-18', 'revenue'),
      anomalyAt(orders, '2024-06-25', 'orders'),
    ],
    outlook: {
      method: 'seasonal naive: mean of the same weekday over the last 4 weeks',
      note: 'A plain projection without holidays or weather; the flow forecasting module replaces it once available.',
      period: { from: '2024-07-01', to: '2024-07-30' },
      orders: 14050,
      revenue: 1210345.6,
      daily: nextDays.map((at) => ({ at, value: WEEKDAY_ORDERS[isoWeekday(at) - 1] ?? null })),
    },
    ...overrides,
  };
}

/** A report of a period without any orders: zeros, empty tables, no anomalies, no forecast. */
export function emptyOrderReport(): OrderReport {
  const base = orderReportFixture();
  const empty = (table: ReportTable): ReportTable => ({ ...table, rows: [] });
  const zeros = (points: readonly SeriesPoint[]) => points.map((p) => ({ at: p.at, value: 0, expected: null, lower: null, upper: null }));
  return {
    ...base,
    filters: [],
    kpis: base.kpis.map((k) => ({
      ...k,
      value: k.unit === 'ratio' ? null : 0,
      previous: 0,
      previousChangeRate: null,
      lastYear: null,
      lastYearChangeRate: null,
    })),
    funnel: { created: 0, paid: 0, completed: 0, cancelled: 0, refunded: 0 },
    daily: { orders: zeros(base.daily.orders), revenue: zeros(base.daily.revenue) },
    channelMix: empty(base.channelMix),
    orderTypeMix: empty(base.orderTypeMix),
    topProducts: empty(base.topProducts),
    topVenues: empty(base.topVenues),
    provinces: empty(base.provinces),
    cities: empty(base.cities),
    heatmap: { ...base.heatmap, values: base.heatmap.values.map((row) => row.map(() => 0)) },
    anomalies: [],
    outlook: { ...base.outlook, orders: null, revenue: null, daily: base.outlook.daily.map((p) => ({ at: p.at, value: null })) },
  };
}

/** The fixture with far more rows than a chat message can hold: 50 long-named products, 40 provinces, 30 anomalies. */
export function oversizedOrderReport(): OrderReport {
  const base = orderReportFixture();
  const anomaly = base.anomalies[0];
  if (!anomaly) throw new Error('fixture has anomalies');
  return {
    ...base,
    filters: Array.from({ length: 12 }, (_, i) => `venue=V${String(i).padStart(3, '0')}`),
    topProducts: productsTable(50),
    topVenues: {
      ...base.topVenues,
      rows: Array.from({ length: 50 }, (_, i) => ({
        venue_name: `第${i + 1}号景区游客服务中心（东门售票处）`,
        province: '北京',
        city: '北京',
        orders: 900 - i,
        revenue: 90000 - i * 10,
        visitors: 1000,
      })),
    },
    provinces: {
      ...base.provinces,
      rows: Array.from({ length: 40 }, (_, i) => ({
        province: `省份${i + 1}`,
        orders: 500 - i,
        revenue: 50000 - i,
        orders_change_rate: 0.01 * i,
        revenue_change_rate: -0.01 * i,
      })),
    },
    anomalies: Array.from({ length: 30 }, (_, i) => ({ ...anomaly, at: addDays('2024-06-01', i) })),
  };
}

const LOG_DAYS = daysFrom('2024-06-24', 7);

/** One template row of the error table. */
function template(
  template: string,
  count: number,
  levels: Record<string, number>,
  example: string,
  first: string,
  last: string,
): LogTemplateRow {
  return { template, count, levels, example, first, last };
}

/** A realistic week of system logs with five levels, three types, three sources, error templates and spikes. */
export function logReportFixture(overrides: Partial<LogReport> = {}): LogReport {
  const byLevel: Record<string, number[]> = {
    DEBUG: LOG_DAYS.map((_, i) => 52000 + i * 1300),
    INFO: LOG_DAYS.map((_, i) => 180000 + ((i * 7919) % 20000)),
    WARN: LOG_DAYS.map((_, i) => 4200 + i * 90),
    ERROR: LOG_DAYS.map((_, i) => (i === 3 ? 5400 : 1200 + i * 40)),
    FATAL: LOG_DAYS.map((_, i) => (i === 3 ? 12 : i % 2)),
  };
  const errorRate = LOG_DAYS.map((_, i) => {
    const total = Object.values(byLevel).reduce((sum, values) => sum + (values[i] ?? 0), 0);
    return ((byLevel.ERROR?.[i] ?? 0) + (byLevel.FATAL?.[i] ?? 0)) / total;
  });
  const logColumns = (name: string, label: string): ReportTable['columns'] => [
    { name, label, unit: 'text' },
    { name: 'log_count', label: '日志量', unit: 'count' },
    { name: 'error_rate', label: '错误率', unit: 'ratio' },
  ];
  return {
    kind: 'logs',
    title: '系统日志分析报告',
    generatedAt: '2024-07-01T00:05:00.000Z',
    timeZone: 'Asia/Shanghai',
    period: { from: '2024-06-24', to: '2024-06-30' },
    kpis: [kpi('log_count', '日志量', 'count', 1712345, 1650000, null), kpi('error_rate', '错误率', 'ratio', 0.0071, 0.0064, null)],
    daily: { days: LOG_DAYS, byLevel, errorRate },
    byType: {
      title: '按日志类型',
      columns: logColumns('log_type', '日志类型'),
      rows: [
        { log_type: 'api_request', log_count: 1200000, error_rate: 0.0052 },
        { log_type: 'user_action', log_count: 480000, error_rate: 0.0011 },
        { log_type: 'system_error', log_count: 32345, error_rate: 0.31 },
      ],
    },
    bySource: {
      title: '按日志源',
      columns: logColumns('log_source', '日志源'),
      rows: [
        { log_source: 'api', log_count: 1000000, error_rate: 0.006 },
        { log_source: 'server', log_count: 600000, error_rate: 0.0095 },
        { log_source: 'client', log_count: 112345, error_rate: 0.0021 },
      ],
    },
    topErrors: [
      template(
        'upstream <url> timed out after <duration>',
        4120,
        { ERROR: 4100, FATAL: 20 },
        'upstream https://pay.example.cn/api/v2/notify timed out after 3000ms',
        '2024-06-24T02:11:09.000Z',
        '2024-06-30T15:59:01.000Z',
      ),
      template(
        '订单 <id> 支付回调签名校验失败',
        1830,
        { ERROR: 1830 },
        '订单 20240627000123 支付回调签名校验失败',
        '2024-06-25T08:00:00.000Z',
        '2024-06-30T12:00:00.000Z',
      ),
      template(
        'db pool exhausted (<num> waiting)',
        640,
        { ERROR: 630, FATAL: 10 },
        'db pool exhausted (57 waiting)',
        '2024-06-27 14:02:03',
        '2024-06-27 14:59:59',
      ),
      template(
        'render failed: <str> is not a function',
        77,
        { ERROR: 77 },
        `render failed: "${HOSTILE_NAME}" is not a function ${'at render (bundle.js:1:1) '.repeat(40)}`,
        '2024-06-26T09:00:00.000Z',
        '2024-06-29T09:00:00.000Z',
      ),
    ],
    spikes: [
      {
        at: '2024-06-27 14:00',
        metric: 'errors',
        value: 3150,
        expected: 52,
        lower: 20,
        upper: 95,
        direction: 'high',
        deviation: 3098,
        relative: 59.58,
      },
      {
        at: '2024-06-27 15:00',
        metric: 'log_count',
        value: 41000,
        expected: 10500,
        lower: 8200,
        upper: 12900,
        direction: 'high',
        deviation: 30500,
        relative: 2.9048,
      },
    ],
    ...overrides,
  };
}

/** A week with no logs at all. */
export function emptyLogReport(): LogReport {
  const base = logReportFixture();
  return {
    ...base,
    kpis: base.kpis.map((k) => ({ ...k, value: k.unit === 'ratio' ? null : 0, previousChangeRate: null, lastYearChangeRate: null })),
    daily: { days: LOG_DAYS, byLevel: {}, errorRate: LOG_DAYS.map(() => null) },
    byType: { ...base.byType, rows: [] },
    bySource: { ...base.bySource, rows: [] },
    topErrors: [],
    spikes: [],
  };
}

/** Every <svg>…</svg> in a document, in order. */
export function svgsOf(html: string): string[] {
  return html.match(/<svg[\s>][\s\S]*?<\/svg>/g) ?? [];
}

/** Every <section>…</section> in a document, in order. */
export function sectionsOf(html: string): string[] {
  return html.match(/<section[\s>][\s\S]*?<\/section>/g) ?? [];
}

/** src= and href= values pointing off the page (http, https or protocol-relative), and CSS imports or url() loads. */
export function externalReferences(html: string): string[] {
  const attributes = [...html.matchAll(/\b(?:src|href|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>]*)/gi)].map(
    (m) => m[1] ?? '',
  );
  const css = [...html.matchAll(/@import|url\(/gi)].map((m) => m[0]);
  return [...attributes, ...css];
}

/** Tags in a Markdown text: what a chat client might take for HTML. */
export function htmlTagsOf(markdown: string): string[] {
  return markdown.match(/<\/?[A-Za-z][^>]*>/g) ?? [];
}
