/**
 * The generating rates of demo behaviour: how much an active user visits, browses and buys, how
 * visits convert to orders, how orders move through the status funnel, and how many log lines the
 * traffic produces. Written verbatim to truth.json.
 */
import type { VenueType } from './demand-model.ts';

export const BEHAVIOUR_RATES = {
  /**
   * Expected events per unit of user activity per average day. A user of activity 1 in the active
   * stage makes about visits × 365 venue visits a year; see `--help` for the resulting order volume.
   */
  visitsPerActivityDay: 0.0338,
  onlineOrdersPerActivityDay: 0.0127,
  browseSessionsPerActivityDay: 0.0216,
  /** Share of visits that come with an order (a ticket, or a purchase in a store). */
  orderShareOfVisits: { scenic_spot: 0.72, theme_park: 0.85, museum: 0.45, venue: 0.8, store: 0.45, mall: 0.32 } as Readonly<
    Record<VenueType, number>
  >,
  /** Share of a venue's visitors drawn from its own province (the rest travel in). */
  localVisitorShare: { scenic_spot: 0.45, theme_park: 0.55, museum: 0.6, venue: 0.85, store: 0.95, mall: 0.9 } as Readonly<
    Record<VenueType, number>
  >,
  /** Store purchases ordered ahead and collected in store (order_type pickup); the rest are scanned in store. */
  storePickupShare: 0.5,
  /** Chance a ticket or store order is preceded by an abandoned attempt that is auto-cancelled unpaid. */
  abandonedAttemptRate: 0.06,
  /** Online goods orders never paid and auto-cancelled after 15-30 minutes. */
  onlineUnpaidCancelRate: 0.07,
  /** Paid online orders cancelled before shipping. */
  paidCancelRate: 0.02,
  /** Refunds: extra refunded ticket orders per ticket order, completed goods refunded, store returns. */
  refundRate: { ticket: 0.03, goods: 0.035, store: 0.01 },
  /** Orders whose later states arrive as extra rows further down orders.<format>. */
  updateRowShare: 0.08,
  /** Of those, the share that get a row per intermediate state (the rest only the final state). */
  updateEveryStateShare: 0.4,
  /** Steps of the session that leads to an order. */
  session: { login: 0.12, search: 0.3, click: 0.45, addToCartGoods: 0.7 },
  /** Sessions that end without an order. */
  browse: { search: 0.35, click: 0.3, favorite: 0.08, share: 0.04, addToCart: 0.12, maxViews: 2 },
  /** Order phone/online/pickup mix for tickets. */
  ticketPhoneShare: 0.03,
  notedOrderShare: 0.1,
  discountShare: 0.12,
  logs: {
    apiRequestsPerEvent: 0.05,
    userActionsPerEvent: 0.02,
    /** Health checks and cron jobs that log whatever the traffic. */
    baselinePerDay: 20,
    backgroundErrorsPerDay: 4,
    /** About one error burst per this many days (at least two per run). */
    daysPerErrorBurst: 75,
  },
} as const;

export const ORDER_NOTES: readonly string[] = [
  '请尽快发货',
  '需要发票，抬头：个人',
  '老人同行，请安排无障碍通道',
  '礼品包装，谢谢',
  '周末送货',
  '到了打电话, 谢谢',
  '发票抬头:"星河科技有限公司", 税号稍后发送',
  '请勿放快递柜',
  '团队票，共同出行',
  '带婴儿车入园',
  '配送时间:\n工作日晚上',
  '已与客服确认改期',
];

export const SEARCH_WORDS: readonly string[] = [
  '景点',
  '门票',
  '一日游',
  '周末去哪儿',
  '亲子游',
  '夜游',
  '博物馆预约',
  '演出',
  '优惠券',
  '特产',
];

export const STREETS: readonly string[] =
  '人民路 中山路 解放路 建设路 和平路 新华路 文化路 胜利路 长江路 黄河路 朝阳路 青年路 学府路 科技路 滨江路 花园路'.split(' ');

/** Prefectures whose short name takes 州 (autonomous prefectures), not 市, in an address. */
export const PREFECTURES: ReadonlySet<string> = new Set(['延边', '恩施', '湘西', '阿坝', '黔东南', '大理', '西双版纳', '海西', '伊犁']);
