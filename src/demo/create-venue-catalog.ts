/**
 * Demo venues (scenic spots, theme parks, museums, event venues, stores, malls) placed across China
 * by population and tourism pull, each with its share of national visit demand, capacities, and the
 * products it sells (tickets and goods). Pure: the same seed and size give the same catalog.
 */
import { CN_CITIES, cityPopulationWeights } from './cn-regions.ts';
import { createAliasTable, createRng, type AliasTable, type Rng } from './create-rng.ts';
import { HOLIDAY_UPLIFT, HOURLY_PROFILE, type VenueType } from './demand-model.ts';

export interface DemoProduct {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly venueIndex: number;
  readonly kind: 'ticket' | 'goods';
  readonly price: number;
  /** Largest quantity one order takes (family and annual passes are bought singly). */
  readonly maxQuantity: number;
  /** Words a buyer might search for. */
  readonly keyword: string;
}

export interface DemoVenue {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly type: VenueType;
  readonly cityIndex: number;
  readonly provinceIndex: number;
  readonly district: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Share of national visit demand (all venues sum to 1). */
  readonly share: number;
  capacityPerDay: number;
  capacityPerHour: number;
  readonly tickets: readonly number[];
  readonly goods: readonly number[];
  /** Picks one of the venue's tickets by popularity. */
  readonly ticketTable: AliasTable | undefined;
}

export interface VenueCatalog {
  readonly venues: readonly DemoVenue[];
  readonly products: readonly DemoProduct[];
  /** Goods sold online nationwide, drawn by venue popularity. */
  readonly onlineGoods: readonly number[];
  readonly onlineGoodsTable: AliasTable;
  /** Any product, by venue popularity (what people browse). */
  readonly browseTable: AliasTable;
}

/** Share of venues of each type, and each type's share of national visit demand. */
export const VENUE_MIX: Readonly<Record<VenueType, { venues: number; demand: number; minCapacity: number }>> = {
  scenic_spot: { venues: 0.3, demand: 0.32, minCapacity: 500 },
  theme_park: { venues: 0.05, demand: 0.1, minCapacity: 1000 },
  museum: { venues: 0.1, demand: 0.1, minCapacity: 300 },
  venue: { venues: 0.07, demand: 0.06, minCapacity: 800 },
  store: { venues: 0.35, demand: 0.3, minCapacity: 200 },
  mall: { venues: 0.13, demand: 0.12, minCapacity: 1000 },
};

/** How many venues a demo of `users` users gets: about 3·√users, between 30 and 3000. */
export function venueCountFor(users: number): number {
  return Math.max(30, Math.min(3000, Math.round(3 * Math.sqrt(users))));
}

const NAME_ROOTS =
  '云台 青龙 白鹭 翠微 凤凰 龙潭 清泉 玉屏 碧水 金沙 明月 紫霞 仙女 卧龙 天池 石林 桃花 梅岭 竹海 红枫 九龙 飞来 灵岩 望湖 彩云 白云 落霞 听涛 鸣沙 观音'.split(
    ' ',
  );
const SUFFIXES: Readonly<Record<VenueType, readonly string[]>> = {
  scenic_spot: ['山风景区', '湖景区', '古镇', '湿地公园', '森林公园', '峡谷景区', '溶洞景区', '海滨景区', '古村落', '草原景区'],
  theme_park: ['奇幻乐园', '海洋公园', '童话王国', '野生动物园', '水上乐园', '冰雪世界'],
  museum: ['博物馆', '科技馆', '美术馆', '民俗博物馆', '自然博物馆', '非遗展示馆'],
  venue: ['体育中心', '大剧院', '国际会展中心', '奥体中心', '音乐厅', '电竞馆'],
  store: ['悦购便利', '鲜丰超市', '乐享生活馆', '优品集合店', '拾光书店', '茶语轩', '麦田烘焙', '运动汇', '潮玩盒子'],
  mall: ['星河广场', '环球中心', '时代天地', '云上购物中心', '城市奥莱', '滨江汇'],
};

const TICKETS: readonly (readonly [label: string, factor: number, maxQuantity: number, weight: number])[] = [
  ['成人票', 1, 4, 0.55],
  ['儿童票', 0.5, 3, 0.15],
  ['老人票', 0.5, 2, 0.08],
  ['学生票', 0.5, 3, 0.08],
  ['家庭套票', 2.4, 1, 0.08],
  ['夜场票', 0.6, 4, 0.04],
  ['年卡', 4, 1, 0.02],
];

