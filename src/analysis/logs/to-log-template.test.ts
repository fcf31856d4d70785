import { describe, expect, it } from 'vitest';
import { CN_CITIES } from '../../demo/cn-regions.ts';
import { createRng, type Rng } from '../../demo/create-rng.ts';
import { CHANNELS } from '../../demo/create-user-population.ts';
import {
  FAILING_COMPONENTS,
  renderApiRequest,
  renderBackgroundError,
  renderComponentError,
  renderUserAction,
  type LogContext,
} from '../../demo/log-messages.ts';
import { toLogTemplate } from './to-log-template.ts';

describe('toLogTemplate', () => {
  it.each([
    ['订单 12345 支付失败', '订单 <num> 支付失败'],
    ['订单12345支付失败，用户U000123余额不足', '订单<num>支付失败，用户<id>余额不足'],
    ['用户 张三 下单 3 件商品，库存不足', '用户 张三 下单 <num> 件商品，库存不足'],
    ['支付回调超时 order_id=ord_8f3a21 耗时 153ms', '支付回调超时 order_id=<id> 耗时 <duration>'],
    ['User 42 logged in from 192.168.1.10:8080', 'User <num> logged in from <ip>'],
    ['request 550e8400-e29b-41d4-a716-446655440000 failed', 'request <uuid> failed'],
    ['connect to [2001:db8::1]:443 refused', 'connect to <ip> refused'],
    ['peer fe80::1%eth0 went down, retrying ::1', 'peer <ip> went down, retrying <ip>'],
    ['GET https://api.example.com/v1/orders?id=5 returned 404.', 'GET <url> returned <num>.'],
    ['bounce from zhang.san@example.com.cn', 'bounce from <email>'],
    ['cannot open /var/log/x.log: permission denied', 'cannot open <path>: permission denied'],
    ['cannot open C:\\x\\y', 'cannot open <path>'],
    ['GET /api/v1/orders/123 200 153ms', 'GET <path> <num> <duration>'],
    ['report written to ./out/daily.csv.', 'report written to <path>.'],
    ["Can't find key 'user:42' in \"session cache\"", "Can't find key <str> in <str>"],
    ['render took 2.5s (budget 1h30m, retry in 3 seconds)', 'render took <duration> (budget <duration>, retry in <duration>)'],
    ['temperature -3.5 below 0, delta +2', 'temperature <num> below <num>, delta +<num>'],
    ['user ord_8f3a21 and U000123 merged', 'user <id> and <id> merged'],
    ['trace_id=4bf92f3577b34da6 span deadbeefcafebabe', 'trace_id=<id> span <id>'],
    ['callback trade_no=2023110522001416 ok', 'callback trade_no=<id> ok'],
    ['at 2024-01-05T13:04:05.123+08:00 batch 13:04:05 done', 'at <time> batch <time> done'],
    ['导入开始于 2024/1/5 13:04', '导入开始于 <time>'],
    ['heap 512MB of 2 GB used, 83% full', 'heap <size> of <size> used, <num>% full'],
    ['pod ticket-service-7d9f8b6c5d-x2k4p OOMKilled', 'pod <id> OOMKilled'],
    ['nic aa:bb:cc:dd:ee:0f link up', 'nic <id> link up'],
    ['CIDR 10.0.0.0/8 blocked', 'CIDR <ip>/<num> blocked'],
    ['   too\tmuch \n  space  ', 'too much space'],
  ])('templates %j as %j', (message, template) => {
    expect(toLogTemplate(message)).toBe(template);
  });

  it('leaves words without variable parts alone, including apostrophes and dotted class names', () => {
    const message = "Redis READONLY You can't write against a read only replica at com.flowsight.order.OrderService";
    expect(toLogTemplate(message)).toBe(message);
  });

  it('keeps protocols with versions, ratios and short slash words readable', () => {
    expect(toLogTemplate('HTTP/1.1 upgrade failed (attempt 2/3), I/O error, N/A')).toBe(
      'HTTP/<num> upgrade failed (attempt <num>/<num>), I/O error, N/A',
    );
  });

  it('treats slash-joined Chinese place names as one variable part', () => {
    expect(toLogTemplate('user U00000001 login via wechat from 广东/广州')).toBe('user <id> login via wechat from <path>');
    expect(toLogTemplate('user U00000002 login via wechat from 内蒙古/呼和浩特')).toBe('user <id> login via wechat from <path>');
  });

  it('does not mistake hex ids ending in d for durations', () => {
    expect(toLogTemplate('trade_no=978962972167d7d')).toBe('trade_no=<id>');
    expect(toLogTemplate('trade_no=1234567890d')).toBe('trade_no=<id>');
    expect(toLogTemplate('retention 30d')).toBe('retention <duration>');
  });

  it('maps messages that differ only in their values to the same template', () => {
    const a = toLogTemplate('Timeout after 3120ms calling payment-gateway /v2/pay (attempt 1/3) order_id=O202401050000017');
    const b = toLogTemplate('Timeout after 9999ms calling payment-gateway /v2/pay (attempt 3/3) order_id=O202412319999999');
    expect(a).toBe(b);
  });
});

