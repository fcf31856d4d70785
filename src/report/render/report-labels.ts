/**
 * The words and number texts the report renderers share, so the HTML and the chat Markdown of one
 * report say the same thing in the same words. Text that comes with the report (title, KPI and column
 * labels) is already in the report's language; these are the renderer's own words around it.
 */
import type { Cell } from '../../analysis/result-table.ts';
import type { ReportPeriod, ReportTable } from '../../analysis/reports/report-model.ts';
import { METRICS, isMetricName } from '../../analysis/metrics/metrics.ts';
import { formatCell, unitOfColumn } from '../format/format-cell.ts';
import type { Locale } from '../svg/svg-text.ts';

export type { Locale } from '../svg/svg-text.ts';

const ZH = {
  // Header
  period: '统计周期',
  previousPeriod: '环比对比期',
  lastYearPeriod: '同比对比期',
  filters: '筛选条件',
  noFilters: '无（全部数据）',
  timeZone: '时区',
  generatedAt: '生成时间',
  periodJoin: ' 至 ',
  // Sections
  kpis: '核心指标',
  funnel: '订单漏斗',
  dailyTrend: '每日趋势',
  dailyOrders: '每日订单数',
  dailyRevenue: '每日销售额',
  dailyNumbers: '每日明细',
  mix: '渠道与下单类型',
  channelMix: '渠道构成',
  orderTypeMix: '下单类型构成',
  rankings: '商品与场所排行',
  topProducts: '热销商品',
  topVenues: '热门场所',
  regions: '地区分布',
  provinces: '省份分布',
  topCities: '城市排行',
  heatmap: '星期 × 时段订单分布',
  anomalies: '异常',
  outlook: '下期展望',
  outlookDaily: '下期每日订单预测',
  // Log sections
  dailyVolume: '每日日志量（按级别）',
  dailyErrorRate: '每日错误率',
  byType: '按日志类型',
  bySource: '按日志源',
  topErrors: '高频错误模板',
  spikes: '突增时段',
  // Comparisons
  vsPrevious: '环比',
  vsLastYear: '同比',
  up: '上升',
  down: '下降',
  flat: '持平',
  noComparison: '无可比数据',
  previousValue: '上期',
  lastYearValue: '去年同期',
  // Funnel
  created: '下单',
  paid: '已支付',
  completed: '已完成',
  cancelled: '已取消',
  refunded: '已退款',
  step: '环节',
  ofCreated: '占下单',
  ofPrevious: '占上一步',
  // Tables and notes
  date: '日期',
  time: '时间',
  weekday: '星期',
  hour: '时',
  total: '合计',
  metric: '指标',
  actual: '实际值',
  expected: '预期值',
  expectedRange: '预期范围',
  deviation: '偏差',
  relative: '相对偏差',
  verdict: '判断',
  high: '偏高',
  low: '偏低',
  rank: '#',
  count: '次数',
  levels: '级别',
  template: '模板',
  example: '示例',
  firstSeen: '首次出现',
  lastSeen: '最近出现',
  method: '方法',
  note: '说明',
  forecast: '预测',
  forecastOrders: '预测订单数',
  forecastRevenue: '预测销售额',
  forecastPeriod: '预测周期',
  errors: '错误数',
  logCount: '日志量',
  errorRate: '错误率',
  peak: '高峰时段',
  bandNote: '阴影为预期范围；▲ 标记偏高的异常日，▼ 标记偏低的异常日。',
  anomalyRule: '判定规则：某日的数值超出由前 8 周同一星期几（如前 8 个周一）的数据得出的正常范围（中位数 ± 3 倍稳健波动），即记为异常。',
  anomalyRuleShort: '对比前 8 周同一星期几的正常范围',
  spikeRuleShort: '对比前 7 天同一小时的正常范围',
  byLevel: '按级别',
  spikeRule: '判定规则：某小时的日志量或错误数高于由前 7 天同一小时的数据得出的正常范围（中位数 ± 3 倍稳健波动），即记为突增。',
  // Empty states
  noOrders: '本期没有订单。',
  noData: '本期无数据。',
  noAnomalies: '本期未发现异常。',
  noSpikes: '本期未发现突增。',
  noErrors: '本期没有错误日志。',
  noLogs: '本期没有日志。',
  noForecast: '历史数据不足，无法给出预测。',
  truncated: '…（内容较长已截断，完整内容见 HTML 报告）',
  more: (n: number) => `另有 ${n} 项未列出`,
  top: (text: string, n: number) => `${text} Top ${n}`,
  footer: 'Flowsight 生成。图表均附数据表，打印或无图环境下亦可阅读。',
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
};