const GOODS: Readonly<Record<string, readonly (readonly [name: string, min: number, max: number])[]>> = {
  零食饮料: [
    ['坚果礼盒', 68, 168],
    ['手工牛轧糖', 25, 45],
    ['精品挂耳咖啡', 39, 89],
    ['地方特产礼包', 88, 268],
    ['矿泉水', 2, 5],
  ],
  文创纪念品: [
    ['冰箱贴', 15, 35],
    ['帆布包', 39, 79],
    ['书签套装', 19, 49],
    ['明信片', 10, 25],
    ['定制玩偶', 49, 129],
  ],
  日用百货: [
    ['保温杯', 59, 199],
    ['抽纸整箱', 39, 69],
    ['洗衣凝珠', 29, 59],
    ['折叠雨伞', 29, 89],
  ],
  服饰鞋包: [
    ['防晒衣', 99, 299],
    ['纯棉T恤', 59, 159],
    ['运动鞋', 199, 699],
    ['棒球帽', 39, 99],
  ],
  美妆个护: [
    ['面膜套装', 59, 199],
    ['防晒霜', 69, 199],
    ['护手霜', 19, 59],
  ],
  数码配件: [
    ['充电宝', 79, 199],
    ['数据线', 19, 49],
    ['蓝牙耳机', 99, 499],
    ['手机壳', 19, 59],
  ],
  生鲜水果: [
    ['时令水果礼盒', 59, 199],
    ['有机蔬菜箱', 49, 129],
    ['海鲜礼盒', 168, 598],
  ],
};
const GOODS_CATEGORIES = Object.keys(GOODS);

