/**
 * The named metrics. Each is defined once, as one measure or a ratio of two measures of the facts in
 * facts.ts; every number the dashboard, reports, alerts and exports show comes through here.
 */
import type { FactName } from './facts.ts';

export const METRIC_NAMES = [
  'orders',
  'paid_orders',
  'sales_orders',
  'gmv',
  'revenue',
  'aov',
  'items',
  'buyers',
  'visitors',
  'conversion_rate',
  'paid_of_created',
  'completed_orders',
  'cancelled_orders',
  'refunded_orders',
  'pay_rate',
  'cancel_rate',
  'refund_rate',
  'repurchase_rate',
  'new_users',
  'active_users',
  'log_count',
  'error_rate',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** A measure of a fact, `fact.measure`. */
export interface MeasureRef {
  readonly fact: FactName;
  readonly measure: string;
}

export interface MetricDef {
  readonly name: MetricName;
  readonly zh: string;
  readonly en: string;
  /** How to show it: a count, an amount of money (CNY), or a share 0–1. */
  readonly unit: 'count' | 'currency' | 'ratio';
  readonly description: string;
  readonly numerator: MeasureRef;
  /** Present for ratios: the metric is numerator ÷ denominator (null when the denominator is 0). */
  readonly denominator?: MeasureRef;
}

const ref = (path: `${FactName}.${string}`): MeasureRef => {
  const [fact, measure] = path.split('.') as [FactName, string];
  return { fact, measure };
};

const metric = (
  name: MetricName,
  zh: string,
  en: string,
  unit: MetricDef['unit'],
  description: string,
  numerator: string,
  denominator?: string,
): MetricDef => ({
  name,
  zh,
  en,
  unit,
  description,
  numerator: ref(numerator as `${FactName}.${string}`),
  ...(denominator ? { denominator: ref(denominator as `${FactName}.${string}`) } : {}),
});

export const METRICS: Readonly<Record<MetricName, MetricDef>> = {
  orders: metric(
    'orders',
    '订单数',
    'Orders',
    'count',
    'Orders created in the period (by created_at), whatever their state now.',
    'orders_created.orders',
  ),
  paid_orders: metric(
    'paid_orders',
    '支付订单数',
    'Paid orders',
    'count',
    'Orders paid in the period (by paid_at), including ones later cancelled or refunded.',
    'orders_paid.paid',
  ),
  sales_orders: metric(
    'sales_orders',
    '有效支付订单数',
    'Sales orders',
    'count',
    'Orders paid in the period (by paid_at) that are not cancelled or refunded: the orders revenue sums.',
    'orders_paid.sales',
  ),
  gmv: metric(
    'gmv',
    '下单金额 (GMV)',
    'GMV',
    'currency',
    'Sum of the amount of all orders created in the period (by created_at).',
    'orders_created.amount',
  ),
  revenue: metric(
    'revenue',
    '销售额',
    'Revenue',
    'currency',
    'Sum of the amount of orders paid in the period (by paid_at) that are not cancelled or refunded (the sales orders).',
    'orders_paid.revenue',
  ),
  aov: metric(
    'aov',
    '客单价',
    'Average order value',
    'currency',
    'Revenue ÷ sales orders: the average amount of the orders revenue counts (paid in the period, not cancelled or refunded).',
    'orders_paid.revenue',
    'orders_paid.sales',
  ),
  items: metric('items', '商品件数', 'Items', 'count', 'Sum of quantity of orders created in the period.', 'orders_created.items'),
  buyers: metric(
    'buyers',
    '购买用户数',
    'Buyers',
    'count',
    'Distinct users with a sales order in the period: an order paid in the period (by paid_at) that is not cancelled or refunded.',
    'sales.buyers',
  ),
  visitors: metric(
    'visitors',
    '客流 (访客数)',
    'Visitors',
    'count',
    'Customer flow: distinct users with a visit event or a paid, not cancelled or refunded, order in the period (the `visit_or_paid` rule).',
    'visits.visitors',
  ),
  conversion_rate: metric(
    'conversion_rate',
    '转化率',
    'Conversion rate',
    'ratio',
    'Visitors who bought ÷ visitors, within 0–1. Every buyer is a visitor (a sales order is a visit), so this is buyers ÷ visitors; under the visit-events-only rule, buyers without a visit event are not counted.',
    'visits.converted',
    'visits.visitors',
  ),
  paid_of_created: metric(
    'paid_of_created',
    '已支付订单 (按下单)',
    'Created and paid',
    'count',
    'Of the orders created in the period, those that have been paid (funnel step).',
    'orders_created.paid',
  ),
  completed_orders: metric(
    'completed_orders',
    '已完成订单',
    'Completed orders',
    'count',
    'Of the orders created in the period, those now completed.',
    'orders_created.completed',
  ),
  cancelled_orders: metric(
    'cancelled_orders',
    '已取消订单',
    'Cancelled orders',
    'count',
    'Of the orders created in the period, those now cancelled.',
    'orders_created.cancelled',
  ),
  refunded_orders: metric(
    'refunded_orders',
    '已退款订单',
    'Refunded orders',
    'count',
    'Of the orders created in the period, those now refunded.',
    'orders_created.refunded',
  ),
  pay_rate: metric(
    'pay_rate',
    '支付率',
    'Pay rate',
    'ratio',
    'Share of the orders created in the period that have been paid.',
    'orders_created.paid',
    'orders_created.orders',
  ),
  cancel_rate: metric(
    'cancel_rate',
    '取消率',
    'Cancel rate',
    'ratio',
    'Share of the orders created in the period that are cancelled.',
    'orders_created.cancelled',
    'orders_created.orders',
  ),
  refund_rate: metric(
    'refund_rate',
    '退款率',
    'Refund rate',
    'ratio',
    'Share of the orders paid in the period (by paid_at) that are refunded: refunded ÷ paid orders.',
    'orders_paid.refunded',
    'orders_paid.paid',
  ),
  repurchase_rate: metric(
    'repurchase_rate',
    '复购率',
    'Repurchase rate',
    'ratio',
    'Share of the period’s buyers with two or more sales orders (paid, not cancelled or refunded) in the period.',
    'sales.repeat_buyers',
    'sales.buyers',
  ),
  new_users: metric(
    'new_users',
    '新增用户',
    'New users',
    'count',
    'Users registered in the period (by registered_at).',
    'users_registered.new_users',
  ),
  active_users: metric(
    'active_users',
    '活跃用户',
    'Active users',
    'count',
    'Distinct users with any behaviour event or any order created in the period.',
    'active.active_users',
  ),
  log_count: metric('log_count', '日志量', 'Log count', 'count', 'System log records in the period (by logged_at).', 'logs.logs'),
  error_rate: metric(
    'error_rate',
    '错误率',
    'Error rate',
    'ratio',
    'Share of the period’s logs at level ERROR or FATAL.',
    'logs.errors',
    'logs.logs',
  ),
};

/** Whether `name` is a metric (the allow-list check for untrusted input). */
export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}