describe('toLogTemplate on the demo generator’s messages', () => {
  const contextOf = (rng: Rng): LogContext => {
    const ref = CN_CITIES[rng.int(CN_CITIES.length)] as (typeof CN_CITIES)[number];
    return {
      userId: `U${String(1 + rng.int(99_999_999)).padStart(8, '0')}`,
      productId: `P${String(1 + rng.int(999_999)).padStart(6, '0')}`,
      venueId: `V${String(1 + rng.int(99_999)).padStart(5, '0')}`,
      orderId: `O2024${String(101 + rng.int(1100)).padStart(4, '0')}${String(1 + rng.int(9_999_999)).padStart(7, '0')}`,
      channel: CHANNELS[rng.int(CHANNELS.length)] ?? 'app',
      province: ref.province.name,
      city: ref.city.name,
    };
  };
  const templatesOf = (render: (rng: Rng) => readonly [string, string], count: number): Set<string> => {
    const rng = createRng(20240105, count);
    const templates = new Set<string>();
    for (let i = 0; i < count; i++) templates.add(toLogTemplate(render(rng)[1]));
    return templates;
  };

  it('collapses API access lines to one template per shape', () => {
    expect([...templatesOf((rng) => renderApiRequest(rng, contextOf(rng)), 3000)].sort()).toEqual([
      'GET <path> <num> <duration>',
      'POST <path> <num> <duration> order_id=<id>',
      'POST <path> <num> <duration> product_id=<id> qty=<num>',
      'POST <path> <num> <duration> trade_no=<id>',
      'POST <path> <num> <duration> upstream=payment-gateway trace_id=<id>',
      'Slow request: GET <path> took <duration> (threshold <duration>)',
    ]);
  });

  it('collapses user actions to one template per shape and enumerated word', () => {
    expect([...templatesOf((rng) => renderUserAction(rng, contextOf(rng)), 3000)].sort()).toEqual([
      'cache hit key=product:<id> ttl=<duration>',
      'user <id> added <id> to cart',
      'user <id> login via app from <path>',
      'user <id> login via mobile from <path>',
      'user <id> login via pc from <path>',
      'user <id> login via wechat from <path>',
      'user <id> shared <id> to wechat_friend',
      'user <id> shared <id> to wechat_moments',
      'user <id> shared <id> to weibo',
      'user <id> submitted order <id>',
      'user <id> updated profile field=address',
      'user <id> updated profile field=avatar',
      'user <id> updated profile field=nickname',
      'user <id> updated profile field=phone',
      'user <id> viewed venue <id> dwell=<duration>',
    ]);
  });

  it('collapses component errors and background warnings to one template per shape', () => {
    const errors = templatesOf((rng) => renderComponentError(rng, rng.pick(FAILING_COMPONENTS), contextOf(rng)), 3000);
    const background = templatesOf((rng) => renderBackgroundError(rng, contextOf(rng)), 3000);
    expect([...errors].sort()).toEqual([
      'Connection pool exhausted on order-db (active=<num>, idle=<num>, waiting=<num>) at com.flowsight.order.OrderService.submit(OrderService.java:<num>)',
      'Failed to sync inventory for <id> at <id>: upstream returned <num> after <duration>',
      'Kafka consumer lag <num> on topic order-events partition <num>; rebalancing group order-sync',
      "Redis READONLY You can't write against a read only replica. host=<ip> key=stock:<id>",
      'Timeout after <duration> calling payment-gateway <path> (attempt <num>/<num>) order_id=<id>',
      'java.sql.SQLTransientConnectionException: <id> - Connection is not available, request timed out after <duration>',
    ]);
    expect([...background].filter((t) => !errors.has(t)).sort()).toEqual([
      'Connection pool usage <num>% on order-db (active=<num>, idle=<num>)',
      'Disk usage <num>% on <path> (<ip>)',
      'OutOfMemoryError: Java heap space in ticket-service pod <id>',
    ]);
  });

  it('turns a few hundred mixed demo lines into a few dozen templates', () => {
    const rng = createRng(7);
    const renderers = [
      () => renderApiRequest(rng, contextOf(rng)),
      () => renderUserAction(rng, contextOf(rng)),
      () => renderBackgroundError(rng, contextOf(rng)),
    ];
    const messages = Array.from({ length: 600 }, (_, i) => (renderers[i % renderers.length] as () => readonly [string, string])()[1]);
    const templates = new Set(messages.map(toLogTemplate));
    expect(new Set(messages).size).toBeGreaterThan(500);
    expect(templates.size).toBeLessThanOrEqual(30);
  });
});