const TICKET_PRICE: Readonly<Record<VenueType, readonly [number, number]>> = {
  scenic_spot: [40, 260],
  theme_park: [150, 420],
  museum: [0, 60],
  venue: [80, 680],
  store: [0, 0],
  mall: [0, 0],
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const round2 = (x: number): number => Math.round(x * 100) / 100;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
/** Rounds a capacity to two significant digits, as operators set them. */
const niceNumber = (x: number): number => {
  const magnitude = Math.pow(10, Math.max(0, Math.floor(Math.log10(Math.max(1, x))) - 1));
  return Math.ceil(x / magnitude) * magnitude;
};

function drawType(rng: Rng): VenueType {
  let r = rng.next();
  for (const [type, mix] of Object.entries(VENUE_MIX) as [VenueType, (typeof VENUE_MIX)[VenueType]][]) {
    r -= mix.venues;
    if (r < 0) return type;
  }
  return 'store';
}

/**
 * Builds the catalog. `dailyVisitsAtMean` is the national number of visits on an average day, so
 * capacities can be set just above each venue's expected golden-week peak.
 */
export function createVenueCatalog(venueCount: number, dailyVisitsAtMean: number, seed: number): VenueCatalog {
  const rng = createRng(seed, 0x7e7e);
  const population = cityPopulationWeights();
  const cityForLocals = createAliasTable(population);
  // Attractions cluster where tourists go; shops where people live.
  const cityForSights = createAliasTable(population.map((w, i) => w * Math.pow(CN_CITIES[i]?.city.tourism ?? 1, 2.5)));
  const drafts = Array.from({ length: venueCount }, (_, index) => {
    const type = drawType(rng);
    const sight = type === 'scenic_spot' || type === 'theme_park' || type === 'museum';
    const cityIndex = (sight ? cityForSights : cityForLocals).sample(rng);
    return { index, type, cityIndex, appeal: Math.exp(0.8 * rng.normal()) };
  });
  const appealByType = new Map<VenueType, number>();
  for (const d of drafts) appealByType.set(d.type, (appealByType.get(d.type) ?? 0) + d.appeal);
  const typeDemand = [...appealByType.keys()].reduce((sum, t) => sum + VENUE_MIX[t].demand, 0);

  const products: DemoProduct[] = [];
  const venues: DemoVenue[] = drafts.map((d) => {
    const ref = CN_CITIES[d.cityIndex] as (typeof CN_CITIES)[number];
    const id = `V${pad(d.index + 1, 5)}`;
    const district = rng.pick(ref.city.districts);
    const cityName = ref.city.name;
    const suffix = rng.pick(SUFFIXES[d.type]);
    const name =
      d.type === 'store'
        ? `${suffix}（${cityName}${district.replace(/(区|县|市|街道|镇)$/, '')}店）`
        : d.type === 'mall'
          ? `${cityName}${suffix}`
          : d.type === 'museum' || d.type === 'venue'
            ? `${cityName}${rng.chance(0.5) ? rng.pick(NAME_ROOTS) : ''}${suffix}`
            : `${rng.pick(NAME_ROOTS)}${suffix}`;
    const spread = d.type === 'scenic_spot' ? 0.25 : 0.06;
    const share = (VENUE_MIX[d.type].demand / typeDemand) * (d.appeal / (appealByType.get(d.type) ?? 1));
    const tickets: number[] = [];
    const goods: number[] = [];
    const ticketWeights: number[] = [];
    const [low, high] = TICKET_PRICE[d.type];
    if (high > 0) {
      const base = Math.round(rng.range(low, high) / 5) * 5;
      const kinds = TICKETS.filter((t, i) => i === 0 || rng.chance(d.type === 'venue' ? 0.3 : 0.6));
      for (const [label, factor, maxQuantity, weight] of kinds) {
        tickets.push(products.length);
        ticketWeights.push(weight);
        products.push({
          index: products.length,
          id: `P${pad(products.length + 1, 6)}`,
          name: base === 0 ? `${name}免费预约${label}` : `${name}${label}`,
          category: label === '年卡' ? '年卡' : '门票',
          venueIndex: d.index,
          kind: 'ticket',
          price: round2(base * factor),
          maxQuantity,
          keyword: name,
        });
      }
    }
    const goodsCount = d.type === 'store' || d.type === 'mall' ? 3 + rng.int(6) : rng.chance(0.5) ? 1 + rng.int(2) : 0;
    for (let g = 0; g < goodsCount; g++) {
      const category = d.type === 'store' || d.type === 'mall' ? rng.pick(GOODS_CATEGORIES) : '文创纪念品';
      const [item, min, max] = rng.pick(GOODS[category] ?? []);
      goods.push(products.length);
      products.push({
        index: products.length,
        id: `P${pad(products.length + 1, 6)}`,
        name: `${item}（${name}）`,
        category,
        venueIndex: d.index,
        kind: 'goods',
        price: round2(Math.round(rng.range(min, max)) - 0.1 * rng.int(2)),
        maxQuantity: 3,
        keyword: item,
      });
    }
    const peak = Math.max(...Object.values(HOLIDAY_UPLIFT[d.type])) * 1.3;
    const expected = dailyVisitsAtMean * share;
    const capacityPerDay = niceNumber(Math.max(VENUE_MIX[d.type].minCapacity, expected * peak * rng.range(0.85, 1.5)));
    const maxHourShare = Math.max(...HOURLY_PROFILE[d.type]);
    return {
      index: d.index,
      id,
      name,
      type: d.type,
      cityIndex: d.cityIndex,
      provinceIndex: ref.provinceIndex,
      district,
      latitude: round6(ref.city.latitude + spread * rng.normal()),
      longitude: round6(ref.city.longitude + spread * rng.normal()),
      share,
      capacityPerDay,
      capacityPerHour: niceNumber(capacityPerDay * maxHourShare * 1.3),
      tickets,
      goods,
      ticketTable: ticketWeights.length > 0 ? createAliasTable(ticketWeights) : undefined,
    };
  });
  const onlineGoods = products.filter((p) => p.kind === 'goods' && p.category !== '生鲜水果').map((p) => p.index);
  const fallbackGoods = onlineGoods.length > 0 ? onlineGoods : products.map((p) => p.index);
  const venueShare = (p: number) => venues[products[p]?.venueIndex ?? 0]?.share ?? 0;
  return {
    venues,
    products,
    onlineGoods: fallbackGoods,
    onlineGoodsTable: createAliasTable(fallbackGoods.map((p) => 0.2 + venueShare(p) * venues.length)),
    browseTable: createAliasTable(products.map((p) => 0.2 + venueShare(p.index) * venues.length)),
  };
}
