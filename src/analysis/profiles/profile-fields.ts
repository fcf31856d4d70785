/**
 * The profile fields users can segment by and look at, with their kind and labels, and the SQL that
 * reads them from the stored `profiles` table. Segments and distributions only ever name fields from
 * this list; values are always bound parameters.
 *
 * Tags are strings for everything a marketer filters by (`lifecycle:at_risk`, `rfm:champions`,
 * `tier:5`, `channel:wechat`, `churn:high`, `category:门票`, `age:25-34`, `province:广东`…), computed
 * from the fields, so `tag=rfm:champions` and `rfm_segment=champions` select the same users.
 */

export type ProfileFieldKind = 'number' | 'category' | 'list' | 'date';

export interface ProfileField {
  readonly name: string;
  readonly kind: ProfileFieldKind;
  readonly zh: string;
  readonly en: string;
  /** SQL over the profiles table (alias-free). */
  readonly sql: string;
  /** Lists of numbers (hours, weekdays) rather than text. */
  readonly numericElements?: boolean;
}

const field = (name: string, kind: ProfileFieldKind, zh: string, en: string, sql = name): ProfileField => ({ name, kind, zh, en, sql });

/** The SQL list of a profile's tags. */
export const TAGS_SQL = `list_filter(list_concat(
  [CASE WHEN lifecycle IS NOT NULL THEN 'lifecycle:' || lifecycle END,
   CASE WHEN rfm_segment IS NOT NULL THEN 'rfm:' || rfm_segment END,
   CASE WHEN spending_tier IS NOT NULL THEN 'tier:' || spending_tier END,
   CASE WHEN churn_risk IS NOT NULL THEN 'churn:' || churn_risk END,
   CASE WHEN preferred_channel IS NOT NULL THEN 'channel:' || preferred_channel END,
   CASE WHEN preferred_order_type IS NOT NULL THEN 'order_type:' || preferred_order_type END,
   CASE WHEN age_band IS NOT NULL THEN 'age:' || age_band END,
   CASE WHEN gender IS NOT NULL THEN 'gender:' || gender END,
   CASE WHEN province IS NOT NULL THEN 'province:' || province END,
   CASE WHEN persona IS NOT NULL THEN 'persona:' || persona END,
   CASE WHEN weekend_share >= 0.5 THEN 'time:weekend' END,
   CASE WHEN evening_share >= 0.5 THEN 'time:evening' END],
  list_transform(coalesce(top_categories, []), c -> 'category:' || c)), t -> t IS NOT NULL)`;

export const PROFILE_FIELDS: readonly ProfileField[] = [
  field('lifecycle', 'category', '生命周期', 'Lifecycle stage'),
  field('rfm_segment', 'category', 'RFM 分群', 'RFM segment'),
  field('r_score', 'number', 'R 分', 'Recency score'),
  field('f_score', 'number', 'F 分', 'Frequency score'),
  field('m_score', 'number', 'M 分', 'Monetary score'),
  field('spending_tier', 'number', '消费力等级', 'Spending tier'),
  field('spending_tier_province', 'number', '省内消费力等级', 'Spending tier in province'),
  field('recency_days', 'number', '最近购买距今天数', 'Days since last purchase'),
  field('frequency', 'number', '购买次数', 'Purchases'),
  field('monetary', 'number', '累计消费', 'Total spend'),
  field('orders_per_month', 'number', '月均购买', 'Purchases per month'),
  field('avg_basket', 'number', '客单价', 'Average basket'),
  field('activities', 'number', '行为次数', 'Activities'),
  field('weekend_share', 'number', '周末占比', 'Weekend share'),
  field('evening_share', 'number', '夜间占比', 'Evening share'),
  field('p_alive', 'number', '存活概率', 'Probability alive'),
  field('expected_purchases_30d', 'number', '预计30天购买', 'Expected purchases, 30 days'),
  field('expected_purchases_90d', 'number', '预计90天购买', 'Expected purchases, 90 days'),
  field('expected_spend_90d', 'number', '预计90天消费', 'Expected spend, 90 days'),
  field('churn_risk', 'category', '流失风险', 'Churn risk'),
  field('persona', 'number', '人群画像', 'Persona (number from /personas)'),
  field('preferred_channel', 'category', '偏好渠道', 'Preferred channel'),
  field('preferred_order_type', 'category', '偏好下单类型', 'Preferred order type'),
  field('top_categories', 'list', '偏好品类', 'Top categories'),
  field('top_venues', 'list', '常去场所', 'Top venues'),
  field('viewed_categories', 'list', '浏览品类', 'Viewed categories'),
  field('searched_terms', 'list', '搜索词', 'Search terms'),
  { ...field('active_hours', 'list', '活跃时段', 'Active hours (0–23)'), numericElements: true },
  { ...field('active_weekdays', 'list', '活跃星期', 'Active weekdays (1 = Monday)'), numericElements: true },
  field('age', 'number', '年龄', 'Age'),
  field('age_band', 'category', '年龄段', 'Age band'),
  field('gender', 'category', '性别', 'Gender'),
  field('marital_status', 'category', '婚姻状态', 'Marital status'),
  field('occupation', 'category', '职业', 'Occupation'),
  field('industry', 'category', '行业', 'Industry'),
  field('city', 'category', '城市', 'City'),
  field('province', 'category', '省份', 'Province'),
  field('last_purchase', 'date', '最近购买日', 'Last purchase'),
  field('last_active', 'date', '最近活跃日', 'Last active'),
  field('tag', 'list', '标签', 'Tag', TAGS_SQL),
];

const BY_NAME = new Map(PROFILE_FIELDS.map((f) => [f.name, f]));

/** The field called `name`, or undefined. */
export function profileField(name: string): ProfileField | undefined {
  return BY_NAME.get(name);
}

/** A stored profile value as a client reads it: lists are arrays. */
export type ProfileValue = string | number | boolean | null | readonly (string | number)[];

/**
 * A profile row as clients get it: list fields (top categories, active hours…), which the store
 * hands out as JSON text like any list cell, become real arrays.
 */
export function toProfileRecord(row: Readonly<Record<string, string | number | boolean | null>>): Record<string, ProfileValue> {
  const record: Record<string, ProfileValue> = { ...row };
  for (const field of PROFILE_FIELDS) {
    const cell = row[field.name];
    if (field.kind !== 'list' || typeof cell !== 'string') continue;
    const parsed = JSON.parse(cell) as unknown;
    if (!Array.isArray(parsed)) throw new TypeError(`profile field ${field.name} holds ${cell}, not a list`);
    record[field.name] = parsed as (string | number)[];
  }
  return record;
}
