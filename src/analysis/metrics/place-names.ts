/**
 * Place names as people write them and as the data holds them. The data writes provinces and cities
 * short (广东, 广州: the generator's and the maps' form); a filter or a file may give them in full
 * (广东省, 广西壮族自治区, 广州市). The rules are those the dashboard's maps use to meet the data
 * (web/src/map/map-names.ts), so a place means the same on a map and in a query.
 */

/** Endings of province-level names, longest first (广西壮族自治区, 北京市, 香港特别行政区…). */
const PROVINCE_SUFFIXES = ['壮族自治区', '回族自治区', '维吾尔自治区', '自治区', '特别行政区', '省', '市'];

/** Endings of prefecture-level names, longest first. */
const CITY_SUFFIXES = ['自治州', '地区', '市', '盟'];

/** Peoples named in autonomous prefectures, longest first so 蒙古族 goes before 蒙古. */
const PEOPLES = [
  '柯尔克孜',
  '哈萨克',
  '土家族',
  '布依族',
  '景颇族',
  '傈僳族',
  '朝鲜族',
  '蒙古族',
  '哈尼族',
  '苗族',
  '白族',
  '藏族',
  '羌族',
  '彝族',
  '傣族',
  '回族',
  '侗族',
  '壮族',
  '黎族',
  '蒙古',
];

/** The short name of a province: 广东省 → 广东, 广西壮族自治区 → 广西, 北京市 → 北京; a short name stays. */
export function shortProvinceName(name: string): string {
  const trimmed = name.trim();
  const suffix = PROVINCE_SUFFIXES.find((ending) => trimmed.endsWith(ending) && trimmed.length > ending.length + 1);
  return suffix === undefined ? trimmed : trimmed.slice(0, -suffix.length);
}

/**
 * The short name of a city: 广州市 → 广州, 大兴安岭地区 → 大兴安岭, 锡林郭勒盟 → 锡林郭勒, 恩施土家族苗族自治州
 * → 恩施. A name that would shrink to one character keeps its ending, since a one-character name means nothing.
 */
export function shortCityName(name: string): string {
  let short = name.trim();
  const suffix = CITY_SUFFIXES.find((ending) => short.endsWith(ending));
  if (suffix === undefined || short.length - suffix.length < 2) return short;
  short = short.slice(0, -suffix.length);
  if (suffix === '自治州') {
    // Peoples stack up (土家族苗族): strip them one by one from the end, keeping at least two characters.
    for (let people = PEOPLES.find((p) => short.endsWith(p) && short.length - p.length >= 2); people;) {
      short = short.slice(0, -people.length);
      people = PEOPLES.find((p) => short.endsWith(p) && short.length - p.length >= 2);
    }
  }
  return short;
}

/** The forms a place filter value matches: as written and, when it has an administrative ending, its short name. */
export function placeNameForms(level: 'province' | 'city', name: string): string[] {
  const written = name.trim();
  const short = level === 'province' ? shortProvinceName(written) : shortCityName(written);
  return short === written ? [written] : [written, short];
}
