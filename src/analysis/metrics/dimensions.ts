/**
 * The dimensions a metric can be split and filtered by. Names are the allow-list: a query names
 * dimensions, never columns, and each fact maps the names it supports to its own SQL (facts.ts).
 */
export const TIME_GRAINS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

export const DIMENSION_NAMES = [
  ...TIME_GRAINS,
  'weekday',
  'hour_of_day',
  'province',
  'city',
  'venue',
  'venue_name',
  'venue_type',
  'product',
  'product_name',
  'category',
  'channel',
  'order_type',
  'status',
  'age',
  'age_band',
  'gender',
  'marital_status',
  'occupation',
  'industry',
  'user_province',
  'user_city',
  'segment',
  'log_level',
  'log_type',
  'log_source',
] as const;
export type DimensionName = (typeof DIMENSION_NAMES)[number];

export interface DimensionDef {
  readonly name: DimensionName;
  readonly zh: string;
  readonly en: string;
  /** Type of the values the dimension yields (and that filters on it are parsed as). */
  readonly type: 'string' | 'integer';
  readonly description: string;
}

const dim = (name: DimensionName, zh: string, en: string, description: string, type: 'string' | 'integer' = 'string'): DimensionDef => ({
  name,
  zh,
  en,
  description,
  type,
});

/** Every dimension with its labels; the order is the order of documentation. */
export const DIMENSIONS: Readonly<Record<DimensionName, DimensionDef>> = {
  minute: dim('minute', '分钟', 'Minute', 'Minute in the configured zone, `YYYY-MM-DD HH:MM` (always from the raw tables).'),
  hour: dim('hour', '小时', 'Hour', 'Hour in the configured zone, `YYYY-MM-DD HH:00`.'),
  day: dim('day', '日', 'Day', 'Day in the configured zone, `YYYY-MM-DD`.'),
  week: dim('week', '周', 'Week', 'ISO week (Monday to Sunday), labelled by its Monday `YYYY-MM-DD`.'),
  month: dim('month', '月', 'Month', '`YYYY-MM`.'),
  quarter: dim('quarter', '季度', 'Quarter', '`YYYY-Qn`.'),
  year: dim('year', '年', 'Year', '`YYYY`.'),
  weekday: dim('weekday', '星期', 'Weekday', 'ISO weekday, 1 = Monday … 7 = Sunday.', 'integer'),
  hour_of_day: dim('hour_of_day', '时段', 'Hour of day', 'Hour of the day 0–23 in the configured zone.', 'integer'),
  province: dim(
    'province',
    '省份',
    'Province',
    'Province of the venue (from the catalog); for events without a known venue the province they report; for new users their own province.',
  ),
  city: dim('city', '城市', 'City', 'City, by the same rule as province.'),
  venue: dim('venue', '场所', 'Venue', 'Venue id: the order’s or event’s venue, else the venue of its product in the catalog.'),
  venue_name: dim('venue_name', '场所名称', 'Venue name', 'Venue name from the catalog.'),
  venue_type: dim('venue_type', '场所类型', 'Venue type', 'scenic_spot, store, museum… from the catalog.'),
  product: dim('product', '商品', 'Product', 'Product id.'),
  product_name: dim('product_name', '商品名称', 'Product name', 'Product name from the catalog.'),
  category: dim('category', '品类', 'Category', 'Product category from the catalog.'),
  channel: dim('channel', '渠道', 'Channel', 'pc, mobile, wechat, app.'),
  order_type: dim('order_type', '下单类型', 'Order type', 'phone, online, pickup.'),
  status: dim('status', '订单状态', 'Order status', 'Stored (latest) state of the order.'),
  age: dim('age', '年龄', 'Age', 'User age in years.', 'integer'),
  age_band: dim('age_band', '年龄段', 'Age band', 'User age band: <18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+.'),
  gender: dim('gender', '性别', 'Gender', 'User gender.'),
  marital_status: dim('marital_status', '婚姻状态', 'Marital status', 'User marital status.'),
  occupation: dim('occupation', '职业', 'Occupation', 'User occupation.'),
  industry: dim('industry', '行业', 'Industry', 'User industry.'),
  user_province: dim('user_province', '用户省份', 'User province', 'Province in the user’s profile (where customers come from).'),
  user_city: dim('user_city', '用户城市', 'User city', 'City in the user’s profile.'),
  segment: dim(
    'segment',
    '用户分群',
    'Segment',
    'A saved user segment, by id or name (filter only): rows of the users the segment selects in their current profiles.',
  ),
  log_level: dim('log_level', '日志级别', 'Log level', 'DEBUG, INFO, WARN, ERROR, FATAL.'),
  log_type: dim('log_type', '日志类型', 'Log type', 'api_request, system_error, user_action.'),
  log_source: dim('log_source', '日志源', 'Log source', 'api, server, client.'),
};

/** Whether `name` is a dimension (the allow-list check for untrusted input). */
export function isDimensionName(name: string): name is DimensionName {
  return Object.hasOwn(DIMENSIONS, name);
}

/** Whether a dimension is a time bucket. */
export function isTimeGrain(name: string): name is TimeGrain {
  return (TIME_GRAINS as readonly string[]).includes(name);
}