/** The renderer's words in one locale. */
export type ReportLabels = typeof ZH;

const EN: ReportLabels = {
  period: 'Period',
  previousPeriod: 'Compared with (previous)',
  lastYearPeriod: 'Compared with (last year)',
  filters: 'Filters',
  noFilters: 'None (all data)',
  timeZone: 'Time zone',
  generatedAt: 'Generated',
  periodJoin: ' to ',
  kpis: 'Key figures',
  funnel: 'Order funnel',
  dailyTrend: 'Daily trend',
  dailyOrders: 'Daily orders',
  dailyRevenue: 'Daily revenue',
  dailyNumbers: 'Daily figures',
  mix: 'Channels and order types',
  channelMix: 'Channel mix',
  orderTypeMix: 'Order type mix',
  rankings: 'Products and venues',
  topProducts: 'Top products',
  topVenues: 'Top venues',
  regions: 'Regions',
  provinces: 'Provinces',
  topCities: 'Top cities',
  heatmap: 'Orders by weekday and hour',
  anomalies: 'Anomalies',
  outlook: 'Outlook for the next period',
  outlookDaily: 'Daily orders outlook',
  dailyVolume: 'Daily logs by level',
  dailyErrorRate: 'Daily error rate',
  byType: 'By log type',
  bySource: 'By source',
  topErrors: 'Top error templates',
  spikes: 'Spikes',
  vsPrevious: 'vs previous',
  vsLastYear: 'vs last year',
  up: 'up',
  down: 'down',
  flat: 'flat',
  noComparison: 'no comparison',
  previousValue: 'previous',
  lastYearValue: 'last year',
  created: 'Created',
  paid: 'Paid',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  step: 'Step',
  ofCreated: 'Of created',
  ofPrevious: 'Of previous step',
  date: 'Date',
  time: 'Time',
  weekday: 'Weekday',
  hour: 'h',
  total: 'Total',
  metric: 'Metric',
  actual: 'Actual',
  expected: 'Expected',
  expectedRange: 'Expected range',
  deviation: 'Deviation',
  relative: 'Relative',
  verdict: 'Verdict',
  high: 'High',
  low: 'Low',
  rank: '#',
  count: 'Count',
  levels: 'Levels',
  template: 'Template',
  example: 'Example',
  firstSeen: 'First seen',
  lastSeen: 'Last seen',
  method: 'Method',
  note: 'Note',
  forecast: 'Forecast',
  forecastOrders: 'Forecast orders',
  forecastRevenue: 'Forecast revenue',
  forecastPeriod: 'Forecast period',
  errors: 'Errors',
  logCount: 'Logs',
  errorRate: 'Error rate',
  peak: 'Peak',
  bandNote: 'The shaded band is the expected range; ▲ marks an unusually high day, ▼ an unusually low one.',
  anomalyRule:
    'Rule: a day is flagged when its value falls outside the range expected from the same weekday of the previous 8 weeks (median ± 3 robust spreads).',
  anomalyRuleShort: 'vs the same weekday of the previous 8 weeks',
  spikeRuleShort: 'vs the same hour of the previous 7 days',
  byLevel: 'By level',
  spikeRule:
    'Rule: an hour is flagged when its log or error count rises above the range expected from the same hour of the previous 7 days (median ± 3 robust spreads).',
  noOrders: 'No orders in this period.',
  noData: 'No data in this period.',
  noAnomalies: 'No anomalies in this period.',
  noSpikes: 'No spikes in this period.',
  noErrors: 'No error logs in this period.',
  noLogs: 'No logs in this period.',
  noForecast: 'Not enough history for a forecast.',
  truncated: '… (shortened; see the HTML report for everything)',
  more: (n: number) => `${n} more not listed`,
  top: (text: string, n: number) => `${text} (${n})`,
  footer: 'Generated by Flowsight. Every chart comes with its numbers, so the report reads without the charts too.',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** The renderer's words for a locale; anything but English gets Chinese, the product's default. */
export function reportLabels(locale: Locale = 'zh-CN'): ReportLabels {
  return locale === 'en' ? EN : ZH;
}

/** 周一…周日 / Mon…Sun for an ISO weekday (1 = Monday); an out-of-range number is shown as is. */
export function weekdayLabel(weekday: number, locale: Locale = 'zh-CN'): string {
  return reportLabels(locale).weekdays[weekday - 1] ?? String(weekday);
}

/** The name of a metric an anomaly or spike is about; `errors` is the log report's own series. */
export function metricLabel(metric: string, locale: Locale = 'zh-CN'): string {
  if (isMetricName(metric)) return locale === 'en' ? METRICS[metric].en : METRICS[metric].zh;
  if (metric === 'errors') return reportLabels(locale).errors;
  return metric;
}

/** A column or value unit as the report model names them. */
export type ValueUnit = 'count' | 'currency' | 'ratio' | 'change_rate' | 'text';

// formatCell picks its format from the column name; a report states the unit itself, so it asks
// with a name known to have that unit and every report number reads exactly like a query result.
const NAME_OF_UNIT: Readonly<Record<Exclude<ValueUnit, 'text'>, string>> = {
  count: 'orders',
  currency: 'revenue',
  ratio: 'pay_rate',
  change_rate: 'value_change_rate',
};

/** A number or cell in a unit: counts grouped, money with two decimals, ratios and change rates as percentages. */
export function formatValue(value: Cell | undefined, unit: ValueUnit, locale: Locale = 'zh-CN'): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number' && !Number.isFinite(value)) return '—';
  if (unit === 'text' || typeof value !== 'number') return String(value);
  return formatCell(value, NAME_OF_UNIT[unit], locale);
}

