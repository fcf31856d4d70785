/**
 * Canonical enumerations and the words they arrive as. Input is matched case-insensitively after
 * trimming; the canonical value is stored. Adding a synonym here teaches every import path at once.
 */
export interface Vocabulary {
  /** Canonical values, in their documented order. */
  readonly values: readonly string[];
  /** Chinese labels for display, by canonical value. */
  readonly zh: Readonly<Record<string, string>>;
  /** Further spellings (lower-cased) that mean a canonical value. */
  readonly synonyms?: Readonly<Record<string, string>>;
}

const vocab = (
  zh: Record<string, string>,
  synonyms: Record<string, string> = {},
): Vocabulary => ({ values: Object.keys(zh), zh, synonyms });

export const VOCABULARIES = {
  gender: vocab(
    { male: '男', female: '女', other: '其他', unknown: '未知' },
    { m: 'male', f: 'female', 男性: 'male', 女性: 'female', 保密: 'unknown', 未知: 'unknown', 1: 'male', 2: 'female', 0: 'unknown' },
  ),
  marital_status: vocab(
    { single: '未婚', married: '已婚', divorced: '离异', widowed: '丧偶', unknown: '未知' },
    { 单身: 'single', 离婚: 'divorced', 保密: 'unknown' },
  ),
  order_type: vocab(
    { phone: '电话', online: '网络', pickup: '自提' },
    { 电话下单: 'phone', 网络下单: 'online', 线上: 'online', 网上: 'online', 到店自提: 'pickup', 'self-pickup': 'pickup', self_pickup: 'pickup' },
  ),
  channel: vocab(
    { pc: 'PC', mobile: '手机端', wechat: '微信端', app: 'App' },
    { 电脑: 'pc', 电脑端: 'pc', pc端: 'pc', web: 'pc', 手机: 'mobile', 移动端: 'mobile', h5: 'mobile', 微信: 'wechat', 微信小程序: 'wechat', 小程序: 'wechat', weixin: 'wechat' },
  ),
  order_status: vocab(
    {
      pending_payment: '待付款',
      pending_shipment: '待发货',
      shipped: '已发货',
      completed: '已完成',
      cancelled: '已取消',
      refunded: '已退款',
    },
    { 待支付: 'pending_payment', unpaid: 'pending_payment', paid: 'pending_shipment', 已支付: 'pending_shipment', 已付款: 'pending_shipment', 完成: 'completed', 取消: 'cancelled', canceled: 'cancelled', 退款: 'refunded' },
  ),
  event_type: vocab(
    {
      visit: '到访',
      view: '浏览',
      search: '搜索',
      click: '点击',
      add_to_cart: '加购',
      checkout: '结算',
      share: '分享',
      favorite: '收藏',
      login: '登录',
    },
    { 入园: 'visit', 到店: 'visit', 访问: 'visit', 加入购物车: 'add_to_cart', 下单: 'checkout', 'add-to-cart': 'add_to_cart', addtocart: 'add_to_cart', page_view: 'view', pageview: 'view' },
  ),
  log_type: vocab(
    { api_request: 'API请求', system_error: '系统错误', user_action: '用户操作' },
    { api: 'api_request', 'api request': 'api_request', error: 'system_error', 'system error': 'system_error', 'user action': 'user_action' },
  ),
  log_level: vocab(
    { DEBUG: '调试', INFO: '信息', WARN: '警告', ERROR: '错误', FATAL: '致命' },
    { warning: 'WARN', err: 'ERROR', critical: 'FATAL', trace: 'DEBUG' },
  ),
  log_source: vocab(
    { api: 'API接口', server: '服务器', client: '客户端' },
    { api接口: 'api', 接口: 'api', 服务端: 'server' },
  ),
  venue_type: vocab(
    { scenic_spot: '景区', store: '门店', venue: '场馆', museum: '博物馆', theme_park: '主题公园', mall: '商场' },
    { scenic: 'scenic_spot', 景点: 'scenic_spot', 商店: 'store', 店铺: 'store', 场地: 'venue', 游乐园: 'theme_park', 购物中心: 'mall' },
  ),
  weather_condition: vocab(
    { sunny: '晴', cloudy: '多云', overcast: '阴', rain: '雨', heavy_rain: '大雨', snow: '雪', fog: '雾', haze: '霾' },
    { clear: 'sunny', 晴天: 'sunny', 阴天: 'overcast', 小雨: 'rain', 中雨: 'rain', 阵雨: 'rain', 雷阵雨: 'rain', 暴雨: 'heavy_rain', 小雪: 'snow', 大雪: 'snow', 雾霾: 'haze' },
  ),
} as const satisfies Record<string, Vocabulary>;

export type VocabularyName = keyof typeof VOCABULARIES;

const lookups = new Map<Vocabulary, Map<string, string>>();

/** Maps an input word (English or Chinese, any case) to its canonical value, or undefined. */
export function toCanonical(vocabulary: Vocabulary, input: string): string | undefined {
  let lookup = lookups.get(vocabulary);
  // Most input is already canonical or a label as written: try it verbatim before normalising.
  const exact = lookup?.get(input);
  if (exact !== undefined) return exact;
  if (!lookup) {
    lookup = new Map();
    for (const value of vocabulary.values) {
      lookup.set(value.toLowerCase(), value);
      lookup.set(value.toLowerCase().replace(/_/g, ' '), value);
      lookup.set(value.toLowerCase().replace(/_/g, '-'), value);
      lookup.set(value, value);
      const label = vocabulary.zh[value];
      if (label) lookup.set(label.toLowerCase(), value).set(label, value);
    }
    for (const [word, value] of Object.entries(vocabulary.synonyms ?? {})) lookup.set(word.toLowerCase(), value);
    lookups.set(vocabulary, lookup);
  }
  return lookup.get(input.trim().toLowerCase());
}

/**
 * Order states from earliest to latest. Copies of an order are ordered by `updated_at` (a copy without
 * it is older than any copy with one), then by this rank; a collected copy replaces the stored one only
 * when it is newer (see versionExpression). Cancellation and refund are terminal; a refund can follow
 * completion, so it ranks last.
 */
export const ORDER_STATUS_RANK: Readonly<Record<string, number>> = {
  pending_payment: 0,
  pending_shipment: 1,
  shipped: 2,
  completed: 3,
  cancelled: 4,
  refunded: 5,
};
