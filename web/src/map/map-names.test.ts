import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignFeaturesToCities, isSameCity, PROVINCE_FILES, provinceMapFile, shortCityName, shortProvinceName } from './map-names.ts';

const here = import.meta.dirname;
const featureNames = (file: string): string[] =>
  (JSON.parse(readFileSync(join(here, file), 'utf8')) as { features: { properties: { name: string } }[] }).features.map(
    (feature) => feature.properties.name,
  );

describe('province names and map files', () => {
  it('has a map file for every region of the country map, and every file belongs to one region', () => {
    const regions = featureNames('china.json');
    expect(regions).toHaveLength(34);
    expect(regions).toEqual(expect.arrayContaining(['台湾', '香港', '澳门', '内蒙古', '新疆', '广西']));
    for (const region of regions) expect(provinceMapFile(region), region).toBeDefined();
    const files = readdirSync(join(here, 'provinces')).map((name) => name.replace(/\.json$/, ''));
    expect(Object.values(PROVINCE_FILES).sort()).toEqual(files.sort());
  });

  it('tells 山西 (shanxi) from 陕西 (shanxi1) and reads full province names', () => {
    expect(provinceMapFile('山西')).toBe('shanxi');
    expect(provinceMapFile('陕西')).toBe('shanxi1');
    expect(provinceMapFile('陕西省')).toBe('shanxi1');
    expect(shortProvinceName('广西壮族自治区')).toBe('广西');
    expect(shortProvinceName('新疆维吾尔自治区')).toBe('新疆');
    expect(shortProvinceName('香港特别行政区')).toBe('香港');
    expect(shortProvinceName('北京市')).toBe('北京');
    expect(provinceMapFile('亚特兰蒂斯')).toBeUndefined();
  });
});

describe('city names', () => {
  it('shortens city names the way the data writes them', () => {
    expect(shortCityName('广州市')).toBe('广州');
    expect(shortCityName('恩施土家族苗族自治州')).toBe('恩施');
    expect(shortCityName('伊犁哈萨克自治州')).toBe('伊犁');
    expect(shortCityName('海西蒙古族藏族自治州')).toBe('海西');
    expect(shortCityName('巴音郭楞蒙古自治州')).toBe('巴音郭楞');
    expect(shortCityName('克孜勒苏柯尔克孜自治州')).toBe('克孜勒苏');
    expect(shortCityName('黔东南苗族侗族自治州')).toBe('黔东南');
    expect(shortCityName('大兴安岭地区')).toBe('大兴安岭');
    expect(shortCityName('锡林郭勒盟')).toBe('锡林郭勒');
    expect(shortCityName('神农架林区')).toBe('神农架');
    expect(shortCityName('保亭黎族苗族自治县')).toBe('保亭');
    expect(shortCityName('浦东新区')).toBe('浦东');
    // One character is no name: Hong Kong's 东区 stays as it is.
    expect(shortCityName('东区')).toBe('东区');
  });

  it('matches short and full city names, and by prefix', () => {
    expect(isSameCity('广州', '广州市')).toBe(true);
    expect(isSameCity('广州市', '广州市')).toBe(true);
    expect(isSameCity('恩施', '恩施土家族苗族自治州')).toBe(true);
    expect(isSameCity('大理', '大理白族自治州')).toBe(true);
    expect(isSameCity('广州', '深圳市')).toBe(false);
    expect(isSameCity('', '广州市')).toBe(false);
  });

  it('gives every city of every province map a short name of at least two characters that matches it', () => {
    for (const file of Object.values(PROVINCE_FILES)) {
      for (const name of featureNames(`provinces/${file}.json`)) {
        const short = shortCityName(name);
        expect(short.length, name).toBeGreaterThanOrEqual(2);
        expect(isSameCity(short, name), name).toBe(true);
      }
    }
  });
});

describe('assigning map features to the data cities', () => {
  it('finds the data cities of a province on its map', () => {
    const features = featureNames('provinces/guangdong.json');
    const assigned = assignFeaturesToCities('广东', features, ['东莞', '佛山', '惠州', '深圳', '广州']);
    expect(assigned.get('东莞市')).toBe('东莞');
    expect(assigned.get('广州市')).toBe('广州');
    expect(assigned.get('汕头市')).toBeUndefined();
    expect(assigned.size).toBe(5);
  });

  it('matches autonomous prefectures by their short name', () => {
    const assigned = assignFeaturesToCities('湖北', featureNames('provinces/hubei.json'), ['恩施', '武汉']);
    expect(assigned.get('恩施土家族苗族自治州')).toBe('恩施');
    expect(assigned.get('武汉市')).toBe('武汉');
    const xinjiang = assignFeaturesToCities('新疆', featureNames('provinces/xinjiang.json'), ['伊犁', '乌鲁木齐']);
    expect(xinjiang.get('伊犁哈萨克自治州')).toBe('伊犁');
  });

  it('prefers a full match over a prefix match (新竹 is 新竹市, not 新竹县)', () => {
    const assigned = assignFeaturesToCities('台湾', featureNames('provinces/taiwan.json'), ['新竹', '高雄']);
    expect(assigned.get('新竹市')).toBe('新竹');
    expect(assigned.get('新竹县')).toBeUndefined();
    expect(assigned.get('高雄市')).toBe('高雄');
  });

  it('gives every district of a municipality to the city named after it', () => {
    const features = featureNames('provinces/shanghai.json');
    const assigned = assignFeaturesToCities('上海', features, ['上海']);
    expect(assigned.size).toBe(features.length);
    expect(new Set(assigned.values())).toEqual(new Set(['上海']));
    expect(assignFeaturesToCities('香港', featureNames('provinces/xianggang.json'), ['香港']).get('中西区')).toBe('香港');
  });

  it('leaves a province map empty when the data has none of its cities', () => {
    expect(assignFeaturesToCities('广东', featureNames('provinces/guangdong.json'), ['伊犁']).size).toBe(0);
  });
});
