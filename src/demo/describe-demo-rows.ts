/**
 * Rows of the static entities: the product catalog and the user base as of the last generated day.
 * A user's descriptive attributes (marital status, occupation, industry, phone) come from a random
 * stream seeded by the run seed and the user's number, so a million users need no storage for them.
 */
import { CN_CITIES } from './cn-regions.ts';
import { createRng } from './create-rng.ts';
import { NEVER_DAY, lifecycleDay, type UserPopulation } from './create-user-population.ts';
import type { VenueCatalog } from './create-venue-catalog.ts';
import type { RowWriter } from './row-writer.ts';

const USER = 'U'.charCodeAt(0);
const STUDENT = ['学生', ['教育']] as const;
const RETIRED = ['退休', []] as const;

const GENDERS = ['male', 'female', 'unknown'] as const;
const OCCUPATIONS: readonly (readonly [name: string, industry: readonly string[]])[] = [
  ['软件工程师', ['互联网', '软件和信息技术服务']],
  ['教师', ['教育']],
  ['医生', ['医疗健康']],
  ['护士', ['医疗健康']],
  ['销售经理', ['零售', '快消品', '汽车']],
  ['公务员', ['政府机关']],
  ['会计', ['金融', '制造业', '专业服务']],
  ['设计师', ['互联网', '广告传媒', '文化创意']],
  ['工人', ['制造业', '建筑业']],
  ['个体经营者', ['零售', '餐饮']],
  ['自由职业', ['文化创意', '专业服务']],
  ['产品经理', ['互联网']],
  ['律师', ['专业服务']],
  ['银行职员', ['金融']],
  ['司机', ['交通运输']],
  ['厨师', ['餐饮']],
  ['农民', ['农林牧渔']],
];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];

/** Writes the catalog: one row per product, with the venue it belongs to. */
export function writeCatalogRows(writer: RowWriter, catalog: VenueCatalog): void {
  for (const p of catalog.products) {
    const v = catalog.venues[p.venueIndex];
    const ref = v ? CN_CITIES[v.cityIndex] : undefined;
    if (!v || !ref) continue;
    writer
      .ascii(p.id)
      .name(p.name)
      .name(p.category)
      .ascii(v.id)
      .name(v.name)
      .ascii(v.type)
      .name(ref.province.name)
      .name(ref.city.name)
      .name(v.district)
      .int(v.capacityPerDay)
      .int(v.capacityPerHour)
      .dec(v.latitude)
      .dec(v.longitude)
      .end();
  }
}

/** Writes the users row of user `u` as of the end of a window of `days` days. */
export function writeUserRow(writer: RowWriter, users: UserPopulation, u: number, seed: number, days: number): void {
  const rng = createRng(seed, 0x05e6, u);
  const age = users.age[u] as number;
  const ref = CN_CITIES[users.cityIndex[u] as number];
  const registered = (users.registeredDay[u] as number) * 86_400 + (users.registeredSecond[u] as number);
  const activatedDay = lifecycleDay(users, u, 'activated');
  const activated =
    activatedDay < days && activatedDay !== NEVER_DAY
      ? Math.max(registered + 60 + rng.int(600), activatedDay * 86_400 + 8 * 3600 + rng.int(14 * 3600))
      : undefined;
  let lastLogin: number | undefined;
  const lastActive = users.lastActiveDay[u] as number;
  if (activated !== undefined && lastActive >= 0) {
    lastLogin = Math.max(activated + 60, lastActive * 86_400 + 7 * 3600 + rng.int(15 * 3600));
  } else if (activated !== undefined) {
    // Quiet during the window: last seen around when they started to churn, or soon after activating.
    const day = Math.max(activatedDay, Math.min(lifecycleDay(users, u, 'churn'), -1) - rng.int(20));
    lastLogin = Math.max(activated + 60, day * 86_400 + 7 * 3600 + rng.int(15 * 3600));
  }
  const r = rng.next();
  const marital =
    age < 22
      ? 'single'
      : r < 0.04
        ? 'unknown'
        : age < 30
          ? r < 0.6
            ? 'single'
            : 'married'
          : r < 0.12
            ? 'single'
            : r < 0.85
              ? 'married'
              : age > 60 && r < 0.95
                ? 'widowed'
                : 'divorced';
  const [occupation, industries] =
    age < 23 && rng.chance(0.7)
      ? STUDENT
      : age >= 60
        ? RETIRED
        : (OCCUPATIONS[rng.int(OCCUPATIONS.length)] as (typeof OCCUPATIONS)[number]);
  const industry = industries[rng.int(industries.length)];
  const phone = `${PHONE_PREFIXES[rng.int(PHONE_PREFIXES.length)]}${String(rng.int(100_000_000)).padStart(8, '0')}`;
  writer.id(USER, u + 1, 8).timestamp(registered);
  if (activated !== undefined) writer.timestamp(activated);
  else writer.nul();
  if (lastLogin !== undefined) writer.timestamp(lastLogin);
  else writer.nul();
  writer
    .int(age)
    .ascii(GENDERS[users.gender[u] as number] ?? 'unknown')
    .ascii(marital)
    .name(occupation);
  if (ref) writer.name(ref.city.name).name(ref.province.name);
  else writer.nul().nul();
  if (industry) writer.name(industry);
  else writer.nul();
  writer
    .ascii(phone)
    .timestamp(Math.max(registered, activated ?? registered, lastLogin ?? registered))
    .end();
}