/** A money amount with the yuan sign, for KPI values where a bare number would be ambiguous. */
export function formatMoney(value: number | null, locale: Locale = 'zh-CN'): string {
  const text = formatValue(value, 'currency', locale);
  return text === '—' ? text : text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/** A KPI value in its unit, money with the yuan sign. */
export function formatKpiValue(value: number | null, unit: 'count' | 'currency' | 'ratio', locale: Locale = 'zh-CN'): string {
  return unit === 'currency' ? formatMoney(value, locale) : formatValue(value, unit, locale);
}

/** The unit a report column's cells are in: declared, else known from its name, else text or plain numbers. */
export function columnUnit(column: ReportTable['columns'][number]): ValueUnit | 'plain' {
  if (column.unit !== undefined) return column.unit;
  const unit = unitOfColumn(column.name);
  return unit === 'plain' ? 'plain' : unit;
}

/** One table cell as text, in its column's unit. */
export function formatTableCell(value: Cell | undefined, column: ReportTable['columns'][number], locale: Locale = 'zh-CN'): string {
  const unit = columnUnit(column);
  if (unit === 'plain') return value === undefined ? '—' : formatCell(value, column.name, locale);
  return formatValue(value, unit, locale);
}

/** How a change rate reads: the arrow (▲ ▼ or ＝), the signed percentage and the word, so it never rests on colour. */
export interface ChangeText {
  readonly direction: 'up' | 'down' | 'flat' | 'none';
  readonly arrow: string;
  readonly rate: string;
  readonly word: string;
}

/** A change rate (0.052 = +5.2%) as arrow, signed percentage and word; null means nothing to compare with. */
export function describeChange(rate: number | null, locale: Locale = 'zh-CN'): ChangeText {
  const words = reportLabels(locale);
  if (rate === null || !Number.isFinite(rate)) return { direction: 'none', arrow: '—', rate: '', word: words.noComparison };
  const text = formatValue(rate, 'change_rate', locale);
  // Judge by the shown digits: a rate that prints as 0.0% is flat whatever its sign.
  if (/^[+-]?0(\.0+)?%$/.test(text)) return { direction: 'flat', arrow: '＝', rate: text.replace(/^[+-]/, ''), word: words.flat };
  return rate > 0
    ? { direction: 'up', arrow: '▲', rate: text, word: words.up }
    : { direction: 'down', arrow: '▼', rate: text, word: words.down };
}

/** "2024-06-01 至 2024-06-30" / "2024-06-01 to 2024-06-30"; a one-day period is just the day. */
export function formatPeriod(period: ReportPeriod, locale: Locale = 'zh-CN'): string {
  return period.from === period.to ? period.from : `${period.from}${reportLabels(locale).periodJoin}${period.to}`;
}

const ZONED = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * An instant as `YYYY-MM-DD HH:mm` on the report's wall clock. Text without a zone (a naive
 * wall-clock time, or a date) is already local and is shown as is; so is anything unparseable.
 */
export function formatTimestamp(value: string | undefined, timeZone: string): string {
  if (value === undefined || value === '' || value === 'null' || value === 'undefined') return '—';
  if (!ZONED.test(value)) return value.replace('T', ' ').replace(/(\d{2}:\d{2}):\d{2}(\.\d+)?$/, '$1');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
  } catch {
    // An unknown zone name should not cost the whole report; UTC is stated so the time stays true.
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
