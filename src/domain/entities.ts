/**
 * The six entities Flowsight collects, their canonical fields, the names those fields may arrive
 * under (English snake_case or the design doc's Chinese), and how a record collected again is merged.
 * Everything that maps, validates or stores a record reads these definitions; nothing repeats them.
 */
import { VOCABULARIES, type VocabularyName } from './vocabulary.ts';

export const ENTITY_KINDS = ['users', 'orders', 'events', 'logs', 'catalog', 'weather'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Canonical value types. Timestamps are UTC instants; dates are calendar days (YYYY-MM-DD). */
export type FieldType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'timestamp'
  | 'date'
  | 'boolean'
  | { enum: VocabularyName };

export interface FieldDef {
  readonly name: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Other header names that mean this field (Chinese names from the design doc first). */
  readonly aliases?: readonly string[];
  /** Smallest accepted value for numeric fields. */
  readonly min?: number;
  readonly max?: number;
  /** Longest accepted string, in characters. */
  readonly maxLength?: number;
}

/**
 * How a record collected again is merged with the stored one:
 * - `immutable`: the first copy is the record; later copies are duplicates (events, logs).
 * - `versioned`: a copy replaces the stored record only when its version is strictly newer (orders:
 *   an older state never overwrites a newer one).
 * - `latest`: a copy replaces the stored record when its version is not older and its content differs
 *   (users, catalog, weather: the most recently collected description wins).
 */
export type MergeMode = 'immutable' | 'versioned' | 'latest';

export interface EntityDef {
  readonly kind: EntityKind;
  readonly fields: readonly FieldDef[];
  /** Fields that identify one record. */
  readonly key: readonly string[];
  readonly merge: MergeMode;
  /** Chinese names of the entity, accepted on the command line. */
  readonly aliases: readonly string[];
}

const id = (name: string, aliases: string[], required = true): FieldDef => ({
  name,
  type: 'string',
  required,
  aliases,
  maxLength: 128,
});
const text = (name: string, aliases: string[], maxLength = 4096): FieldDef => ({
  name,
  type: 'string',
  aliases,
  maxLength,
});
const region = (name: 'province' | 'city' | 'district', zh: string): FieldDef =>
  text(name, [zh, `${zh}名称`], 64);

export const ENTITIES: Readonly<Record<EntityKind, EntityDef>> = {
  users: {
    kind: 'users',
    aliases: ['用户', '用户画像'],
    key: ['user_id'],
    merge: 'latest',
    fields: [
      id('user_id', ['用户ID', '用户id', '用户编号']),
      { name: 'registered_at', type: 'timestamp', aliases: ['注册日期', '注册时间'] },
      { name: 'activated_at', type: 'timestamp', aliases: ['激活日期', '激活时间'] },
      { name: 'last_login_at', type: 'timestamp', aliases: ['最后登录日期', '最后登录时间'] },
      { name: 'age', type: 'integer', aliases: ['年龄'], min: 0, max: 130 },
      { name: 'gender', type: { enum: 'gender' }, aliases: ['性别'] },
      { name: 'marital_status', type: { enum: 'marital_status' }, aliases: ['婚姻状态', '婚姻状况'] },
      text('occupation', ['职业'], 64),
      region('city', '城市'),
      region('province', '省份'),
      text('industry', ['行业'], 64),
      { name: 'phone', type: 'string', aliases: ['手机号', '电话', '手机'], maxLength: 32 },
      { name: 'updated_at', type: 'timestamp', aliases: ['更新时间', '更新日期'] },
    ],
  },
  orders: {
    kind: 'orders',
    aliases: ['订单'],
    key: ['order_id'],
    merge: 'versioned',
    fields: [
      id('order_id', ['订单ID', '订单id', '订单编号', '订单号']),
      id('user_id', ['用户ID', '用户id', '用户编号']),
      { name: 'created_at', type: 'timestamp', required: true, aliases: ['创建日期', '创建时间', '下单时间'] },
      { name: 'paid_at', type: 'timestamp', aliases: ['支付日期', '支付时间', '付款时间'] },
      id('product_id', ['商品ID', '商品id', '商品编号'], false),
      { name: 'quantity', type: 'integer', aliases: ['商品数量', '数量'], min: 1, max: 1_000_000 },
      { name: 'amount', type: 'decimal', required: true, aliases: ['订单金额', '金额'], min: 0, max: 1e12 },
      text('shipping_address', ['收货地址', '地址'], 512),
      { name: 'order_type', type: { enum: 'order_type' }, aliases: ['下单类型', '订单类型'] },
      { name: 'channel', type: { enum: 'channel' }, aliases: ['下单渠道', '渠道'] },
      { name: 'status', type: { enum: 'order_status' }, required: true, aliases: ['订单状态', '状态'] },
      { name: 'cancelled', type: 'boolean', aliases: ['是否取消'] },
      text('note', ['备注']),
      id('venue_id', ['场所ID', '场所id', '景区ID', '门店ID'], false),
      { name: 'updated_at', type: 'timestamp', aliases: ['更新时间', '更新日期'] },
    ],
  },
  events: {
    kind: 'events',
    aliases: ['行为', '行为事件', '事件'],
    key: ['event_id'],
    merge: 'immutable',
    fields: [
      id('event_id', ['事件ID', '事件id', '行为ID']),
      id('user_id', ['用户ID', '用户id'], false),
      id('session_id', ['会话ID', '会话id'], false),
      { name: 'event_type', type: { enum: 'event_type' }, required: true, aliases: ['事件类型', '行为类型'] },
      { name: 'occurred_at', type: 'timestamp', required: true, aliases: ['发生时间', '事件时间', '行为时间'] },
      id('product_id', ['商品ID', '商品id'], false),
      id('venue_id', ['场所ID', '场所id', '景区ID', '门店ID'], false),
      text('query', ['搜索词', '查询'], 512),
      { name: 'channel', type: { enum: 'channel' }, aliases: ['渠道'] },
      region('province', '省份'),
      region('city', '城市'),
    ],
  },
  logs: {
    kind: 'logs',
    aliases: ['日志', '系统日志'],
    key: ['log_id'],
    merge: 'immutable',
    fields: [
      id('log_id', ['日志ID', '日志id']),
      { name: 'log_type', type: { enum: 'log_type' }, required: true, aliases: ['日志类型'] },
      { name: 'level', type: { enum: 'log_level' }, required: true, aliases: ['日志级别', '级别'] },
      text('message', ['日志信息', '信息'], 65_536),
      { name: 'logged_at', type: 'timestamp', required: true, aliases: ['日志时间', '时间'] },
      { name: 'source', type: { enum: 'log_source' }, aliases: ['日志源', '来源'] },
    ],
  },
  catalog: {
    kind: 'catalog',
    aliases: ['商品', '场所', '商品场所'],
    key: ['product_id'],
    merge: 'latest',
    fields: [
      id('product_id', ['商品ID', '商品id', '商品编号']),
      text('name', ['商品名称', '名称'], 256),
      text('category', ['类目', '品类', '分类'], 64),
      id('venue_id', ['场所ID', '场所id', '景区ID', '门店ID'], false),
      text('venue_name', ['场所名称', '景区名称', '门店名称'], 256),
      { name: 'venue_type', type: { enum: 'venue_type' }, aliases: ['场所类型'] },
      region('province', '省份'),
      region('city', '城市'),
      region('district', '区县'),
      { name: 'capacity_per_day', type: 'integer', aliases: ['日容量', '每日容量', 'capacity'], min: 0 },
      { name: 'capacity_per_hour', type: 'integer', aliases: ['小时容量', '每小时容量'], min: 0 },
      { name: 'latitude', type: 'decimal', aliases: ['纬度', 'lat'], min: -90, max: 90 },
      { name: 'longitude', type: 'decimal', aliases: ['经度', 'lng', 'lon'], min: -180, max: 180 },
      { name: 'updated_at', type: 'timestamp', aliases: ['更新时间', '更新日期'] },
    ],
  },
  weather: {
    kind: 'weather',
    aliases: ['天气'],
    key: ['date', 'hour', 'province', 'city'],
    merge: 'latest',
    fields: [
      { name: 'date', type: 'date', required: true, aliases: ['日期'] },
      { name: 'hour', type: 'integer', aliases: ['小时'], min: 0, max: 23 },
      { ...region('province', '省份'), required: true },
      region('city', '城市'),
      { name: 'temp_max', type: 'decimal', aliases: ['最高气温', '最高温度'], min: -90, max: 70 },
      { name: 'temp_min', type: 'decimal', aliases: ['最低气温', '最低温度'], min: -90, max: 70 },
      { name: 'precipitation_mm', type: 'decimal', aliases: ['降水量', '降水量mm', '降雨量'], min: 0, max: 2000 },
      { name: 'condition', type: { enum: 'weather_condition' }, aliases: ['天气状况', '天气'] },
    ],
  },
};

/** Resolves an entity name given in English or Chinese, or undefined when it is not one. */
export function parseEntityKind(name: string): EntityKind | undefined {
  const wanted = name.trim().toLowerCase();
  for (const def of Object.values(ENTITIES)) {
    if (def.kind === wanted || def.aliases.includes(name.trim())) return def.kind;
  }
  return undefined;
}

/** Looks up the vocabulary behind an enum field. */
export function vocabularyOf(field: FieldDef) {
  return typeof field.type === 'object' ? VOCABULARIES[field.type.enum] : undefined;
}
