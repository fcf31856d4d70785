/**
 * How the data's place names meet the map's: provinces by their short names (广东, 内蒙古, the same
 * in both), a province's map file by its pinyin name, and cities, which the data writes short (广州,
 * 恩施) and the maps in full (广州市, 恩施土家族苗族自治州). Pure, so the matching is tested in Node.
 */

/** Province short name → file under provinces/ (the names ECharts 4 shipped them under). */
export const PROVINCE_FILES: Readonly<Record<string, string>> = {
  北京: 'beijing',
  天津: 'tianjin',
  河北: 'hebei',
  山西: 'shanxi',
  内蒙古: 'neimenggu',
  辽宁: 'liaoning',
  吉林: 'jilin',
  黑龙江: 'heilongjiang',
  上海: 'shanghai',
  江苏: 'jiangsu',
  浙江: 'zhejiang',
  安徽: 'anhui',
  福建: 'fujian',
  江西: 'jiangxi',
  山东: 'shandong',
  河南: 'henan',
  湖北: 'hubei',
  湖南: 'hunan',
  广东: 'guangdong',
  广西: 'guangxi',
  海南: 'hainan',
  重庆: 'chongqing',
  四川: 'sichuan',
  贵州: 'guizhou',
  云南: 'yunnan',
  西藏: 'xizang',
  // 陕西 and 山西 share the pinyin "shanxi"; the maps tell them apart with a 1.
  陕西: 'shanxi1',
  甘肃: 'gansu',
  青海: 'qinghai',
  宁夏: 'ningxia',
  新疆: 'xinjiang',
  台湾: 'taiwan',
  香港: 'xianggang',
  澳门: 'aomen',
};

/**
 * Regions whose map is drawn by district while the data knows them as one city named after the
 * region (北京 › 北京): every district then belongs to that city.
 */
export const SINGLE_CITY_REGIONS: ReadonlySet<string> = new Set(['北京', '天津', '上海', '重庆', '香港', '澳门']);

/** Province-level names written out in full, as some sources do (广西壮族自治区, 北京市…). */
const PROVINCE_SUFFIXES = ['壮族自治区', '回族自治区', '维吾尔自治区', '自治区', '特别行政区', '省', '市'];

/** The short name of a province (广西壮族自治区 → 广西, 北京市 → 北京, 广东省 → 广东). */
export function shortProvinceName(name: string): string {
  const trimmed = name.trim();
  for (const suffix of PROVINCE_SUFFIXES) {
    if (trimmed.endsWith(suffix) && trimmed.length > suffix.length + 1) return trimmed.slice(0, -suffix.length);
  }
  return trimmed;
}

/** The map file (without .json) of a province, or undefined for a name no map has. */
export function provinceMapFile(province: string): string | undefined {
  return PROVINCE_FILES[shortProvinceName(province)];
}

/** Peoples named in autonomous prefectures and counties, longest first so 蒙古族 goes before 蒙古. */
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

/** Administrative endings of prefecture-level names, longest first. */
const CITY_SUFFIXES = ['自治州', '自治县', '林区', '地区', '新区', '市', '盟', '州', '县', '区'];

/**
 * The short name of a city as the data writes it: 广州市 → 广州, 大兴安岭地区 → 大兴安岭, 锡林郭勒盟 →
 * 锡林郭勒, 恩施土家族苗族自治州 → 恩施, 伊犁哈萨克自治州 → 伊犁. A name that would shrink to one
 * character keeps its ending (东区 stays 东区), since a one-character name means nothing.
 */
export function shortCityName(name: string): string {
  let short = name.trim();
  const suffix = CITY_SUFFIXES.find((ending) => short.endsWith(ending));
  if (suffix === undefined || short.length - suffix.length < 2) return short;
  short = short.slice(0, -suffix.length);
  if (suffix === '自治州' || suffix === '自治县') {
    // Peoples stack up (土家族苗族): strip them one by one from the end, keeping at least two characters.
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const people of PEOPLES) {
        if (short.endsWith(people) && short.length - people.length >= 2) {
          short = short.slice(0, -people.length);
          stripped = true;
          break;
        }
      }
    }
  }
  return short;
}

/** Whether a city of the data is the city a map feature draws. */
export function isSameCity(dataCity: string, featureName: string): boolean {
  const city = dataCity.trim();
  if (city === '' || featureName === '') return false;
  if (city === featureName || city === shortCityName(featureName) || shortCityName(city) === shortCityName(featureName)) return true;
  // A two-character-or-longer short name that starts the full name (恩施 → 恩施土家族苗族自治州).
  return city.length >= 2 && featureName.startsWith(city);
}

/**
 * Which city of the data each feature of a province's map belongs to. A feature matches the city of
 * the same name (see isSameCity; a full-name match wins over a prefix match, so 新竹 picks 新竹市 over
 * 新竹县); in a single-city region (北京, 香港…) the districts no city claims belong to the city named
 * after the region. Features of no city are left out.
 */
export function assignFeaturesToCities(
  province: string,
  featureNames: readonly string[],
  dataCities: readonly string[],
): Map<string, string> {
  const assigned = new Map<string, string>();
  const claimed = new Set<string>();
  const exact = (city: string, feature: string) => city === feature || city === shortCityName(feature);
  // Exact matches first, so a prefix match cannot take a feature another city names exactly.
  for (const pass of [exact, isSameCity]) {
    for (const city of dataCities) {
      if (pass === isSameCity && claimed.has(city)) continue;
      const feature = featureNames.find((name) => !assigned.has(name) && pass(city, name));
      if (feature === undefined) continue;
      assigned.set(feature, city);
      claimed.add(city);
    }
  }
  const region = shortProvinceName(province);
  if (SINGLE_CITY_REGIONS.has(region)) {
    const whole = dataCities.find((city) => city === region || shortProvinceName(city) === region);
    if (whole !== undefined) for (const name of featureNames) if (!assigned.has(name)) assigned.set(name, whole);
  }
  return assigned;
}
