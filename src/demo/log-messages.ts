/**
 * Templated system-log lines that look like a ticketing and e-commerce backend's: API access lines
 * with paths, statuses and latencies; user actions; and errors with hosts, pools and stack frames.
 * Each renderer returns a level and a message and consumes random draws in a fixed order.
 */
import type { Rng } from './create-rng.ts';

/** Ids the messages may mention, taken from what the simulation produced that day. */
export interface LogContext {
  readonly userId: string;
  readonly productId: string;
  readonly venueId: string;
  readonly orderId: string;
  readonly channel: string;
  readonly province: string;
  readonly city: string;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type RenderedLog = readonly [level: LogLevel, message: string];

/** Components that can fail, as error bursts name them. */
export const FAILING_COMPONENTS = ['payment-gateway', 'order-db', 'redis-cache', 'ticket-inventory', 'message-queue'] as const;
export type FailingComponent = (typeof FAILING_COMPONENTS)[number];

const hex = (rng: Rng, length: number): string => {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[rng.int(16)];
  return out;
};
const ip = (rng: Rng): string => `10.${rng.int(8)}.${rng.int(256)}.${1 + rng.int(254)}`;

/** One API access line; slow requests warn and a few 5xx responses error. */
export function renderApiRequest(rng: Rng, ctx: LogContext): RenderedLog {
  const r = rng.next();
  const ms = Math.round(rng.exponential(60)) + 3;
  if (r < 0.01) return ['ERROR', `POST /api/v1/orders 502 ${ms + 3000}ms upstream=payment-gateway trace_id=${hex(rng, 16)}`];
  if (r < 0.06)
    return ['WARN', `Slow request: GET /api/v1/flow/realtime?venue_id=${ctx.venueId} took ${1000 + rng.int(4000)}ms (threshold 1000ms)`];
  const templates = [
    () => `GET /api/v1/venues/${ctx.venueId}/tickets 200 ${ms}ms`,
    () => `GET /api/v1/products/${ctx.productId} 200 ${ms}ms`,
    () => `POST /api/v1/orders 201 ${ms + 40}ms order_id=${ctx.orderId}`,
    () => `POST /api/v1/payments/callback 200 ${ms}ms trade_no=${rng.int(9e8) + 1e8}${hex(rng, 6)}`,
    () => `GET /api/v1/users/${ctx.userId}/orders?page=${1 + rng.int(5)} 200 ${ms}ms`,
    () => `POST /api/v1/cart/items 200 ${ms}ms product_id=${ctx.productId} qty=${1 + rng.int(3)}`,
    () => `GET /static/js/app.${hex(rng, 8)}.js 304 ${1 + rng.int(5)}ms`,
  ];
  return ['INFO', rng.pick(templates)()];
}

/** One user-action line (client side); cache chatter at DEBUG. */
export function renderUserAction(rng: Rng, ctx: LogContext): RenderedLog {
  const r = rng.next();
  if (r < 0.15) return ['DEBUG', `cache hit key=product:${ctx.productId} ttl=${60 + rng.int(3540)}s`];
  const templates = [
    () => `user ${ctx.userId} login via ${ctx.channel} from ${ctx.province}/${ctx.city}`,
    () => `user ${ctx.userId} added ${ctx.productId} to cart`,
    () => `user ${ctx.userId} submitted order ${ctx.orderId}`,
    () => `user ${ctx.userId} viewed venue ${ctx.venueId} dwell=${2 + rng.int(300)}s`,
    () => `user ${ctx.userId} updated profile field=${rng.pick(['phone', 'nickname', 'avatar', 'address'])}`,
    () => `user ${ctx.userId} shared ${ctx.productId} to ${rng.pick(['wechat_moments', 'wechat_friend', 'weibo'])}`,
  ];
  return ['INFO', rng.pick(templates)()];
}

/** One error line about a component, as they pile up during an incident. */
export function renderComponentError(rng: Rng, component: FailingComponent, ctx: LogContext): RenderedLog {
  const level: LogLevel = rng.chance(0.05) ? 'FATAL' : rng.chance(0.1) ? 'WARN' : 'ERROR';
  switch (component) {
    case 'payment-gateway':
      return [
        level,
        `Timeout after ${3000 + rng.int(7000)}ms calling payment-gateway /v2/pay (attempt ${1 + rng.int(3)}/3) order_id=${ctx.orderId}`,
      ];
    case 'order-db':
      return [
        level,
        rng.chance(0.5)
          ? 'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms'
          : `Connection pool exhausted on order-db (active=50, idle=0, waiting=${5 + rng.int(80)}) at com.flowsight.order.OrderService.submit(OrderService.java:${180 + rng.int(60)})`,
      ];
    case 'redis-cache':
      return [level, `Redis READONLY You can't write against a read only replica. host=${ip(rng)}:6379 key=stock:${ctx.productId}`];
    case 'ticket-inventory':
      return [
        level,
        `Failed to sync inventory for ${ctx.productId} at ${ctx.venueId}: upstream returned ${rng.pick([500, 502, 503, 504])} after ${100 + rng.int(2900)}ms`,
      ];
    case 'message-queue':
      return [
        level,
        `Kafka consumer lag ${1000 + rng.int(90000)} on topic order-events partition ${rng.int(12)}; rebalancing group order-sync`,
      ];
  }
}

/** One background warning or error of a healthy day. */
export function renderBackgroundError(rng: Rng, ctx: LogContext): RenderedLog {
  const r = rng.next();
  if (r < 0.35) return ['WARN', `Disk usage ${80 + rng.int(15)}% on /data/${rng.pick(['mysql', 'logs', 'kafka', 'minio'])} (${ip(rng)})`];
  if (r < 0.6) return ['WARN', `Connection pool usage ${70 + rng.int(25)}% on order-db (active=${30 + rng.int(20)}, idle=${rng.int(10)})`];
  if (r < 0.97) return renderComponentError(rng, rng.pick(FAILING_COMPONENTS), ctx);
  return ['FATAL', `OutOfMemoryError: Java heap space in ticket-service pod ticket-service-${hex(rng, 10)}-${hex(rng, 5)}`];
}
